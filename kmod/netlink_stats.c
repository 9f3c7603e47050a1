// SPDX-License-Identifier: GPL-2.0
/*
 * ZONESEC_CMD_STATS_GET: the namespace's counters. Per-SA counters come
 * with the SA dumps; these are their sums (SAs already gone included)
 * and the drops no SA is to blame for.
 */

#include <net/genetlink.h>
#include <net/netlink.h>
#include <uapi/linux/zonesec.h>

#include "netlink.h"
#include "netns.h"
#include "stats.h"

/*
 * No request attribute. ZONESEC_A_STATS is typed as a nest and refused
 * by the handler with the reason, as ZONESEC_A_INFO is by INFO_GET.
 */
const struct nla_policy zs_nl_stats_policy[ZONESEC_A_MAX + 1] = {
	[ZONESEC_A_STATS] = { .type = NLA_NESTED },
};

/* Reads per-CPU counters only: no lock. */
int zs_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct zs_net *zn = zs_netns_priv(genl_info_net(info));
	u64 v[ZS_NET_STAT_NUM];
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (info->attrs[ZONESEC_A_STATS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ZONESEC_A_STATS],
				    "stats are reply-only");
		return -EINVAL;
	}
	msg = zs_nl_reply_new(info, zs_stats_nlsize(ZS_NET_STAT_NUM),
			      ZONESEC_CMD_STATS_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	zs_net_stats_read(zn->stats, v);
	err = zs_stats_fill(msg, ZONESEC_A_STATS, v, ZS_NET_STAT_NUM);
	/* the size is computed, not guessed: running short is a bug */
	if (WARN_ON_ONCE(err))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}
