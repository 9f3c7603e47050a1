// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AEAD on EVP_CIPHER.  Both ciphers share one code path: a 12-octet
 * nonce (salt || IV), the AAD, the data, a 16-octet tag.
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "aead.h"
#include "keys.h"

static const char *cipher_name(uint16_t encr_id, size_t key_len)
{
	if (encr_id == IKEV2_ENCR_CHACHA20_POLY1305)
		return "ChaCha20-Poly1305";
	switch (key_len) {
	case 16: return "AES-128-GCM";
	case 24: return "AES-192-GCM";
	case 32: return "AES-256-GCM";
	default: return NULL;
	}
}

enum ike_err ike_aead_init(struct ike_aead *a, uint16_t encr_id,
			   uint16_t keylen_bits, const uint8_t *keymat,
			   size_t len)
{
	size_t want = ike_encr_keymat_len(encr_id, keylen_bits);

	if (!want || len != want)
		return IKE_ERR_INVALID;
	memset(a, 0, sizeof(*a));
	a->encr_id = encr_id;
	a->key_len = len - IKEV2_AEAD_SALT_LEN;
	memcpy(a->key, keymat, a->key_len);
	memcpy(a->salt, keymat + a->key_len, IKEV2_AEAD_SALT_LEN);
	return IKE_OK;
}

void ike_aead_wipe(struct ike_aead *a)
{
	OPENSSL_cleanse(a, sizeof(*a));
}

/* A context keyed and nonced for one message, AAD already absorbed. */
static EVP_CIPHER_CTX *start(const struct ike_aead *a, int enc,
			     const uint8_t iv[IKEV2_AEAD_IV_LEN],
			     const uint8_t *aad, size_t aad_len)
{
	const char *name = cipher_name(a->encr_id, a->key_len);
	EVP_CIPHER *c = name ? EVP_CIPHER_fetch(NULL, name, NULL) : NULL;
	EVP_CIPHER_CTX *ctx = c ? EVP_CIPHER_CTX_new() : NULL;
	uint8_t nonce[IKEV2_AEAD_NONCE_LEN];
	int n;
	bool ok;

	memcpy(nonce, a->salt, IKEV2_AEAD_SALT_LEN);
	memcpy(nonce + IKEV2_AEAD_SALT_LEN, iv, IKEV2_AEAD_IV_LEN);
	ok = ctx &&
	     EVP_CipherInit_ex2(ctx, c, NULL, NULL, enc, NULL) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN,
				 IKEV2_AEAD_NONCE_LEN, NULL) > 0 &&
	     EVP_CipherInit_ex2(ctx, NULL, a->key, nonce, enc, NULL) &&
	     (aad_len == 0 ||
	      EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len));
	OPENSSL_cleanse(nonce, sizeof(nonce));
	EVP_CIPHER_free(c);	/* the context keeps its own reference */
	if (!ok) {
		EVP_CIPHER_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

enum ike_err ike_aead_seal(const struct ike_aead *a,
			   const uint8_t iv[IKEV2_AEAD_IV_LEN],
			   const uint8_t *aad, size_t aad_len,
			   uint8_t *data, size_t len,
			   uint8_t icv[IKEV2_AEAD_ICV_LEN])
{
	EVP_CIPHER_CTX *ctx;
	int n = 0, fin = 0;
	bool ok;

	if (len > IKE_MSG_MAX || aad_len > IKE_MSG_MAX)
		return IKE_ERR_INVALID;
	ctx = start(a, 1, iv, aad, aad_len);
	if (!ctx)
		return IKE_ERR_CRYPTO;
	ok = (len == 0 || EVP_CipherUpdate(ctx, data, &n, data, (int)len)) &&
	     EVP_CipherFinal_ex(ctx, data + n, &fin) &&
	     (size_t)(n + fin) == len &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG,
				 IKEV2_AEAD_ICV_LEN, icv) > 0;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? IKE_OK : IKE_ERR_CRYPTO;
}

enum ike_err ike_aead_open(const struct ike_aead *a,
			   const uint8_t iv[IKEV2_AEAD_IV_LEN],
			   const uint8_t *aad, size_t aad_len,
			   const uint8_t *in, size_t len, uint8_t *out,
			   const uint8_t icv[IKEV2_AEAD_ICV_LEN])
{
	uint8_t tag[IKEV2_AEAD_ICV_LEN];
	EVP_CIPHER_CTX *ctx;
	int n = 0, fin = 0;
	enum ike_err err = IKE_ERR_DECRYPT;

	if (len > IKE_MSG_MAX || aad_len > IKE_MSG_MAX)
		return IKE_ERR_INVALID;
	ctx = start(a, 0, iv, aad, aad_len);
	if (!ctx)
		return IKE_ERR_CRYPTO;
	memcpy(tag, icv, sizeof(tag));	/* ctrl wants a mutable pointer */
	if ((len == 0 || EVP_CipherUpdate(ctx, out, &n, in, (int)len)) &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG,
				IKEV2_AEAD_ICV_LEN, tag) > 0 &&
	    EVP_CipherFinal_ex(ctx, out + n, &fin) > 0)
		err = IKE_OK;
	EVP_CIPHER_CTX_free(ctx);
	if (err)
		OPENSSL_cleanse(out, len);	/* never hand out forged plaintext */
	return err;
}
