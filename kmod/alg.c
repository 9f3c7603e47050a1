// SPDX-License-Identifier: GPL-2.0
/*
 * Probe, once at load time, which algorithms the kernel crypto API can
 * instantiate, so that INFO_GET can tell userspace what to negotiate
 * instead of letting an SA fail to install later.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "alg.h"

/*
 * Asynchronous implementations are allowed (type 0, mask 0): the datapath
 * handles async completions, and they are often the fastest on offer.
 */
static struct zs_alg zs_algs[] __ro_after_init = {
	{ .name = "rfc4106(gcm(aes))",		.kind = ZONESEC_ALG_KIND_AEAD },
	{ .name = "rfc7539esp(chacha20,poly1305)", .kind = ZONESEC_ALG_KIND_AEAD },
	{ .name = "cbc(aes)",			.kind = ZONESEC_ALG_KIND_CIPHER },
	{ .name = "hmac(sha256)",		.kind = ZONESEC_ALG_KIND_AUTH },
	{ .name = "hmac(sha512)",		.kind = ZONESEC_ALG_KIND_AUTH },
	{ .name = "hmac(sha1)",			.kind = ZONESEC_ALG_KIND_AUTH },
	/* ESP with integrity only (RFC 4303 3.2.2, "NULL" of RFC 2410) */
	{ .name = "ecb(cipher_null)",		.kind = ZONESEC_ALG_KIND_CIPHER },
};

static int __init probe_aead(struct zs_alg *alg)
{
	struct crypto_aead *tfm = crypto_alloc_aead(alg->name, 0, 0);

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	strscpy(alg->driver, crypto_aead_driver_name(tfm), sizeof(alg->driver));
	crypto_free_aead(tfm);
	return 0;
}

static int __init probe_cipher(struct zs_alg *alg)
{
	struct crypto_skcipher *tfm = crypto_alloc_skcipher(alg->name, 0, 0);

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	strscpy(alg->driver, crypto_skcipher_driver_name(tfm),
		sizeof(alg->driver));
	crypto_free_skcipher(tfm);
	return 0;
}

static int __init probe_auth(struct zs_alg *alg)
{
	struct crypto_ahash *tfm = crypto_alloc_ahash(alg->name, 0, 0);

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	strscpy(alg->driver, crypto_ahash_driver_name(tfm), sizeof(alg->driver));
	crypto_free_ahash(tfm);
	return 0;
}

static int __init probe_one(struct zs_alg *alg)
{
	switch (alg->kind) {
	case ZONESEC_ALG_KIND_AEAD:
		return probe_aead(alg);
	case ZONESEC_ALG_KIND_CIPHER:
		return probe_cipher(alg);
	case ZONESEC_ALG_KIND_AUTH:
		return probe_auth(alg);
	}
	WARN_ON_ONCE(1);
	return -EINVAL;
}

/**
 * zs_alg_probe() - find out which algorithms can be used
 *
 * An algorithm that cannot be instantiated (not built, module missing,
 * disallowed in FIPS mode, ...) is simply left out; the module still loads.
 *
 * Return: the number of algorithms available.
 */
unsigned int __init zs_alg_probe(void)
{
	unsigned int i, n = 0;
	int err;

	for (i = 0; i < ARRAY_SIZE(zs_algs); i++) {
		err = probe_one(&zs_algs[i]);
		if (err) {
			pr_debug("%s: unavailable (%d)\n", zs_algs[i].name, err);
			continue;
		}
		pr_debug("%s: %s\n", zs_algs[i].name, zs_algs[i].driver);
		zs_algs[i].available = true;
		n++;
	}
	return n;
}

/**
 * zs_alg_next() - the next available algorithm
 * @alg: the previous one, or NULL to start
 *
 * Return: the next available algorithm in table order, NULL at the end.
 */
const struct zs_alg *zs_alg_next(const struct zs_alg *alg)
{
	const struct zs_alg *end = zs_algs + ARRAY_SIZE(zs_algs);

	for (alg = alg ? alg + 1 : zs_algs; alg < end; alg++)
		if (alg->available)
			return alg;
	return NULL;
}
