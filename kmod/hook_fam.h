/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the family-neutral packet path (hook.c) and the two families
 * (hook4.c, hook6.c): what differs between IPv4 and IPv6 on the way in
 * and out, as one small table per family.
 */
#ifndef _ZS_HOOK_FAM_H
#define _ZS_HOOK_FAM_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>

#include "ipfam.h"
#include "policy.h"

struct net;
struct zs_sa;

/**
 * struct zs_hook_fam - one address family on the packet path
 * @af: ZONESEC_AF_IPV4 or ZONESEC_AF_IPV6
 * @nfproto: NFPROTO_IPV4 or NFPROTO_IPV6
 * @flow: what the packet offers to selectors
 * @forwarded: is the packet forwarded (not this host's own)?
 * @may_frag: may the stack fragment the packet after POST_ROUTING (IPv4
 *	without DF, or a local socket that allows it)? Else a packet too big
 *	for the link is answered with ICMP.
 * @hdr_len: the IP header that transport mode keeps in front of ESP
 * @too_big: send "fragmentation needed" / "packet too big" with @mtu to
 *	the packet's source
 * @route_out: the route of a tunnel's outer packet of this family, to the
 *	SA's destination, with a reference, or an ERR_PTR
 * @xmit: hand a finished packet of this family to the neighbour layer,
 *	past the route's MTU check (consumes it)
 * @rx_prepare: reset the control block of a tunnel's inner packet, as
 *	the stack's receive path would have set it
 * @rx_route: route a re-injected packet that has no route; 0 or an errno
 * @rx_local: is the routed packet for this host?
 * @rx_finish: the okfn after PRE_ROUTING (calls zs_hook_rx_finish())
 */
struct zs_hook_fam {
	u32 af;
	u8 nfproto;
	void (*flow)(struct sk_buff *skb, struct zs_flow *fl);
	bool (*forwarded)(const struct sk_buff *skb);
	bool (*may_frag)(const struct sk_buff *skb);
	unsigned int (*hdr_len)(struct sk_buff *skb);
	void (*too_big)(struct sk_buff *skb, unsigned int mtu);
	struct dst_entry *(*route_out)(struct net *net, const struct zs_sa *sa,
				       const struct sk_buff *skb);
	void (*xmit)(struct sk_buff *skb);
	void (*rx_prepare)(struct sk_buff *skb);
	int (*rx_route)(struct sk_buff *skb);
	bool (*rx_local)(const struct sk_buff *skb);
	int (*rx_finish)(struct net *net, struct sock *sk, struct sk_buff *skb);
};

extern const struct zs_hook_fam zs_hook4, zs_hook6;
extern const struct nf_hook_ops zs_hook4_ops[3], zs_hook6_ops[3];

static inline const struct zs_hook_fam *zs_hook_fam(u32 af)
{
	return af == ZONESEC_AF_IPV6 ? &zs_hook6 : &zs_hook4;
}

unsigned int zs_hook_out(const struct zs_hook_fam *f, struct sk_buff *skb,
			 const struct nf_hook_state *state);
unsigned int zs_hook_in(const struct zs_hook_fam *f, struct sk_buff *skb,
			const struct nf_hook_state *state, u8 proto,
			const struct zs_ip_loc *loc,
			const union zs_addr *daddr);
unsigned int zs_hook_fwd(const struct zs_hook_fam *f, struct sk_buff *skb,
			 const struct nf_hook_state *state, u8 proto);
bool zs_hook_reinjected(const struct sk_buff *skb);
int zs_hook_rx_finish(const struct zs_hook_fam *f, struct net *net,
		      struct sk_buff *skb);
unsigned int zs_hook_rx_xform(struct sk_buff *skb, struct zs_sa *sa,
			      const struct zs_ip_loc *loc);

/* hook_steer.c: each SA's inbound packets on a CPU of its own */
bool zs_steer_rx(struct sk_buff *skb, struct zs_sa *sa,
		 const struct zs_ip_loc *loc);
void zs_steer_flush(void);

#endif /* _ZS_HOOK_FAM_H */
