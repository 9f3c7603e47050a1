// SPDX-License-Identifier: GPL-2.0-or-later
/* Rules of the zone firewall: RULE_NEW, RULE_DEL, RULE_GET. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/zonesec.h>

#include "internal.h"

static const struct zs_attr_policy top_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_RULE] = { MNL_TYPE_NESTED, "rule", true },
};

static const struct zs_attr_policy rule_policy[ZONESEC_A_RULE_MAX + 1] = {
	[ZONESEC_A_RULE_HANDLE]	   = { MNL_TYPE_U32, "handle", true },
	[ZONESEC_A_RULE_POSITION]  = { MNL_TYPE_U32, "position", false },
	[ZONESEC_A_RULE_FROM]	   = { MNL_TYPE_NUL_STRING, "from", true },
	[ZONESEC_A_RULE_TO]	   = { MNL_TYPE_NUL_STRING, "to", true },
	[ZONESEC_A_RULE_PROTO]	   = { MNL_TYPE_U32, "proto", false },
	[ZONESEC_A_RULE_SRC]	   = { MNL_TYPE_NESTED, "src", false },
	[ZONESEC_A_RULE_DST]	   = { MNL_TYPE_NESTED, "dst", false },
	[ZONESEC_A_RULE_SPORT_MIN] = { MNL_TYPE_U32, "sport-min", false },
	[ZONESEC_A_RULE_SPORT_MAX] = { MNL_TYPE_U32, "sport-max", false },
	[ZONESEC_A_RULE_DPORT_MIN] = { MNL_TYPE_U32, "dport-min", false },
	[ZONESEC_A_RULE_DPORT_MAX] = { MNL_TYPE_U32, "dport-max", false },
	[ZONESEC_A_RULE_ICMP_TYPE] = { MNL_TYPE_U32, "icmp-type", false },
	[ZONESEC_A_RULE_ACTION]	   = { MNL_TYPE_U32, "action", true },
	[ZONESEC_A_RULE_FLAGS]	   = { MNL_TYPE_U32, "flags", false },
	[ZONESEC_A_RULE_PACKETS]   = { MNL_TYPE_U64, "packets", false },
	[ZONESEC_A_RULE_BYTES]	   = { MNL_TYPE_U64, "bytes", false },
};

static bool put_u32(struct nlmsghdr *nlh, size_t size, uint16_t type,
		    uint32_t v, bool cond)
{
	return !cond || mnl_attr_put_u32_check(nlh, size, type, v);
}

/* One ZONESEC_A_RULE nest, as a request carries it. */
int zs_rule_put(struct nlmsghdr *nlh, size_t size, const struct zs_rule *r)
{
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(nlh, size, ZONESEC_A_RULE);
	if (!nest ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_HANDLE, r->handle, r->handle) ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_POSITION, r->position,
		     r->position) ||
	    !mnl_attr_put_strz_check(nlh, size, ZONESEC_A_RULE_FROM, r->from) ||
	    !mnl_attr_put_strz_check(nlh, size, ZONESEC_A_RULE_TO, r->to) ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_PROTO, r->proto, r->proto) ||
	    (r->src.family &&
	     zs_prefix_put(nlh, size, ZONESEC_A_RULE_SRC, &r->src)) ||
	    (r->dst.family &&
	     zs_prefix_put(nlh, size, ZONESEC_A_RULE_DST, &r->dst)) ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_SPORT_MIN, r->sport_min,
		     r->sport_min) ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_SPORT_MAX, r->sport_max,
		     r->sport_max) ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_DPORT_MIN, r->dport_min,
		     r->dport_min) ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_DPORT_MAX, r->dport_max,
		     r->dport_max) ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_ICMP_TYPE, r->icmp_type,
		     r->has_icmp_type) ||
	    !mnl_attr_put_u32_check(nlh, size, ZONESEC_A_RULE_ACTION,
				    r->action) ||
	    !put_u32(nlh, size, ZONESEC_A_RULE_FLAGS, r->flags, r->flags))
		return -EMSGSIZE;
	mnl_attr_nest_end(nlh, nest);
	return 0;
}

static uint32_t get_u32(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_u32(attr) : 0;
}

static int rule_parse(const struct nlattr *nest, struct zs_rule *r,
		      struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_RULE_MAX + 1];
	int ret;

	ret = zs_attr_parse_nested(nest, rule_policy, ZONESEC_A_RULE_MAX, tb,
				   err);
	if (ret)
		return ret;
	memset(r, 0, sizeof(*r));
	r->handle = get_u32(tb[ZONESEC_A_RULE_HANDLE]);
	r->position = get_u32(tb[ZONESEC_A_RULE_POSITION]);
	snprintf(r->from, sizeof(r->from), "%s",
		 mnl_attr_get_str(tb[ZONESEC_A_RULE_FROM]));
	snprintf(r->to, sizeof(r->to), "%s",
		 mnl_attr_get_str(tb[ZONESEC_A_RULE_TO]));
	r->proto = get_u32(tb[ZONESEC_A_RULE_PROTO]);
	r->sport_min = get_u32(tb[ZONESEC_A_RULE_SPORT_MIN]);
	r->sport_max = get_u32(tb[ZONESEC_A_RULE_SPORT_MAX]);
	r->dport_min = get_u32(tb[ZONESEC_A_RULE_DPORT_MIN]);
	r->dport_max = get_u32(tb[ZONESEC_A_RULE_DPORT_MAX]);
	r->has_icmp_type = tb[ZONESEC_A_RULE_ICMP_TYPE] != NULL;
	r->icmp_type = get_u32(tb[ZONESEC_A_RULE_ICMP_TYPE]);
	r->action = get_u32(tb[ZONESEC_A_RULE_ACTION]);
	r->flags = get_u32(tb[ZONESEC_A_RULE_FLAGS]);
	if (tb[ZONESEC_A_RULE_PACKETS])
		r->packets = mnl_attr_get_u64(tb[ZONESEC_A_RULE_PACKETS]);
	if (tb[ZONESEC_A_RULE_BYTES])
		r->bytes = mnl_attr_get_u64(tb[ZONESEC_A_RULE_BYTES]);
	if (tb[ZONESEC_A_RULE_SRC])
		ret = zs_prefix_attr_parse(tb[ZONESEC_A_RULE_SRC], &r->src, err);
	if (!ret && tb[ZONESEC_A_RULE_DST])
		ret = zs_prefix_attr_parse(tb[ZONESEC_A_RULE_DST], &r->dst, err);
	return ret;
}

struct rule_list {
	struct zs_rule *rules;
	size_t n;
};

static int rule_cb(const struct nlmsghdr *nlh, void *data,
		   struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_MAX + 1];
	struct rule_list *l = data;
	struct zs_rule *rules;
	int ret;

	ret = zs_genl_parse(nlh, top_policy, ZONESEC_A_MAX, tb, err);
	if (ret)
		return ret;
	rules = realloc(l->rules, (l->n + 1) * sizeof(*rules));
	if (!rules)
		return zs_error_errno(err, -ENOMEM, "allocating rules");
	l->rules = rules;
	ret = rule_parse(tb[ZONESEC_A_RULE], &rules[l->n], err);
	if (!ret)
		l->n++;
	return ret;
}

int zs_rule_new(struct zs_sock *sock, const struct zs_rule *rule,
		struct zs_rule *out, struct zs_error *err)
{
	struct rule_list l = { 0 };
	struct nlmsghdr *nlh;
	int ret;

	nlh = zs_request_start(sock, ZONESEC_CMD_RULE_NEW, 0);
	if (zs_rule_put(nlh, sizeof(sock->sbuf), rule))
		return zs_error_set(err, -EMSGSIZE, "rule too large for a request");
	ret = zs_request_run(sock, nlh, rule_cb, &l, err);
	if (!ret && l.n != 1)
		ret = zs_error_set(err, -EPROTO,
				   "the kernel acked a new rule without a reply");
	if (!ret && out)
		*out = l.rules[0];
	free(l.rules);
	return ret;
}

int zs_rule_del(struct zs_sock *sock, uint32_t handle, struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_RULE_DEL, 0);
	struct nlattr *nest;

	nest = mnl_attr_nest_start(nlh, ZONESEC_A_RULE);
	mnl_attr_put_u32(nlh, ZONESEC_A_RULE_HANDLE, handle);
	mnl_attr_nest_end(nlh, nest);
	return zs_request_run(sock, nlh, NULL, NULL, err);
}

int zs_rule_list(struct zs_sock *sock, struct zs_rule **rules, size_t *n,
		 struct zs_error *err)
{
	struct rule_list l = { 0 };
	struct nlmsghdr *nlh;
	int ret;

	nlh = zs_request_start(sock, ZONESEC_CMD_RULE_GET, NLM_F_DUMP);
	ret = zs_request_run(sock, nlh, rule_cb, &l, err);
	if (ret) {
		free(l.rules);
		return ret;
	}
	*rules = l.rules;
	*n = l.n;
	return 0;
}
