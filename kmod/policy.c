// SPDX-License-Identifier: GPL-2.0
/*
 * The SPD: per direction, a list of policies ordered by priority (then by
 * age), read under RCU on the datapath and changed under conf_lock.
 * Policies hold no reference to SAs: the datapath finds the SA a
 * protect policy needs when a packet comes, so either can be removed
 * at any time. Removal unlinks, then frees after a grace period.
 */

#include <linux/rculist.h>
#include <linux/slab.h>

#include "netns.h"
#include "policy.h"

void zs_spd_init(struct zs_spd *spd)
{
	unsigned int i;

	for (i = 0; i < ZS_DIR_NUM; i++)
		INIT_LIST_HEAD(&spd->dir[i]);
	spd->next_id = 1;
	spd->count = 0;
	spd->gen = 1;
}

void zs_spd_uninit(struct zs_net *zn)
{
	mutex_lock(&zn->conf_lock);
	zs_policy_flush(zn);
	mutex_unlock(&zn->conf_lock);
}

static bool sel_equal(const struct zs_selector *a,
		      const struct zs_selector *b)
{
	return a->af == b->af && a->src_plen == b->src_plen &&
	       a->dst_plen == b->dst_plen && a->proto == b->proto &&
	       a->sport_min == b->sport_min && a->sport_max == b->sport_max &&
	       a->dport_min == b->dport_min && a->dport_max == b->dport_max &&
	       a->icmp_type == b->icmp_type &&
	       zs_addr_equal(&a->src, &b->src, a->af) &&
	       zs_addr_equal(&a->dst, &b->dst, a->af);
}

struct zs_policy *zs_policy_find_sel(struct zs_net *zn, u32 dir,
				     const struct zs_selector *sel)
{
	struct zs_policy *pol;

	lockdep_assert_held(&zn->conf_lock);
	list_for_each_entry(pol, &zn->spd.dir[dir - 1], list)
		if (sel_equal(&pol->sel, sel))
			return pol;
	return NULL;
}

struct zs_policy *zs_policy_find_id(struct zs_net *zn, u32 id)
{
	struct zs_policy *pol;
	unsigned int i;

	lockdep_assert_held(&zn->conf_lock);
	for (i = 0; i < ZS_DIR_NUM; i++)
		list_for_each_entry(pol, &zn->spd.dir[i], list)
			if (pol->id == id)
				return pol;
	return NULL;
}

/**
 * zs_policy_insert() - make a policy visible
 * @zn: its namespace
 * @pol: new policy, owned by the SPD on success
 *
 * Return: 0, or -EEXIST when a policy of the same direction has the same
 * selector (as XFRM refuses it).
 */
int zs_policy_insert(struct zs_net *zn, struct zs_policy *pol)
{
	struct list_head *head = &zn->spd.dir[pol->dir - 1];
	struct zs_policy *pos;

	lockdep_assert_held(&zn->conf_lock);
	if (zs_policy_find_sel(zn, pol->dir, &pol->sel))
		return -EEXIST;
	pol->acquire_next = jiffies;
	/* ids wrap after 2^32 insertions; skip 0 and those in use */
	do {
		pol->id = zn->spd.next_id++;
	} while (!pol->id || zs_policy_find_id(zn, pol->id));

	list_for_each_entry(pos, head, list)
		if (pos->priority > pol->priority)
			break;
	/* before pos, or at the tail when the loop ran to the head */
	list_add_tail_rcu(&pol->list, &pos->list);
	zn->spd.count++;
	zn->spd.gen++;
	return 0;
}

void zs_policy_unlink(struct zs_net *zn, struct zs_policy *pol)
{
	lockdep_assert_held(&zn->conf_lock);
	list_del_rcu(&pol->list);
	zn->spd.count--;
	zn->spd.gen++;
	kfree_rcu(pol, rcu);
}

unsigned int zs_policy_flush(struct zs_net *zn)
{
	struct zs_policy *pol, *tmp;
	unsigned int i, n = 0;

	lockdep_assert_held(&zn->conf_lock);
	for (i = 0; i < ZS_DIR_NUM; i++) {
		list_for_each_entry_safe(pol, tmp, &zn->spd.dir[i], list) {
			zs_policy_unlink(zn, pol);
			n++;
		}
	}
	return n;
}

/**
 * zs_selector_match() - does a packet match a selector?
 * @sel: the selector
 * @fl: what the packet offers
 *
 * Return: true on a match.
 */
bool zs_selector_match(const struct zs_selector *sel,
		       const struct zs_flow *fl)
{
	if (sel->af != fl->af ||
	    !zs_addr_prefix_match(&sel->src, &fl->src, fl->af, sel->src_plen) ||
	    !zs_addr_prefix_match(&sel->dst, &fl->dst, fl->af, sel->dst_plen))
		return false;
	if (!sel->proto)
		return true;
	if (sel->proto != fl->proto)
		return false;
	if (fl->sport < sel->sport_min || fl->sport > sel->sport_max ||
	    fl->dport < sel->dport_min || fl->dport > sel->dport_max)
		return false;
	return sel->icmp_type == ZS_ICMP_ANY || sel->icmp_type == fl->icmp_type;
}

/**
 * zs_policy_lookup() - the policy a packet falls under
 * @spd: the namespace's SPD
 * @dir: enum zonesec_dir
 * @fl: what the packet offers
 *
 * Under rcu_read_lock(); the policy stays valid until it is dropped.
 *
 * Return: the first match in priority order, or NULL.
 */
struct zs_policy *zs_policy_lookup(struct zs_spd *spd, u32 dir,
				   const struct zs_flow *fl)
{
	struct zs_policy *pol;

	list_for_each_entry_rcu(pol, &spd->dir[dir - 1], list)
		if (zs_selector_match(&pol->sel, fl))
			return pol;
	return NULL;
}

/**
 * zs_policy_acquire_due() - may an ACQUIRE be sent for this policy now?
 * @pol: a protect policy without an SA
 *
 * At most one per policy and second, whichever CPU asks.
 *
 * Return: true for the one caller that should send it.
 */
bool zs_policy_acquire_due(struct zs_policy *pol)
{
	unsigned long next = READ_ONCE(pol->acquire_next), now = jiffies;

	if (time_before(now, next))
		return false;
	return cmpxchg(&pol->acquire_next, next, now + HZ) == next;
}
