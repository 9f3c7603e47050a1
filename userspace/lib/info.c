// SPDX-License-Identifier: GPL-2.0-or-later
/* ZONESEC_CMD_INFO_GET: what the module is and which algorithms it has. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/zonesec.h>

#include "internal.h"

static const struct zs_attr_policy top_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_INFO] = { MNL_TYPE_NESTED, "info", true },
};

/* ZONESEC_A_INFO_PAD is left out on purpose: it carries nothing. */
static const struct zs_attr_policy info_policy[ZONESEC_A_INFO_MAX + 1] = {
	[ZONESEC_A_INFO_MODULE_VERSION] = { MNL_TYPE_NUL_STRING,
					    "module-version", true },
	[ZONESEC_A_INFO_ABI_VERSION]	= { MNL_TYPE_U32, "abi-version", true },
	[ZONESEC_A_INFO_NETNS_COOKIE]	= { MNL_TYPE_U64, "netns-cookie", true },
	[ZONESEC_A_INFO_ALG]		= { MNL_TYPE_NESTED, "alg", false },
};

static const struct zs_attr_policy alg_policy[ZONESEC_A_ALG_MAX + 1] = {
	[ZONESEC_A_ALG_NAME]   = { MNL_TYPE_NUL_STRING, "name", true },
	[ZONESEC_A_ALG_KIND]   = { MNL_TYPE_U32, "kind", true },
	[ZONESEC_A_ALG_DRIVER] = { MNL_TYPE_NUL_STRING, "driver", false },
};

const char *zs_alg_kind_name(uint32_t kind)
{
	switch (kind) {
	case ZONESEC_ALG_KIND_AEAD:	return "aead";
	case ZONESEC_ALG_KIND_CIPHER:	return "cipher";
	case ZONESEC_ALG_KIND_AUTH:	return "auth";
	default:			return "unknown";
	}
}

static int parse_alg(const struct nlattr *nest, struct zs_alg *alg,
		     struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_ALG_MAX + 1];
	int ret;

	ret = zs_attr_parse_nested(nest, alg_policy, ZONESEC_A_ALG_MAX, tb,
				   err);
	if (ret)
		return ret;
	alg->kind = mnl_attr_get_u32(tb[ZONESEC_A_ALG_KIND]);
	ret = zs_attr_strdup(tb[ZONESEC_A_ALG_NAME], &alg->name, err);
	if (!ret)
		ret = zs_attr_strdup(tb[ZONESEC_A_ALG_DRIVER], &alg->driver,
				     err);
	return ret;
}

/* Repeated ALG attributes: every one was validated as a nest already. */
static int parse_algs(const struct nlattr *info, struct zs_info *out,
		      struct zs_error *err)
{
	const struct nlattr *attr;
	size_t n = 0;

	mnl_attr_for_each_nested(attr, info)
		n += mnl_attr_get_type(attr) == ZONESEC_A_INFO_ALG;
	if (!n)
		return 0;
	out->algs = calloc(n, sizeof(*out->algs));
	if (!out->algs)
		return zs_error_errno(err, -ENOMEM, "allocating algorithms");

	mnl_attr_for_each_nested(attr, info) {
		int ret;

		if (mnl_attr_get_type(attr) != ZONESEC_A_INFO_ALG)
			continue;
		/* count first, so zs_info_free() sees what was allocated */
		ret = parse_alg(attr, &out->algs[out->n_algs++], err);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_info(const struct nlattr *info, struct zs_info *out,
		      struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_INFO_MAX + 1];
	int ret;

	ret = zs_attr_parse_nested(info, info_policy, ZONESEC_A_INFO_MAX, tb,
				   err);
	if (ret)
		return ret;
	out->abi_version = mnl_attr_get_u32(tb[ZONESEC_A_INFO_ABI_VERSION]);
	out->netns_cookie = mnl_attr_get_u64(tb[ZONESEC_A_INFO_NETNS_COOKIE]);
	ret = zs_attr_strdup(tb[ZONESEC_A_INFO_MODULE_VERSION],
			     &out->module_version, err);
	if (ret)
		return ret;
	return parse_algs(info, out, err);
}

/*
 * Parse one INFO_GET reply into *out, which owns copies of every string.
 * On error *out is left empty (freed), never half filled.
 */
int zs_info_parse(const struct nlmsghdr *nlh, struct zs_info *out,
		  struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_MAX + 1];
	int ret;

	memset(out, 0, sizeof(*out));
	ret = zs_genl_parse(nlh, top_policy, ZONESEC_A_MAX, tb, err);
	if (!ret)
		ret = parse_info(tb[ZONESEC_A_INFO], out, err);
	if (ret)
		zs_info_free(out);
	return ret;
}

static int info_cb(const struct nlmsghdr *nlh, void *data,
		   struct zs_error *err)
{
	struct zs_info *out = data;

	if (out->module_version)
		return zs_error_set(err, -EPROTO,
				    "more than one reply to an info request");
	return zs_info_parse(nlh, out, err);
}

int zs_info_get(struct zs_sock *sock, struct zs_info *out,
		struct zs_error *err)
{
	struct nlmsghdr *nlh;
	int ret;

	memset(out, 0, sizeof(*out));
	nlh = zs_request_start(sock, ZONESEC_CMD_INFO_GET, 0);
	ret = zs_request_run(sock, nlh, info_cb, out, err);
	if (!ret && !out->module_version)
		ret = zs_error_set(err, -EPROTO,
				   "the kernel acked an info request without a reply");
	if (ret)
		zs_info_free(out);
	return ret;
}

void zs_info_free(struct zs_info *info)
{
	for (size_t i = 0; i < info->n_algs; i++) {
		free(info->algs[i].name);
		free(info->algs[i].driver);
	}
	free(info->algs);
	free(info->module_version);
	memset(info, 0, sizeof(*info));
}
