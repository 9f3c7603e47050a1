// SPDX-License-Identifier: GPL-2.0
/*
 * The log of rules with ZONESEC_RULE_F_LOG: one event per decided packet
 * on the family's events group (RULE_LOG_NTF), or, while nobody listens
 * there, one kernel log line. Either way at most 10 a second per
 * namespace: a flood must not become a flood of messages. Built with
 * GFP_ATOMIC on the datapath; best effort.
 */

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "fw.h"
#include "netlink.h"
#include "netns.h"

static const char *const action_names[] = {
	[ZONESEC_FW_ACTION_ACCEPT]	= "accept",
	[ZONESEC_FW_ACTION_DROP]	= "drop",
	[ZONESEC_FW_ACTION_REJECT]	= "reject",
};

static size_t log_nlsize(void)
{
	return nla_total_size(0) +			/* LOG nest */
	       4 * nla_total_size(sizeof(u32)) +	/* handle, action, ... */
	       4 * nla_total_size(sizeof(u32)) +	/* proto, ports, len */
	       2 * nla_total_size(ZONESEC_ZONE_NAME_MAX) +
	       2 * nla_total_size(sizeof(struct in6_addr)) +
	       2 * nla_total_size(IFNAMSIZ);
}

static int log_fill(struct sk_buff *msg, const struct zs_fw_log *l)
{
	const struct zs_pkt *pkt = l->pkt;
	int alen = pkt->family == NFPROTO_IPV4 ? 4 : 16;
	struct nlattr *nest;

	nest = nla_nest_start(msg, ZONESEC_A_LOG);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, ZONESEC_A_LOG_HANDLE, l->rule->handle) ||
	    nla_put_string(msg, ZONESEC_A_LOG_FROM, l->fw->zones[l->from]->name) ||
	    nla_put_string(msg, ZONESEC_A_LOG_TO, l->fw->zones[l->to]->name) ||
	    nla_put_u32(msg, ZONESEC_A_LOG_ACTION, l->rule->action) ||
	    nla_put_u32(msg, ZONESEC_A_LOG_PROTO, pkt->proto) ||
	    nla_put(msg, ZONESEC_A_LOG_SRC, alen, &pkt->src) ||
	    nla_put(msg, ZONESEC_A_LOG_DST, alen, &pkt->dst) ||
	    nla_put_u32(msg, ZONESEC_A_LOG_LEN, l->len))
		goto err;
	if (pkt->has_ports &&
	    (nla_put_u32(msg, ZONESEC_A_LOG_SPORT, pkt->sport) ||
	     nla_put_u32(msg, ZONESEC_A_LOG_DPORT, pkt->dport)))
		goto err;
	if (pkt->has_icmp_type &&
	    nla_put_u32(msg, ZONESEC_A_LOG_ICMP_TYPE, pkt->icmp_type))
		goto err;
	if ((l->in && nla_put_string(msg, ZONESEC_A_LOG_IIF, l->in->name)) ||
	    (l->out && nla_put_string(msg, ZONESEC_A_LOG_OIF, l->out->name)))
		goto err;
	nla_nest_end(msg, nest);
	return 0;
err:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static void log_event(struct net *net, const struct zs_fw_log *l)
{
	struct sk_buff *msg;
	void *hdr;

	msg = zs_nl_event_new(log_nlsize(), GFP_ATOMIC, ZONESEC_CMD_RULE_LOG_NTF,
			      &hdr);
	if (!msg)
		return;
	if (WARN_ON_ONCE(log_fill(msg, l))) {
		nlmsg_free(msg);
		return;
	}
	zs_nl_event_send(net, msg, hdr);
}

static void log_line(const struct zs_fw_log *l)
{
	const struct zs_pkt *pkt = l->pkt;
	const char *in = l->in ? l->in->name : "-";
	const char *out = l->out ? l->out->name : "-";

	if (pkt->family == NFPROTO_IPV4)
		pr_info("zonesec: rule %u %s in=%s out=%s proto %u %pI4:%u -> %pI4:%u\n",
			l->rule->handle, action_names[l->rule->action], in, out,
			pkt->proto, &pkt->src.ip, pkt->sport, &pkt->dst.ip,
			pkt->dport);
	else
		pr_info("zonesec: rule %u %s in=%s out=%s proto %u [%pI6c]:%u -> [%pI6c]:%u\n",
			l->rule->handle, action_names[l->rule->action], in, out,
			pkt->proto, &pkt->src.in6, pkt->sport, &pkt->dst.in6,
			pkt->dport);
}

void zs_fw_log(struct net *net, const struct zs_fw_log *l)
{
	struct zs_fw_net *fn = &zs_netns_priv(net)->fw;

	if (!__ratelimit(&fn->log_rs))
		return;
	if (zs_nl_events_wanted(net))
		log_event(net, l);
	else
		log_line(l);
}
