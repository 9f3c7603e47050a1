// SPDX-License-Identifier: GPL-2.0-or-later
/* Zones of the zone firewall: ZONE_NEW, ZONE_DEL, ZONE_POLICY_SET, ZONE_GET. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/zonesec.h>

#include "internal.h"

static const struct zs_attr_policy top_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_ZONE] = { MNL_TYPE_NESTED, "zone", true },
};

static const struct zs_attr_policy zone_policy[ZONESEC_A_ZONE_MAX + 1] = {
	[ZONESEC_A_ZONE_NAME]	 = { MNL_TYPE_NUL_STRING, "name", true },
	[ZONESEC_A_ZONE_IFACE]	 = { MNL_TYPE_NUL_STRING, "iface", false },
	[ZONESEC_A_ZONE_PREFIX]	 = { MNL_TYPE_NESTED, "prefix", false },
	[ZONESEC_A_ZONE_POLICY]	 = { MNL_TYPE_NESTED, "policy", false },
	[ZONESEC_A_ZONE_BUILTIN] = { MNL_TYPE_FLAG, "builtin", false },
	[ZONESEC_A_ZONE_IPSEC]	 = { MNL_TYPE_U32, "ipsec", false },
};

static const struct zs_attr_policy prefix_policy[ZONESEC_A_PREFIX_MAX + 1] = {
	[ZONESEC_A_PREFIX_IPV4]	= { MNL_TYPE_U32, "ipv4", false },
	[ZONESEC_A_PREFIX_IPV6]	= { MNL_TYPE_BINARY, "ipv6", false },
	[ZONESEC_A_PREFIX_LEN]	= { MNL_TYPE_U32, "len", true },
};

static const struct zs_attr_policy
zpol_policy[ZONESEC_A_ZONE_POLICY_MAX + 1] = {
	[ZONESEC_A_ZONE_POLICY_TO]     = { MNL_TYPE_NUL_STRING, "to", true },
	[ZONESEC_A_ZONE_POLICY_ACTION] = { MNL_TYPE_U32, "action", true },
};

/* mnl_attr_put_check-style helpers return 0 when the buffer is full. */
int zs_prefix_put(struct nlmsghdr *nlh, size_t size, uint16_t type,
		  const struct zs_prefix *p)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size, type);

	if (!nest)
		return -EMSGSIZE;
	if (!(p->family == AF_INET ?
	      mnl_attr_put_check(nlh, size, ZONESEC_A_PREFIX_IPV4, 4, p->addr) :
	      mnl_attr_put_check(nlh, size, ZONESEC_A_PREFIX_IPV6, 16,
				 p->addr)) ||
	    !mnl_attr_put_u32_check(nlh, size, ZONESEC_A_PREFIX_LEN, p->len)) {
		mnl_attr_nest_cancel(nlh, nest);
		return -EMSGSIZE;
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
}

int zs_prefix_attr_parse(const struct nlattr *nest, struct zs_prefix *p,
			 struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_PREFIX_MAX + 1];
	int ret;

	ret = zs_attr_parse_nested(nest, prefix_policy, ZONESEC_A_PREFIX_MAX,
				   tb, err);
	if (ret)
		return ret;
	memset(p, 0, sizeof(*p));
	if (tb[ZONESEC_A_PREFIX_IPV4]) {
		p->family = AF_INET;
		memcpy(p->addr, mnl_attr_get_payload(tb[ZONESEC_A_PREFIX_IPV4]),
		       4);
	} else if (tb[ZONESEC_A_PREFIX_IPV6] &&
		   mnl_attr_get_payload_len(tb[ZONESEC_A_PREFIX_IPV6]) == 16) {
		p->family = AF_INET6;
		memcpy(p->addr, mnl_attr_get_payload(tb[ZONESEC_A_PREFIX_IPV6]),
		       16);
	} else {
		return zs_error_set(err, -EBADMSG,
				    "kernel reply has a prefix without an address");
	}
	p->len = (uint8_t)mnl_attr_get_u32(tb[ZONESEC_A_PREFIX_LEN]);
	return 0;
}

/* One ZONESEC_A_ZONE nest: the name, and members and/or policies. */
int zs_zone_put(struct nlmsghdr *nlh, size_t size, const struct zs_zone *zone,
		bool members, bool policies)
{
	struct nlattr *nest, *pol;
	size_t i;

	nest = mnl_attr_nest_start_check(nlh, size, ZONESEC_A_ZONE);
	if (!nest ||
	    !mnl_attr_put_strz_check(nlh, size, ZONESEC_A_ZONE_NAME, zone->name))
		goto full;
	for (i = 0; members && i < zone->n_ifaces; i++)
		if (!mnl_attr_put_strz_check(nlh, size, ZONESEC_A_ZONE_IFACE,
					     zone->ifaces[i]))
			goto full;
	for (i = 0; members && i < zone->n_prefixes; i++)
		if (zs_prefix_put(nlh, size, ZONESEC_A_ZONE_PREFIX,
				  &zone->prefixes[i]))
			goto full;
	for (i = 0; members && i < zone->n_ipsec; i++)
		if (!mnl_attr_put_u32_check(nlh, size, ZONESEC_A_ZONE_IPSEC,
					    zone->ipsec[i]))
			goto full;
	for (i = 0; policies && i < zone->n_policies; i++) {
		pol = mnl_attr_nest_start_check(nlh, size,
						ZONESEC_A_ZONE_POLICY);
		if (!pol ||
		    !mnl_attr_put_strz_check(nlh, size, ZONESEC_A_ZONE_POLICY_TO,
					     zone->policies[i].to) ||
		    !mnl_attr_put_u32_check(nlh, size,
					    ZONESEC_A_ZONE_POLICY_ACTION,
					    zone->policies[i].action))
			goto full;
		mnl_attr_nest_end(nlh, pol);
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
full:
	return -EMSGSIZE;
}

static int zone_request(struct zs_sock *sock, uint8_t cmd,
			const struct zs_zone *zone, bool members,
			struct zs_error *err)
{
	struct nlmsghdr *nlh = zs_request_start(sock, cmd, 0);

	if (zs_zone_put(nlh, sizeof(sock->sbuf), zone, members, true))
		return zs_error_set(err, -EMSGSIZE, "zone too large for a request");
	return zs_request_run(sock, nlh, NULL, NULL, err);
}

int zs_zone_new(struct zs_sock *sock, const struct zs_zone *zone,
		struct zs_error *err)
{
	return zone_request(sock, ZONESEC_CMD_ZONE_NEW, zone, true, err);
}

int zs_zone_del(struct zs_sock *sock, const char *name, struct zs_error *err)
{
	struct zs_zone zone = { 0 };

	snprintf(zone.name, sizeof(zone.name), "%s", name);
	return zone_request(sock, ZONESEC_CMD_ZONE_DEL, &zone, false, err);
}

int zs_zone_policy_set(struct zs_sock *sock, const char *from, const char *to,
		       uint32_t action, struct zs_error *err)
{
	struct zs_zone zone = { .n_policies = 1 };

	snprintf(zone.name, sizeof(zone.name), "%s", from);
	snprintf(zone.policies[0].to, sizeof(zone.policies[0].to), "%s", to);
	zone.policies[0].action = action;
	return zone_request(sock, ZONESEC_CMD_ZONE_POLICY_SET, &zone, false,
			    err);
}

static int zone_parse(const struct nlattr *nest, struct zs_zone *z,
		      struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_ZONE_MAX + 1], *attr;
	const struct nlattr *ptb[ZONESEC_A_ZONE_POLICY_MAX + 1];
	int ret;

	ret = zs_attr_parse_nested(nest, zone_policy, ZONESEC_A_ZONE_MAX, tb,
				   err);
	if (ret)
		return ret;
	memset(z, 0, sizeof(*z));
	snprintf(z->name, sizeof(z->name), "%s",
		 mnl_attr_get_str(tb[ZONESEC_A_ZONE_NAME]));
	z->builtin = tb[ZONESEC_A_ZONE_BUILTIN] != NULL;
	mnl_attr_for_each_nested(attr, nest) {
		switch (mnl_attr_get_type(attr)) {
		case ZONESEC_A_ZONE_IFACE:
			if (z->n_ifaces < 32)
				snprintf(z->ifaces[z->n_ifaces++], 16, "%s",
					 mnl_attr_get_str(attr));
			break;
		case ZONESEC_A_ZONE_PREFIX:
			if (z->n_prefixes == 64)
				break;
			ret = zs_prefix_attr_parse(attr,
					      &z->prefixes[z->n_prefixes++],
					      err);
			break;
		case ZONESEC_A_ZONE_IPSEC:
			if (z->n_ipsec < 16)
				z->ipsec[z->n_ipsec++] = mnl_attr_get_u32(attr);
			break;
		case ZONESEC_A_ZONE_POLICY:
			if (z->n_policies == 64)
				break;
			ret = zs_attr_parse_nested(attr, zpol_policy,
						   ZONESEC_A_ZONE_POLICY_MAX,
						   ptb, err);
			if (ret)
				break;
			snprintf(z->policies[z->n_policies].to, ZS_NAME_MAX,
				 "%s",
				 mnl_attr_get_str(ptb[ZONESEC_A_ZONE_POLICY_TO]));
			z->policies[z->n_policies++].action =
				mnl_attr_get_u32(ptb[ZONESEC_A_ZONE_POLICY_ACTION]);
			break;
		}
		if (ret)
			return ret;
	}
	return 0;
}

struct zone_list {
	struct zs_zone *zones;
	size_t n;
};

static int zone_cb(const struct nlmsghdr *nlh, void *data,
		   struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_MAX + 1];
	struct zone_list *l = data;
	struct zs_zone *zones;
	int ret;

	ret = zs_genl_parse(nlh, top_policy, ZONESEC_A_MAX, tb, err);
	if (ret)
		return ret;
	zones = realloc(l->zones, (l->n + 1) * sizeof(*zones));
	if (!zones)
		return zs_error_errno(err, -ENOMEM, "allocating zones");
	l->zones = zones;
	ret = zone_parse(tb[ZONESEC_A_ZONE], &zones[l->n], err);
	if (!ret)
		l->n++;
	return ret;
}

int zs_zone_list(struct zs_sock *sock, struct zs_zone **zones, size_t *n,
		 struct zs_error *err)
{
	struct zone_list l = { 0 };
	struct nlmsghdr *nlh;
	int ret;

	nlh = zs_request_start(sock, ZONESEC_CMD_ZONE_GET, NLM_F_DUMP);
	ret = zs_request_run(sock, nlh, zone_cb, &l, err);
	if (ret) {
		free(l.zones);
		return ret;
	}
	*zones = l.zones;
	*n = l.n;
	return 0;
}
