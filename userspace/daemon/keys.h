// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Key derivation for the IKE SA (RFC 7296 2.14, 2.18) and its child SAs
 * (2.17).  With an AEAD cipher there are no integrity keys: SK_ai/SK_ar
 * and the child's integrity keys have length 0, and each encryption key
 * carries its 4-octet salt at the end (RFC 5282 7.1, RFC 7634 3).
 */
#ifndef ZS_KEYS_H
#define ZS_KEYS_H

#include "msg.h"

enum {
	IKE_INTEG_KEY_MAX	= 32,
	/* key + salt */
	IKE_ENCR_KEYMAT_MAX	= IKE_ENCR_KEY_MAX + IKEV2_AEAD_SALT_LEN,
};

/* Sizes of one SA's keys, from the chosen transforms. */
struct ike_key_sizes {
	size_t encr;		/* key + salt */
	size_t integ;		/* 0 with an AEAD */
};

struct ike_keys {
	struct ike_key_sizes sz;
	uint8_t sk_d[IKE_PRF_LEN];
	uint8_t sk_ai[IKE_INTEG_KEY_MAX];
	uint8_t sk_ar[IKE_INTEG_KEY_MAX];
	uint8_t sk_ei[IKE_ENCR_KEYMAT_MAX];
	uint8_t sk_er[IKE_ENCR_KEYMAT_MAX];
	uint8_t sk_pi[IKE_PRF_LEN];
	uint8_t sk_pr[IKE_PRF_LEN];
};

/* A child SA's keys: initiator-to-responder first (2.17). */
struct ike_child_keys {
	struct ike_key_sizes sz;
	uint8_t encr_i[IKE_ENCR_KEYMAT_MAX];
	uint8_t integ_i[IKE_INTEG_KEY_MAX];
	uint8_t encr_r[IKE_ENCR_KEYMAT_MAX];
	uint8_t integ_r[IKE_INTEG_KEY_MAX];
};

/* Key material size of an encryption transform (key + salt), 0 if not ours. */
size_t ike_encr_keymat_len(uint16_t encr_id, uint16_t keylen_bits);

/* SKEYSEED = prf(Ni | Nr, g^ir) */
enum ike_err ike_skeyseed(const struct ike_chunk *ni,
			  const struct ike_chunk *nr,
			  const struct ike_chunk *gir,
			  uint8_t skeyseed[IKE_PRF_LEN]);

/* IKE SA rekey (2.18): SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) */
enum ike_err ike_skeyseed_rekey(const uint8_t old_sk_d[IKE_PRF_LEN],
				const struct ike_chunk *gir,
				const struct ike_chunk *ni,
				const struct ike_chunk *nr,
				uint8_t skeyseed[IKE_PRF_LEN]);

/* {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
 *	= prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) */
enum ike_err ike_keys_derive(const uint8_t skeyseed[IKE_PRF_LEN],
			     const struct ike_key_sizes *sz,
			     const struct ike_chunk *ni,
			     const struct ike_chunk *nr,
			     const uint8_t spi_i[IKE_SPI_LEN],
			     const uint8_t spi_r[IKE_SPI_LEN],
			     struct ike_keys *out);

/* KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr); gir NULL without PFS */
enum ike_err ike_child_keys_derive(const uint8_t sk_d[IKE_PRF_LEN],
				   const struct ike_key_sizes *sz,
				   const struct ike_chunk *gir,
				   const struct ike_chunk *ni,
				   const struct ike_chunk *nr,
				   struct ike_child_keys *out);

void ike_keys_wipe(struct ike_keys *k);
void ike_child_keys_wipe(struct ike_child_keys *k);

#endif /* ZS_KEYS_H */
