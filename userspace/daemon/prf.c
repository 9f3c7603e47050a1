// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * prf and prf+ on OpenSSL's EVP_MAC.  prf+ is written out as RFC 7296
 * 2.13 states it (T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n)) over
 * the library's HMAC: the construction is the RFC's, the crypto is not
 * ours.  (It equals HKDF-Expand, but OpenSSL 3.0 caps HKDF's info length,
 * and a child SA's seed with PFS can exceed that cap.)
 */
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "prf.h"

static EVP_MAC_CTX *hmac_new(void)
{
	static char sha256[] = "SHA2-256";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 sha256, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;

	EVP_MAC_free(mac);	/* the context holds its own reference */
	if (ctx && !EVP_MAC_CTX_set_params(ctx, params)) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

/* One prf over the parts, then an optional trailing counter octet. */
static bool mac_run(EVP_MAC_CTX *ctx, const uint8_t *key, size_t klen,
		    const struct ike_chunk *pre, const struct ike_chunk *parts,
		    size_t n_parts, const uint8_t *ctr, uint8_t *out)
{
	size_t olen = 0;

	if (!EVP_MAC_init(ctx, key, klen, NULL))
		return false;
	if (pre && pre->len && !EVP_MAC_update(ctx, pre->ptr, pre->len))
		return false;
	for (size_t i = 0; i < n_parts; i++)
		if (parts[i].len &&
		    !EVP_MAC_update(ctx, parts[i].ptr, parts[i].len))
			return false;
	if (ctr && !EVP_MAC_update(ctx, ctr, 1))
		return false;
	return EVP_MAC_final(ctx, out, &olen, IKE_PRF_LEN) &&
	       olen == IKE_PRF_LEN;
}

enum ike_err ike_prf(const uint8_t *key, size_t klen,
		     const struct ike_chunk *parts, size_t n_parts,
		     uint8_t out[IKE_PRF_LEN])
{
	EVP_MAC_CTX *ctx = hmac_new();
	bool ok;

	if (!ctx)
		return IKE_ERR_CRYPTO;
	ok = mac_run(ctx, key, klen, NULL, parts, n_parts, NULL, out);
	EVP_MAC_CTX_free(ctx);
	return ok ? IKE_OK : IKE_ERR_CRYPTO;
}

enum ike_err ike_prfplus(const uint8_t *key, size_t klen,
			 const struct ike_chunk *parts, size_t n_parts,
			 uint8_t *out, size_t out_len)
{
	uint8_t t[IKE_PRF_LEN];
	struct ike_chunk prev = { .ptr = t, .len = 0 };	/* T0 is empty */
	EVP_MAC_CTX *ctx;
	bool ok = true;

	if (out_len > IKE_PRFPLUS_MAX)
		return IKE_ERR_INVALID;
	ctx = hmac_new();
	if (!ctx)
		return IKE_ERR_CRYPTO;
	for (unsigned int n = 1; ok && out_len; n++) {
		uint8_t ctr = (uint8_t)n;
		size_t take = out_len < IKE_PRF_LEN ? out_len : IKE_PRF_LEN;

		ok = mac_run(ctx, key, klen, &prev, parts, n_parts, &ctr, t);
		prev.len = IKE_PRF_LEN;
		memcpy(out, t, take);
		out += take;
		out_len -= take;
	}
	OPENSSL_cleanse(t, sizeof(t));
	EVP_MAC_CTX_free(ctx);
	return ok ? IKE_OK : IKE_ERR_CRYPTO;
}
