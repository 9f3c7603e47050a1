// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 on the packet path: the hooks (POST_ROUTING out, LOCAL_IN in) and
 * what hook.c needs to know about IPv4 packets: selectors, DF, "fragmentation
 * needed", routes, the neighbour layer, re-injection at PRE_ROUTING.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netfilter_ipv4.h>
#include <net/dst.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/route.h>

#include "hook_fam.h"
#include "sa.h"

/* What an IPv4 packet offers to selectors. */
static void flow4(struct sk_buff *skb, struct zs_flow *fl)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int off = ip_hdrlen(skb);
	__be16 buf[2];
	const __be16 *ports;
	const u8 *type;

	memset(fl, 0, sizeof(*fl));
	fl->af = ZONESEC_AF_IPV4;
	fl->src.a4 = iph->saddr;
	fl->dst.a4 = iph->daddr;
	fl->proto = iph->protocol;
	fl->icmp_type = ZS_ICMP_ANY;
	if (iph->frag_off & htons(IP_OFFSET))
		return;		/* a later fragment: no transport header */
	switch (fl->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
		ports = skb_header_pointer(skb, off, sizeof(buf), buf);
		if (ports) {
			fl->sport = ntohs(ports[0]);
			fl->dport = ntohs(ports[1]);
		}
		break;
	case IPPROTO_ICMP:
		type = skb_header_pointer(skb, off, 1, buf);
		if (type)
			fl->icmp_type = *type;
		break;
	}
}

static bool forwarded4(const struct sk_buff *skb)
{
	return IPCB(skb)->flags & IPSKB_FORWARDED;
}

static bool may_frag4(const struct sk_buff *skb)
{
	return !(ip_hdr(skb)->frag_off & htons(IP_DF)) || skb->ignore_df;
}

static unsigned int hdr_len4(struct sk_buff *skb)
{
	return ip_hdrlen(skb);
}

static void too_big4(struct sk_buff *skb, unsigned int mtu)
{
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
}

/* Tunnel mode: the outer packet's route, to the SA's destination. */
static struct dst_entry *route_out4(struct net *net, const struct zs_sa *sa,
				    const struct sk_buff *skb)
{
	struct flowi4 fl4 = {
		.daddr = sa->key.dst.a4,
		.saddr = sa->src.a4,
		/* enum zonesec_proto is the IP protocol number */
		.flowi4_proto = sa->key.proto,
		.flowi4_mark = skb->mark,
	};
	struct rtable *rt = ip_route_output_key(net, &fl4);

	return IS_ERR(rt) ? ERR_CAST(rt) : &rt->dst;
}

/* ip_finish_output2(), for packets that must not meet its MTU check. */
static void xmit4(struct sk_buff *skb)
{
	struct rtable *rt = skb_rtable(skb);
	struct net_device *dev = rt->dst.dev;
	unsigned int hh_len = LL_RESERVED_SPACE(dev);
	struct neighbour *neigh;
	bool is_v6gw = false;

	if (unlikely(skb_headroom(skb) < hh_len && dev->header_ops)) {
		skb = skb_expand_head(skb, hh_len);
		if (!skb)
			return;
	}
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	rcu_read_lock_bh();
	neigh = ip_neigh_for_gw(rt, skb, &is_v6gw);
	if (!IS_ERR(neigh)) {
		sock_confirm_neigh(skb, neigh);
		neigh_output(neigh, skb, is_v6gw);
	} else {
		kfree_skb(skb);
	}
	rcu_read_unlock_bh();
}

/* ip_rcv_core() did this for the outer packet; the inner one is new. */
static void rx_prepare4(struct sk_buff *skb)
{
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
}

static int rx_route4(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	return ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				    skb->dev);
}

static bool rx_local4(const struct sk_buff *skb)
{
	return skb_rtable(skb)->rt_type == RTN_LOCAL;
}

static int rx_finish4(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return zs_hook_rx_finish(&zs_hook4, net, skb);
}

const struct zs_hook_fam zs_hook4 = {
	.af		= ZONESEC_AF_IPV4,
	.nfproto	= NFPROTO_IPV4,
	.flow		= flow4,
	.forwarded	= forwarded4,
	.may_frag	= may_frag4,
	.hdr_len	= hdr_len4,
	.too_big	= too_big4,
	.route_out	= route_out4,
	.xmit		= xmit4,
	.rx_prepare	= rx_prepare4,
	.rx_route	= rx_route4,
	.rx_local	= rx_local4,
	.rx_finish	= rx_finish4,
};

static unsigned int zs_out4(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	return zs_hook_out(&zs_hook4, skb, state);
}

/* The IP header is whole here (ip_rcv_core() pulled it). */
static unsigned int zs_in4(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	struct zs_ip_loc loc = {
		.hl = ip_hdrlen(skb),
		.nhoff = offsetof(struct iphdr, protocol),
	};
	union zs_addr daddr = {};

	if (zs_hook_reinjected(skb))
		return NF_ACCEPT;
	daddr.a4 = ip_hdr(skb)->daddr;
	return zs_hook_in(&zs_hook4, skb, state, ip_hdr(skb)->protocol, &loc,
			  &daddr);
}

static unsigned int zs_fwd4(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	return zs_hook_fwd(&zs_hook4, skb, state, ip_hdr(skb)->protocol);
}

const struct nf_hook_ops zs_hook4_ops[3] = {
	{
		.hook		= zs_out4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP_PRI_LAST - 1,
	},
	{
		.hook		= zs_in4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_SECURITY + 1,
	},
	{
		.hook		= zs_fwd4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP_PRI_SECURITY + 1,
	},
};
