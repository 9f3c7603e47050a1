/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The algorithms zonesec may offer, and which of them the kernel crypto API
 * could instantiate when the module was loaded.
 */
#ifndef _ZS_ALG_H
#define _ZS_ALG_H

#include <linux/crypto.h>
#include <linux/init.h>
#include <linux/types.h>
#include <uapi/linux/zonesec.h>

/**
 * struct zs_alg - one algorithm of the table
 * @name: crypto API name, as ip-xfrm(8) spells it
 * @kind: what it does in a transform
 * @available: a transform could be allocated at probe time
 * @driver: the implementation the crypto API chose then (informational:
 *	the SA allocates its own transform and may get another one)
 *
 * The table is written once, by zs_alg_probe() at module init, and is
 * read-only afterwards, so readers need no lock.
 */
struct zs_alg {
	const char *name;
	enum zonesec_alg_kind kind;
	bool available;
	char driver[CRYPTO_MAX_ALG_NAME];
};

unsigned int __init zs_alg_probe(void);
const struct zs_alg *zs_alg_next(const struct zs_alg *alg);

#endif /* _ZS_ALG_H */
