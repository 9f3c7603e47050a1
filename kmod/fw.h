/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zone firewall: zones, rules, and the immutable rule set the
 * datapath reads.
 *
 * Lifetime, written down:
 *  - A struct zs_fw is immutable once published in zs_fw_net.fw. Every
 *    change (one rule, one zone, a whole load, an interface renamed)
 *    builds a new one under conf_lock -- a clone of the current set with
 *    the change applied, then its index -- publishes it with
 *    rcu_assign_pointer() and frees the old one after a grace period
 *    (call_rcu). Readers see the old set or the new one, never a mix:
 *    that is what makes FW_LOAD atomic.
 *  - Zones are copied into every clone (they are small); rules are shared
 *    between consecutive sets through a refcount, so that a rule keeps
 *    its per-CPU counters across changes that do not touch it.
 *  - No net_device is referenced: zones hold interface names, and the
 *    index maps ifindex -> zone. A netdevice notifier rebuilds the index
 *    when a named interface appears, is renamed or goes away.
 */
#ifndef _ZS_FW_H
#define _ZS_FW_H

#include <linux/if.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/netfilter.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/zonesec.h>

struct net;
struct sk_buff;

/* Zone ids index zs_fw.zones; the built-in "self" is always id 0. */
#define ZS_ZONE_SELF_ID		0
#define ZS_ZONE_NONE		0xff

struct zs_prefix {
	union nf_inet_addr addr;
	u8 family;		/* NFPROTO_IPV4 or NFPROTO_IPV6; 0: none */
	u8 len;
};

struct zs_zone {
	char name[ZONESEC_ZONE_NAME_MAX];
	u8 id;
	u8 n_ifaces;
	u8 n_prefixes;
	u8 n_ipsec;
	char ifaces[ZONESEC_ZONE_IFACES_MAX][IFNAMSIZ];
	struct zs_prefix prefixes[ZONESEC_ZONE_PREFIXES_MAX];
	/* reqids of the SAs whose decapsulated packets are ours; 0: any */
	u32 ipsec[ZONESEC_ZONE_IPSEC_MAX];
};

struct zs_rule_stats {
	u64 packets;
	u64 bytes;
};

/* Immutable once built, except for the counters. */
struct zs_rule {
	struct kref ref;
	u32 handle;
	u8 from, to;		/* zone ids */
	u8 proto;		/* 0: any */
	u8 action;		/* enum zonesec_fw_action */
	u32 flags;		/* enum zonesec_rule_flags */
	bool has_icmp_type;
	u8 icmp_type;
	u16 sport_min, sport_max;	/* 0: any */
	u16 dport_min, dport_max;
	struct zs_prefix src, dst;
	struct zs_rule_stats __percpu *stats;
};

/* One packet, as the rules see it. */
struct zs_pkt {
	u8 family;		/* NFPROTO_IPV4 / NFPROTO_IPV6 */
	u8 proto;
	bool has_ports;
	bool has_icmp_type;
	u8 icmp_type;
	u16 sport, dport;	/* host byte order */
	union nf_inet_addr src, dst;
};

struct zs_fw_chain;

struct zs_fw {
	struct zs_zone *zones[ZONESEC_ZONES_MAX];
	u8 n_zones;
	/* default action from zone i to zone j; 0: the default of defaults */
	u8 policy[ZONESEC_ZONES_MAX][ZONESEC_ZONES_MAX];
	u32 n_rules, cap_rules;
	struct zs_rule **rules;		/* in evaluation order */

	/* the index, built by zs_fw_build() from the above */
	u32 n_ifmap;
	struct zs_fw_ifmap *ifmap;	/* sorted by ifindex */
	u32 n_pfx;
	struct zs_fw_pfx *pfx;		/* longest prefix first */
	u32 hash_mask;
	struct hlist_head *chains;
	u8 ipsec_any;			/* zone of "any SA", or ZS_ZONE_NONE */
	u32 n_ipsec;
	struct zs_fw_sazone *ipsec;	/* reqid -> zone, reqids != 0 */

	u64 generation;
	struct rcu_head rcu;
};

struct zs_fw_stats {
	u64 invalid;
	u64 policy_accept;
	u64 policy_drop;
};

/* Firewall state of one namespace, inside struct zs_net. */
struct zs_fw_net {
	struct zs_fw __rcu *fw;		/* NULL until first configured */
	u64 generation;
	u32 next_handle;
	bool hooks_on;
	struct zs_fw_stats __percpu *stats;
	struct ratelimit_state log_rs;
};

/* zone.c */
bool zs_zone_name_valid(const char *name);
struct zs_zone *zs_zone_find(const struct zs_fw *fw, const char *name);
bool zs_prefix_valid(const struct zs_prefix *p);
bool zs_prefix_overlap(const struct zs_prefix *a, const struct zs_prefix *b);
bool zs_prefix_match(const struct zs_prefix *p, u8 family,
		     const union nf_inet_addr *addr);
const struct zs_zone *zs_zone_prefix_owner(const struct zs_fw *fw,
					   const struct zs_prefix *p,
					   const struct zs_zone *skip);
const struct zs_zone *zs_zone_iface_owner(const struct zs_fw *fw,
					  const char *ifname,
					  const struct zs_zone *skip);
const struct zs_zone *zs_zone_ipsec_owner(const struct zs_fw *fw, u32 reqid);
bool zs_zone_in_use(const struct zs_fw *fw, u8 id);
int zs_zone_add(struct zs_fw *fw, struct zs_zone *zone);
void zs_zone_del(struct zs_fw *fw, u8 id);

/* rule.c */
struct zs_rule *zs_rule_alloc(void);
void zs_rule_put(struct zs_rule *rule);
bool zs_rule_match(const struct zs_rule *rule, const struct zs_pkt *pkt);
void zs_rule_count(struct zs_rule *rule, unsigned int len);
void zs_rule_read_stats(const struct zs_rule *rule, u64 *packets,
			u64 *bytes);
int zs_rule_insert(struct zs_fw *fw, struct zs_rule *rule, u32 pos);
int zs_rule_find(const struct zs_fw *fw, u32 handle);
void zs_rule_remove(struct zs_fw *fw, u32 idx);

/* fw.c: sets, publication, per-namespace state */
struct zs_fw *zs_fw_new(void);
struct zs_fw *zs_fw_clone(const struct zs_fw *old);
void zs_fw_free(struct zs_fw *fw);
struct zs_fw *zs_fw_current(struct net *net);
int zs_fw_commit(struct net *net, struct zs_fw *fw);
u32 zs_fw_next_handle(struct net *net);
int zs_fw_net_init(struct net *net, struct zs_fw_net *fn);
void zs_fw_net_exit(struct net *net, struct zs_fw_net *fn);
int __init zs_fw_init(void);
void zs_fw_uninit(void);

/* fw_index.c */
int zs_fw_build(struct net *net, struct zs_fw *fw);
void zs_fw_index_free(struct zs_fw *fw);
u8 zs_fw_zone_of(const struct zs_fw *fw, const struct net_device *dev,
		 u8 family, const union nf_inet_addr *addr);
u8 zs_fw_zone_of_sa(const struct zs_fw *fw, u32 reqid);
struct zs_rule *zs_fw_lookup(const struct zs_fw *fw, u8 from, u8 to,
			     const struct zs_pkt *pkt);
bool zs_fw_uses_iface(const struct zs_fw *fw, const struct net_device *dev);

/* fw_keep.c: rules FW_LOAD keeps, with their handles and counters */
struct zs_fw_keep;

void zs_fw_keep_zone_ids(struct zs_fw *fw, const struct zs_fw *old);
struct zs_fw_keep *zs_fw_keep_begin(const struct zs_fw *old,
				    const struct zs_fw *fw);
struct zs_rule *zs_fw_keep_rule(struct zs_fw_keep *k,
				const struct zs_rule *rule);
void zs_fw_keep_end(struct zs_fw_keep *k);

/* fw_log.c: one packet a logging rule decided */
struct zs_fw_log {
	const struct zs_fw *fw;
	const struct zs_rule *rule;
	const struct zs_pkt *pkt;
	const struct net_device *in, *out;
	u8 from, to;
	unsigned int len;
};

void zs_fw_log(struct net *net, const struct zs_fw_log *log);

/* fw_hook.c */
int zs_fw_hooks_enable(struct net *net);
void zs_fw_hooks_disable(struct net *net);

#endif /* _ZS_FW_H */
