/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zone firewall's generic netlink operations (netlink_zone.c,
 * netlink_rule.c, netlink_fw.c); netlink_fw_ops.h holds their entries of
 * the family's op table.
 */
#ifndef _ZS_NETLINK_FW_H
#define _ZS_NETLINK_FW_H

#include <net/genetlink.h>
#include <net/netlink.h>

#include "fw.h"
#include "netlink.h"

extern const struct nla_policy zs_nl_fw_policy[ZONESEC_A_MAX + 1];
extern const struct nla_policy zs_nl_prefix_policy[ZONESEC_A_PREFIX_MAX + 1];
extern const struct nla_policy
	zs_nl_zone_policy_policy[ZONESEC_A_ZONE_POLICY_MAX + 1];
extern const struct nla_policy zs_nl_zone_policy[ZONESEC_A_ZONE_MAX + 1];
extern const struct nla_policy zs_nl_rule_policy[ZONESEC_A_RULE_MAX + 1];

/* netlink_fw.c: helpers shared by the zone and rule operations */
int zs_nl_prefix_parse(const struct nlattr *nest, struct zs_prefix *p,
		       struct netlink_ext_ack *extack);
int zs_nl_prefix_put(struct sk_buff *skb, int type,
		     const struct zs_prefix *p);
struct zs_fw *zs_nl_fw_begin(struct net *net);

int zs_nl_bad(struct netlink_ext_ack *extack, const struct nlattr *attr,
	      const char *msg);

/*
 * Refuse a request: the message (a literal, prefixed like
 * NL_SET_ERR_MSG_MOD's) and the attribute at fault; returns -EINVAL.
 */
#define ZS_NL_BAD(extack, attr, msg) \
	zs_nl_bad(extack, attr, KBUILD_MODNAME ": " msg)

/* netlink_zone.c */
int zs_nl_zone_parse(struct zs_fw *fw, const struct nlattr *nest,
		     bool policies, struct netlink_ext_ack *extack);
int zs_nl_zone_policies(struct zs_fw *fw, const struct nlattr *nest,
			struct netlink_ext_ack *extack);
int zs_nl_zone_new_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_zone_del_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_zone_get_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_zone_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int zs_nl_zone_policy_set_doit(struct sk_buff *skb, struct genl_info *info);

/* netlink_rule.c */
int zs_nl_rule_parse(struct zs_fw *fw, const struct nlattr *nest,
		     struct zs_rule *rule, struct netlink_ext_ack *extack);
int zs_nl_rule_new_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_rule_del_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_rule_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

/* netlink_fw.c */
int zs_nl_fw_load_doit(struct sk_buff *skb, struct genl_info *info);
int zs_nl_fw_get_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _ZS_NETLINK_FW_H */
