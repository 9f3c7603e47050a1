// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Resolve our generic netlink family with the controller (nlctrl):
 * CTRL_CMD_GETFAMILY gives its id, its version and its multicast groups.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/zonesec.h>

#include "internal.h"

static const struct zs_attr_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]	 = { MNL_TYPE_U16, "family-id", true },
	[CTRL_ATTR_VERSION]	 = { MNL_TYPE_U32, "version", false },
	[CTRL_ATTR_MCAST_GROUPS] = { MNL_TYPE_NESTED, "mcast-groups", false },
};

static const struct zs_attr_policy grp_policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME] = { MNL_TYPE_NUL_STRING, "name", true },
	[CTRL_ATTR_MCAST_GRP_ID]   = { MNL_TYPE_U32, "id", true },
};

/* Each group is a nest (its index as type) of a name and an id. */
static int parse_groups(struct zs_sock *sock, const struct nlattr *groups,
			struct zs_error *err)
{
	const struct nlattr *grp;

	mnl_attr_for_each_nested(grp, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
		int ret;

		ret = zs_attr_parse_nested(grp, grp_policy,
					   CTRL_ATTR_MCAST_GRP_MAX, tb, err);
		if (ret)
			return ret;
		if (!strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			    ZONESEC_MCGRP_EVENTS))
			sock->events_group =
				mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data,
		     struct zs_error *err)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct zs_sock *sock = data;
	int ret;

	ret = zs_genl_parse(nlh, ctrl_policy, CTRL_ATTR_MAX, tb, err);
	if (ret)
		return ret;
	sock->family_id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION])
		sock->family_version = mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		return parse_groups(sock, tb[CTRL_ATTR_MCAST_GROUPS], err);
	return 0;
}

int zs_family_resolve(struct zs_sock *sock, const char *name,
		      struct zs_error *err)
{
	struct nlmsghdr *nlh;
	int ret;

	nlh = zs_genl_start(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	ret = zs_request_run(sock, nlh, family_cb, sock, err);
	/* the controller's ENOENT: nobody registered that family */
	if (ret == -ENOENT)
		return zs_error_set(err, -ZS_ERR_NOFAMILY,
				    "the %s kernel module is not loaded (no generic netlink family \"%s\"); load it with 'modprobe %s' or 'insmod %s.ko'",
				    name, name, name, name);
	if (!ret && !sock->family_id)
		return zs_error_set(err, -EPROTO,
				    "no reply resolving the \"%s\" family",
				    name);
	return ret;
}
