// SPDX-License-Identifier: GPL-2.0
/*
 * RULE_NEW (append, insert, replace), RULE_DEL and RULE_GET.
 */

#include <net/genetlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#include "netlink_fw.h"
#include "netns.h"

static bool proto_has_ports(u32 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP || proto == IPPROTO_UDPLITE;
}

static int rule_zone(const struct zs_fw *fw, struct nlattr *attr,
		     const struct nlattr *nest, u8 *id,
		     struct netlink_ext_ack *extack)
{
	const struct zs_zone *z;

	if (!attr)
		return ZS_NL_BAD(extack, nest, "a rule needs from and to zones");
	z = zs_zone_find(fw, nla_data(attr));
	if (!z)
		return ZS_NL_BAD(extack, attr, "unknown zone");
	*id = z->id;
	return 0;
}

/* A range from MIN and MAX attributes; MAX alone is refused. */
static int rule_ports(struct nlattr **tb, int min_type, int max_type,
		      u16 *min, u16 *max, struct netlink_ext_ack *extack)
{
	if (!tb[min_type]) {
		if (tb[max_type])
			return ZS_NL_BAD(extack, tb[max_type],
				   "a port range needs its lower bound");
		return 0;
	}
	*min = nla_get_u32(tb[min_type]);
	*max = tb[max_type] ? nla_get_u32(tb[max_type]) : *min;
	if (*max < *min)
		return ZS_NL_BAD(extack, tb[max_type], "port range upside down");
	if (!proto_has_ports(tb[ZONESEC_A_RULE_PROTO] ?
			     nla_get_u32(tb[ZONESEC_A_RULE_PROTO]) : 0))
		return ZS_NL_BAD(extack, tb[min_type],
			   "ports need proto tcp, udp, sctp or udplite");
	return 0;
}

static int rule_prefixes(struct nlattr **tb, struct zs_rule *rule,
			 struct netlink_ext_ack *extack)
{
	u8 family = 0;
	int err;

	if (tb[ZONESEC_A_RULE_SRC]) {
		err = zs_nl_prefix_parse(tb[ZONESEC_A_RULE_SRC], &rule->src,
					 extack);
		if (err)
			return err;
		family = rule->src.family;
	}
	if (tb[ZONESEC_A_RULE_DST]) {
		err = zs_nl_prefix_parse(tb[ZONESEC_A_RULE_DST], &rule->dst,
					 extack);
		if (err)
			return err;
		if (family && family != rule->dst.family)
			return ZS_NL_BAD(extack, tb[ZONESEC_A_RULE_DST],
				   "src and dst prefixes of different families");
		family = rule->dst.family;
	}
	if ((rule->proto == IPPROTO_ICMP && family == NFPROTO_IPV6) ||
	    (rule->proto == IPPROTO_ICMPV6 && family == NFPROTO_IPV4))
		return ZS_NL_BAD(extack, tb[ZONESEC_A_RULE_PROTO],
			   "protocol and prefix families differ");
	return 0;
}

/*
 * The rule precheck: every cross-attribute constraint, with the reason.
 * HANDLE and POSITION are the caller's business.
 */
int zs_nl_rule_parse(struct zs_fw *fw, const struct nlattr *nest,
		     struct zs_rule *rule, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZONESEC_A_RULE_MAX + 1];
	int err;

	err = nla_parse_nested(tb, ZONESEC_A_RULE_MAX, nest,
			       zs_nl_rule_policy, extack);
	if (err)
		return err;
	if (tb[ZONESEC_A_RULE_PACKETS] || tb[ZONESEC_A_RULE_BYTES])
		return ZS_NL_BAD(extack, tb[ZONESEC_A_RULE_PACKETS] ?:
			   tb[ZONESEC_A_RULE_BYTES],
			   "counters are reply-only attributes");
	err = rule_zone(fw, tb[ZONESEC_A_RULE_FROM], nest, &rule->from,
			extack);
	if (!err)
		err = rule_zone(fw, tb[ZONESEC_A_RULE_TO], nest, &rule->to,
				extack);
	if (err)
		return err;
	if (!tb[ZONESEC_A_RULE_ACTION])
		return ZS_NL_BAD(extack, nest, "a rule needs an action");
	rule->action = nla_get_u32(tb[ZONESEC_A_RULE_ACTION]);
	if (tb[ZONESEC_A_RULE_FLAGS])
		rule->flags = nla_get_u32(tb[ZONESEC_A_RULE_FLAGS]);
	if (tb[ZONESEC_A_RULE_PROTO])
		rule->proto = nla_get_u32(tb[ZONESEC_A_RULE_PROTO]);
	err = rule_ports(tb, ZONESEC_A_RULE_SPORT_MIN, ZONESEC_A_RULE_SPORT_MAX,
			 &rule->sport_min, &rule->sport_max, extack);
	if (!err)
		err = rule_ports(tb, ZONESEC_A_RULE_DPORT_MIN,
				 ZONESEC_A_RULE_DPORT_MAX, &rule->dport_min,
				 &rule->dport_max, extack);
	if (err)
		return err;
	if (tb[ZONESEC_A_RULE_ICMP_TYPE]) {
		if (rule->proto != IPPROTO_ICMP && rule->proto != IPPROTO_ICMPV6)
			return ZS_NL_BAD(extack, tb[ZONESEC_A_RULE_ICMP_TYPE],
				   "icmp-type needs proto icmp or icmpv6");
		rule->has_icmp_type = true;
		rule->icmp_type = nla_get_u32(tb[ZONESEC_A_RULE_ICMP_TYPE]);
	}
	return rule_prefixes(tb, rule, extack);
}

static int rule_fill(struct sk_buff *skb, const struct zs_fw *fw, u32 idx)
{
	const struct zs_rule *r = fw->rules[idx];
	struct nlattr *nest;
	u64 packets, bytes;

	zs_rule_read_stats(r, &packets, &bytes);
	nest = nla_nest_start(skb, ZONESEC_A_RULE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, ZONESEC_A_RULE_HANDLE, r->handle) ||
	    nla_put_u32(skb, ZONESEC_A_RULE_POSITION, idx + 1) ||
	    nla_put_string(skb, ZONESEC_A_RULE_FROM, fw->zones[r->from]->name) ||
	    nla_put_string(skb, ZONESEC_A_RULE_TO, fw->zones[r->to]->name) ||
	    (r->proto && nla_put_u32(skb, ZONESEC_A_RULE_PROTO, r->proto)) ||
	    (r->src.family &&
	     zs_nl_prefix_put(skb, ZONESEC_A_RULE_SRC, &r->src)) ||
	    (r->dst.family &&
	     zs_nl_prefix_put(skb, ZONESEC_A_RULE_DST, &r->dst)) ||
	    (r->sport_min &&
	     (nla_put_u32(skb, ZONESEC_A_RULE_SPORT_MIN, r->sport_min) ||
	      nla_put_u32(skb, ZONESEC_A_RULE_SPORT_MAX, r->sport_max))) ||
	    (r->dport_min &&
	     (nla_put_u32(skb, ZONESEC_A_RULE_DPORT_MIN, r->dport_min) ||
	      nla_put_u32(skb, ZONESEC_A_RULE_DPORT_MAX, r->dport_max))) ||
	    (r->has_icmp_type &&
	     nla_put_u32(skb, ZONESEC_A_RULE_ICMP_TYPE, r->icmp_type)) ||
	    nla_put_u32(skb, ZONESEC_A_RULE_ACTION, r->action) ||
	    nla_put_u32(skb, ZONESEC_A_RULE_FLAGS, r->flags) ||
	    nla_put_u64_64bit(skb, ZONESEC_A_RULE_PACKETS, packets,
			      ZONESEC_A_RULE_PAD) ||
	    nla_put_u64_64bit(skb, ZONESEC_A_RULE_BYTES, bytes,
			      ZONESEC_A_RULE_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int rule_reply(struct genl_info *info, const struct zs_fw *fw, u32 idx)
{
	struct sk_buff *msg;
	void *hdr;

	msg = zs_nl_reply_new(info, NLMSG_GOODSIZE, ZONESEC_CMD_RULE_NEW, &hdr);
	if (!msg)
		return -ENOMEM;
	if (rule_fill(msg, fw, idx)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct nlattr *rule_attr(struct genl_info *info)
{
	if (info->attrs[ZONESEC_A_ZONE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ZONESEC_A_ZONE],
				    "a rule operation takes no zone");
		return ERR_PTR(-EINVAL);
	}
	if (!info->attrs[ZONESEC_A_RULE]) {
		NL_SET_ERR_MSG_MOD(info->extack, "missing rule attribute");
		return ERR_PTR(-EINVAL);
	}
	return info->attrs[ZONESEC_A_RULE];
}

/* Where the new rule goes, and which one it replaces (-1: none). */
static int rule_place(const struct zs_fw *fw, const struct nlattr *nest,
		      u32 *pos, int *replace, struct netlink_ext_ack *extack)
{
	struct nlattr *handle = nla_find_nested(nest, ZONESEC_A_RULE_HANDLE);
	struct nlattr *position = nla_find_nested(nest,
						  ZONESEC_A_RULE_POSITION);

	*replace = -1;
	*pos = fw->n_rules;
	if (handle && position)
		return ZS_NL_BAD(extack, position,
			   "give a handle to replace or a position, not both");
	if (handle) {
		*replace = zs_rule_find(fw, nla_get_u32(handle));
		if (*replace < 0) {
			NL_SET_ERR_MSG_MOD(extack, "no rule with this handle");
			NL_SET_BAD_ATTR(extack, handle);
			return -ENOENT;
		}
		*pos = *replace;
	} else if (position) {
		*pos = nla_get_u32(position) - 1;
		if (*pos > fw->n_rules)
			return ZS_NL_BAD(extack, position,
				   "position beyond the end of the rule list");
	}
	return 0;
}

static int rule_new(struct net *net, struct zs_fw *fw, struct genl_info *info,
		    u32 *pos)
{
	const struct nlattr *nest = rule_attr(info);
	struct zs_rule *rule;
	int replace, err;

	if (IS_ERR(nest))
		return PTR_ERR(nest);
	err = rule_place(fw, nest, pos, &replace, info->extack);
	if (err)
		return err;
	rule = zs_rule_alloc();
	if (!rule)
		return -ENOMEM;
	err = zs_nl_rule_parse(fw, nest, rule, info->extack);
	if (err)
		goto err_put;
	if (replace >= 0) {
		/* a new rule object: new counters, the same handle */
		rule->handle = fw->rules[replace]->handle;
		zs_rule_put(fw->rules[replace]);
		fw->rules[replace] = rule;
		return 0;
	}
	err = zs_rule_insert(fw, rule, *pos);
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack, "too many rules");
		goto err_put;
	}
	rule->handle = zs_fw_next_handle(net);
	return 0;

err_put:
	zs_rule_put(rule);
	return err;
}

int zs_nl_rule_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct zs_net *zn = zs_netns_priv(net);
	struct zs_fw *fw;
	u32 pos = 0;
	int err;

	mutex_lock(&zn->conf_lock);
	fw = zs_nl_fw_begin(net);
	if (!fw) {
		err = -ENOMEM;
		goto out;
	}
	err = rule_new(net, fw, info, &pos);
	if (!err)
		err = zs_fw_commit(net, fw);
	if (err) {
		zs_fw_free(fw);
		goto out;
	}
	/* the rule is in; a failed reply does not undo it */
	err = rule_reply(info, fw, pos);
out:
	mutex_unlock(&zn->conf_lock);
	return err;
}

int zs_nl_rule_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *nest = rule_attr(info), *handle;
	struct net *net = genl_info_net(info);
	struct zs_net *zn = zs_netns_priv(net);
	struct zs_fw *fw;
	int idx, err;

	if (IS_ERR(nest))
		return PTR_ERR(nest);
	handle = nla_find_nested(nest, ZONESEC_A_RULE_HANDLE);
	if (!handle || nla_len(nest) != nla_total_size(sizeof(u32)))
		return ZS_NL_BAD(info->extack, nest, "rule del takes the handle only");
	mutex_lock(&zn->conf_lock);
	fw = zs_nl_fw_begin(net);
	if (!fw) {
		err = -ENOMEM;
		goto out;
	}
	idx = zs_rule_find(fw, nla_get_u32(handle));
	if (idx < 0) {
		NL_SET_ERR_MSG_MOD(info->extack, "no rule with this handle");
		NL_SET_BAD_ATTR(info->extack, handle);
		err = -ENOENT;
	} else {
		zs_rule_remove(fw, idx);
		err = zs_fw_commit(net, fw);
	}
	if (err)
		zs_fw_free(fw);
out:
	mutex_unlock(&zn->conf_lock);
	return err;
}

/*
 * Dump: rules in order; cb->args[0] is the next index to send. Clients
 * filter by zone themselves: a rule's place in the whole list matters.
 */
int zs_nl_rule_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct zs_fw_net *fn = &zs_netns_priv(sock_net(skb->sk))->fw;
	const struct zs_fw *fw;
	void *hdr;
	u32 i = 0;
	int err = 0;

	rcu_read_lock();
	fw = rcu_dereference(fn->fw);
	if (!fw)
		goto out;
	cb->seq = (u32)fw->generation;
	for (i = cb->args[0]; i < fw->n_rules; i++) {
		hdr = zs_nl_dump_hdr(skb, cb, ZONESEC_CMD_RULE_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (rule_fill(skb, fw, i)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
	}
out:
	rcu_read_unlock();
	cb->args[0] = i;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}
