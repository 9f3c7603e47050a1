// SPDX-License-Identifier: GPL-2.0
/*
 * ZONE_NEW, ZONE_DEL, ZONE_GET and ZONE_POLICY_SET.
 */

#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#include "netlink_fw.h"
#include "netns.h"

static int zone_add_iface(const struct zs_fw *fw, struct zs_zone *z,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);

	if (!dev_valid_name(name))
		return ZS_NL_BAD(extack, attr, "invalid interface name");
	if (zs_zone_iface_owner(fw, name, NULL))
		return ZS_NL_BAD(extack, attr, "interface is in a zone already");
	if (z->n_ifaces == ZONESEC_ZONE_IFACES_MAX)
		return ZS_NL_BAD(extack, attr, "too many interfaces in one zone");
	strscpy(z->ifaces[z->n_ifaces++], name, IFNAMSIZ);
	return 0;
}

static int zone_add_prefix(const struct zs_fw *fw, struct zs_zone *z,
			   const struct nlattr *attr,
			   struct netlink_ext_ack *extack)
{
	struct zs_prefix p;
	unsigned int i;
	int err;

	err = zs_nl_prefix_parse(attr, &p, extack);
	if (err)
		return err;
	if (zs_zone_prefix_owner(fw, &p, NULL))
		return ZS_NL_BAD(extack, attr,
			   "prefix overlaps a prefix of another zone");
	for (i = 0; i < z->n_prefixes; i++)
		if (zs_prefix_overlap(&z->prefixes[i], &p))
			return ZS_NL_BAD(extack, attr,
				   "prefix overlaps another prefix of the zone");
	if (z->n_prefixes == ZONESEC_ZONE_PREFIXES_MAX)
		return ZS_NL_BAD(extack, attr, "too many prefixes in one zone");
	z->prefixes[z->n_prefixes++] = p;
	return 0;
}

/* A reqid (0: any SA) whose decapsulated packets belong to the zone. */
static int zone_add_ipsec(const struct zs_fw *fw, struct zs_zone *z,
			  const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	u32 reqid = nla_get_u32(attr);
	unsigned int i;

	if (zs_zone_ipsec_owner(fw, reqid))
		return ZS_NL_BAD(extack, attr,
			   "ipsec member is in another zone already");
	for (i = 0; i < z->n_ipsec; i++)
		if (z->ipsec[i] == reqid)
			return ZS_NL_BAD(extack, attr, "ipsec member given twice");
	if (z->n_ipsec == ZONESEC_ZONE_IPSEC_MAX)
		return ZS_NL_BAD(extack, attr,
			   "too many ipsec members in one zone");
	z->ipsec[z->n_ipsec++] = reqid;
	return 0;
}

static int zone_members(const struct zs_fw *fw, struct zs_zone *z,
			const struct nlattr *nest,
			struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem, err = 0;

	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) == ZONESEC_A_ZONE_IFACE)
			err = zone_add_iface(fw, z, attr, extack);
		else if (nla_type(attr) == ZONESEC_A_ZONE_PREFIX)
			err = zone_add_prefix(fw, z, attr, extack);
		else if (nla_type(attr) == ZONESEC_A_ZONE_IPSEC)
			err = zone_add_ipsec(fw, z, attr, extack);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The zone precheck: parse one ZONE nest and add the zone it describes
 * to @fw (members only; policies with zs_nl_zone_policies(), once every
 * zone of the request exists). A nest naming "self" may only carry
 * policies. With @policies, the nest may carry POLICY nests; without,
 * they are left for the second pass.
 */
int zs_nl_zone_parse(struct zs_fw *fw, const struct nlattr *nest,
		     bool policies, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZONESEC_A_ZONE_MAX + 1];
	const char *name;
	struct zs_zone *z;
	int err;

	err = nla_parse_nested(tb, ZONESEC_A_ZONE_MAX, nest,
			       zs_nl_zone_policy, extack);
	if (err)
		return err;
	if (!tb[ZONESEC_A_ZONE_NAME])
		return ZS_NL_BAD(extack, nest, "a zone needs a name");
	if (tb[ZONESEC_A_ZONE_BUILTIN])
		return ZS_NL_BAD(extack, tb[ZONESEC_A_ZONE_BUILTIN],
			   "builtin is a reply-only attribute");
	name = nla_data(tb[ZONESEC_A_ZONE_NAME]);
	if (!zs_zone_name_valid(name))
		return ZS_NL_BAD(extack, tb[ZONESEC_A_ZONE_NAME],
			   "invalid zone name: 1 to 15 of [A-Za-z0-9_.-]");
	if (!strcmp(name, ZONESEC_ZONE_SELF)) {
		if (tb[ZONESEC_A_ZONE_IFACE] || tb[ZONESEC_A_ZONE_PREFIX] ||
		    tb[ZONESEC_A_ZONE_IPSEC])
			return ZS_NL_BAD(extack, nest,
				   "zone self is the gateway: it has no members");
		return 0;
	}
	if (zs_zone_find(fw, name))
		return ZS_NL_BAD(extack, tb[ZONESEC_A_ZONE_NAME], "zone exists");

	z = kzalloc(sizeof(*z), GFP_KERNEL);
	if (!z)
		return -ENOMEM;
	strscpy(z->name, name, sizeof(z->name));
	err = zone_members(fw, z, nest, extack);
	if (!err) {
		err = zs_zone_add(fw, z);
		if (err)
			ZS_NL_BAD(extack, nest, "too many zones");
	}
	if (err) {
		kfree(z);
		return err;
	}
	return policies ? zs_nl_zone_policies(fw, nest, extack) : 0;
}

static int zone_policy(struct zs_fw *fw, const struct zs_zone *from,
		       const struct nlattr *nest,
		       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ZONESEC_A_ZONE_POLICY_MAX + 1];
	const struct zs_zone *to;
	int err;

	err = nla_parse_nested(tb, ZONESEC_A_ZONE_POLICY_MAX, nest,
			       zs_nl_zone_policy_policy, extack);
	if (err)
		return err;
	if (!tb[ZONESEC_A_ZONE_POLICY_TO] || !tb[ZONESEC_A_ZONE_POLICY_ACTION])
		return ZS_NL_BAD(extack, nest, "a zone policy needs to and action");
	to = zs_zone_find(fw, nla_data(tb[ZONESEC_A_ZONE_POLICY_TO]));
	if (!to)
		return ZS_NL_BAD(extack, tb[ZONESEC_A_ZONE_POLICY_TO],
			   "unknown zone");
	fw->policy[from->id][to->id] =
		nla_get_u32(tb[ZONESEC_A_ZONE_POLICY_ACTION]);
	return 0;
}

/* The POLICY nests of a ZONE nest whose zone exists in @fw. */
int zs_nl_zone_policies(struct zs_fw *fw, const struct nlattr *nest,
			struct netlink_ext_ack *extack)
{
	const struct nlattr *attr, *name = NULL;
	const struct zs_zone *from;
	int rem, err;

	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) == ZONESEC_A_ZONE_NAME)
			name = attr;
	from = name ? zs_zone_find(fw, nla_data(name)) : NULL;
	if (!from)
		return ZS_NL_BAD(extack, name ?: nest, "unknown zone");
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != ZONESEC_A_ZONE_POLICY)
			continue;
		err = zone_policy(fw, from, attr, extack);
		if (err)
			return err;
	}
	return 0;
}

static const struct nlattr *zone_attr(struct genl_info *info)
{
	if (info->attrs[ZONESEC_A_RULE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ZONESEC_A_RULE],
				    "a zone operation takes no rule");
		return ERR_PTR(-EINVAL);
	}
	if (!info->attrs[ZONESEC_A_ZONE]) {
		NL_SET_ERR_MSG_MOD(info->extack, "missing zone attribute");
		return ERR_PTR(-EINVAL);
	}
	return info->attrs[ZONESEC_A_ZONE];
}

typedef int (*zone_change_fn)(struct zs_fw *fw, const struct nlattr *nest,
			      struct netlink_ext_ack *extack);

/* One change: clone, apply, commit, all under conf_lock. */
static int zone_change(struct genl_info *info, zone_change_fn fn)
{
	const struct nlattr *nest = zone_attr(info);
	struct net *net = genl_info_net(info);
	struct zs_net *zn = zs_netns_priv(net);
	struct zs_fw *fw;
	int err;

	if (IS_ERR(nest))
		return PTR_ERR(nest);
	mutex_lock(&zn->conf_lock);
	fw = zs_nl_fw_begin(net);
	if (!fw) {
		err = -ENOMEM;
		goto out;
	}
	err = fn(fw, nest, info->extack);
	if (!err)
		err = zs_fw_commit(net, fw);
	if (err)
		zs_fw_free(fw);
out:
	mutex_unlock(&zn->conf_lock);
	return err;
}

static int zone_new(struct zs_fw *fw, const struct nlattr *nest,
		    struct netlink_ext_ack *extack)
{
	struct nlattr *name = nla_find_nested(nest, ZONESEC_A_ZONE_NAME);

	if (name && !nla_strcmp(name, ZONESEC_ZONE_SELF))
		return ZS_NL_BAD(extack, name, "zone self is built in");
	return zs_nl_zone_parse(fw, nest, true, extack);
}

static int zone_del(struct zs_fw *fw, const struct nlattr *nest,
		    struct netlink_ext_ack *extack)
{
	struct nlattr *name = nla_find_nested(nest, ZONESEC_A_ZONE_NAME);
	struct zs_zone *z;

	if (!name || nla_len(nest) != nla_total_size(nla_len(name)))
		return ZS_NL_BAD(extack, nest, "zone del takes the name only");
	z = zs_zone_find(fw, nla_data(name));
	if (!z)
		return ZS_NL_BAD(extack, name, "unknown zone");
	if (z->id == ZS_ZONE_SELF_ID)
		return ZS_NL_BAD(extack, name, "zone self is built in");
	if (zs_zone_in_use(fw, z->id))
		return ZS_NL_BAD(extack, name,
			   "zone in use by a rule or another zone's policy");
	zs_zone_del(fw, z->id);
	return 0;
}

static int zone_policy_set(struct zs_fw *fw, const struct nlattr *nest,
			   struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem;

	nla_for_each_nested(attr, nest, rem)
		if (nla_type(attr) != ZONESEC_A_ZONE_NAME &&
		    nla_type(attr) != ZONESEC_A_ZONE_POLICY)
			return ZS_NL_BAD(extack, attr,
				   "zone policy takes the name and policies only");
	if (!nla_find_nested(nest, ZONESEC_A_ZONE_POLICY))
		return ZS_NL_BAD(extack, nest, "no policy given");
	return zs_nl_zone_policies(fw, nest, extack);
}

int zs_nl_zone_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zone_change(info, zone_new);
}

int zs_nl_zone_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zone_change(info, zone_del);
}

int zs_nl_zone_policy_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return zone_change(info, zone_policy_set);
}

static int zone_fill(struct sk_buff *skb, const struct zs_fw *fw,
		     const struct zs_zone *z)
{
	struct nlattr *nest, *pol;
	unsigned int i;

	nest = nla_nest_start(skb, ZONESEC_A_ZONE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, ZONESEC_A_ZONE_NAME, z->name))
		goto err;
	if (z->id == ZS_ZONE_SELF_ID && nla_put_flag(skb, ZONESEC_A_ZONE_BUILTIN))
		goto err;
	for (i = 0; i < z->n_ifaces; i++)
		if (nla_put_string(skb, ZONESEC_A_ZONE_IFACE, z->ifaces[i]))
			goto err;
	for (i = 0; i < z->n_prefixes; i++)
		if (zs_nl_prefix_put(skb, ZONESEC_A_ZONE_PREFIX,
				     &z->prefixes[i]))
			goto err;
	for (i = 0; i < z->n_ipsec; i++)
		if (nla_put_u32(skb, ZONESEC_A_ZONE_IPSEC, z->ipsec[i]))
			goto err;
	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		if (!fw->policy[z->id][i] || !fw->zones[i])
			continue;
		pol = nla_nest_start(skb, ZONESEC_A_ZONE_POLICY);
		if (!pol ||
		    nla_put_string(skb, ZONESEC_A_ZONE_POLICY_TO,
				   fw->zones[i]->name) ||
		    nla_put_u32(skb, ZONESEC_A_ZONE_POLICY_ACTION,
				fw->policy[z->id][i]))
			goto err;
		nla_nest_end(skb, pol);
	}
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* What a namespace with no firewall yet shows: "self" alone. */
static struct zs_zone empty_self = { .name = ZONESEC_ZONE_SELF };
static const struct zs_fw empty_fw = {
	.zones = { [ZS_ZONE_SELF_ID] = &empty_self },
	.n_zones = 1,
};

static const struct zs_fw *fw_or_empty(const struct zs_fw *fw)
{
	return fw ?: &empty_fw;
}

int zs_nl_zone_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *nest = zone_attr(info), *name;
	struct zs_fw_net *fn = &zs_netns_priv(genl_info_net(info))->fw;
	const struct zs_zone *z;
	const struct zs_fw *fw;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (IS_ERR(nest))
		return PTR_ERR(nest);
	name = nla_find_nested(nest, ZONESEC_A_ZONE_NAME);
	if (!name)
		return ZS_NL_BAD(info->extack, nest, "zone get needs a name");
	msg = zs_nl_reply_new(info, NLMSG_GOODSIZE, ZONESEC_CMD_ZONE_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	fw = fw_or_empty(rcu_dereference(fn->fw));
	z = zs_zone_find(fw, nla_data(name));
	if (!z)
		err = ZS_NL_BAD(info->extack, name, "unknown zone");
	else
		err = zone_fill(msg, fw, z);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* Dump: zones by id; cb->args[0] is the next id to send. */
int zs_nl_zone_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct zs_fw_net *fn = &zs_netns_priv(sock_net(skb->sk))->fw;
	const struct zs_fw *fw;
	unsigned int id;
	void *hdr;
	int err = 0;

	rcu_read_lock();
	fw = fw_or_empty(rcu_dereference(fn->fw));
	cb->seq = (u32)fw->generation;
	for (id = cb->args[0]; id < ZONESEC_ZONES_MAX; id++) {
		if (!fw->zones[id])
			continue;
		hdr = zs_nl_dump_hdr(skb, cb, ZONESEC_CMD_ZONE_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (zone_fill(skb, fw, fw->zones[id])) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();
	cb->args[0] = id;
	/* a full buffer ends this batch; an empty one means no room at all */
	if (err && !skb->len)
		return err;
	return skb->len;
}
