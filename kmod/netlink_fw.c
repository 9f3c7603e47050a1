// SPDX-License-Identifier: GPL-2.0
/*
 * Zone firewall over generic netlink: the attribute policies, helpers the
 * zone and rule operations share, FW_LOAD (the whole set in one request,
 * one step) and FW_GET.
 *
 * The policies check types and ranges; each object's cross-attribute
 * rules are in its parse function (zs_nl_zone_parse, zs_nl_rule_parse),
 * which sets an extack message and the offending attribute on every
 * error path.
 */

#include <linux/percpu.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "netlink_fw.h"
#include "netns.h"

const struct nla_policy zs_nl_prefix_policy[ZONESEC_A_PREFIX_MAX + 1] = {
	[ZONESEC_A_PREFIX_IPV4]	= { .type = NLA_BE32 },
	[ZONESEC_A_PREFIX_IPV6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ZONESEC_A_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U32, 128),
};

#define ZS_NAME_POLICY \
	{ .type = NLA_NUL_STRING, .len = ZONESEC_ZONE_NAME_MAX - 1 }
#define ZS_ACTION_POLICY \
	NLA_POLICY_RANGE(NLA_U32, ZONESEC_FW_ACTION_ACCEPT, \
			 ZONESEC_FW_ACTION_REJECT)

/*
 * nla_policy's own min/max are s16: a port range needs the full form.
 * Not const: 6.1's nla_policy.range points to a mutable one.
 */
static struct netlink_range_validation zs_port_range = {
	.min = 1,
	.max = 65535,
};

#define ZS_PORT_POLICY NLA_POLICY_FULL_RANGE(NLA_U32, &zs_port_range)

const struct nla_policy
zs_nl_zone_policy_policy[ZONESEC_A_ZONE_POLICY_MAX + 1] = {
	[ZONESEC_A_ZONE_POLICY_TO]	= ZS_NAME_POLICY,
	[ZONESEC_A_ZONE_POLICY_ACTION]	= ZS_ACTION_POLICY,
};

const struct nla_policy zs_nl_zone_policy[ZONESEC_A_ZONE_MAX + 1] = {
	[ZONESEC_A_ZONE_NAME]	= ZS_NAME_POLICY,
	[ZONESEC_A_ZONE_IFACE]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[ZONESEC_A_ZONE_PREFIX]	= NLA_POLICY_NESTED(zs_nl_prefix_policy),
	[ZONESEC_A_ZONE_POLICY]	= NLA_POLICY_NESTED(zs_nl_zone_policy_policy),
	/* reply only, refused by zs_nl_zone_parse() with the reason */
	[ZONESEC_A_ZONE_BUILTIN] = { .type = NLA_FLAG },
	[ZONESEC_A_ZONE_IPSEC]	= { .type = NLA_U32 },
};

const struct nla_policy zs_nl_rule_policy[ZONESEC_A_RULE_MAX + 1] = {
	[ZONESEC_A_RULE_HANDLE]		= NLA_POLICY_MIN(NLA_U32, 1),
	[ZONESEC_A_RULE_POSITION]	= NLA_POLICY_MIN(NLA_U32, 1),
	[ZONESEC_A_RULE_FROM]		= ZS_NAME_POLICY,
	[ZONESEC_A_RULE_TO]		= ZS_NAME_POLICY,
	[ZONESEC_A_RULE_PROTO]		= NLA_POLICY_RANGE(NLA_U32, 1, 255),
	[ZONESEC_A_RULE_SRC]		= NLA_POLICY_NESTED(zs_nl_prefix_policy),
	[ZONESEC_A_RULE_DST]		= NLA_POLICY_NESTED(zs_nl_prefix_policy),
	[ZONESEC_A_RULE_SPORT_MIN]	= ZS_PORT_POLICY,
	[ZONESEC_A_RULE_SPORT_MAX]	= ZS_PORT_POLICY,
	[ZONESEC_A_RULE_DPORT_MIN]	= ZS_PORT_POLICY,
	[ZONESEC_A_RULE_DPORT_MAX]	= ZS_PORT_POLICY,
	[ZONESEC_A_RULE_ICMP_TYPE]	= NLA_POLICY_MAX(NLA_U32, 255),
	[ZONESEC_A_RULE_ACTION]		= ZS_ACTION_POLICY,
	[ZONESEC_A_RULE_FLAGS]		= NLA_POLICY_MASK(NLA_U32,
							  ZONESEC_RULE_F_LOG),
	/* reply only, refused by zs_nl_rule_parse() with the reason */
	[ZONESEC_A_RULE_PACKETS]	= { .type = NLA_U64 },
	[ZONESEC_A_RULE_BYTES]		= { .type = NLA_U64 },
};

/* Top level, for every firewall operation; INFO and FW are refused. */
const struct nla_policy zs_nl_fw_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_ZONE]	= NLA_POLICY_NESTED(zs_nl_zone_policy),
	[ZONESEC_A_RULE]	= NLA_POLICY_NESTED(zs_nl_rule_policy),
};

int zs_nl_prefix_parse(const struct nlattr *nest, struct zs_prefix *p,
		       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZONESEC_A_PREFIX_MAX + 1];
	int err;

	err = nla_parse_nested(tb, ZONESEC_A_PREFIX_MAX, nest,
			       zs_nl_prefix_policy, extack);
	if (err)
		return err;
	memset(p, 0, sizeof(*p));
	if (!!tb[ZONESEC_A_PREFIX_IPV4] == !!tb[ZONESEC_A_PREFIX_IPV6]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a prefix needs exactly one of ipv4 and ipv6");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	if (!tb[ZONESEC_A_PREFIX_LEN]) {
		NL_SET_ERR_MSG_MOD(extack, "a prefix needs its length");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	if (tb[ZONESEC_A_PREFIX_IPV4]) {
		p->family = NFPROTO_IPV4;
		p->addr.ip = nla_get_in_addr(tb[ZONESEC_A_PREFIX_IPV4]);
	} else {
		p->family = NFPROTO_IPV6;
		p->addr.in6 = nla_get_in6_addr(tb[ZONESEC_A_PREFIX_IPV6]);
	}
	p->len = nla_get_u32(tb[ZONESEC_A_PREFIX_LEN]);
	if (!zs_prefix_valid(p)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "malformed prefix: length too long or host bits set");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	return 0;
}

int zs_nl_prefix_put(struct sk_buff *skb, int type, const struct zs_prefix *p)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if ((p->family == NFPROTO_IPV4 ?
	     nla_put_in_addr(skb, ZONESEC_A_PREFIX_IPV4, p->addr.ip) :
	     nla_put_in6_addr(skb, ZONESEC_A_PREFIX_IPV6, &p->addr.in6)) ||
	    nla_put_u32(skb, ZONESEC_A_PREFIX_LEN, p->len)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int zs_nl_bad(struct netlink_ext_ack *extack, const struct nlattr *attr,
	      const char *msg)
{
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = attr;
	}
	return -EINVAL;
}

/* A set to change: a clone of the current one, or a new empty one. */
struct zs_fw *zs_nl_fw_begin(struct net *net)
{
	struct zs_fw *cur = zs_fw_current(net);

	return cur ? zs_fw_clone(cur) : zs_fw_new();
}

/* One RULE of FW_LOAD, appended; an identical rule of @k's set is kept. */
static int fw_load_rule(struct zs_fw *fw, struct zs_fw_keep *k,
			const struct nlattr *attr, struct genl_info *info)
{
	struct zs_rule *rule, *kept;
	int err;

	if (nla_find_nested(attr, ZONESEC_A_RULE_HANDLE) ||
	    nla_find_nested(attr, ZONESEC_A_RULE_POSITION))
		return ZS_NL_BAD(info->extack, attr,
				 "a loaded rule takes no handle or position: its place is its order");
	rule = zs_rule_alloc();
	if (!rule)
		return -ENOMEM;
	err = zs_nl_rule_parse(fw, attr, rule, info->extack);
	if (err)
		goto err;
	kept = zs_fw_keep_rule(k, rule);
	if (kept) {
		zs_rule_put(rule);
		rule = kept;
	}
	err = zs_rule_insert(fw, rule, fw->n_rules);
	if (err) {
		if (err == -ENOSPC)
			ZS_NL_BAD(info->extack, attr, "too many rules");
		goto err;
	}
	if (!kept)
		rule->handle = zs_fw_next_handle(genl_info_net(info));
	return 0;
err:
	zs_rule_put(rule);
	return err;
}

/*
 * FW_LOAD: every ZONE first (so that policies and rules may name zones
 * defined after them), then every zone's policies, then the RULEs in
 * order. The set is built aside and swapped in by zs_fw_commit(): a
 * request with one error changes nothing. Zones and rules that the
 * current set has too keep their ids, and rules their handles and
 * counters (fw_keep.c).
 */
static int fw_load_parse(struct zs_fw *fw, struct genl_info *info)
{
	const struct zs_fw *cur = zs_fw_current(genl_info_net(info));
	const struct nlattr *attr;
	struct zs_fw_keep *k;
	int rem, err;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != ZONESEC_A_ZONE)
			continue;
		err = zs_nl_zone_parse(fw, attr, false, info->extack);
		if (err)
			return err;
	}
	zs_fw_keep_zone_ids(fw, cur);
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != ZONESEC_A_ZONE)
			continue;
		err = zs_nl_zone_policies(fw, attr, info->extack);
		if (err)
			return err;
	}
	k = zs_fw_keep_begin(cur, fw);
	if (!k)
		return -ENOMEM;
	err = 0;
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != ZONESEC_A_RULE)
			continue;
		err = fw_load_rule(fw, k, attr, info);
		if (err)
			break;
	}
	zs_fw_keep_end(k);
	return err;
}

int zs_nl_fw_load_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct zs_net *zn = zs_netns_priv(net);
	struct zs_fw *fw;
	int err;

	mutex_lock(&zn->conf_lock);
	fw = zs_fw_new();
	if (!fw) {
		err = -ENOMEM;
		goto out;
	}
	err = fw_load_parse(fw, info);
	if (!err)
		err = zs_fw_commit(net, fw);
	if (err)
		zs_fw_free(fw);
out:
	mutex_unlock(&zn->conf_lock);
	return err;
}

static int fw_fill(struct sk_buff *skb, struct net *net)
{
	struct zs_fw_net *fn = &zs_netns_priv(net)->fw;
	struct zs_fw_stats sum = {};
	const struct zs_fw *fw;
	struct nlattr *nest;
	int cpu, err = -EMSGSIZE;

	for_each_possible_cpu(cpu) {
		const struct zs_fw_stats *s = per_cpu_ptr(fn->stats, cpu);

		sum.invalid += READ_ONCE(s->invalid);
		sum.policy_accept += READ_ONCE(s->policy_accept);
		sum.policy_drop += READ_ONCE(s->policy_drop);
	}
	nest = nla_nest_start(skb, ZONESEC_A_FW);
	if (!nest)
		return -EMSGSIZE;
	rcu_read_lock();
	fw = rcu_dereference(fn->fw);
	if (nla_put_u64_64bit(skb, ZONESEC_A_FW_GENERATION,
			      fw ? fw->generation : 0, ZONESEC_A_FW_PAD) ||
	    nla_put_u32(skb, ZONESEC_A_FW_ZONES, fw ? fw->n_zones : 1) ||
	    nla_put_u32(skb, ZONESEC_A_FW_RULES, fw ? fw->n_rules : 0) ||
	    nla_put_u64_64bit(skb, ZONESEC_A_FW_INVALID, sum.invalid,
			      ZONESEC_A_FW_PAD) ||
	    nla_put_u64_64bit(skb, ZONESEC_A_FW_POLICY_ACCEPT,
			      sum.policy_accept, ZONESEC_A_FW_PAD) ||
	    nla_put_u64_64bit(skb, ZONESEC_A_FW_POLICY_DROP, sum.policy_drop,
			      ZONESEC_A_FW_PAD))
		goto out;
	err = 0;
out:
	rcu_read_unlock();
	if (err)
		nla_nest_cancel(skb, nest);
	else
		nla_nest_end(skb, nest);
	return err;
}

int zs_nl_fw_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[ZONESEC_A_ZONE] || info->attrs[ZONESEC_A_RULE]) {
		NL_SET_ERR_MSG_MOD(info->extack, "fw-get takes no attribute");
		return -EINVAL;
	}
	msg = zs_nl_reply_new(info, NLMSG_DEFAULT_SIZE, ZONESEC_CMD_FW_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	err = fw_fill(msg, genl_info_net(info));
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}
