// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The zone firewall as a whole: FW_LOAD (every zone and rule in one
 * request, applied by the kernel in one step) and FW_GET.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/zonesec.h>

#include "internal.h"

static const struct zs_attr_policy top_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_FW] = { MNL_TYPE_NESTED, "fw", true },
};

static const struct zs_attr_policy fw_policy[ZONESEC_A_FW_MAX + 1] = {
	[ZONESEC_A_FW_GENERATION]    = { MNL_TYPE_U64, "generation", true },
	[ZONESEC_A_FW_ZONES]	     = { MNL_TYPE_U32, "zones", true },
	[ZONESEC_A_FW_RULES]	     = { MNL_TYPE_U32, "rules", true },
	[ZONESEC_A_FW_INVALID]	     = { MNL_TYPE_U64, "invalid", true },
	[ZONESEC_A_FW_POLICY_ACCEPT] = { MNL_TYPE_U64, "policy-accept", true },
	[ZONESEC_A_FW_POLICY_DROP]   = { MNL_TYPE_U64, "policy-drop", true },
};

static const char *const action_names[] = {
	[ZONESEC_FW_ACTION_ACCEPT] = "accept",
	[ZONESEC_FW_ACTION_DROP]   = "drop",
	[ZONESEC_FW_ACTION_REJECT] = "reject",
};

const char *zs_fw_action_name(uint32_t action)
{
	if (action < sizeof(action_names) / sizeof(action_names[0]) &&
	    action_names[action])
		return action_names[action];
	return "unknown";
}

int zs_fw_action_parse(const char *word)
{
	for (size_t i = 1; i < sizeof(action_names) / sizeof(action_names[0]);
	     i++)
		if (!strcmp(word, action_names[i]))
			return (int)i;
	return 0;
}

/* Room for the largest zone and rule nests, with headers. */
#define ZONE_SIZE_MAX	(64 + 32 * 24 + 64 * 40 + 64 * 40 + 16 * 8)
#define RULE_SIZE_MAX	256

/* Is @off inside the attribute that starts at @a? */
static bool attr_holds(const struct nlattr *a, uint32_t off, const char *base)
{
	size_t start = (size_t)((const char *)a - base);

	return off >= start && off < start + a->nla_len;
}

/* The object of the request whose nest holds the offset @off. */
static void find_culprit(const struct nlmsghdr *nlh, uint32_t off,
			 size_t n_zones, struct zs_fw_culprit *c)
{
	const char *base = (const char *)nlh;
	const struct nlattr *a, *p;
	size_t zone = 0, rule = 0, pol;

	memset(c, 0, sizeof(*c));
	if (!off)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		bool is_zone = mnl_attr_get_type(a) == ZONESEC_A_ZONE;

		if (!attr_holds(a, off, base)) {
			zone += is_zone;
			rule += !is_zone;
			continue;
		}
		c->found = true;
		c->is_rule = !is_zone;
		c->index = is_zone ? zone : rule;
		if (!is_zone || zone >= n_zones)
			return;
		pol = 0;
		mnl_attr_for_each_nested(p, a) {
			if (mnl_attr_get_type(p) != ZONESEC_A_ZONE_POLICY)
				continue;
			if (attr_holds(p, off, base)) {
				c->in_policy = true;
				c->policy = pol;
				return;
			}
			pol++;
		}
		return;
	}
}

/*
 * The request can be megabytes (ZONESEC_RULES_MAX rules): build it in a
 * buffer of its own and let the socket send it whole, raising its send
 * buffer as far as we may (SO_SNDBUFFORCE needs CAP_NET_ADMIN, which
 * FW_LOAD needs anyway). When the kernel refuses it and points at an
 * attribute, @culprit (if not NULL) says which zone, zone policy or rule
 * holds it, so that a caller can name the line it came from.
 */
int zs_fw_load_at(struct zs_sock *sock, const struct zs_zone *zones,
		  size_t n_zones, const struct zs_rule *rules, size_t n_rules,
		  struct zs_fw_culprit *culprit, struct zs_error *err)
{
	size_t size = 4096 + n_zones * ZONE_SIZE_MAX + n_rules * RULE_SIZE_MAX;
	struct nlmsghdr *nlh, *hdr;
	int fd, sndbuf;
	char *buf;
	size_t i;
	int ret;

	if (culprit)
		memset(culprit, 0, sizeof(*culprit));
	buf = aligned_alloc(NLMSG_ALIGNTO, (size + NLMSG_ALIGNTO - 1) &
				~(size_t)(NLMSG_ALIGNTO - 1));
	if (!buf)
		return zs_error_errno(err, -ENOMEM, "allocating the rule set");
	hdr = zs_request_start(sock, ZONESEC_CMD_FW_LOAD, 0);
	nlh = (struct nlmsghdr *)buf;
	memcpy(nlh, hdr, hdr->nlmsg_len);

	ret = 0;
	for (i = 0; !ret && i < n_zones; i++)
		ret = zs_zone_put(nlh, size, &zones[i], !zones[i].builtin,
				  true);
	for (i = 0; !ret && i < n_rules; i++)
		ret = zs_rule_put(nlh, size, &rules[i]);
	if (ret) {
		free(buf);
		return zs_error_set(err, -EMSGSIZE, "rule set too large");
	}

	fd = mnl_socket_get_fd(sock->nl);
	sndbuf = (int)nlh->nlmsg_len + 65536;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf,
		       sizeof(sndbuf)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf,
				 sizeof(sndbuf));
	ret = zs_request_run(sock, nlh, NULL, NULL, err);
	if (ret && culprit)
		find_culprit(nlh, err->bad_off, n_zones, culprit);
	free(buf);
	return ret;
}

int zs_fw_load(struct zs_sock *sock, const struct zs_zone *zones,
	       size_t n_zones, const struct zs_rule *rules, size_t n_rules,
	       struct zs_error *err)
{
	return zs_fw_load_at(sock, zones, n_zones, rules, n_rules, NULL, err);
}

static int fw_cb(const struct nlmsghdr *nlh, void *data, struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_MAX + 1];
	const struct nlattr *fb[ZONESEC_A_FW_MAX + 1];
	struct zs_fw_state *st = data;
	int ret;

	ret = zs_genl_parse(nlh, top_policy, ZONESEC_A_MAX, tb, err);
	if (!ret)
		ret = zs_attr_parse_nested(tb[ZONESEC_A_FW], fw_policy,
					   ZONESEC_A_FW_MAX, fb, err);
	if (ret)
		return ret;
	st->generation = mnl_attr_get_u64(fb[ZONESEC_A_FW_GENERATION]);
	st->zones = mnl_attr_get_u32(fb[ZONESEC_A_FW_ZONES]);
	st->rules = mnl_attr_get_u32(fb[ZONESEC_A_FW_RULES]);
	st->invalid = mnl_attr_get_u64(fb[ZONESEC_A_FW_INVALID]);
	st->policy_accept = mnl_attr_get_u64(fb[ZONESEC_A_FW_POLICY_ACCEPT]);
	st->policy_drop = mnl_attr_get_u64(fb[ZONESEC_A_FW_POLICY_DROP]);
	return 0;
}

int zs_fw_get(struct zs_sock *sock, struct zs_fw_state *st,
	      struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, ZONESEC_CMD_FW_GET, 0);

	memset(st, 0, sizeof(*st));
	return zs_request_run(sock, nlh, fw_cb, st, err);
}
