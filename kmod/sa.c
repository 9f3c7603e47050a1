// SPDX-License-Identifier: GPL-2.0
/*
 * The SA database: one rhashtable per namespace keyed by (SPI, destination,
 * protocol), read under RCU on the datapath, changed under the namespace's
 * conf_lock.
 *
 * Lifetime of an SA:
 *  - created with one reference, owned by the tables once inserted;
 *  - a datapath user takes its own with kref_get_unless_zero() under RCU;
 *  - removal (del, flush, hard expiry, namespace exit) marks it dead,
 *    unlinks it from the table and the list, and drops the tables'
 *    reference;
 *  - the last put queues the free behind an RCU grace period
 *    (queue_rcu_work(), call_rcu underneath): readers that found it in
 *    the table before the unlink are done by then. The free runs in
 *    process context because freeing a crypto transform may sleep; it
 *    wipes the SA, whose transform context held the keys.
 * Module exit waits for queued frees: rcu_barrier(), then the workqueue
 * is drained and destroyed.
 */

#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <net/netlink.h>

#include "netlink.h"
#include "netns.h"
#include "sa.h"

static struct workqueue_struct *zs_sa_wq;

static const struct rhashtable_params sa_out_params = {
	.head_offset		= offsetof(struct zs_sa, out_node),
	.key_offset		= offsetof(struct zs_sa, okey),
	.key_len		= sizeof(struct zs_sa_okey),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params sa_params = {
	.head_offset		= offsetof(struct zs_sa, node),
	.key_offset		= offsetof(struct zs_sa, key),
	.key_len		= sizeof(struct zs_sa_key),
	.automatic_shrinking	= true,
};

static void sa_life_work(struct work_struct *work);

int zs_sad_init(struct zs_sad *sad, struct net *net)
{
	int err;

	sad->net = net;
	INIT_DELAYED_WORK(&sad->life_work, sa_life_work);
	BUILD_BUG_ON(sizeof(struct zs_sa_key) != 24);
	BUILD_BUG_ON(sizeof(struct zs_sa_okey) != 36);
	INIT_LIST_HEAD(&sad->list);
	sad->count = 0;
	sad->gen = 1;
	err = rhltable_init(&sad->out_table, &sa_out_params);
	if (err)
		return err;
	err = rhashtable_init(&sad->table, &sa_params);
	if (err)
		rhltable_destroy(&sad->out_table);
	return err;
}

/* Namespace exit: no request can reach it any more. */
void zs_sad_uninit(struct zs_net *zn)
{
	/* it takes conf_lock: not under it */
	cancel_delayed_work_sync(&zn->sad.life_work);
	mutex_lock(&zn->conf_lock);
	zs_sa_flush(zn);
	mutex_unlock(&zn->conf_lock);
	rhashtable_destroy(&zn->sad.table);
	rhltable_destroy(&zn->sad.out_table);
}

static void sa_free_work(struct work_struct *work)
{
	struct zs_sa *sa = container_of(to_rcu_work(work), struct zs_sa,
					free_work);

	zs_xform_destroy(&sa->xf);
	zs_replay_destroy(&sa->replay);
	free_percpu(sa->stats);
	if (sa->net_stats)
		zs_net_stats_put(sa->net_stats);
	kfree_sensitive(sa);
}

static void sa_release(struct kref *ref)
{
	struct zs_sa *sa = container_of(ref, struct zs_sa, ref);

	INIT_RCU_WORK(&sa->free_work, sa_free_work);
	queue_rcu_work(zs_sa_wq, &sa->free_work);
}

void zs_sa_put(struct zs_sa *sa)
{
	kref_put(&sa->ref, sa_release);
}

/**
 * zs_sa_create() - a new SA from a validated request, not yet visible
 * @cfg: the request
 * @extack: for the reason of a failure
 *
 * Instantiates the transform (may sleep), so it runs before conf_lock is
 * taken.
 *
 * Return: the SA with one reference, or an ERR_PTR.
 */
struct zs_sa *zs_sa_create(const struct zs_sa_cfg *cfg,
			   struct netlink_ext_ack *extack)
{
	struct zs_sa *sa;
	unsigned int cpu;
	int err;

	sa = kzalloc(sizeof(*sa), GFP_KERNEL);
	if (!sa)
		return ERR_PTR(-ENOMEM);
	sa->stats = alloc_percpu(struct zs_sa_pcpu_stats);
	if (!sa->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(sa->stats, cpu)->syncp);
	err = zs_replay_init(&sa->replay, cfg->replay_window,
			     cfg->flags & ZONESEC_SA_FLAG_ESN, cfg->seq_in);
	if (err)
		goto err_free;
	err = zs_xform_init(&sa->xf, cfg->key.proto, cfg->flags, &cfg->aead,
			    &cfg->enc, &cfg->auth);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the crypto API refused the algorithm or its key");
		goto err_free;
	}
	kref_init(&sa->ref);
	spin_lock_init(&sa->lock);
	atomic64_set(&sa->seq_out, cfg->seq_out);
	sa->key = cfg->key;
	sa->okey.src = cfg->src;
	sa->okey.dst = cfg->key.dst;
	sa->okey.proto = cfg->key.proto;
	sa->okey.af = cfg->key.af;
	sa->src = cfg->src;
	sa->mode = cfg->mode;
	sa->inner_af = cfg->inner_af;
	sa->reqid = cfg->reqid;
	sa->replay_window = cfg->replay_window;
	sa->flags = cfg->flags;
	sa->life = cfg->life;
	sa->has_limits = memchr_inv(&sa->life, 0, sizeof(sa->life));
	sa->add_time = ktime_get_real_seconds();
	sa->rx_cpu = -1;
	return sa;

err_free:
	zs_xform_destroy(&sa->xf);
	zs_replay_destroy(&sa->replay);
	free_percpu(sa->stats);
	if (sa->net_stats)
		zs_net_stats_put(sa->net_stats);
	kfree_sensitive(sa);
	return ERR_PTR(err);
}

/**
 * zs_sa_insert() - make an SA visible
 * @zn: its namespace
 * @sa: from zs_sa_create(); its reference passes to the tables on success
 *
 * Return: 0, -EEXIST if an SA has the same key, or another negative errno.
 */
int zs_sa_insert(struct zs_net *zn, struct zs_sa *sa)
{
	int err;

	lockdep_assert_held(&zn->conf_lock);
	/* before the datapath can find it; put when it is freed */
	if (!sa->net_stats)
		sa->net_stats = zs_net_stats_get(zn->stats);
	err = rhashtable_lookup_insert_fast(&zn->sad.table, &sa->node,
					    sa_params);
	if (err)
		return err;
	err = rhltable_insert(&zn->sad.out_table, &sa->out_node, sa_out_params);
	if (err) {
		rhashtable_remove_fast(&zn->sad.table, &sa->node, sa_params);
		return err;
	}
	list_add_tail(&sa->list, &zn->sad.list);
	zn->sad.count++;
	if (sa->has_limits)
		queue_delayed_work(zs_sa_wq, &zn->sad.life_work, HZ);
	zn->sad.gen++;
	return 0;
}

/**
 * zs_sa_lookup() - the SA of a key
 * @sad: the namespace's SAD
 * @key: zero-padded key
 *
 * Under rcu_read_lock() (the datapath) or conf_lock. Takes no reference.
 *
 * Return: the SA or NULL.
 */
struct zs_sa *zs_sa_lookup(struct zs_sad *sad, const struct zs_sa_key *key)
{
	return rhashtable_lookup(&sad->table, key, sa_params);
}

/**
 * zs_sa_get_in() - the SA an inbound packet names, with a reference
 * @sad: the namespace's SAD
 * @key: zero-padded key
 *
 * Under rcu_read_lock().
 *
 * Return: the SA, or NULL if none is alive.
 */
struct zs_sa *zs_sa_get_in(struct zs_sad *sad, const struct zs_sa_key *key)
{
	struct zs_sa *sa = rhashtable_lookup(&sad->table, key, sa_params);

	if (!sa || READ_ONCE(sa->dead) || !kref_get_unless_zero(&sa->ref))
		return NULL;
	return sa;
}

/**
 * zs_sa_get_out() - the SA to protect an outbound packet with
 * @sad: the namespace's SAD
 * @okey: its addresses (tunnel endpoints in tunnel mode), protocol, family
 * @mode: the mode the policy asks for
 * @reqid: the reqid it asks for, 0 for any
 *
 * Under rcu_read_lock(). Among several matches (a rekey), the newest.
 *
 * Return: the SA with a reference, or NULL.
 */
struct zs_sa *zs_sa_get_out(struct zs_sad *sad, const struct zs_sa_okey *okey,
			    u32 mode, u32 reqid)
{
	struct rhlist_head *list, *pos;
	struct zs_sa *sa;

	list = rhltable_lookup(&sad->out_table, okey, sa_out_params);
	rhl_for_each_entry_rcu(sa, pos, list, out_node) {
		if (sa->mode != mode || (reqid && sa->reqid != reqid) ||
		    READ_ONCE(sa->dead))
			continue;
		if (kref_get_unless_zero(&sa->ref))
			return sa;
	}
	return NULL;
}

/* Remove an SA from the tables and drop their reference. */
void zs_sa_unlink(struct zs_net *zn, struct zs_sa *sa)
{
	lockdep_assert_held(&zn->conf_lock);
	WRITE_ONCE(sa->dead, true);
	WARN_ON_ONCE(rhashtable_remove_fast(&zn->sad.table, &sa->node,
					    sa_params));
	WARN_ON_ONCE(rhltable_remove(&zn->sad.out_table, &sa->out_node,
				     sa_out_params));
	list_del(&sa->list);
	zn->sad.count--;
	zn->sad.gen++;
	zs_sa_put(sa);
}

/*
 * Return: how many SAs were removed. conf_lock is a mutex, so a flush of
 * many SAs (100,000 of them, hundreds sharing one outbound key whose
 * rhltable list each removal walks) yields the CPU as it goes rather than
 * stall RCU and trip the soft-lockup detector.
 */
unsigned int zs_sa_flush(struct zs_net *zn)
{
	struct zs_sa *sa, *tmp;
	unsigned int n = 0;

	lockdep_assert_held(&zn->conf_lock);
	list_for_each_entry_safe(sa, tmp, &zn->sad.list, list) {
		zs_sa_unlink(zn, sa);
		n++;
		cond_resched();
	}
	return n;
}

/* Sum of the per-CPU counters. */
void zs_sa_stats_read(const struct zs_sa *sa, u64 out[ZS_SA_STAT_NUM])
{
	unsigned int cpu, i, start;

	memset(out, 0, sizeof(u64) * ZS_SA_STAT_NUM);
	for_each_possible_cpu(cpu) {
		const struct zs_sa_pcpu_stats *st = per_cpu_ptr(sa->stats, cpu);
		u64 c[ZS_SA_STAT_NUM];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			for (i = 0; i < ZS_SA_STAT_NUM; i++)
				c[i] = u64_stats_read(&st->c[i]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < ZS_SA_STAT_NUM; i++)
			out[i] += c[i];
	}
}

static bool over(u64 v, u64 limit)
{
	return limit && v >= limit;
}

/* Which limit an SA reached: 0, ZONESEC_EXPIRE_SOFT or _HARD. */
static u32 sa_life_check(const struct zs_sa *sa, time64_t now)
{
	const struct zs_lifetime *l = &sa->life;
	time64_t use = READ_ONCE(sa->use_time);
	u64 st[ZS_SA_STAT_NUM], bytes, pkts, age, used;

	zs_sa_stats_read(sa, st);
	bytes = st[ZS_SA_BYTES_IN] + st[ZS_SA_BYTES_OUT];
	pkts = st[ZS_SA_PACKETS_IN] + st[ZS_SA_PACKETS_OUT];
	age = now - sa->add_time;
	used = use ? now - use : 0;
	if (over(bytes, l->bytes_hard) || over(pkts, l->packets_hard) ||
	    over(age, l->add_hard) || (use && over(used, l->use_hard)))
		return ZONESEC_EXPIRE_HARD;
	if (over(bytes, l->bytes_soft) || over(pkts, l->packets_soft) ||
	    over(age, l->add_soft) || (use && over(used, l->use_soft)))
		return ZONESEC_EXPIRE_SOFT;
	return 0;
}

/*
 * Once a second while some SA has limits: EXPIRE(soft) once, EXPIRE(hard)
 * and removal. Counting limits are checked here, not per packet, so a
 * hard one may be overrun by up to a second of traffic.
 */
static void sa_life_work(struct work_struct *work)
{
	struct zs_sad *sad = container_of(to_delayed_work(work),
					  struct zs_sad, life_work);
	struct zs_net *zn = container_of(sad, struct zs_net, sad);
	time64_t now = ktime_get_real_seconds();
	struct zs_sa *sa, *tmp;
	bool again = false;
	u32 kind;

	mutex_lock(&zn->conf_lock);
	list_for_each_entry_safe(sa, tmp, &sad->list, list) {
		if (!sa->has_limits)
			continue;
		kind = sa_life_check(sa, now);
		if (kind == ZONESEC_EXPIRE_HARD) {
			zs_nl_sa_expire_notify(sad->net, sa, kind);
			zs_sa_unlink(zn, sa);
			continue;
		}
		again = true;
		if (kind == ZONESEC_EXPIRE_SOFT && !sa->soft_sent) {
			sa->soft_sent = true;
			zs_nl_sa_expire_notify(sad->net, sa, kind);
		}
	}
	if (again)
		queue_delayed_work(zs_sa_wq, &sad->life_work, HZ);
	mutex_unlock(&zn->conf_lock);
}

int __init zs_sa_module_init(void)
{
	zs_sa_wq = alloc_workqueue("zonesec_sa", 0, 0);
	return zs_sa_wq ? 0 : -ENOMEM;
}

/* After every namespace is gone: wait for the frees they queued. */
void zs_sa_module_exit(void)
{
	rcu_barrier();
	destroy_workqueue(zs_sa_wq);
}
