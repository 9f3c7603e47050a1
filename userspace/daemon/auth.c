// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AUTH computation and verification.  PSK AUTH is a MAC over chunks and
 * needs no copy; Ed25519 is a one-shot signature (PureEdDSA hashes inside),
 * so the signed octets are assembled in one buffer, wiped after use.
 */
#include <string.h>

#include <stdlib.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "prf.h"

/* 2.15: the pad string, 17 ASCII octets, no terminating NUL */
static const char key_pad[] = "Key Pad for IKEv2";

const uint8_t ike_ed25519_algid[7] = {
	0x30, 0x05,			/* SEQUENCE, 5 octets */
	0x06, 0x03, 0x2b, 0x65, 0x70,	/* OID 1.3.101.112 id-Ed25519 */
};

enum ike_err ike_auth_id_body(uint8_t type, const struct ike_chunk *data,
			      uint8_t *buf, size_t cap, size_t *len)
{
	if (data->len == 0 || data->len > IKE_ID_MAX ||
	    cap < IKEV2_ID_HDR_LEN + data->len)
		return IKE_ERR_INVALID;
	buf[0] = type;
	memset(buf + 1, 0, 3);
	memcpy(buf + IKEV2_ID_HDR_LEN, data->ptr, data->len);
	*len = IKEV2_ID_HDR_LEN + data->len;
	return IKE_OK;
}

static enum ike_err maced_id(const struct ike_auth_input *in,
			     uint8_t out[IKE_PRF_LEN])
{
	return ike_prf(in->sk_p, IKE_PRF_LEN, &in->id_body, 1, out);
}

enum ike_err ike_auth_psk(const uint8_t *psk, size_t psk_len,
			  const struct ike_auth_input *in,
			  uint8_t out[IKE_PRF_LEN])
{
	const struct ike_chunk pad = { (const uint8_t *)key_pad,
				       sizeof(key_pad) - 1 };
	uint8_t key[IKE_PRF_LEN], mid[IKE_PRF_LEN];
	struct ike_chunk octets[3] = {
		in->message, in->peer_nonce, { mid, IKE_PRF_LEN },
	};
	enum ike_err err;

	if (psk_len == 0)
		return IKE_ERR_INVALID;
	err = maced_id(in, mid);
	if (!err)
		err = ike_prf(psk, psk_len, &pad, 1, key);
	if (!err)
		err = ike_prf(key, IKE_PRF_LEN, octets, 3, out);
	OPENSSL_cleanse(key, sizeof(key));
	return err;
}

enum ike_err ike_auth_psk_verify(const uint8_t *psk, size_t psk_len,
				 const struct ike_auth_input *in,
				 const struct ike_chunk *auth_data)
{
	uint8_t want[IKE_PRF_LEN];
	enum ike_err err = ike_auth_psk(psk, psk_len, in, want);

	if (!err && (auth_data->len != IKE_PRF_LEN ||
		     CRYPTO_memcmp(want, auth_data->ptr, IKE_PRF_LEN)))
		err = IKE_ERR_AUTH;
	OPENSSL_cleanse(want, sizeof(want));
	return err;
}

/* RealMessage | Nonce | MACedID in one malloc'ed buffer. */
static uint8_t *signed_octets(const struct ike_auth_input *in, size_t *len)
{
	size_t n = in->message.len + in->peer_nonce.len + IKE_PRF_LEN;
	uint8_t *buf;

	if (in->message.len > IKE_MSG_MAX || in->peer_nonce.len > IKE_NONCE_MAX)
		return NULL;
	buf = malloc(n);
	if (!buf)
		return NULL;
	memcpy(buf, in->message.ptr, in->message.len);
	if (in->peer_nonce.len)
		memcpy(buf + in->message.len, in->peer_nonce.ptr,
		       in->peer_nonce.len);
	if (maced_id(in, buf + n - IKE_PRF_LEN)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static void free_octets(uint8_t *buf, size_t len)
{
	if (buf)
		OPENSSL_cleanse(buf, len);
	free(buf);
}

static bool ed25519_key(EVP_PKEY *key)
{
	return key && EVP_PKEY_is_a(key, "ED25519");
}

enum ike_err ike_auth_ed25519_sign(EVP_PKEY *priv,
				   const struct ike_auth_input *in,
				   uint8_t *out, size_t cap, size_t *len)
{
	const size_t hdr = 1 + sizeof(ike_ed25519_algid);
	size_t tbs_len = 0, sig_len = IKE_ED25519_SIG_LEN;
	uint8_t *tbs;
	EVP_MD_CTX *ctx;
	enum ike_err err = IKE_ERR_CRYPTO;

	if (!ed25519_key(priv) || cap < IKE_AUTH_ED25519_LEN)
		return IKE_ERR_INVALID;
	tbs = signed_octets(in, &tbs_len);
	ctx = tbs ? EVP_MD_CTX_new() : NULL;
	/* RFC 7427 3: the AlgorithmIdentifier, prefixed by its length */
	out[0] = sizeof(ike_ed25519_algid);
	memcpy(out + 1, ike_ed25519_algid, sizeof(ike_ed25519_algid));
	/* no digest: Ed25519 signs the octets themselves (RFC 8420) */
	if (ctx && EVP_DigestSignInit_ex(ctx, NULL, NULL, NULL, NULL, priv,
					 NULL) > 0 &&
	    EVP_DigestSign(ctx, out + hdr, &sig_len, tbs, tbs_len) > 0 &&
	    sig_len == IKE_ED25519_SIG_LEN) {
		*len = hdr + sig_len;
		err = IKE_OK;
	}
	EVP_MD_CTX_free(ctx);
	free_octets(tbs, tbs_len);
	return err;
}

enum ike_err ike_auth_ed25519_verify(EVP_PKEY *pub,
				     const struct ike_auth_input *in,
				     const struct ike_chunk *auth_data)
{
	const size_t hdr = 1 + sizeof(ike_ed25519_algid);
	const uint8_t *d = auth_data->ptr;
	size_t tbs_len = 0;
	uint8_t *tbs;
	EVP_MD_CTX *ctx;
	enum ike_err err = IKE_ERR_AUTH;

	if (!ed25519_key(pub))
		return IKE_ERR_INVALID;
	/* the peer must have signed with the algorithm we pinned */
	if (auth_data->len != IKE_AUTH_ED25519_LEN ||
	    d[0] != sizeof(ike_ed25519_algid) ||
	    memcmp(d + 1, ike_ed25519_algid, sizeof(ike_ed25519_algid)))
		return IKE_ERR_AUTH;
	tbs = signed_octets(in, &tbs_len);
	ctx = tbs ? EVP_MD_CTX_new() : NULL;
	if (!ctx)
		err = IKE_ERR_CRYPTO;
	else if (EVP_DigestVerifyInit_ex(ctx, NULL, NULL, NULL, NULL, pub,
					 NULL) > 0 &&
		 EVP_DigestVerify(ctx, d + hdr, IKE_ED25519_SIG_LEN,
				  tbs, tbs_len) == 1)
		err = IKE_OK;
	EVP_MD_CTX_free(ctx);
	free_octets(tbs, tbs_len);
	return err;
}

EVP_PKEY *ike_ed25519_public(const uint8_t raw[IKE_ED25519_PUB_LEN])
{
	return EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw,
					   IKE_ED25519_PUB_LEN);
}
