// SPDX-License-Identifier: GPL-2.0
/*
 * A namespace's counters, and the stats nest both STATS_GET and the SA
 * dumps carry.
 */

#include <linux/slab.h>
#include <net/netlink.h>
#include <uapi/linux/zonesec.h>

#include "stats.h"

struct zs_net_stats *zs_net_stats_alloc(void)
{
	struct zs_net_stats *ns;
	unsigned int cpu;

	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return NULL;
	ns->pcpu = alloc_percpu(struct zs_net_pcpu_stats);
	if (!ns->pcpu) {
		kfree(ns);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(ns->pcpu, cpu)->syncp);
	refcount_set(&ns->ref, 1);
	return ns;
}

void zs_net_stats_put(struct zs_net_stats *ns)
{
	if (!refcount_dec_and_test(&ns->ref))
		return;
	free_percpu(ns->pcpu);
	kfree(ns);
}

/* Sum of the per-CPU counters. */
void zs_net_stats_read(const struct zs_net_stats *ns,
		       u64 out[ZS_NET_STAT_NUM])
{
	unsigned int cpu, i, start;

	memset(out, 0, sizeof(u64) * ZS_NET_STAT_NUM);
	for_each_possible_cpu(cpu) {
		const struct zs_net_pcpu_stats *st = per_cpu_ptr(ns->pcpu, cpu);
		u64 c[ZS_NET_STAT_NUM];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			for (i = 0; i < ZS_NET_STAT_NUM; i++)
				c[i] = u64_stats_read(&st->c[i]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < ZS_NET_STAT_NUM; i++)
			out[i] += c[i];
	}
}

/*
 * The attribute of counter @i. The first reasons were numbered before the
 * pad attribute; the ones added later follow it.
 */
int zs_stat_attr(unsigned int i)
{
	BUILD_BUG_ON(ZONESEC_A_STATS_PACKETS_IN + ZS_SA_DROP_BAD_PADDING !=
		     ZONESEC_A_STATS_PAD);
	BUILD_BUG_ON(ZONESEC_A_STATS_DROP_BAD_PADDING + ZS_NET_STAT_NUM - 1 -
		     ZS_SA_DROP_BAD_PADDING != ZONESEC_A_STATS_MAX);
	BUILD_BUG_ON(ZONESEC_A_STATS_DROP_NO_SA - ZONESEC_A_STATS_PAD !=
		     ZS_NET_DROP_NO_SA - ZS_SA_DROP_NOMEM);
	if (i < ZS_SA_DROP_BAD_PADDING)
		return ZONESEC_A_STATS_PACKETS_IN + i;
	return ZONESEC_A_STATS_DROP_BAD_PADDING + i - ZS_SA_DROP_BAD_PADDING;
}

/* The size of a stats nest of @n counters. */
size_t zs_stats_nlsize(unsigned int n)
{
	return nla_total_size(0) + n * nla_total_size_64bit(sizeof(u64));
}

/**
 * zs_stats_fill() - a stats nest, every counter, zeros included
 * @skb: the message
 * @type: the nest's attribute
 * @v: counters, in the order of enum zs_sa_stat and enum zs_net_stat
 * @n: how many, ZS_SA_STAT_NUM or ZS_NET_STAT_NUM
 *
 * Return: 0 or -EMSGSIZE (nothing added).
 */
int zs_stats_fill(struct sk_buff *skb, int type, const u64 *v,
		  unsigned int n)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (nla_put_u64_64bit(skb, zs_stat_attr(i), v[i],
				      ZONESEC_A_STATS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}
