// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RULE_LOG_NTF: a packet that a rule with "log" decided, as the module
 * multicasts it on the events group.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/zonesec.h>

#include "internal.h"
#include "ipsec.h"

static const struct zs_attr_policy top_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_LOG] = { MNL_TYPE_NESTED, "log", true },
};

static const struct zs_attr_policy log_policy[ZONESEC_A_LOG_MAX + 1] = {
	[ZONESEC_A_LOG_HANDLE]	  = { MNL_TYPE_U32, "handle", true },
	[ZONESEC_A_LOG_FROM]	  = { MNL_TYPE_NUL_STRING, "from", true },
	[ZONESEC_A_LOG_TO]	  = { MNL_TYPE_NUL_STRING, "to", true },
	[ZONESEC_A_LOG_ACTION]	  = { MNL_TYPE_U32, "action", true },
	[ZONESEC_A_LOG_PROTO]	  = { MNL_TYPE_U32, "proto", true },
	[ZONESEC_A_LOG_SRC]	  = { MNL_TYPE_BINARY, "src", true },
	[ZONESEC_A_LOG_DST]	  = { MNL_TYPE_BINARY, "dst", true },
	[ZONESEC_A_LOG_SPORT]	  = { MNL_TYPE_U32, "sport", false },
	[ZONESEC_A_LOG_DPORT]	  = { MNL_TYPE_U32, "dport", false },
	[ZONESEC_A_LOG_ICMP_TYPE] = { MNL_TYPE_U32, "icmp-type", false },
	[ZONESEC_A_LOG_IIF]	  = { MNL_TYPE_NUL_STRING, "iif", false },
	[ZONESEC_A_LOG_OIF]	  = { MNL_TYPE_NUL_STRING, "oif", false },
	[ZONESEC_A_LOG_LEN]	  = { MNL_TYPE_U32, "len", false },
};

static int log_addr(const struct nlattr *a, struct zs_addr *out,
		    struct zs_error *err)
{
	uint16_t len = mnl_attr_get_payload_len(a);

	if (len != 4 && len != 16)
		return zs_error_set(err, -EBADMSG,
				    "kernel log event has an address of %u bytes",
				    len);
	memset(out, 0, sizeof(*out));
	out->af = len == 4 ? ZONESEC_AF_IPV4 : ZONESEC_AF_IPV6;
	memcpy(out->bytes, mnl_attr_get_payload(a), len);
	return 0;
}

static void log_str(char *dst, size_t size, const struct nlattr *a)
{
	snprintf(dst, size, "%s", a ? mnl_attr_get_str(a) : "");
}

static uint32_t log_u32(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

int zs_fw_log_parse(const struct nlmsghdr *nlh, struct zs_fw_logev *ev,
		    struct zs_error *err)
{
	const struct nlattr *tb[ZONESEC_A_MAX + 1];
	const struct nlattr *lb[ZONESEC_A_LOG_MAX + 1];
	int ret;

	ret = zs_genl_parse(nlh, top_policy, ZONESEC_A_MAX, tb, err);
	if (!ret)
		ret = zs_attr_parse_nested(tb[ZONESEC_A_LOG], log_policy,
					   ZONESEC_A_LOG_MAX, lb, err);
	if (!ret)
		ret = log_addr(lb[ZONESEC_A_LOG_SRC], &ev->src, err);
	if (!ret)
		ret = log_addr(lb[ZONESEC_A_LOG_DST], &ev->dst, err);
	if (ret)
		return ret;
	ev->handle = log_u32(lb[ZONESEC_A_LOG_HANDLE]);
	log_str(ev->from, sizeof(ev->from), lb[ZONESEC_A_LOG_FROM]);
	log_str(ev->to, sizeof(ev->to), lb[ZONESEC_A_LOG_TO]);
	ev->action = log_u32(lb[ZONESEC_A_LOG_ACTION]);
	ev->proto = log_u32(lb[ZONESEC_A_LOG_PROTO]);
	ev->has_ports = lb[ZONESEC_A_LOG_SPORT] && lb[ZONESEC_A_LOG_DPORT];
	ev->sport = log_u32(lb[ZONESEC_A_LOG_SPORT]);
	ev->dport = log_u32(lb[ZONESEC_A_LOG_DPORT]);
	ev->has_icmp_type = lb[ZONESEC_A_LOG_ICMP_TYPE] != NULL;
	ev->icmp_type = log_u32(lb[ZONESEC_A_LOG_ICMP_TYPE]);
	log_str(ev->iif, sizeof(ev->iif), lb[ZONESEC_A_LOG_IIF]);
	log_str(ev->oif, sizeof(ev->oif), lb[ZONESEC_A_LOG_OIF]);
	ev->len = log_u32(lb[ZONESEC_A_LOG_LEN]);
	return 0;
}
