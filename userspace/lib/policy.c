// SPDX-License-Identifier: GPL-2.0-or-later
/* ZONESEC_CMD_POLICY_*: add, get, dump, delete and flush policies. */
#include <errno.h>
#include <string.h>

#include <linux/zonesec.h>

#include "internal.h"
#include "ipsec.h"

static const struct zs_attr_policy top_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_POLICY] = { MNL_TYPE_NESTED, "policy", true },
};

static const struct zs_attr_policy pol_policy[ZONESEC_A_POLICY_MAX + 1] = {
	[ZONESEC_A_POLICY_ID]		 = { MNL_TYPE_U32, "id", true },
	[ZONESEC_A_POLICY_DIR]		 = { MNL_TYPE_U32, "dir", true },
	[ZONESEC_A_POLICY_SRC]		 = { MNL_TYPE_BINARY, "src", true },
	[ZONESEC_A_POLICY_SRC_PREFIXLEN] = { MNL_TYPE_U32, "src-prefixlen", true },
	[ZONESEC_A_POLICY_DST]		 = { MNL_TYPE_BINARY, "dst", true },
	[ZONESEC_A_POLICY_DST_PREFIXLEN] = { MNL_TYPE_U32, "dst-prefixlen", true },
	[ZONESEC_A_POLICY_PROTO]	 = { MNL_TYPE_U32, "proto", false },
	[ZONESEC_A_POLICY_SPORT_MIN]	 = { MNL_TYPE_U32, "sport-min", false },
	[ZONESEC_A_POLICY_SPORT_MAX]	 = { MNL_TYPE_U32, "sport-max", false },
	[ZONESEC_A_POLICY_DPORT_MIN]	 = { MNL_TYPE_U32, "dport-min", false },
	[ZONESEC_A_POLICY_DPORT_MAX]	 = { MNL_TYPE_U32, "dport-max", false },
	[ZONESEC_A_POLICY_ICMP_TYPE]	 = { MNL_TYPE_U32, "icmp-type", false },
	[ZONESEC_A_POLICY_PRIORITY]	 = { MNL_TYPE_U32, "priority", false },
	[ZONESEC_A_POLICY_ACTION]	 = { MNL_TYPE_U32, "action", true },
	[ZONESEC_A_POLICY_TMPL]		 = { MNL_TYPE_NESTED, "tmpl", false },
};

static const struct zs_attr_policy tmpl_policy[ZONESEC_A_TMPL_MAX + 1] = {
	[ZONESEC_A_TMPL_PROTO]	= { MNL_TYPE_U32, "proto", true },
	[ZONESEC_A_TMPL_MODE]	= { MNL_TYPE_U32, "mode", true },
	[ZONESEC_A_TMPL_SRC]	= { MNL_TYPE_BINARY, "src", false },
	[ZONESEC_A_TMPL_DST]	= { MNL_TYPE_BINARY, "dst", false },
	[ZONESEC_A_TMPL_REQID]	= { MNL_TYPE_U32, "reqid", false },
};

const char *zs_dir_name(uint32_t dir)
{
	switch (dir) {
	case ZONESEC_DIR_IN:	return "in";
	case ZONESEC_DIR_OUT:	return "out";
	case ZONESEC_DIR_FWD:	return "fwd";
	default:		return "unknown";
	}
}

const char *zs_action_name(uint32_t action)
{
	switch (action) {
	case ZONESEC_ACTION_PROTECT:	return "protect";
	case ZONESEC_ACTION_BYPASS:	return "bypass";
	case ZONESEC_ACTION_DISCARD:	return "discard";
	default:			return "unknown";
	}
}

void zs_policy_init(struct zs_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->icmp_type = ZS_ICMP_ANY;
	pol->sport_max = pol->dport_max = 65535;
}

static void put_addr(struct nlmsghdr *nlh, uint16_t type,
		     const struct zs_addr *a)
{
	if (a->af)
		mnl_attr_put(nlh, type, a->af == ZONESEC_AF_IPV6 ? 16 : 4,
			     a->bytes);
}

static void put_tmpl(struct nlmsghdr *nlh, const struct zs_policy *pol)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, ZONESEC_A_POLICY_TMPL);

	mnl_attr_put_u32(nlh, ZONESEC_A_TMPL_PROTO, pol->tmpl.proto);
	mnl_attr_put_u32(nlh, ZONESEC_A_TMPL_MODE, pol->tmpl.mode);
	mnl_attr_put_u32(nlh, ZONESEC_A_TMPL_REQID, pol->tmpl.reqid);
	put_addr(nlh, ZONESEC_A_TMPL_SRC, &pol->tmpl.src);
	put_addr(nlh, ZONESEC_A_TMPL_DST, &pol->tmpl.dst);
	mnl_attr_nest_end(nlh, nest);
}

/*
 * The policy's attributes: with an id and not @full, only the id; else
 * the direction and selector, and with @full the rest.
 */
void zs_policy_put(struct nlmsghdr *nlh, const struct zs_policy *pol,
		   bool full)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, ZONESEC_A_POLICY);

	if (pol->id && !full) {
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_ID, pol->id);
		mnl_attr_nest_end(nlh, nest);
		return;
	}
	mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_DIR, pol->dir);
	put_addr(nlh, ZONESEC_A_POLICY_SRC, &pol->src);
	put_addr(nlh, ZONESEC_A_POLICY_DST, &pol->dst);
	mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_SRC_PREFIXLEN, pol->src_plen);
	mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_DST_PREFIXLEN, pol->dst_plen);
	if (pol->proto)
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_PROTO, pol->proto);
	if (pol->has_ports) {
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_SPORT_MIN, pol->sport_min);
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_SPORT_MAX, pol->sport_max);
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_DPORT_MIN, pol->dport_min);
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_DPORT_MAX, pol->dport_max);
	}
	if (pol->icmp_type != ZS_ICMP_ANY)
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_ICMP_TYPE,
				 (uint32_t)pol->icmp_type);
	if (full) {
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_PRIORITY, pol->priority);
		mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_ACTION, pol->action);
		if (pol->has_tmpl)
			put_tmpl(nlh, pol);
	}
	mnl_attr_nest_end(nlh, nest);
}

static int get_addr(const struct nlattr *attr, struct zs_addr *a,
		    struct zs_error *err)
{
	uint16_t len = mnl_attr_get_payload_len(attr);

	memset(a, 0, sizeof(*a));
	if (len != 4 && len != 16)
		return zs_error_set(err, -EBADMSG,
				    "an address of %u bytes in a kernel reply",
				    len);
	a->af = len == 16 ? ZONESEC_AF_IPV6 : ZONESEC_AF_IPV4;
	memcpy(a->bytes, mnl_attr_get_payload(attr), len);
	return 0;
}

static uint32_t get_u32(const struct nlattr *attr, uint32_t def)
{
	return attr ? mnl_attr_get_u32(attr) : def;
}

static int get_tmpl(const struct nlattr *nest, struct zs_policy *pol,
		    struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_TMPL_MAX + 1];
	int ret;

	ret = zs_attr_parse_nested(nest, tmpl_policy, ZONESEC_A_TMPL_MAX, tb,
				   err);
	if (ret)
		return ret;
	pol->has_tmpl = true;
	pol->tmpl.proto = mnl_attr_get_u32(tb[ZONESEC_A_TMPL_PROTO]);
	pol->tmpl.mode = mnl_attr_get_u32(tb[ZONESEC_A_TMPL_MODE]);
	pol->tmpl.reqid = get_u32(tb[ZONESEC_A_TMPL_REQID], 0);
	if (tb[ZONESEC_A_TMPL_SRC])
		ret = get_addr(tb[ZONESEC_A_TMPL_SRC], &pol->tmpl.src, err);
	if (!ret && tb[ZONESEC_A_TMPL_DST])
		ret = get_addr(tb[ZONESEC_A_TMPL_DST], &pol->tmpl.dst, err);
	return ret;
}

int zs_policy_parse(const struct nlmsghdr *nlh, struct zs_policy *out,
		    struct zs_error *err)
{
	const struct nlattr *top[ZONESEC_A_MAX + 1];
	const struct nlattr *tb[ZONESEC_A_POLICY_MAX + 1];
	int ret;

	zs_policy_init(out);
	ret = zs_genl_parse(nlh, top_policy, ZONESEC_A_MAX, top, err);
	if (!ret)
		ret = zs_attr_parse_nested(top[ZONESEC_A_POLICY], pol_policy,
					   ZONESEC_A_POLICY_MAX, tb, err);
	if (ret)
		return ret;
	out->id = mnl_attr_get_u32(tb[ZONESEC_A_POLICY_ID]);
	out->dir = mnl_attr_get_u32(tb[ZONESEC_A_POLICY_DIR]);
	out->src_plen = mnl_attr_get_u32(tb[ZONESEC_A_POLICY_SRC_PREFIXLEN]);
	out->dst_plen = mnl_attr_get_u32(tb[ZONESEC_A_POLICY_DST_PREFIXLEN]);
	out->proto = get_u32(tb[ZONESEC_A_POLICY_PROTO], 0);
	out->has_ports = tb[ZONESEC_A_POLICY_SPORT_MIN] != NULL;
	out->sport_min = get_u32(tb[ZONESEC_A_POLICY_SPORT_MIN], 0);
	out->sport_max = get_u32(tb[ZONESEC_A_POLICY_SPORT_MAX], 65535);
	out->dport_min = get_u32(tb[ZONESEC_A_POLICY_DPORT_MIN], 0);
	out->dport_max = get_u32(tb[ZONESEC_A_POLICY_DPORT_MAX], 65535);
	if (tb[ZONESEC_A_POLICY_ICMP_TYPE])
		out->icmp_type = (int32_t)mnl_attr_get_u32(tb[ZONESEC_A_POLICY_ICMP_TYPE]);
	out->priority = get_u32(tb[ZONESEC_A_POLICY_PRIORITY], 0);
	out->action = mnl_attr_get_u32(tb[ZONESEC_A_POLICY_ACTION]);
	ret = get_addr(tb[ZONESEC_A_POLICY_SRC], &out->src, err);
	if (!ret)
		ret = get_addr(tb[ZONESEC_A_POLICY_DST], &out->dst, err);
	if (!ret && tb[ZONESEC_A_POLICY_TMPL])
		ret = get_tmpl(tb[ZONESEC_A_POLICY_TMPL], out, err);
	return ret;
}

struct dump_ctx {
	zs_policy_cb cb;
	void *data;
};

static int pol_reply(const struct nlmsghdr *nlh, void *data,
		     struct zs_error *err)
{
	struct dump_ctx *ctx = data;
	struct zs_policy pol;
	int ret;

	ret = zs_policy_parse(nlh, &pol, err);
	if (ret)
		return ret;
	return ctx->cb(&pol, ctx->data);
}

static int copy_cb(const struct zs_policy *pol, void *data)
{
	*(struct zs_policy *)data = *pol;
	return 0;
}

int zs_policy_new(struct zs_sock *sock, const struct zs_policy *pol,
		  struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_POLICY_NEW, 0);

	zs_policy_put(nlh, pol, true);
	return zs_request_run(sock, nlh, NULL, NULL, err);
}

int zs_policy_get(struct zs_sock *sock, const struct zs_policy *key,
		  struct zs_policy *out, struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_POLICY_GET, 0);
	struct dump_ctx ctx = { copy_cb, out };

	zs_policy_put(nlh, key, false);
	return zs_request_run(sock, nlh, pol_reply, &ctx, err);
}

int zs_policy_dump(struct zs_sock *sock, zs_policy_cb cb, void *data,
		   struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_POLICY_GET,
						NLM_F_DUMP);
	struct dump_ctx ctx = { cb, data };

	return zs_request_run(sock, nlh, pol_reply, &ctx, err);
}

int zs_policy_del(struct zs_sock *sock, const struct zs_policy *key,
		  struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_POLICY_DEL, 0);

	zs_policy_put(nlh, key, false);
	return zs_request_run(sock, nlh, NULL, NULL, err);
}

int zs_policy_flush(struct zs_sock *sock, struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_POLICY_FLUSH,
						0);

	return zs_request_run(sock, nlh, NULL, NULL, err);
}
