/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The security policy database (SPD) of a network namespace.
 */
#ifndef _ZS_POLICY_H
#define _ZS_POLICY_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/zonesec.h>

#include "addr.h"

struct zs_net;

#define ZS_ICMP_ANY	(-1)

/* What a policy selects; ports apply to TCP, UDP, UDP-Lite and SCTP. */
struct zs_selector {
	union zs_addr src, dst;
	u8 af;			/* enum zonesec_af */
	u8 src_plen, dst_plen;
	u8 proto;		/* 0: any */
	u16 sport_min, sport_max;
	u16 dport_min, dport_max;
	s16 icmp_type;		/* ZS_ICMP_ANY or 0..255 */
};

/* What a packet offers to selectors. */
struct zs_flow {
	union zs_addr src, dst;
	u8 af;			/* enum zonesec_af */
	u8 proto;
	u16 sport, dport;	/* host order; 0 without ports */
	int icmp_type;		/* ZS_ICMP_ANY if not ICMP */
};

/* The SA a protect policy asks for. */
struct zs_tmpl {
	union zs_addr src, dst;	/* tunnel endpoints, of @af */
	u8 af;			/* 0: no endpoints (transport) */
	u32 proto;		/* enum zonesec_proto */
	u32 mode;		/* enum zonesec_mode */
	u32 reqid;		/* 0: any */
};

/**
 * struct zs_policy - one policy
 * @list: in its direction's list, by priority (RCU, conf_lock)
 * @rcu: for the free
 * @id: assigned at insertion, unique in the namespace
 * @dir: enum zonesec_dir
 * @priority: lower first
 * @action: enum zonesec_action
 * @sel: the selector
 * @tmpl: with ZONESEC_ACTION_PROTECT
 * @acquire_next: jiffies before which no ACQUIRE is sent for it again
 */
struct zs_policy {
	struct list_head list;
	struct rcu_head rcu;
	u32 id;
	u32 dir;
	u32 priority;
	u32 action;
	struct zs_selector sel;
	struct zs_tmpl tmpl;
	unsigned long acquire_next;
};

#define ZS_DIR_NUM	3

/* The SPD of one namespace, in struct zs_net. */
struct zs_spd {
	struct list_head dir[ZS_DIR_NUM];	/* indexed by dir - 1 */
	u32 next_id;				/* conf_lock */
	unsigned int count;			/* conf_lock */
	unsigned int gen;			/* conf_lock */
};

void zs_spd_init(struct zs_spd *spd);
void zs_spd_uninit(struct zs_net *zn);

int zs_policy_insert(struct zs_net *zn, struct zs_policy *pol);
struct zs_policy *zs_policy_find_id(struct zs_net *zn, u32 id);
struct zs_policy *zs_policy_find_sel(struct zs_net *zn, u32 dir,
				     const struct zs_selector *sel);
void zs_policy_unlink(struct zs_net *zn, struct zs_policy *pol);
unsigned int zs_policy_flush(struct zs_net *zn);
bool zs_selector_match(const struct zs_selector *sel,
		       const struct zs_flow *fl);
struct zs_policy *zs_policy_lookup(struct zs_spd *spd, u32 dir,
				   const struct zs_flow *fl);
bool zs_policy_acquire_due(struct zs_policy *pol);

static inline bool zs_spd_empty(const struct zs_spd *spd, u32 dir)
{
	return list_empty(&spd->dir[dir - 1]);
}

#endif /* _ZS_POLICY_H */
