/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Security Association database (SAD) of a network namespace.
 */
#ifndef _ZS_SA_H
#define _ZS_SA_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/atomic.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <uapi/linux/zonesec.h>

#include "addr.h"
#include "replay.h"
#include "stats.h"
#include "xform.h"

struct netlink_ext_ack;
struct zs_net;

/* The lookup key: what an inbound packet carries. Padding is zeroed. */
struct zs_sa_key {
	union zs_addr dst;
	__be32 spi;
	u8 proto;	/* enum zonesec_proto */
	u8 af;		/* enum zonesec_af of @dst */
	u8 pad[2];
};

/* The outbound lookup key: the addresses a packet leaves with. */
struct zs_sa_okey {
	union zs_addr src;
	union zs_addr dst;
	u8 proto;
	u8 af;
	u8 pad[2];
};

struct zs_sa_pcpu_stats {
	struct u64_stats_sync syncp;
	u64_stats_t c[ZS_SA_STAT_NUM];
};

/* Limits; 0 = none. Seconds for the time limits. */
struct zs_lifetime {
	u64 bytes_soft, bytes_hard;
	u64 packets_soft, packets_hard;
	u64 add_soft, add_hard;
	u64 use_soft, use_hard;
};

/**
 * struct zs_sa_cfg - a validated SA_NEW request
 * @key: SPI, destination, protocol
 * @src: outer source, of @key.af
 * @mode: enum zonesec_mode
 * @inner_af: enum zonesec_af
 * @reqid: see ZONESEC_A_SA_REQID
 * @replay_window: packets, 0 to ZONESEC_REPLAY_WINDOW_MAX
 * @flags: ZONESEC_SA_FLAG_*
 * @aead: see struct zs_alg_cfg
 * @enc: see struct zs_alg_cfg
 * @auth: see struct zs_alg_cfg
 * @life: limits
 * @seq_out: the last sequence number sent (the next is one more)
 * @seq_in: the highest sequence number received
 */
struct zs_sa_cfg {
	struct zs_sa_key key;
	union zs_addr src;
	u32 mode;
	u32 inner_af;
	u32 reqid;
	u32 replay_window;
	u32 flags;
	struct zs_alg_cfg aead, enc, auth;
	struct zs_lifetime life;
	u64 seq_out;
	u64 seq_in;
};

/**
 * struct zs_sa - one SA
 * @node: in the namespace's hash table, keyed by @key
 * @out_node: in the namespace's outbound table, keyed by @okey
 * @okey: source, destination, protocol, family
 * @list: in the namespace's list, for dumps and flush (conf_lock)
 * @key: see struct zs_sa_key
 * @ref: one reference for the tables, one per datapath user
 * @free_work: the final free, after an RCU grace period
 * @dead: unlinked; datapath users holding a reference must not use it
 *	for new packets
 * @src: outer source address
 * @mode: enum zonesec_mode
 * @inner_af: enum zonesec_af
 * @reqid: see ZONESEC_A_SA_REQID
 * @replay_window: packets
 * @flags: ZONESEC_SA_FLAG_*
 * @life: limits
 * @add_time: ktime_get_real_seconds() when added
 * @use_time: the same when first used, 0 before
 * @has_limits: some limit is set: the lifetime worker watches it
 * @soft_sent: EXPIRE(soft) was sent (conf_lock)
 * @xf: the transform
 * @stats: per-CPU counters
 * @net_stats: the namespace's, which every count here also goes to; a
 *	reference, taken by zs_sa_insert()
 * @seq_out: the last sequence number sent
 * @lock: serialises @replay updates
 * @replay: the anti-replay window of received packets
 */
struct zs_sa {
	struct rhash_head node;
	struct rhlist_head out_node;
	struct list_head list;
	struct zs_sa_key key;
	struct zs_sa_okey okey;
	struct kref ref;
	struct rcu_work free_work;
	bool dead;

	union zs_addr src;
	u32 mode;
	u32 inner_af;
	u32 reqid;
	u32 replay_window;
	u32 flags;
	struct zs_lifetime life;
	time64_t add_time;
	time64_t use_time;
	bool has_limits;
	bool soft_sent;
	int rx_cpu;		/* hook_steer.c: -1 until the first packet */

	struct zs_xform xf;
	struct zs_sa_pcpu_stats __percpu *stats;
	struct zs_net_stats *net_stats;

	atomic64_t seq_out ____cacheline_aligned_in_smp;
	spinlock_t lock ____cacheline_aligned_in_smp;
	struct zs_replay replay;
};

/*
 * The SAD of one namespace, in struct zs_net. @life_work checks the
 * limits of the SAs that have some, once a second while there are.
 */
struct zs_sad {
	struct net *net;
	struct delayed_work life_work;
	struct rhashtable table;
	struct rhltable out_table;
	struct list_head list;		/* conf_lock */
	unsigned int count;		/* conf_lock */
	unsigned int gen;		/* conf_lock, changes with the list */
};

int zs_sad_init(struct zs_sad *sad, struct net *net);
void zs_sad_uninit(struct zs_net *zn);

struct zs_sa *zs_sa_create(const struct zs_sa_cfg *cfg,
			   struct netlink_ext_ack *extack);
int zs_sa_insert(struct zs_net *zn, struct zs_sa *sa);
struct zs_sa *zs_sa_lookup(struct zs_sad *sad, const struct zs_sa_key *key);
struct zs_sa *zs_sa_get_in(struct zs_sad *sad, const struct zs_sa_key *key);
struct zs_sa *zs_sa_get_out(struct zs_sad *sad, const struct zs_sa_okey *okey,
			    u32 mode, u32 reqid);
void zs_sa_unlink(struct zs_net *zn, struct zs_sa *sa);
unsigned int zs_sa_flush(struct zs_net *zn);
void zs_sa_put(struct zs_sa *sa);
void zs_sa_stats_read(const struct zs_sa *sa, u64 out[ZS_SA_STAT_NUM]);

/* The datapath used the SA: the "since first use" limits start now. */
static inline void zs_sa_used(struct zs_sa *sa)
{
	if (unlikely(!READ_ONCE(sa->use_time)))
		WRITE_ONCE(sa->use_time, ktime_get_real_seconds());
}

static inline void zs_sa_stat_add(struct zs_sa *sa, enum zs_sa_stat s,
				  u64 n)
{
	struct zs_sa_pcpu_stats *st = this_cpu_ptr(sa->stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_add(&st->c[s], n);
	u64_stats_update_end(&st->syncp);
	zs_net_stat_add(sa->net_stats, s, n);
}

int __init zs_sa_module_init(void);
void zs_sa_module_exit(void);

#endif /* _ZS_SA_H */
