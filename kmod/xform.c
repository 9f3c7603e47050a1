// SPDX-License-Identifier: GPL-2.0
/*
 * Transforms on the kernel crypto API.
 *
 * The rules of each algorithm (key lengths, ICV lengths) are checked here,
 * before anything is allocated, so that a request is refused with a reason
 * the user can act on rather than with the crypto API's bare -EINVAL.
 *
 * ESP with a cipher and an auth algorithm uses the authenc template with
 * the key layout esp4/esp6 use (an rtattr holding the cipher key length,
 * the auth key, then the cipher key), so Linux XFRM peers interoperate.
 * Asynchronous implementations are accepted (type 0, mask 0).
 */

#include <crypto/authenc.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/zonesec.h>

#include "xform.h"

/**
 * struct alg_rule - what one algorithm accepts
 * @name: crypto API name
 * @keylens: accepted key lengths in bytes (salt included); all zero: any
 *	length from 1 to ZONESEC_KEY_MAX, unless @nokey
 * @bits_min: shortest ICV in bits (0 for a cipher)
 * @bits_max: longest ICV in bits
 * @bits_step: ICV granularity in bits
 * @block: payload alignment in bytes (cipher, AEAD)
 * @iv: explicit IV bytes (cipher, AEAD)
 * @nokey: the key must be empty (the null cipher)
 */
struct alg_rule {
	const char *name;
	u8 keylens[3];
	u16 bits_min, bits_max, bits_step;
	u8 block, iv;
	bool nokey;
};

static const struct alg_rule alg_rules[] = {
	/* RFC 4106: 8, 12 or 16 byte ICV; key plus 4 bytes of salt */
	{ "rfc4106(gcm(aes))", { 20, 28, 36 }, 64, 128, 32, 4, 8 },
	/* RFC 7634: 16 byte ICV; 32 byte key plus 4 bytes of salt */
	{ "rfc7539esp(chacha20,poly1305)", { 36 }, 128, 128, 32, 4, 8 },
	{ "cbc(aes)", { 16, 24, 32 }, 0, 0, 0, 16, 16 },
	/*
	 * Keys as long as the digest (RFC 4868 2.1.1, RFC 2404 3); ICVs of
	 * RFC 4868 and RFC 2404 length, and longer truncations up to the
	 * digest.
	 */
	{ "hmac(sha256)", { 32 }, 96, 256, 8, 0, 0 },
	{ "hmac(sha512)", { 64 }, 128, 512, 8, 0, 0 },
	{ "hmac(sha1)", { 20 }, 96, 160, 8, 0, 0 },
	/*
	 * RFC 2410: no key, no IV, one-byte blocks; ESP still aligns its
	 * trailer to 4 bytes (RFC 4303 2.4), as esp4 does.
	 */
	{ "ecb(cipher_null)", { 0 }, 0, 0, 0, 4, 0, true },
};

static const struct alg_rule *rule_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(alg_rules); i++)
		if (!strcmp(alg_rules[i].name, name))
			return &alg_rules[i];
	return NULL;
}

/**
 * zs_xform_alg_find() - an available algorithm of a kind, by name
 * @name: crypto API name
 * @kind: what the request uses it for
 *
 * Return: the table entry, or NULL when unknown or unavailable.
 */
const struct zs_alg *zs_xform_alg_find(const char *name,
				       enum zonesec_alg_kind kind)
{
	const struct zs_alg *alg;

	for (alg = zs_alg_next(NULL); alg; alg = zs_alg_next(alg))
		if (alg->kind == kind && !strcmp(alg->name, name))
			return rule_find(name) ? alg : NULL;
	return NULL;
}

static bool keylen_ok(const struct alg_rule *r, unsigned int len)
{
	unsigned int i;

	if (r->nokey)
		return !len;
	if (!r->keylens[0])
		return len >= 1 && len <= ZONESEC_KEY_MAX;
	for (i = 0; i < ARRAY_SIZE(r->keylens); i++)
		if (r->keylens[i] && r->keylens[i] == len)
			return true;
	return false;
}

/**
 * zs_xform_check_alg() - does a request's algorithm take its key and ICV?
 * @cfg: the algorithm, found by zs_xform_alg_find()
 *
 * Return: ZS_ALG_OK if it does, else the reason.
 */
enum zs_alg_check zs_xform_check_alg(const struct zs_alg_cfg *cfg)
{
	const struct alg_rule *r = rule_find(cfg->alg->name);

	/* zs_xform_alg_find() only finds algorithms with rules */
	if (WARN_ON_ONCE(!r) || (!cfg->key && !r->nokey))
		return ZS_ALG_NO_KEY;
	if (!keylen_ok(r, cfg->keylen))
		return ZS_ALG_BAD_KEYLEN;
	if (!r->bits_max)
		return cfg->bits ? ZS_ALG_CIPHER_BITS : ZS_ALG_OK;
	if (cfg->bits < r->bits_min || cfg->bits > r->bits_max ||
	    cfg->bits % r->bits_step)
		return ZS_ALG_BAD_BITS;
	return ZS_ALG_OK;
}

static int aead_setup(struct zs_xform *xf, const char *name, const u8 *key,
		      unsigned int keylen, unsigned int icv_len)
{
	struct crypto_aead *tfm;
	int err;

	tfm = crypto_alloc_aead(name, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	xf->aead = tfm;
	err = crypto_aead_setkey(tfm, key, keylen);
	if (!err)
		err = crypto_aead_setauthsize(tfm, icv_len);
	return err;
}

/* authenc(auth,enc), keyed as esp4's esp_init_authenc() does it. */
static int authenc_setup(struct zs_xform *xf, const struct zs_alg_cfg *enc,
			 const struct zs_alg_cfg *auth, bool esn)
{
	struct crypto_authenc_key_param *param;
	char name[CRYPTO_MAX_ALG_NAME];
	unsigned int keylen;
	struct rtattr *rta;
	u8 *key, *p;
	int err;

	/* with ESN, the high half of the sequence number is authenticated */
	if (snprintf(name, sizeof(name), "%s(%s,%s)",
		     esn ? "authencesn" : "authenc", auth->alg->name,
		     enc->alg->name) >= sizeof(name))
		return -ENAMETOOLONG;
	keylen = RTA_SPACE(sizeof(*param)) + auth->keylen + enc->keylen;
	key = kmalloc(keylen, GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	p = key;
	rta = (void *)p;
	rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
	rta->rta_len = RTA_LENGTH(sizeof(*param));
	param = RTA_DATA(rta);
	param->enckeylen = cpu_to_be32(enc->keylen);
	p += RTA_SPACE(sizeof(*param));
	memcpy(p, auth->key, auth->keylen);
	p += auth->keylen;
	if (enc->keylen)		/* the null cipher has none */
		memcpy(p, enc->key, enc->keylen);
	err = aead_setup(xf, name, key, keylen, auth->bits / 8);
	kfree_sensitive(key);
	return err;
}

static int ahash_setup(struct zs_xform *xf, const struct zs_alg_cfg *auth)
{
	struct crypto_ahash *tfm;

	tfm = crypto_alloc_ahash(auth->alg->name, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	xf->ahash = tfm;
	return crypto_ahash_setkey(tfm, auth->key, auth->keylen);
}

/**
 * zs_xform_init() - instantiate the transform of a new SA
 * @xf: zeroed transform to fill
 * @proto: ZONESEC_PROTO_ESP or ZONESEC_PROTO_AH
 * @flags: ZONESEC_SA_FLAG_*
 * @aead: ESP AEAD, or @enc and @auth for ESP; @auth alone for AH. Each
 *	was checked by zs_xform_check_alg().
 * @enc: see @aead
 * @auth: see @aead
 *
 * May sleep. On failure @xf needs zs_xform_destroy() all the same.
 *
 * Return: 0 or a negative errno.
 */
int zs_xform_init(struct zs_xform *xf, u32 proto, u32 flags,
		  const struct zs_alg_cfg *aead, const struct zs_alg_cfg *enc,
		  const struct zs_alg_cfg *auth)
{
	const struct alg_rule *r;

	xf->aead_alg = aead->alg;
	xf->enc_alg = enc->alg;
	xf->auth_alg = auth->alg;
	if (proto == ZONESEC_PROTO_AH) {
		xf->icv_len = auth->bits / 8;
		return ahash_setup(xf, auth);
	}
	if (aead->alg) {
		r = rule_find(aead->alg->name);
		xf->icv_len = aead->bits / 8;
		xf->iv_len = r->iv;
		xf->block_len = r->block;
		return aead_setup(xf, aead->alg->name, aead->key, aead->keylen,
				  xf->icv_len);
	}
	r = rule_find(enc->alg->name);
	xf->icv_len = auth->bits / 8;
	xf->iv_len = r->iv;
	xf->block_len = r->block;
	return authenc_setup(xf, enc, auth, flags & ZONESEC_SA_FLAG_ESN);
}

/* Frees the transforms; the crypto API wipes their key schedules. */
void zs_xform_destroy(struct zs_xform *xf)
{
	if (!IS_ERR_OR_NULL(xf->aead))
		crypto_free_aead(xf->aead);
	if (!IS_ERR_OR_NULL(xf->ahash))
		crypto_free_ahash(xf->ahash);
	xf->aead = NULL;
	xf->ahash = NULL;
}
