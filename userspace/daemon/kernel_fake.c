// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * In-memory kernel for unit tests: keeps what was installed, refuses
 * duplicates and unknown deletes as the real ones do.  A policy asked for
 * again with the same template is counted, as kernel_zonesec.c does for
 * a trap and its child.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "kernel.h"

/* room for the scale checks: 1,000 tunnels, two SAs and three policies each */
enum { FAKE_MAX = 4096 };

struct fake {
	struct kernel_fake_sa sa[FAKE_MAX];
	unsigned int n_sa;
	struct zs_policy_params pol[FAKE_MAX];
	unsigned int refs[FAKE_MAX];
	unsigned int n_pol;
	uint64_t n_added;
};

static int fake_open(void **ctx)
{
	*ctx = calloc(1, sizeof(struct fake));
	return *ctx ? 0 : -ENOMEM;
}

static void fake_close(void *ctx)
{
	OPENSSL_cleanse(ctx, sizeof(struct fake));
	free(ctx);
}

static int find_sa(struct fake *f, const struct zsd_addr *dst, uint32_t spi)
{
	for (unsigned int i = 0; i < f->n_sa; i++)
		if (f->sa[i].p.spi == spi && zsd_addr_eq(&f->sa[i].p.dst, dst))
			return (int)i;
	return -1;
}

static int fake_sa_add(void *ctx, const struct zs_sa_params *p)
{
	struct fake *f = ctx;
	struct kernel_fake_sa *s;

	if (p->key_len > sizeof(s->key))
		return -EINVAL;
	if (find_sa(f, &p->dst, p->spi) >= 0)
		return -EEXIST;
	if (f->n_sa == FAKE_MAX)
		return -ENOSPC;
	s = &f->sa[f->n_sa++];
	s->p = *p;
	memcpy(s->key, p->key, p->key_len);
	s->p.key = s->key;
	s->added = ++f->n_added;
	return 0;
}

static int fake_sa_del(void *ctx, const struct zs_sa_id *id)
{
	struct fake *f = ctx;
	int i = find_sa(f, &id->dst, id->spi);

	if (i < 0)
		return -ESRCH;
	OPENSSL_cleanse(&f->sa[i], sizeof(f->sa[i]));
	f->sa[i] = f->sa[--f->n_sa];
	f->sa[i].p.key = f->sa[i].key;
	return 0;
}

static bool same_policy(const struct zs_policy_params *a,
			const struct zs_policy_params *b)
{
	return a->dir == b->dir && a->src.plen == b->src.plen &&
	       a->dst.plen == b->dst.plen && a->ip_proto == b->ip_proto &&
	       zsd_addr_eq(&a->src.a, &b->src.a) &&
	       zsd_addr_eq(&a->dst.a, &b->dst.a);
}

static int fake_policy_add(void *ctx, const struct zs_policy_params *p)
{
	struct fake *f = ctx;

	for (unsigned int i = 0; i < f->n_pol; i++) {
		if (!same_policy(&f->pol[i], p))
			continue;
		if (f->pol[i].reqid != p->reqid ||
		    !zsd_addr_eq(&f->pol[i].tmpl_dst, &p->tmpl_dst))
			return -EEXIST;
		f->refs[i]++;
		return 0;
	}
	if (f->n_pol == FAKE_MAX)
		return -ENOSPC;
	f->refs[f->n_pol] = 1;
	f->pol[f->n_pol++] = *p;
	return 0;
}

static int fake_policy_del(void *ctx, const struct zs_policy_params *p)
{
	struct fake *f = ctx;

	for (unsigned int i = 0; i < f->n_pol; i++)
		if (same_policy(&f->pol[i], p)) {
			if (--f->refs[i])
				return 0;
			f->n_pol--;
			f->pol[i] = f->pol[f->n_pol];
			f->refs[i] = f->refs[f->n_pol];
			return 0;
		}
	return -ENOENT;
}

static int fake_sa_stats(void *ctx, const struct zs_sa_id *id,
			 struct kernel_sa_stats *st)
{
	struct fake *f = ctx;
	int i = find_sa(f, &id->dst, id->spi);

	if (i < 0)
		return -ESRCH;
	*st = f->sa[i].st;
	return 0;
}

int kernel_fake_count(void *ctx, uint32_t spi, uint64_t packets)
{
	struct fake *f = ctx;

	for (unsigned int i = 0; i < f->n_sa; i++)
		if (f->sa[i].p.spi == spi) {
			f->sa[i].st.packets += packets;
			f->sa[i].st.bytes += packets * 100;
			return 0;
		}
	return -1;
}

unsigned int kernel_fake_n_sa(void *ctx)
{
	return ((struct fake *)ctx)->n_sa;
}

const struct kernel_fake_sa *kernel_fake_sa(void *ctx, unsigned int i)
{
	return &((struct fake *)ctx)->sa[i];
}

unsigned int kernel_fake_n_policy(void *ctx)
{
	return ((struct fake *)ctx)->n_pol;
}

const struct zs_policy_params *kernel_fake_policy(void *ctx, unsigned int i)
{
	return &((struct fake *)ctx)->pol[i];
}

const struct kernel_ops kernel_fake_ops = {
	.name = "fake",
	.open = fake_open,
	.close = fake_close,
	.sa_add = fake_sa_add,
	.sa_del = fake_sa_del,
	.policy_add = fake_policy_add,
	.policy_del = fake_policy_del,
	.sa_stats = fake_sa_stats,
};
