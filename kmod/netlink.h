/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zonesec generic netlink family, and what its per-object files
 * (netlink_sa.c, netlink_policy.c) share with netlink.c.
 */
#ifndef _ZS_NETLINK_H
#define _ZS_NETLINK_H

#include <linux/init.h>
#include <net/genetlink.h>
#include <uapi/linux/zonesec.h>

#include "addr.h"

extern struct genl_family zs_nl_family;

int __init zs_netlink_init(void);
void zs_netlink_uninit(void);

/* The value of an optional u32 attribute, or @def when absent. */
static inline u32 zs_nla_u32(const struct nlattr *attr, u32 def)
{
	return attr ? nla_get_u32(attr) : def;
}

/* netlink.c: helpers for the per-object files */
int zs_nl_validate_addr(const struct nlattr *attr,
			struct netlink_ext_ack *extack);
u32 zs_nl_get_addr(const struct nlattr *attr, union zs_addr *addr);
int zs_nl_put_addr(struct sk_buff *skb, int type, const union zs_addr *addr,
		   u32 af);

struct zs_policy;
struct zs_sa;

/* netlink.c: messages */
struct sk_buff *zs_nl_reply_new(struct genl_info *info, size_t size, u8 cmd,
				void **hdrp);
void *zs_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd);
bool zs_nl_events_wanted(struct net *net);
struct sk_buff *zs_nl_event_new(size_t size, gfp_t gfp, u8 cmd, void **hdrp);
void zs_nl_event_send(struct net *net, struct sk_buff *msg, void *hdr);

/* netlink_sa.c */
extern const struct nla_policy zs_nl_sa_policy[ZONESEC_A_MAX + 1];
int zs_nl_sa_new_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int zs_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_sa_flush_doit(struct sk_buff *skb, struct genl_info *info);
void zs_nl_sa_expire_notify(struct net *net, const struct zs_sa *sa,
			    u32 kind);

/* netlink_policy.c */
extern const struct nla_policy zs_nl_policy_policy[ZONESEC_A_MAX + 1];
int zs_nl_policy_new_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_policy_get_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int zs_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_policy_flush_doit(struct sk_buff *skb, struct genl_info *info);
void zs_nl_acquire_notify(struct net *net, const struct zs_policy *pol);

/* netlink_stats.c */
extern const struct nla_policy zs_nl_stats_policy[ZONESEC_A_MAX + 1];
int zs_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _ZS_NETLINK_H */
