// SPDX-License-Identifier: GPL-2.0
/*
 * The firewall's way in: netfilter hooks at FORWARD, LOCAL_IN and
 * LOCAL_OUT for IPv4 and IPv6, after conntrack (filter priority).
 *
 * Per packet: the source and destination zones (LOCAL_OUT comes from
 * "self", LOCAL_IN goes to it); traffic that has no zone on either side
 * is not the firewall's and passes. Then conntrack's verdict: packets of
 * known connections (ESTABLISHED, RELATED, in either direction) pass;
 * packets conntrack found invalid are dropped and counted; NEW (and
 * untracked) packets are looked up in the rule set, the first matching
 * rule decides, else the zone pair's default does. Since the verdict of
 * a connection is taken on its first packet, a rule change applies to
 * new connections: established ones go on.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>
#include <net/netfilter/nf_conntrack.h>

#include "fw.h"
#include "hook.h"
#include "netns.h"

static void pkt_ports(struct sk_buff *skb, unsigned int thoff,
		      struct zs_pkt *pkt)
{
	__be16 _ports[2];
	const __be16 *ports;
	u8 _type;
	const u8 *type;

	switch (pkt->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
		ports = skb_header_pointer(skb, thoff, sizeof(_ports), _ports);
		if (!ports)
			return;
		pkt->sport = ntohs(ports[0]);
		pkt->dport = ntohs(ports[1]);
		pkt->has_ports = true;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		type = skb_header_pointer(skb, thoff, sizeof(_type), &_type);
		if (!type)
			return;
		pkt->icmp_type = *type;
		pkt->has_icmp_type = true;
		break;
	}
}

static bool pkt_parse(struct sk_buff *skb, u8 family, struct zs_pkt *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	pkt->family = family;
	if (family == NFPROTO_IPV4) {
		const struct iphdr *iph = ip_hdr(skb);

		pkt->proto = iph->protocol;
		pkt->src.ip = iph->saddr;
		pkt->dst.ip = iph->daddr;
		if (!(ntohs(iph->frag_off) & IP_OFFSET))
			pkt_ports(skb, skb_network_offset(skb) + ip_hdrlen(skb),
				  pkt);
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		int frag_flags = 0;
		unsigned int thoff = 0;
		unsigned short fragoff = 0;
		int proto;

		pkt->src.in6 = ip6h->saddr;
		pkt->dst.in6 = ip6h->daddr;
		proto = ipv6_find_hdr(skb, &thoff, -1, &fragoff, &frag_flags);
		if (proto < 0)
			return false;
		pkt->proto = proto;
		if (!fragoff)
			pkt_ports(skb, thoff, pkt);
	}
	return true;
}

/*
 * Neighbour discovery and MLD: link-local control traffic that conntrack
 * leaves untracked. Without it IPv6 stops working, so it always passes,
 * before any rule or policy (nftables rule sets say the same explicitly).
 */
static bool pkt_is_nd(const struct zs_pkt *pkt)
{
	return pkt->family == NFPROTO_IPV6 && pkt->proto == IPPROTO_ICMPV6 &&
	       pkt->has_icmp_type &&
	       ((pkt->icmp_type >= ICMPV6_MGM_QUERY &&
		 pkt->icmp_type <= NDISC_REDIRECT) ||
		pkt->icmp_type == ICMPV6_MLD2_REPORT);
}

static void fw_reject(struct sk_buff *skb, const struct nf_hook_state *state,
		      const struct zs_pkt *pkt)
{
	if (state->pf == NFPROTO_IPV4) {
		if (pkt->proto == IPPROTO_TCP)
			nf_send_reset(state->net, state->sk, skb, state->hook);
		else
			nf_send_unreach(skb, ICMP_PORT_UNREACH, state->hook);
	} else {
		if (pkt->proto == IPPROTO_TCP)
			nf_send_reset6(state->net, state->sk, skb, state->hook);
		else
			nf_send_unreach6(state->net, skb, ICMPV6_PORT_UNREACH,
					 state->hook);
	}
}

static u8 fw_policy(const struct zs_fw *fw, u8 from, u8 to)
{
	if (fw->policy[from][to])
		return fw->policy[from][to];
	/* the default of defaults */
	if (from == ZS_ZONE_SELF_ID || from == to)
		return ZONESEC_FW_ACTION_ACCEPT;
	return ZONESEC_FW_ACTION_DROP;
}

static unsigned int fw_verdict(struct sk_buff *skb,
			       const struct nf_hook_state *state,
			       const struct zs_pkt *pkt, u8 action)
{
	if (action == ZONESEC_FW_ACTION_ACCEPT)
		return NF_ACCEPT;
	if (action == ZONESEC_FW_ACTION_REJECT)
		fw_reject(skb, state, pkt);
	return NF_DROP;
}

static bool dev_is_lo(const struct net_device *dev)
{
	return dev && (dev->flags & IFF_LOOPBACK);
}

/*
 * The source zone. A packet one of our SAs decapsulated (re-injected at
 * PRE_ROUTING, now at FORWARD or LOCAL_IN) belongs to the zone that names
 * its SA, if any, whatever its address and interface: that is what tells
 * tunnel traffic from the same addresses sent in clear.
 */
static u8 fw_from_zone(const struct zs_fw *fw, const struct sk_buff *skb,
		       const struct nf_hook_state *state,
		       const struct zs_pkt *pkt)
{
	u32 reqid;
	u8 zone;

	/* the gateway's own packets, and what it sends itself over lo */
	if (state->hook == NF_INET_LOCAL_OUT || dev_is_lo(state->in))
		return ZS_ZONE_SELF_ID;
	if ((fw->n_ipsec || fw->ipsec_any != ZS_ZONE_NONE) &&
	    zs_hook_rx_reqid(skb, &reqid)) {
		zone = zs_fw_zone_of_sa(fw, reqid);
		if (zone != ZS_ZONE_NONE)
			return zone;
	}
	return zs_fw_zone_of(fw, state->in, pkt->family, &pkt->src);
}

static unsigned int fw_hook(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct zs_fw_net *fn = &zs_netns_priv(state->net)->fw;
	enum ip_conntrack_info ctinfo;
	const struct zs_fw *fw;
	struct zs_rule *rule;
	struct zs_pkt pkt;
	struct nf_conn *ct;
	u8 from, to, action;

	fw = rcu_dereference(fn->fw);
	if (!fw || !pkt_parse(skb, state->pf, &pkt))
		return NF_ACCEPT;

	from = fw_from_zone(fw, skb, state, &pkt);
	if (state->hook == NF_INET_LOCAL_IN || dev_is_lo(state->out))
		to = ZS_ZONE_SELF_ID;
	else
		to = zs_fw_zone_of(fw, state->out, pkt.family, &pkt.dst);
	if (from == ZS_ZONE_NONE || to == ZS_ZONE_NONE || pkt_is_nd(&pkt))
		return NF_ACCEPT;

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct && ctinfo != IP_CT_UNTRACKED) {
		this_cpu_inc(fn->stats->invalid);
		return NF_DROP;
	}
	if (ct && ctinfo != IP_CT_NEW)
		return NF_ACCEPT;

	rule = zs_fw_lookup(fw, from, to, &pkt);
	if (rule) {
		zs_rule_count(rule, skb->len);
		if (rule->flags & ZONESEC_RULE_F_LOG) {
			struct zs_fw_log log = {
				.fw = fw, .rule = rule, .pkt = &pkt,
				.in = state->in, .out = state->out,
				.from = from, .to = to, .len = skb->len,
			};

			zs_fw_log(state->net, &log);
		}
		action = rule->action;
	} else {
		action = fw_policy(fw, from, to);
		if (action == ZONESEC_FW_ACTION_ACCEPT)
			this_cpu_inc(fn->stats->policy_accept);
		else
			this_cpu_inc(fn->stats->policy_drop);
	}
	return fw_verdict(skb, state, &pkt, action);
}

#define FW_HOOK(pf_, hook_, prio_) {		\
	.hook		= fw_hook,		\
	.pf		= pf_,			\
	.hooknum	= hook_,		\
	.priority	= prio_,		\
}

static const struct nf_hook_ops fw_hook_ops[] = {
	FW_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, NF_IP_PRI_FILTER),
	FW_HOOK(NFPROTO_IPV4, NF_INET_FORWARD, NF_IP_PRI_FILTER),
	FW_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_OUT, NF_IP_PRI_FILTER),
	FW_HOOK(NFPROTO_IPV6, NF_INET_LOCAL_IN, NF_IP6_PRI_FILTER),
	FW_HOOK(NFPROTO_IPV6, NF_INET_FORWARD, NF_IP6_PRI_FILTER),
	FW_HOOK(NFPROTO_IPV6, NF_INET_LOCAL_OUT, NF_IP6_PRI_FILTER),
};

/* Conntrack first: the hooks rely on its verdict from the first packet. */
int zs_fw_hooks_enable(struct net *net)
{
	int err;

	err = nf_ct_netns_get(net, NFPROTO_INET);
	if (err)
		return err;
	err = nf_register_net_hooks(net, fw_hook_ops, ARRAY_SIZE(fw_hook_ops));
	if (err)
		nf_ct_netns_put(net, NFPROTO_INET);
	return err;
}

void zs_fw_hooks_disable(struct net *net)
{
	nf_unregister_net_hooks(net, fw_hook_ops, ARRAY_SIZE(fw_hook_ops));
	nf_ct_netns_put(net, NFPROTO_INET);
}
