// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE and child SA key derivation.  The expanded key stream is cut into
 * the named keys in the order RFC 7296 gives, and every intermediate
 * buffer is cleansed before return, on success and on failure alike.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "keys.h"
#include "prf.h"

enum { KEYSTREAM_MAX = 3 * IKE_PRF_LEN + 2 * IKE_INTEG_KEY_MAX +
		       2 * IKE_ENCR_KEYMAT_MAX };

size_t ike_encr_keymat_len(uint16_t encr_id, uint16_t keylen_bits)
{
	switch (encr_id) {
	case IKEV2_ENCR_AES_GCM_16:
		if (keylen_bits != 128 && keylen_bits != 192 &&
		    keylen_bits != 256)
			return 0;
		return keylen_bits / 8 + IKEV2_AEAD_SALT_LEN;
	case IKEV2_ENCR_CHACHA20_POLY1305:
		/* RFC 7634 2: fixed 256-bit key, no Key Length attribute */
		return keylen_bits ? 0 : 32 + IKEV2_AEAD_SALT_LEN;
	default:
		return 0;
	}
}

static bool sizes_ok(const struct ike_key_sizes *sz)
{
	return sz->encr && sz->encr <= IKE_ENCR_KEYMAT_MAX &&
	       sz->integ <= IKE_INTEG_KEY_MAX;
}

enum ike_err ike_skeyseed(const struct ike_chunk *ni,
			  const struct ike_chunk *nr,
			  const struct ike_chunk *gir,
			  uint8_t skeyseed[IKE_PRF_LEN])
{
	uint8_t key[2 * IKE_NONCE_MAX];
	enum ike_err err;

	if (ni->len > IKE_NONCE_MAX || nr->len > IKE_NONCE_MAX)
		return IKE_ERR_INVALID;
	/* 2.14: for HMAC the whole Ni | Nr is the key */
	if (ni->len)
		memcpy(key, ni->ptr, ni->len);
	if (nr->len)
		memcpy(key + ni->len, nr->ptr, nr->len);
	err = ike_prf(key, ni->len + nr->len, gir, 1, skeyseed);
	OPENSSL_cleanse(key, sizeof(key));
	return err;
}

enum ike_err ike_skeyseed_rekey(const uint8_t old_sk_d[IKE_PRF_LEN],
				const struct ike_chunk *gir,
				const struct ike_chunk *ni,
				const struct ike_chunk *nr,
				uint8_t skeyseed[IKE_PRF_LEN])
{
	const struct ike_chunk parts[] = { *gir, *ni, *nr };

	return ike_prf(old_sk_d, IKE_PRF_LEN, parts, 3, skeyseed);
}

/* Hands out the next n octets of the key stream. */
static const uint8_t *cut(const uint8_t *ks, size_t *off, size_t n)
{
	const uint8_t *p = ks + *off;

	*off += n;
	return p;
}

enum ike_err ike_keys_derive(const uint8_t skeyseed[IKE_PRF_LEN],
			     const struct ike_key_sizes *sz,
			     const struct ike_chunk *ni,
			     const struct ike_chunk *nr,
			     const uint8_t spi_i[IKE_SPI_LEN],
			     const uint8_t spi_r[IKE_SPI_LEN],
			     struct ike_keys *out)
{
	const struct ike_chunk seed[] = {
		*ni, *nr, { spi_i, IKE_SPI_LEN }, { spi_r, IKE_SPI_LEN },
	};
	uint8_t ks[KEYSTREAM_MAX];
	size_t total, off = 0;
	enum ike_err err;

	if (!sizes_ok(sz))
		return IKE_ERR_INVALID;
	total = 3 * IKE_PRF_LEN + 2 * sz->integ + 2 * sz->encr;
	err = ike_prfplus(skeyseed, IKE_PRF_LEN, seed, 4, ks, total);
	if (!err) {
		memset(out, 0, sizeof(*out));
		out->sz = *sz;
		memcpy(out->sk_d, cut(ks, &off, IKE_PRF_LEN), IKE_PRF_LEN);
		memcpy(out->sk_ai, cut(ks, &off, sz->integ), sz->integ);
		memcpy(out->sk_ar, cut(ks, &off, sz->integ), sz->integ);
		memcpy(out->sk_ei, cut(ks, &off, sz->encr), sz->encr);
		memcpy(out->sk_er, cut(ks, &off, sz->encr), sz->encr);
		memcpy(out->sk_pi, cut(ks, &off, IKE_PRF_LEN), IKE_PRF_LEN);
		memcpy(out->sk_pr, cut(ks, &off, IKE_PRF_LEN), IKE_PRF_LEN);
	}
	OPENSSL_cleanse(ks, sizeof(ks));
	return err;
}

enum ike_err ike_child_keys_derive(const uint8_t sk_d[IKE_PRF_LEN],
				   const struct ike_key_sizes *sz,
				   const struct ike_chunk *gir,
				   const struct ike_chunk *ni,
				   const struct ike_chunk *nr,
				   struct ike_child_keys *out)
{
	const struct ike_chunk none = { NULL, 0 };
	const struct ike_chunk seed[] = { gir ? *gir : none, *ni, *nr };
	uint8_t ks[KEYSTREAM_MAX];
	size_t total, off = 0;
	enum ike_err err;

	if (!sizes_ok(sz))
		return IKE_ERR_INVALID;
	total = 2 * (sz->encr + sz->integ);
	err = ike_prfplus(sk_d, IKE_PRF_LEN, seed, 3, ks, total);
	if (!err) {
		memset(out, 0, sizeof(*out));
		out->sz = *sz;
		/* 2.17: encryption key before integrity key, i->r first */
		memcpy(out->encr_i, cut(ks, &off, sz->encr), sz->encr);
		memcpy(out->integ_i, cut(ks, &off, sz->integ), sz->integ);
		memcpy(out->encr_r, cut(ks, &off, sz->encr), sz->encr);
		memcpy(out->integ_r, cut(ks, &off, sz->integ), sz->integ);
	}
	OPENSSL_cleanse(ks, sizeof(ks));
	return err;
}

void ike_keys_wipe(struct ike_keys *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}

void ike_child_keys_wipe(struct ike_child_keys *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}
