// SPDX-License-Identifier: GPL-2.0
/*
 * Policy operations of the family: policy-new, policy-get (do, dump),
 * policy-del, policy-flush. Types and ranges are checked by the policies
 * below; policy_precheck() checks that the selector can match anything
 * and that the action and template agree.
 */

#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <uapi/linux/zonesec.h>

#include "netlink.h"
#include "netns.h"
#include "policy.h"

static struct netlink_range_validation port_range = { .max = 65535 };

static const struct nla_policy tmpl_policy[ZONESEC_A_TMPL_MAX + 1] = {
	[ZONESEC_A_TMPL_PROTO] = NLA_POLICY_RANGE(NLA_U32, ZONESEC_PROTO_ESP,
						  ZONESEC_PROTO_AH),
	[ZONESEC_A_TMPL_MODE] = NLA_POLICY_RANGE(NLA_U32,
						 ZONESEC_MODE_TRANSPORT,
						 ZONESEC_MODE_TUNNEL),
	[ZONESEC_A_TMPL_SRC] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						      zs_nl_validate_addr, 16),
	[ZONESEC_A_TMPL_DST] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						      zs_nl_validate_addr, 16),
	[ZONESEC_A_TMPL_REQID] = { .type = NLA_U32 },
};

static const struct nla_policy pol_policy[ZONESEC_A_POLICY_MAX + 1] = {
	[ZONESEC_A_POLICY_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ZONESEC_A_POLICY_DIR] = NLA_POLICY_RANGE(NLA_U32, ZONESEC_DIR_IN,
						  ZONESEC_DIR_FWD),
	[ZONESEC_A_POLICY_SRC] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
							zs_nl_validate_addr,
							16),
	[ZONESEC_A_POLICY_SRC_PREFIXLEN] = NLA_POLICY_MAX(NLA_U32, 128),
	[ZONESEC_A_POLICY_DST] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
							zs_nl_validate_addr,
							16),
	[ZONESEC_A_POLICY_DST_PREFIXLEN] = NLA_POLICY_MAX(NLA_U32, 128),
	[ZONESEC_A_POLICY_PROTO] = NLA_POLICY_MAX(NLA_U32, 255),
	[ZONESEC_A_POLICY_SPORT_MIN] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &port_range),
	[ZONESEC_A_POLICY_SPORT_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &port_range),
	[ZONESEC_A_POLICY_DPORT_MIN] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &port_range),
	[ZONESEC_A_POLICY_DPORT_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &port_range),
	[ZONESEC_A_POLICY_ICMP_TYPE] = NLA_POLICY_MAX(NLA_U32, 255),
	[ZONESEC_A_POLICY_PRIORITY] = { .type = NLA_U32 },
	[ZONESEC_A_POLICY_ACTION] = NLA_POLICY_RANGE(NLA_U32,
						     ZONESEC_ACTION_PROTECT,
						     ZONESEC_ACTION_DISCARD),
	[ZONESEC_A_POLICY_TMPL] = NLA_POLICY_NESTED(tmpl_policy),
};

const struct nla_policy zs_nl_policy_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_POLICY] = NLA_POLICY_NESTED(pol_policy),
};

static int pol_parse(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[ZONESEC_A_POLICY];

	if (!nest) {
		NL_SET_ERR_MSG_MOD(info->extack, "the request needs a policy");
		return -EINVAL;
	}
	return nla_parse_nested(tb, ZONESEC_A_POLICY_MAX, nest, pol_policy,
				info->extack);
}

static bool proto_has_ports(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP || proto == IPPROTO_UDPLITE;
}

/* One prefix: length within the family, no bits set beyond it. */
static int prefix_precheck(struct nlattr *addr, struct nlattr *plen,
			   union zs_addr *out, u8 *out_plen, u32 af,
			   struct netlink_ext_ack *extack)
{
	u32 len = zs_nla_u32(plen, zs_addr_bits(af));

	zs_nl_get_addr(addr, out);
	if (len > zs_addr_bits(af)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "prefix length too long for the family");
		NL_SET_BAD_ATTR(extack, plen);
		return -EINVAL;
	}
	*out_plen = len;
	/* the bits beyond the prefix must be zero, as ip-route wants them */
	if (len < zs_addr_bits(af)) {
		union zs_addr masked = *out;
		u8 *b = (u8 *)&masked;
		unsigned int i;

		for (i = len; i < zs_addr_bits(af); i++)
			b[i / 8] &= ~(0x80 >> (i % 8));
		if (!zs_addr_equal(&masked, out, af)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "address has bits set beyond its prefix length");
			NL_SET_BAD_ATTR(extack, addr);
			return -EINVAL;
		}
	}
	return 0;
}

static int ports_precheck(struct nlattr **tb, struct zs_selector *sel,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *smin = tb[ZONESEC_A_POLICY_SPORT_MIN];
	struct nlattr *smax = tb[ZONESEC_A_POLICY_SPORT_MAX];
	struct nlattr *dmin = tb[ZONESEC_A_POLICY_DPORT_MIN];
	struct nlattr *dmax = tb[ZONESEC_A_POLICY_DPORT_MAX];
	struct nlattr *any = smin ?: smax ?: dmin ?: dmax;

	sel->sport_min = zs_nla_u32(smin, 0);
	sel->sport_max = zs_nla_u32(smax, smin ? sel->sport_min : 65535);
	sel->dport_min = zs_nla_u32(dmin, 0);
	sel->dport_max = zs_nla_u32(dmax, dmin ? sel->dport_min : 65535);
	if (any && !proto_has_ports(sel->proto)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ports need proto tcp, udp, sctp or udplite");
		NL_SET_BAD_ATTR(extack, any);
		return -EINVAL;
	}
	if (sel->sport_min > sel->sport_max ||
	    sel->dport_min > sel->dport_max) {
		NL_SET_ERR_MSG_MOD(extack, "port range is empty");
		NL_SET_BAD_ATTR(extack, sel->sport_min > sel->sport_max ?
				smax : dmax);
		return -EINVAL;
	}
	return 0;
}

/* The selector: dir, addresses, protocol, ports or ICMP type. */
static int sel_precheck(struct nlattr **tb, const struct nlattr *nest,
			u32 *dir, struct zs_selector *sel,
			struct netlink_ext_ack *extack)
{
	struct nlattr *src = tb[ZONESEC_A_POLICY_SRC];
	struct nlattr *dst = tb[ZONESEC_A_POLICY_DST];
	struct nlattr *icmp = tb[ZONESEC_A_POLICY_ICMP_TYPE];
	u8 icmp_proto;
	int err;

	memset(sel, 0, sizeof(*sel));
	if (!tb[ZONESEC_A_POLICY_DIR] || !src || !dst) {
		NL_SET_ERR_MSG_MOD(extack, "a policy needs dir, src and dst");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	*dir = nla_get_u32(tb[ZONESEC_A_POLICY_DIR]);
	sel->af = zs_addr_af_of_len(nla_len(src));
	if (zs_addr_af_of_len(nla_len(dst)) != sel->af) {
		NL_SET_ERR_MSG_MOD(extack, "src and dst differ in family");
		NL_SET_BAD_ATTR(extack, dst);
		return -EINVAL;
	}
	err = prefix_precheck(src, tb[ZONESEC_A_POLICY_SRC_PREFIXLEN],
			      &sel->src, &sel->src_plen, sel->af, extack);
	if (!err)
		err = prefix_precheck(dst, tb[ZONESEC_A_POLICY_DST_PREFIXLEN],
				      &sel->dst, &sel->dst_plen, sel->af,
				      extack);
	if (err)
		return err;
	sel->proto = zs_nla_u32(tb[ZONESEC_A_POLICY_PROTO], 0);
	err = ports_precheck(tb, sel, extack);
	if (err)
		return err;
	sel->icmp_type = ZS_ICMP_ANY;
	if (icmp) {
		icmp_proto = sel->af == ZONESEC_AF_IPV4 ? IPPROTO_ICMP :
							  IPPROTO_ICMPV6;
		if (sel->proto != icmp_proto) {
			NL_SET_ERR_MSG_MOD(extack,
					   "icmp-type needs proto icmp (IPv4) or ipv6-icmp (IPv6)");
			NL_SET_BAD_ATTR(extack, icmp);
			return -EINVAL;
		}
		sel->icmp_type = nla_get_u32(icmp);
	}
	return 0;
}

static int tmpl_precheck(const struct nlattr *nest, struct zs_tmpl *t,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZONESEC_A_TMPL_MAX + 1];
	struct nlattr *src, *dst;
	int err;

	err = nla_parse_nested(tb, ZONESEC_A_TMPL_MAX, nest, tmpl_policy,
			       extack);
	if (err)
		return err;
	src = tb[ZONESEC_A_TMPL_SRC];
	dst = tb[ZONESEC_A_TMPL_DST];
	t->proto = zs_nla_u32(tb[ZONESEC_A_TMPL_PROTO], ZONESEC_PROTO_ESP);
	t->mode = zs_nla_u32(tb[ZONESEC_A_TMPL_MODE], ZONESEC_MODE_TRANSPORT);
	t->reqid = zs_nla_u32(tb[ZONESEC_A_TMPL_REQID], 0);
	if (!src != !dst) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a template has both src and dst or neither");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	if (t->mode == ZONESEC_MODE_TUNNEL && !src) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a tunnel template needs src and dst");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	if (!src)
		return 0;
	t->af = zs_nl_get_addr(src, &t->src);
	if (zs_nl_get_addr(dst, &t->dst) != t->af) {
		NL_SET_ERR_MSG_MOD(extack,
				   "template src and dst differ in family");
		NL_SET_BAD_ATTR(extack, dst);
		return -EINVAL;
	}
	return 0;
}

static int policy_precheck(struct nlattr **tb, const struct nlattr *nest,
			   struct zs_policy *pol,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tmpl = tb[ZONESEC_A_POLICY_TMPL];
	int err;

	err = sel_precheck(tb, nest, &pol->dir, &pol->sel, extack);
	if (err)
		return err;
	pol->priority = zs_nla_u32(tb[ZONESEC_A_POLICY_PRIORITY], 0);
	pol->action = zs_nla_u32(tb[ZONESEC_A_POLICY_ACTION],
				 ZONESEC_ACTION_PROTECT);
	if (pol->action != ZONESEC_ACTION_PROTECT) {
		if (!tmpl)
			return 0;
		NL_SET_ERR_MSG_MOD(extack, "only protect takes a template");
		NL_SET_BAD_ATTR(extack, tmpl);
		return -EINVAL;
	}
	if (!tmpl) {
		NL_SET_ERR_MSG_MOD(extack, "protect needs a template");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	err = tmpl_precheck(tmpl, &pol->tmpl, extack);
	if (err)
		return err;
	if (pol->tmpl.mode == ZONESEC_MODE_TRANSPORT && pol->tmpl.af &&
	    pol->tmpl.af != pol->sel.af) {
		NL_SET_ERR_MSG_MOD(extack,
				   "transport mode cannot carry another family");
		NL_SET_BAD_ATTR(extack, tmpl);
		return -EINVAL;
	}
	return 0;
}

int zs_nl_policy_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));
	struct nlattr *tb[ZONESEC_A_POLICY_MAX + 1];
	struct zs_policy *pol;
	int err;

	err = pol_parse(info, tb);
	if (err)
		return err;
	if (tb[ZONESEC_A_POLICY_ID]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the module assigns policy ids");
		NL_SET_BAD_ATTR(info->extack, tb[ZONESEC_A_POLICY_ID]);
		return -EINVAL;
	}
	pol = kzalloc(sizeof(*pol), GFP_KERNEL);
	if (!pol)
		return -ENOMEM;
	err = policy_precheck(tb, info->attrs[ZONESEC_A_POLICY], pol,
			      info->extack);
	if (err)
		goto err_free;

	mutex_lock(&zn->conf_lock);
	err = zs_policy_insert(zn, pol);
	mutex_unlock(&zn->conf_lock);
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a policy with this dir and selector exists");
		NL_SET_BAD_ATTR(info->extack, info->attrs[ZONESEC_A_POLICY]);
		goto err_free;
	}
	return 0;

err_free:
	kfree(pol);
	return err;
}

/* A policy of a get or del: by id, or by dir and selector. */
static struct zs_policy *pol_find(struct zs_net *zn, struct nlattr **tb,
				  struct genl_info *info)
{
	struct nlattr *id = tb[ZONESEC_A_POLICY_ID];
	struct zs_selector sel;
	struct zs_policy *pol;
	u32 dir;
	int err;

	lockdep_assert_held(&zn->conf_lock);
	if (id) {
		pol = zs_policy_find_id(zn, nla_get_u32(id));
	} else {
		err = sel_precheck(tb, info->attrs[ZONESEC_A_POLICY], &dir,
				   &sel, info->extack);
		if (err)
			return ERR_PTR(err);
		pol = zs_policy_find_sel(zn, dir, &sel);
	}
	if (!pol) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such policy");
		NL_SET_BAD_ATTR(info->extack, id ?: info->attrs[ZONESEC_A_POLICY]);
		return ERR_PTR(-ENOENT);
	}
	return pol;
}

/* An upper bound of what pol_fill() writes. */
static size_t pol_nlsize(void)
{
	return nla_total_size(0) +			/* ZONESEC_A_POLICY */
	       12 * nla_total_size(sizeof(u32)) +
	       2 * nla_total_size(sizeof(struct in6_addr)) +
	       nla_total_size(0) +			/* _TMPL */
	       3 * nla_total_size(sizeof(u32)) +
	       2 * nla_total_size(sizeof(struct in6_addr));
}

static int tmpl_fill(struct sk_buff *skb, const struct zs_tmpl *t)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, ZONESEC_A_POLICY_TMPL);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, ZONESEC_A_TMPL_PROTO, t->proto) ||
	    nla_put_u32(skb, ZONESEC_A_TMPL_MODE, t->mode) ||
	    nla_put_u32(skb, ZONESEC_A_TMPL_REQID, t->reqid) ||
	    (t->af && (zs_nl_put_addr(skb, ZONESEC_A_TMPL_SRC, &t->src, t->af) ||
		       zs_nl_put_addr(skb, ZONESEC_A_TMPL_DST, &t->dst, t->af)))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int sel_fill(struct sk_buff *skb, const struct zs_selector *s)
{
	if (zs_nl_put_addr(skb, ZONESEC_A_POLICY_SRC, &s->src, s->af) ||
	    nla_put_u32(skb, ZONESEC_A_POLICY_SRC_PREFIXLEN, s->src_plen) ||
	    zs_nl_put_addr(skb, ZONESEC_A_POLICY_DST, &s->dst, s->af) ||
	    nla_put_u32(skb, ZONESEC_A_POLICY_DST_PREFIXLEN, s->dst_plen) ||
	    nla_put_u32(skb, ZONESEC_A_POLICY_PROTO, s->proto))
		return -EMSGSIZE;
	if (proto_has_ports(s->proto) &&
	    (nla_put_u32(skb, ZONESEC_A_POLICY_SPORT_MIN, s->sport_min) ||
	     nla_put_u32(skb, ZONESEC_A_POLICY_SPORT_MAX, s->sport_max) ||
	     nla_put_u32(skb, ZONESEC_A_POLICY_DPORT_MIN, s->dport_min) ||
	     nla_put_u32(skb, ZONESEC_A_POLICY_DPORT_MAX, s->dport_max)))
		return -EMSGSIZE;
	if (s->icmp_type != ZS_ICMP_ANY &&
	    nla_put_u32(skb, ZONESEC_A_POLICY_ICMP_TYPE, s->icmp_type))
		return -EMSGSIZE;
	return 0;
}

static int pol_fill(struct sk_buff *skb, const struct zs_policy *pol)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, ZONESEC_A_POLICY);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, ZONESEC_A_POLICY_ID, pol->id) ||
	    nla_put_u32(skb, ZONESEC_A_POLICY_DIR, pol->dir) ||
	    sel_fill(skb, &pol->sel) ||
	    nla_put_u32(skb, ZONESEC_A_POLICY_PRIORITY, pol->priority) ||
	    nla_put_u32(skb, ZONESEC_A_POLICY_ACTION, pol->action) ||
	    (pol->action == ZONESEC_ACTION_PROTECT &&
	     tmpl_fill(skb, &pol->tmpl))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int zs_nl_policy_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));
	struct nlattr *tb[ZONESEC_A_POLICY_MAX + 1];
	struct zs_policy *pol;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = pol_parse(info, tb);
	if (err)
		return err;
	msg = zs_nl_reply_new(info, pol_nlsize(), ZONESEC_CMD_POLICY_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&zn->conf_lock);
	pol = pol_find(zn, tb, info);
	err = IS_ERR(pol) ? PTR_ERR(pol) : pol_fill(msg, pol);
	mutex_unlock(&zn->conf_lock);
	if (err) {
		WARN_ON_ONCE(err == -EMSGSIZE);
		goto err_free;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

/* Resumes at direction cb->args[0], after cb->args[1] policies of it. */
int zs_nl_policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct zs_net *zn = zs_netns_priv(sock_net(skb->sk));
	unsigned long d, i, skip;
	struct zs_policy *pol;
	void *hdr;

	mutex_lock(&zn->conf_lock);
	cb->seq = zn->spd.gen;
	for (d = cb->args[0]; d < ZS_DIR_NUM; d++) {
		skip = d == cb->args[0] ? cb->args[1] : 0;
		i = 0;
		list_for_each_entry(pol, &zn->spd.dir[d], list) {
			if (i++ < skip)
				continue;
			hdr = zs_nl_dump_hdr(skb, cb, ZONESEC_CMD_POLICY_GET);
			if (!hdr)
				goto out;
			if (pol_fill(skb, pol)) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			cb->args[0] = d;
			cb->args[1] = i;
		}
	}
	cb->args[0] = d;
	cb->args[1] = 0;
out:
	mutex_unlock(&zn->conf_lock);
	return skb->len;
}

int zs_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));
	struct nlattr *tb[ZONESEC_A_POLICY_MAX + 1];
	struct zs_policy *pol;
	int err;

	err = pol_parse(info, tb);
	if (err)
		return err;
	mutex_lock(&zn->conf_lock);
	pol = pol_find(zn, tb, info);
	if (!IS_ERR(pol))
		zs_policy_unlink(zn, pol);
	mutex_unlock(&zn->conf_lock);
	return PTR_ERR_OR_ZERO(pol);
}

int zs_nl_policy_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));

	mutex_lock(&zn->conf_lock);
	zs_policy_flush(zn);
	mutex_unlock(&zn->conf_lock);
	return 0;
}

/**
 * zs_nl_acquire_notify() - ask the events group for an SA
 * @net: the namespace
 * @pol: the protect policy a packet fell under, without an SA
 *
 * From the datapath: atomic, best effort.
 */
void zs_nl_acquire_notify(struct net *net, const struct zs_policy *pol)
{
	struct sk_buff *msg;
	void *hdr;

	if (!zs_nl_events_wanted(net))
		return;
	msg = zs_nl_event_new(pol_nlsize(), GFP_ATOMIC, ZONESEC_CMD_ACQUIRE_NTF,
			      &hdr);
	if (!msg)
		return;
	if (WARN_ON_ONCE(pol_fill(msg, pol))) {
		nlmsg_free(msg);
		return;
	}
	zs_nl_event_send(net, msg, hdr);
}
