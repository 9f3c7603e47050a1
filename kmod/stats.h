/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters: what the datapath did and why it dropped, per SA and summed
 * per network namespace. Per-CPU, summed when read; the datapath never
 * takes a lock or touches a shared cache line to count.
 *
 * An SA counts the reasons up to ZS_SA_STAT_NUM; each of its counts is
 * also added to its namespace's. The reasons after it are the drops no
 * SA can be blamed for, counted only per namespace.
 */
#ifndef _ZS_STATS_H
#define _ZS_STATS_H

#include <linux/percpu.h>
#include <linux/refcount.h>
#include <linux/u64_stats_sync.h>

struct sk_buff;

/* In the order of enum zonesec_a_stats: see zs_stat_attr(). */
enum zs_sa_stat {
	ZS_SA_PACKETS_IN,
	ZS_SA_BYTES_IN,
	ZS_SA_PACKETS_OUT,
	ZS_SA_BYTES_OUT,
	ZS_SA_DROP_AUTH,
	ZS_SA_DROP_REPLAY,
	ZS_SA_DROP_MALFORMED,
	ZS_SA_DROP_CRYPTO,
	ZS_SA_DROP_TOO_BIG,
	ZS_SA_DROP_SEQ_OVERFLOW,
	ZS_SA_DROP_POLICY,
	ZS_SA_DROP_NOMEM,
	/* the attributes from here on follow ZONESEC_A_STATS_PAD */
	ZS_SA_DROP_BAD_PADDING,
	ZS_SA_STAT_NUM
};

/* Drops without an SA to blame: per namespace only. */
enum zs_net_stat {
	ZS_NET_DROP_NO_SA = ZS_SA_STAT_NUM,
	ZS_NET_DROP_CLEAR_TEXT,
	ZS_NET_DROP_NO_SA_OUT,
	ZS_NET_DROP_DISCARD,
	ZS_NET_STAT_NUM
};

struct zs_net_pcpu_stats {
	struct u64_stats_sync syncp;
	u64_stats_t c[ZS_NET_STAT_NUM];
};

/*
 * A namespace's counters. Each SA of the namespace holds a reference:
 * an asynchronous crypto completion may count for an SA after its
 * namespace is gone.
 */
struct zs_net_stats {
	refcount_t ref;
	struct zs_net_pcpu_stats __percpu *pcpu;
};

struct zs_net_stats *zs_net_stats_alloc(void);
void zs_net_stats_put(struct zs_net_stats *ns);
void zs_net_stats_read(const struct zs_net_stats *ns,
		       u64 out[ZS_NET_STAT_NUM]);

static inline struct zs_net_stats *zs_net_stats_get(struct zs_net_stats *ns)
{
	refcount_inc(&ns->ref);
	return ns;
}

/* @s: enum zs_sa_stat or enum zs_net_stat */
static inline void zs_net_stat_add(struct zs_net_stats *ns, unsigned int s,
				   u64 n)
{
	struct zs_net_pcpu_stats *st = this_cpu_ptr(ns->pcpu);

	u64_stats_update_begin(&st->syncp);
	u64_stats_add(&st->c[s], n);
	u64_stats_update_end(&st->syncp);
}

int zs_stat_attr(unsigned int i);
size_t zs_stats_nlsize(unsigned int n);
int zs_stats_fill(struct sk_buff *skb, int type, const u64 *v,
		  unsigned int n);

#endif /* _ZS_STATS_H */
