// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 on the packet path: the hooks (POST_ROUTING out, LOCAL_IN in) and
 * what hook.c needs to know about IPv6 packets: selectors behind
 * extension headers, where ESP sits behind them, "packet too big",
 * routes, the neighbour layer, re-injection at PRE_ROUTING.
 *
 * IPv6 reassembles in ip6_input_finish(), after LOCAL_IN, and delivers
 * the whole packet without passing LOCAL_IN again; so the namespace's
 * nf_defrag_ipv6 is enabled (hook.c) and LOCAL_IN sees whole packets, as
 * it does for IPv4.
 */

#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv6.h>
#include <net/dst.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/neighbour.h>

#include "hook_fam.h"
#include "sa.h"

/* What an IPv6 packet offers to selectors, behind its extension headers. */
static void flow6(struct sk_buff *skb, struct zs_flow *fl)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 next = ip6h->nexthdr;
	const struct frag_hdr *fh;
	struct frag_hdr fbuf;
	__be16 buf[2], frag_off = 0;
	const __be16 *ports;
	const u8 *type;
	int off;

	memset(fl, 0, sizeof(*fl));
	fl->af = ZONESEC_AF_IPV6;
	fl->src.a6 = ip6h->saddr;
	fl->dst.a6 = ip6h->daddr;
	fl->icmp_type = ZS_ICMP_ANY;
	off = ipv6_skip_exthdr(skb, sizeof(*ip6h), &next, &frag_off);
	fl->proto = next;
	if (off < 0)
		return;
	if (next == NEXTHDR_FRAGMENT) {
		/* a later fragment: the protocol, no transport header */
		fh = skb_header_pointer(skb, off, sizeof(fbuf), &fbuf);
		if (fh)
			fl->proto = fh->nexthdr;
		return;
	}
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
	case IPPROTO_ICMPV6:
		type = skb_header_pointer(skb, off, 1, buf);
		if (type)
			fl->icmp_type = *type;
		break;
	}
}

static bool forwarded6(const struct sk_buff *skb)
{
	return IP6CB(skb)->flags & IP6SKB_FORWARDED;
}

/* Routers never fragment IPv6; a local socket may allow it (ip6_fragment()). */
static bool may_frag6(const struct sk_buff *skb)
{
	return skb->ignore_df;
}

static unsigned int hdr_len6(struct sk_buff *skb)
{
	struct zs_ip_loc loc;

	return zs_ip_out_loc(skb, &loc) ? sizeof(struct ipv6hdr) : loc.hl;
}

static void too_big6(struct sk_buff *skb, unsigned int mtu)
{
	icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
}

/* Tunnel mode: the outer packet's route, to the SA's destination. */
static struct dst_entry *route_out6(struct net *net, const struct zs_sa *sa,
				    const struct sk_buff *skb)
{
	struct flowi6 fl6 = {
		.daddr = sa->key.dst.a6,
		.saddr = sa->src.a6,
		/* enum zonesec_proto is the IP protocol number */
		.flowi6_proto = sa->key.proto,
		.flowi6_mark = skb->mark,
	};
	struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);
	int err = dst->error;

	if (err) {
		dst_release(dst);
		return ERR_PTR(err);
	}
	return dst;
}

/* ip6_finish_output2(), for packets that must not meet its MTU check. */
static void xmit6(struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	struct net_device *dev = dst->dev;
	unsigned int hh_len = LL_RESERVED_SPACE(dev);
	const struct in6_addr *nexthop;
	struct neighbour *neigh;

	if (unlikely(skb_headroom(skb) < hh_len && dev->header_ops)) {
		skb = skb_expand_head(skb, hh_len);
		if (!skb)
			return;
	}
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IPV6);
	rcu_read_lock_bh();
	nexthop = rt6_nexthop((struct rt6_info *)dst, &ipv6_hdr(skb)->daddr);
	neigh = __ipv6_neigh_lookup_noref(dev, nexthop);
	if (unlikely(!neigh))
		neigh = __neigh_create(&nd_tbl, nexthop, dev, false);
	if (!IS_ERR(neigh)) {
		sock_confirm_neigh(skb, neigh);
		neigh_output(neigh, skb, false);
	} else {
		kfree_skb(skb);
	}
	rcu_read_unlock_bh();
}

/*
 * ip6_rcv_core() did this for the outer packet; the inner one is new (and
 * has no hop-by-hop header: ipfam.c refused those).
 */
static void rx_prepare6(struct sk_buff *skb)
{
	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	IP6CB(skb)->iif = skb->dev->ifindex;
	IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
}

/* ip6_route_input(), which is not exported. */
static int rx_route6(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.flowi6_iif = skb->dev->ifindex,
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
		.flowlabel = ip6_flowinfo(ip6h),
		.flowi6_mark = skb->mark,
		.flowi6_proto = ip6h->nexthdr,
	};

	skb_dst_set(skb, ip6_route_input_lookup(dev_net(skb->dev), skb->dev,
						&fl6, skb,
						RT6_LOOKUP_F_HAS_SADDR));
	return 0;
}

static bool rx_local6(const struct sk_buff *skb)
{
	return skb_dst(skb)->input == ip6_input;
}

static int rx_finish6(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return zs_hook_rx_finish(&zs_hook6, net, skb);
}

const struct zs_hook_fam zs_hook6 = {
	.af		= ZONESEC_AF_IPV6,
	.nfproto	= NFPROTO_IPV6,
	.flow		= flow6,
	.forwarded	= forwarded6,
	.may_frag	= may_frag6,
	.hdr_len	= hdr_len6,
	.too_big	= too_big6,
	.route_out	= route_out6,
	.xmit		= xmit6,
	.rx_prepare	= rx_prepare6,
	.rx_route	= rx_route6,
	.rx_local	= rx_local6,
	.rx_finish	= rx_finish6,
};

static unsigned int zs_out6(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	return zs_hook_out(&zs_hook6, skb, state);
}

/*
 * The header after those in front of ESP or AH (hop-by-hop, destination
 * options, a routing header with no segment left), and where it sits.
 * Return: its protocol; NEXTHDR_NONE when the chain is cut short, or
 * NEXTHDR_ROUTING when the packet is routed on (not ours yet).
 */
static u8 in_loc6(struct sk_buff *skb, struct zs_ip_loc *loc)
{
	unsigned int off = sizeof(struct ipv6hdr);
	unsigned int nhoff = offsetof(struct ipv6hdr, nexthdr);
	u8 next = ipv6_hdr(skb)->nexthdr;
	const struct ipv6_rt_hdr *h;
	struct ipv6_rt_hdr buf;

	while (next == NEXTHDR_HOP || next == NEXTHDR_DEST ||
	       next == NEXTHDR_ROUTING) {
		/* the first two bytes of each: next header, length */
		h = skb_header_pointer(skb, off, sizeof(buf), &buf);
		if (!h || off > U16_MAX)
			return NEXTHDR_NONE;
		if (next == NEXTHDR_ROUTING && h->segments_left)
			return NEXTHDR_ROUTING;
		nhoff = off;
		off += ipv6_optlen((const struct ipv6_opt_hdr *)h);
		next = h->nexthdr;
	}
	loc->hl = off;
	loc->nhoff = nhoff;
	return next;
}

static unsigned int zs_in6(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	struct zs_ip_loc loc = {};
	union zs_addr daddr = {};
	u8 proto;

	if (zs_hook_reinjected(skb))
		return NF_ACCEPT;
	proto = in_loc6(skb, &loc);
	daddr.a6 = ipv6_hdr(skb)->daddr;
	return zs_hook_in(&zs_hook6, skb, state, proto, &loc, &daddr);
}

static unsigned int zs_fwd6(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct zs_ip_loc loc = {};

	return zs_hook_fwd(&zs_hook6, skb, state, in_loc6(skb, &loc));
}

const struct nf_hook_ops zs_hook6_ops[3] = {
	{
		.hook		= zs_out6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP6_PRI_LAST - 1,
	},
	{
		.hook		= zs_in6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_SECURITY + 1,
	},
	{
		.hook		= zs_fwd6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_FORWARD,
		.priority	= NF_IP6_PRI_SECURITY + 1,
	},
};
