// SPDX-License-Identifier: GPL-2.0
/*
 * The zonesec generic netlink family: operations and attribute policies.
 *
 * Every request is parsed by the core against the operation's own policy
 * with strict validation (the family leaves resv_start_op at zero, as new
 * families should): unknown attributes, trailing bytes and non-zero
 * reserved header fields are refused with an extack message before a
 * handler runs.
 */

#include <linux/kernel.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <uapi/linux/zonesec.h>

#include "alg.h"
#include "netlink.h"
#include "netlink_fw.h"

enum {
	ZS_NL_MCGRP_EVENTS,
};

static const struct genl_multicast_group zs_nl_mcgrps[] = {
	[ZS_NL_MCGRP_EVENTS] = { .name = ZONESEC_MCGRP_EVENTS },
};

/*
 * INFO_GET takes no attributes; ZONESEC_A_INFO only appears in replies.
 * It is typed as a nest here and refused by the handler: an NLA_REJECT
 * entry would let the core's NLA_F_NESTED check speak first, and a client
 * sending a well-formed nest would read "NLA_F_NESTED not expected"
 * instead of the reason.
 */
static const struct nla_policy zs_info_get_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_INFO] = { .type = NLA_NESTED },
};

static size_t alg_nlsize(const struct zs_alg *alg)
{
	return nla_total_size(0) +			/* ZONESEC_A_INFO_ALG */
	       nla_total_size(strlen(alg->name) + 1) +	/* _ALG_NAME */
	       nla_total_size(sizeof(u32)) +		/* _ALG_KIND */
	       nla_total_size(strlen(alg->driver) + 1);	/* _ALG_DRIVER */
}

/* Exact size of the INFO_GET reply payload, built by info_fill(). */
static size_t info_nlsize(void)
{
	const struct zs_alg *alg;
	size_t size;

	size = nla_total_size(0) +			/* ZONESEC_A_INFO */
	       nla_total_size(sizeof(ZONESEC_VERSION)) + /* _MODULE_VERSION */
	       nla_total_size(sizeof(u32)) +		/* _ABI_VERSION */
	       nla_total_size_64bit(sizeof(u64));	/* _NETNS_COOKIE */
	for (alg = zs_alg_next(NULL); alg; alg = zs_alg_next(alg))
		size += alg_nlsize(alg);
	return size;
}

static int alg_fill(struct sk_buff *skb, const struct zs_alg *alg)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, ZONESEC_A_INFO_ALG);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, ZONESEC_A_ALG_NAME, alg->name) ||
	    nla_put_u32(skb, ZONESEC_A_ALG_KIND, alg->kind) ||
	    nla_put_string(skb, ZONESEC_A_ALG_DRIVER, alg->driver)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int info_fill(struct sk_buff *skb, const struct net *net)
{
	const struct zs_alg *alg;
	struct nlattr *nest;

	nest = nla_nest_start(skb, ZONESEC_A_INFO);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, ZONESEC_A_INFO_MODULE_VERSION,
			   ZONESEC_VERSION) ||
	    nla_put_u32(skb, ZONESEC_A_INFO_ABI_VERSION,
			ZONESEC_FAMILY_VERSION) ||
	    nla_put_u64_64bit(skb, ZONESEC_A_INFO_NETNS_COOKIE,
			      net->net_cookie, ZONESEC_A_INFO_PAD))
		goto err_cancel;
	for (alg = zs_alg_next(NULL); alg; alg = zs_alg_next(alg))
		if (alg_fill(skb, alg))
			goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * Reads only the algorithm table, read-only since init, and the cookie of
 * the requester's namespace, fixed at its creation: no lock needed.
 */
static int zs_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[ZONESEC_A_INFO]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ZONESEC_A_INFO],
				    "info is a reply-only attribute");
		return -EINVAL;
	}

	msg = zs_nl_reply_new(info, info_nlsize(), ZONESEC_CMD_INFO_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	err = info_fill(msg, genl_info_net(info));
	/* The size is computed, not guessed: running short is a bug. */
	if (WARN_ON_ONCE(err)) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* Commands that take no attribute at all (flush): every one is refused. */
static const struct nla_policy zs_empty_policy[ZONESEC_A_MAX + 1];

/**
 * zs_nl_validate_addr() - policy check of an address attribute
 * @attr: binary attribute
 * @extack: for the reason
 *
 * Return: 0 when it is 4 (IPv4) or 16 (IPv6) bytes long, else -EINVAL.
 */
int zs_nl_validate_addr(const struct nlattr *attr,
			struct netlink_ext_ack *extack)
{
	if (zs_addr_af_of_len(nla_len(attr)))
		return 0;
	NL_SET_ERR_MSG_MOD(extack,
			   "an address is 4 (IPv4) or 16 (IPv6) bytes long");
	NL_SET_BAD_ATTR(extack, attr);
	return -EINVAL;
}

/* Copy a validated address attribute; return its enum zonesec_af. */
u32 zs_nl_get_addr(const struct nlattr *attr, union zs_addr *addr)
{
	u32 af = zs_addr_af_of_len(nla_len(attr));

	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(attr), zs_addr_len(af));
	return af;
}

int zs_nl_put_addr(struct sk_buff *skb, int type, const union zs_addr *addr,
		   u32 af)
{
	return nla_put(skb, type, zs_addr_len(af), addr);
}

/*
 * INFO_GET and the GETs are open to anyone who can open a netlink socket
 * in the namespace. Commands that change state need CAP_NET_ADMIN in the
 * namespace's user namespace (GENL_UNS_ADMIN_PERM) and take
 * zs_net.conf_lock.
 */
static const struct genl_ops zs_nl_ops[] = {
	{
		.cmd		= ZONESEC_CMD_INFO_GET,
		.doit		= zs_nl_info_get_doit,
		.policy		= zs_info_get_policy,
		.maxattr	= ZONESEC_A_MAX,
	},
#include "netlink_fw_ops.h"
	{
		.cmd		= ZONESEC_CMD_SA_NEW,
		.doit		= zs_nl_sa_new_doit,
		.policy		= zs_nl_sa_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_SA_GET,
		.doit		= zs_nl_sa_get_doit,
		.dumpit		= zs_nl_sa_get_dumpit,
		.policy		= zs_nl_sa_policy,
		.maxattr	= ZONESEC_A_MAX,
	},
	{
		.cmd		= ZONESEC_CMD_SA_DEL,
		.doit		= zs_nl_sa_del_doit,
		.policy		= zs_nl_sa_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_SA_FLUSH,
		.doit		= zs_nl_sa_flush_doit,
		.policy		= zs_empty_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_POLICY_NEW,
		.doit		= zs_nl_policy_new_doit,
		.policy		= zs_nl_policy_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_POLICY_GET,
		.doit		= zs_nl_policy_get_doit,
		.dumpit		= zs_nl_policy_get_dumpit,
		.policy		= zs_nl_policy_policy,
		.maxattr	= ZONESEC_A_MAX,
	},
	{
		.cmd		= ZONESEC_CMD_POLICY_DEL,
		.doit		= zs_nl_policy_del_doit,
		.policy		= zs_nl_policy_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_POLICY_FLUSH,
		.doit		= zs_nl_policy_flush_doit,
		.policy		= zs_empty_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_STATS_GET,
		.doit		= zs_nl_stats_get_doit,
		.policy		= zs_nl_stats_policy,
		.maxattr	= ZONESEC_A_MAX,
	},
};

/*
 * parallel_ops: handlers run without genl_mutex; each namespace's
 * conf_lock serialises what needs it. netnsok: every object lives in the
 * requester's namespace, so the family is usable in all of them.
 */
struct genl_family zs_nl_family __ro_after_init = {
	.name		= ZONESEC_FAMILY_NAME,
	.version	= ZONESEC_FAMILY_VERSION,
	.maxattr	= ZONESEC_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= zs_nl_ops,
	.n_ops		= ARRAY_SIZE(zs_nl_ops),
	.mcgrps		= zs_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(zs_nl_mcgrps),
};

/* Does anyone in @net listen to the events group? */
bool zs_nl_events_wanted(struct net *net)
{
	return genl_has_listeners(&zs_nl_family, net, ZS_NL_MCGRP_EVENTS);
}

/**
 * zs_nl_event_new() - a message for the events group
 * @size: room for the attributes
 * @gfp: GFP_ATOMIC from the datapath
 * @cmd: the _NTF command
 * @hdrp: the header, for zs_nl_event_send()
 *
 * Return: the message, or NULL without memory (an event is best effort).
 */
struct sk_buff *zs_nl_event_new(size_t size, gfp_t gfp, u8 cmd, void **hdrp)
{
	struct sk_buff *msg = genlmsg_new(size, gfp);

	if (!msg)
		return NULL;
	/* genlmsg_new() leaves room for the header: this cannot fail */
	*hdrp = genlmsg_put(msg, 0, 0, &zs_nl_family, 0, cmd);
	return msg;
}

/* Multicast a filled event message to @net's listeners; consumes it. */
void zs_nl_event_send(struct net *net, struct sk_buff *msg, void *hdr)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&zs_nl_family, net, msg, 0, ZS_NL_MCGRP_EVENTS,
				GFP_ATOMIC);
}

/**
 * zs_nl_reply_new() - the reply to a request
 * @info: the request
 * @size: room for the attributes
 * @cmd: the command it answers
 * @hdrp: the header, for genlmsg_end()
 *
 * Return: the message, or NULL without memory.
 */
struct sk_buff *zs_nl_reply_new(struct genl_info *info, size_t size, u8 cmd,
				void **hdrp)
{
	struct sk_buff *msg = genlmsg_new(size, GFP_KERNEL);

	if (!msg)
		return NULL;
	/* as in zs_nl_event_new(), the header always fits */
	*hdrp = genlmsg_put_reply(msg, info, &zs_nl_family, 0, cmd);
	return msg;
}

/**
 * zs_nl_dump_hdr() - the header of one object's message in a dump
 * @skb: the dump's buffer
 * @cb: the dump; cb->seq must hold the generation of what it walks
 * @cmd: the GET command dumped
 *
 * Return: the header, or NULL when @skb is full.
 */
void *zs_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, &zs_nl_family,
				NLM_F_MULTI, cmd);

	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

int __init zs_netlink_init(void)
{
	return genl_register_family(&zs_nl_family);
}

/*
 * Takes genetlink's locks for writing, so it returns only once every
 * handler still running on another CPU has finished.
 */
void zs_netlink_uninit(void)
{
	genl_unregister_family(&zs_nl_family);
}
