// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Key exchange on EVP_PKEY.  The only work here is encoding: X25519
 * public values are the raw 32 octets; ECP-256 ones are x || y without
 * the 0x04 prefix SEC1 uses (RFC 5903 7), and the shared secret is the
 * x coordinate alone, which is what EVP_PKEY_derive returns for ECDH.
 */
#include <string.h>

#include <stdlib.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "dh.h"

struct ike_dh {
	uint16_t group;
	EVP_PKEY *key;
};

bool ike_dh_supported(uint16_t group)
{
	return ike_dh_public_len(group) != 0;
}

size_t ike_dh_public_len(uint16_t group)
{
	switch (group) {
	case IKEV2_DH_CURVE25519:
		return IKE_X25519_LEN;
	case IKEV2_DH_ECP_256:
		return IKE_ECP256_PUB_LEN;
	default:
		return 0;
	}
}

struct ike_dh *ike_dh_new(uint16_t group)
{
	struct ike_dh *dh;

	if (!ike_dh_supported(group))
		return NULL;
	dh = calloc(1, sizeof(*dh));
	if (!dh)
		return NULL;
	dh->group = group;
	dh->key = group == IKEV2_DH_CURVE25519 ?
		EVP_PKEY_Q_keygen(NULL, NULL, "X25519") :
		EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!dh->key) {
		free(dh);
		return NULL;
	}
	return dh;
}

void ike_dh_free(struct ike_dh *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->key);	/* clears the private key */
	free(dh);
}

uint16_t ike_dh_group(const struct ike_dh *dh)
{
	return dh->group;
}

enum ike_err ike_dh_public(const struct ike_dh *dh, uint8_t *out,
			   size_t cap, size_t *len)
{
	uint8_t sec1[1 + IKE_ECP256_PUB_LEN];
	size_t n = cap;

	if (cap < ike_dh_public_len(dh->group))
		return IKE_ERR_NOSPACE;
	if (dh->group == IKEV2_DH_CURVE25519) {
		if (!EVP_PKEY_get_raw_public_key(dh->key, out, &n))
			return IKE_ERR_CRYPTO;
		*len = n;
		return IKE_OK;
	}
	/* uncompressed SEC1 point: 0x04 || x || y */
	if (!EVP_PKEY_get_octet_string_param(dh->key,
			OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
			sec1, sizeof(sec1), &n) ||
	    n != sizeof(sec1) || sec1[0] != 0x04)
		return IKE_ERR_CRYPTO;
	memcpy(out, sec1 + 1, IKE_ECP256_PUB_LEN);
	*len = IKE_ECP256_PUB_LEN;
	return IKE_OK;
}

/* The peer's public value as an EVP_PKEY; NULL when it is not valid. */
static EVP_PKEY *peer_key(uint16_t group, const uint8_t *pub, size_t len)
{
	static char p256[] = "P-256";
	uint8_t sec1[1 + IKE_ECP256_PUB_LEN];
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *key = NULL;

	if (len != ike_dh_public_len(group))
		return NULL;
	if (group == IKEV2_DH_CURVE25519)
		return EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL,
						   pub, len);
	sec1[0] = 0x04;
	memcpy(sec1 + 1, pub, len);
	params[0] = OSSL_PARAM_construct_utf8_string(
			OSSL_PKEY_PARAM_GROUP_NAME, p256, 0);
	params[1] = OSSL_PARAM_construct_octet_string(
			OSSL_PKEY_PARAM_PUB_KEY, sec1, sizeof(sec1));
	params[2] = OSSL_PARAM_construct_end();
	/* fromdata decodes the point, which rejects one off the curve */
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	return key;
}

enum ike_err ike_dh_shared(const struct ike_dh *dh, const uint8_t *peer,
			   size_t peer_len, uint8_t *secret, size_t cap,
			   size_t *len)
{
	EVP_PKEY *pk = peer_key(dh->group, peer, peer_len);
	EVP_PKEY_CTX *ctx = NULL;
	enum ike_err err = IKE_ERR_BAD_PAYLOAD;
	size_t n = cap;

	if (!pk)
		return IKE_ERR_BAD_PAYLOAD;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL);
	/* derive fails on an all-zero X25519 output (a low-order point) */
	if (ctx && EVP_PKEY_derive_init(ctx) > 0 &&
	    EVP_PKEY_derive_set_peer(ctx, pk) > 0 &&
	    EVP_PKEY_derive(ctx, secret, &n) > 0) {
		*len = n;
		err = IKE_OK;
	}
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return err;
}
