// SPDX-License-Identifier: GPL-2.0
/*
 * The IP header around a transform, IPv4 and IPv6: where the transform
 * header goes in transport mode, the lengths and checksum after it moved,
 * the outer header of tunnel mode and the checks on the inner packet
 * that comes out of one. The transforms (esp.c) call these and stay
 * family-neutral; the family is read from the header's version nibble.
 *
 * Transport mode over IPv6 inserts the transform header where Linux XFRM
 * does (RFC 4303 3.1.1): after the hop-by-hop, routing and the
 * destination options that precede a routing header, as
 * ip6_find_1stfragopt() finds them; destination options after that
 * point are protected with the payload.
 *
 * Tunnel mode (RFC 4301 5.1.2): the outer header takes the SA's
 * addresses and family, the inner header's DSCP, ECN as RFC 6040 says
 * (CE becomes ECT(0) outside, a CE outside is copied in on the way
 * back), a fresh TTL or hop limit; IPv4 outside keeps DF from an IPv4
 * inner header and sets it for an IPv6 one, which no router may
 * fragment; IPv6 outside copies an IPv6 inner flow label. That is what
 * XFRM sends, so the two interoperate.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "ipfam.h"
#include "sa.h"

static bool is_v6(const struct sk_buff *skb)
{
	return ip_hdr(skb)->version == 6;
}

/**
 * zs_ip_out_loc() - where transport mode puts its header
 * @skb: the packet, from its (linear) IP header on
 * @loc: filled in
 *
 * Return: 0, or a negative errno for a malformed IPv6 header chain.
 */
int zs_ip_out_loc(struct sk_buff *skb, struct zs_ip_loc *loc)
{
	u8 *prev;
	int off;

	if (!is_v6(skb)) {
		loc->hl = ip_hdrlen(skb);
		loc->nhoff = offsetof(struct iphdr, protocol);
		return 0;
	}
	off = ip6_find_1stfragopt(skb, &prev);
	if (off < 0)
		return off;
	loc->hl = off;
	loc->nhoff = prev - skb_network_header(skb);
	return 0;
}

/* The packet's length changed: say so in its header (and checksum it). */
void zs_ip_set_len(struct sk_buff *skb)
{
	if (is_v6(skb)) {
		ipv6_hdr(skb)->payload_len =
			htons(skb->len - sizeof(struct ipv6hdr));
		return;
	}
	ip_hdr(skb)->tot_len = htons(skb->len);
	ip_send_check(ip_hdr(skb));
}

/* The size of a tunnel's outer header. */
unsigned int zs_ip_hdr_len(u32 af)
{
	return af == ZONESEC_AF_IPV6 ? sizeof(struct ipv6hdr) :
				       sizeof(struct iphdr);
}

/* The next header that names an inner packet of a family. */
u8 zs_ip_tunnel_proto(u32 inner_af)
{
	return inner_af == ZONESEC_AF_IPV6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
}

/**
 * zs_ip_tunnel_hdr() - write a tunnel's outer header
 * @skb: the packet, its network header set where the outer header goes,
 *	room for it there
 * @sa: the SA: addresses, outer family
 * @inner: the inner packet's IP header
 * @proto: the transform's protocol (IPv4 protocol, IPv6 next header)
 *
 * The length comes later (zs_ip_set_len()).
 */
void zs_ip_tunnel_hdr(struct sk_buff *skb, const struct zs_sa *sa,
		      const void *inner, u8 proto)
{
	bool inner6 = ((const struct iphdr *)inner)->version == 6;
	u8 ds = inner6 ? ipv6_get_dsfield(inner) :
			 ((const struct iphdr *)inner)->tos;
	struct ipv6hdr *top6;
	struct iphdr *top;

	ds = INET_ECN_encapsulate(ds, ds);
	if (sa->key.af == ZONESEC_AF_IPV6) {
		top6 = ipv6_hdr(skb);
		ip6_flow_hdr(top6, ds, inner6 ? ip6_flowlabel(inner) : 0);
		top6->nexthdr = proto;
		top6->hop_limit = IPDEFTTL;
		top6->saddr = sa->src.a6;
		top6->daddr = sa->key.dst.a6;
		skb->protocol = htons(ETH_P_IPV6);
		return;
	}
	top = ip_hdr(skb);
	top->version = 4;
	top->ihl = sizeof(*top) / 4;
	top->tos = ds;
	top->frag_off = inner6 ? htons(IP_DF) :
			((const struct iphdr *)inner)->frag_off & htons(IP_DF);
	top->protocol = proto;
	top->ttl = IPDEFTTL;
	top->saddr = sa->src.a4;
	top->daddr = sa->key.dst.a4;
	top->id = (__force __be16)get_random_u16();
	skb->protocol = htons(ETH_P_IP);
}

static int inner4(struct sk_buff *skb)
{
	const struct iphdr *iph;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		return -EINVAL;
	iph = ip_hdr(skb);
	len = ntohs(iph->tot_len);
	if (iph->version != 4 || iph->ihl < 5 ||
	    !pskb_may_pull(skb, iph->ihl * 4))
		return -EINVAL;
	iph = ip_hdr(skb);
	if (len < iph->ihl * 4 || len > skb->len || pskb_trim(skb, len) ||
	    ip_fast_csum(iph, iph->ihl))
		return -EINVAL;
	skb_set_transport_header(skb, iph->ihl * 4);
	skb->protocol = htons(ETH_P_IP);
	return 0;
}

/*
 * An inner IPv6 packet is re-injected after the point where the stack
 * parses a hop-by-hop header (ip6_rcv_core()), so one with such a header
 * is refused rather than half processed.
 */
static int inner6(struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h;
	unsigned int len;

	if (!pskb_may_pull(skb, sizeof(*ip6h)))
		return -EINVAL;
	ip6h = ipv6_hdr(skb);
	len = ntohs(ip6h->payload_len) + sizeof(*ip6h);
	if (ip6h->version != 6 || ip6h->nexthdr == NEXTHDR_HOP ||
	    len > skb->len || pskb_trim(skb, len))
		return -EINVAL;
	skb_set_transport_header(skb, sizeof(*ip6h));
	skb->protocol = htons(ETH_P_IPV6);
	return 0;
}

/**
 * zs_ip_tunnel_decap() - the inner packet of a tunnel, checked
 * @skb: the decrypted packet, outer header still on
 * @off: where the inner packet starts
 * @next: the next header the trailer named
 * @inner_af: the family the SA carries
 *
 * The outer header's CE mark passes to the inner one.
 *
 * Return: 0, or -EINVAL when the inner packet is not a well-formed one
 * of @inner_af.
 */
int zs_ip_tunnel_decap(struct sk_buff *skb, unsigned int off, u8 next,
		       u32 inner_af)
{
	u8 outer_ds = is_v6(skb) ? ipv6_get_dsfield(ipv6_hdr(skb)) :
				   ip_hdr(skb)->tos;
	int err;

	if (next != zs_ip_tunnel_proto(inner_af))
		return -EINVAL;
	__skb_pull(skb, off);
	skb_reset_network_header(skb);
	err = inner_af == ZONESEC_AF_IPV6 ? inner6(skb) : inner4(skb);
	if (err || !INET_ECN_is_ce(outer_ds))
		return err;
	if (inner_af == ZONESEC_AF_IPV6)
		IP6_ECN_set_ce(skb, ipv6_hdr(skb));
	else
		IP_ECN_set_ce(ip_hdr(skb));
	return 0;
}
