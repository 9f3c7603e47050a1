/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cryptographic transform of an SA: which algorithms, with which keys,
 * instantiated through the kernel crypto API.
 */
#ifndef _ZS_XFORM_H
#define _ZS_XFORM_H

#include <crypto/aead.h>
#include <crypto/hash.h>
#include <linux/types.h>

#include "alg.h"

/**
 * struct zs_alg_cfg - one algorithm of a request, before instantiation
 * @alg: entry of the algorithm table, NULL when absent
 * @key: the key, owned by the netlink message: never kept
 * @keylen: its length in bytes
 * @bits: ICV length in bits (AEAD, auth), 0 for a cipher
 */
struct zs_alg_cfg {
	const struct zs_alg *alg;
	const u8 *key;
	unsigned int keylen;
	u32 bits;
};

/**
 * struct zs_xform - an instantiated transform
 * @aead: ESP: the AEAD, or authenc(auth,enc) built from a cipher and an
 *	auth algorithm; NULL for AH
 * @ahash: AH: the keyed hash; NULL for ESP
 * @aead_alg: the table entries it was built from (for dumps)
 * @enc_alg: see @aead_alg
 * @auth_alg: see @aead_alg
 * @icv_len: ICV bytes on the wire
 * @iv_len: explicit IV bytes on the wire (ESP)
 * @block_len: ESP payload alignment (at least 4)
 */
struct zs_xform {
	struct crypto_aead *aead;
	struct crypto_ahash *ahash;
	const struct zs_alg *aead_alg;
	const struct zs_alg *enc_alg;
	const struct zs_alg *auth_alg;
	unsigned int icv_len;
	unsigned int iv_len;
	unsigned int block_len;
};

const struct zs_alg *zs_xform_alg_find(const char *name,
				       enum zonesec_alg_kind kind);
/* Why zs_xform_check_alg() refuses an algorithm of a request. */
enum zs_alg_check {
	ZS_ALG_OK,
	ZS_ALG_NO_KEY,
	ZS_ALG_BAD_KEYLEN,
	ZS_ALG_CIPHER_BITS,
	ZS_ALG_BAD_BITS,
};

enum zs_alg_check zs_xform_check_alg(const struct zs_alg_cfg *cfg);
int zs_xform_init(struct zs_xform *xf, u32 proto, u32 flags,
		  const struct zs_alg_cfg *aead, const struct zs_alg_cfg *enc,
		  const struct zs_alg_cfg *auth);
void zs_xform_destroy(struct zs_xform *xf);

#endif /* _ZS_XFORM_H */
