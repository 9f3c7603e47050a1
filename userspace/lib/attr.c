// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Strict, table-driven validation of the attributes the kernel sends.
 *
 * Each known attribute is checked against its type (mnl_attr_validate)
 * before anyone reads it, so a parser never reads past an attribute or
 * takes a short one for a u32. Attributes a newer module adds are skipped:
 * they must not break an older CLI. A truncated attribute stream is
 * refused whole rather than parsed halfway.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "internal.h"

static int attr_check(const struct nlattr *attr,
		      const struct zs_attr_policy *pol, struct zs_error *err)
{
	if (mnl_attr_validate(attr, pol->type) < 0)
		return zs_error_set(err, -EBADMSG,
				    "malformed attribute '%s' in kernel reply",
				    pol->name);
	return 0;
}

static int check_required(const struct zs_attr_policy *policy,
			  unsigned int maxtype, const struct nlattr **tb,
			  struct zs_error *err)
{
	for (unsigned int t = 1; t <= maxtype; t++)
		if (policy[t].required && !tb[t])
			return zs_error_set(err, -EBADMSG,
					    "kernel reply lacks attribute '%s'",
					    policy[t].name);
	return 0;
}

int zs_attr_parse(const void *payload, size_t len,
		  const struct zs_attr_policy *policy, unsigned int maxtype,
		  const struct nlattr **tb, struct zs_error *err)
{
	const char *pos = payload;
	size_t rem = len;

	memset(tb, 0, (maxtype + 1) * sizeof(*tb));
	while (rem > 0) {
		const struct nlattr *attr = (const struct nlattr *)pos;
		uint16_t type;
		size_t step;
		int ret;

		if (!mnl_attr_ok(attr, (int)rem))
			return zs_error_set(err, -EBADMSG,
					    "truncated attribute in kernel reply");
		type = mnl_attr_get_type(attr);
		if (type <= maxtype && policy[type].type != MNL_TYPE_UNSPEC) {
			ret = attr_check(attr, &policy[type], err);
			if (ret)
				return ret;
			tb[type] = attr;
		}
		/* the last attribute's padding may be absent */
		step = MNL_ALIGN(attr->nla_len);
		if (step > rem)
			step = rem;
		pos += step;
		rem -= step;
	}
	return check_required(policy, maxtype, tb, err);
}

int zs_attr_parse_nested(const struct nlattr *nest,
			 const struct zs_attr_policy *policy,
			 unsigned int maxtype, const struct nlattr **tb,
			 struct zs_error *err)
{
	return zs_attr_parse(mnl_attr_get_payload(nest),
			     mnl_attr_get_payload_len(nest),
			     policy, maxtype, tb, err);
}

/* The attributes of a generic netlink message follow its genlmsghdr. */
int zs_genl_parse(const struct nlmsghdr *nlh,
		  const struct zs_attr_policy *policy, unsigned int maxtype,
		  const struct nlattr **tb, struct zs_error *err)
{
	const char *payload = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + GENL_HDRLEN)
		return zs_error_set(err, -EBADMSG,
				    "truncated generic netlink message");
	return zs_attr_parse(payload + GENL_HDRLEN,
			     nlh->nlmsg_len - MNL_NLMSG_HDRLEN - GENL_HDRLEN,
			     policy, maxtype, tb, err);
}

int zs_attr_strdup(const struct nlattr *attr, char **out,
		   struct zs_error *err)
{
	*out = strdup(attr ? mnl_attr_get_str(attr) : "");
	if (!*out)
		return zs_error_errno(err, -ENOMEM, "copying a kernel string");
	return 0;
}
