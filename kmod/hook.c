// SPDX-License-Identifier: GPL-2.0
/*
 * The packet's way in and out, IPv4:
 *
 * Out, POST_ROUTING (after NAT, so selectors see the final addresses):
 *   SPD out -> bypass: on its way | discard: dropped | protect: the SA
 *   for the template (none: dropped); tunnel mode: the outer route ->
 *   too big for the link once protected and DF: "fragmentation needed"
 *   with the size that fits, dropped -> GSO packets segmented -> ESP.
 *   A transport-mode packet that still fits its route continues through
 *   the hooks after ours; others (tunnel mode, segments, async
 *   completions, packets bigger than a route whose PMTU our own ICMP
 *   lowered) go straight to the neighbour layer, as ip_finish_output2()
 *   would send them.
 *
 * In, LOCAL_IN (after the filter table): ESP to a local address whose SPI
 *   names one of our SAs -> window, ICV, decryption, decapsulation ->
 *   re-injected at PRE_ROUTING, conntrack reset, as XFRM does, so that
 *   conntrack and the filter see the inner packet -> routed (tunnel
 *   mode) -> it must match the in (local) or fwd (forwarded) policy its
 *   SA serves -> delivered or forwarded. ESP for SAs that are not ours is
 *   left alone (Linux XFRM may own it). A clear packet that an inbound
 *   protect policy covers is dropped; a re-injected one is told apart by
 *   a per-CPU mark set around the (synchronous) re-injection.
 *
 * Forward, FORWARD: a clear packet that a fwd protect policy covers is
 *   dropped, as at LOCAL_IN; decapsulated ones carry the mark.
 *
 * Every drop is counted by reason, per SA when one is known and per
 * namespace always (stats.h).
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/percpu.h>
#include <net/dst.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/route.h>
#include ZS_GSO_H

#include "esp.h"
#include "hook.h"
#include "netlink.h"
#include "netns.h"

/* The packet zonesec is re-injecting on this CPU, and its SA. */
struct rx_mark {
	struct sk_buff *skb;
	struct zs_sa *sa;
};

static DEFINE_PER_CPU(struct rx_mark, zs_rx_mark);

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

/* An asynchronous encryption finished. */
static void out_resume(struct sk_buff *skb, struct zs_sa *sa, int err)
{
	rcu_read_lock();
	local_bh_disable();
	if (err)
		kfree_skb(skb);
	else
		xmit4(skb);
	local_bh_enable();
	rcu_read_unlock();
	zs_sa_put(sa);
}

/*
 * Too big for the link once protected, and not to be fragmented? Then
 * "fragmentation needed" with the size that fits, to the sender (this
 * host's socket, or the host whose packet is forwarded).
 */
static bool out_too_big(struct zs_sa *sa, struct sk_buff *skb,
			unsigned int mtu)
{
	unsigned int room;

	if (!(ip_hdr(skb)->frag_off & htons(IP_DF)) || skb->ignore_df)
		return false;
	if (sa->mode == ZONESEC_MODE_TUNNEL)
		room = zs_esp_mtu(sa, mtu, sizeof(struct iphdr)) -
		       sizeof(struct iphdr);
	else
		room = zs_esp_mtu(sa, mtu, ip_hdrlen(skb));
	if (skb_is_gso(skb) ? skb_gso_validate_network_len(skb, room) :
			      skb->len <= room)
		return false;
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(room));
	zs_sa_stat_add(sa, ZS_SA_DROP_TOO_BIG, 1);
	return true;
}

/* Tunnel mode: the outer packet's route, to the SA's destination. */
static struct rtable *tunnel_route4(struct net *net, const struct zs_sa *sa,
				    const struct sk_buff *skb)
{
	struct flowi4 fl4 = {
		.daddr = sa->key.dst.a4,
		.saddr = sa->src.a4,
		.flowi4_proto = IPPROTO_ESP,
		.flowi4_mark = skb->mark,
	};

	return ip_route_output_key(net, &fl4);
}

/* Protect the segments of a GSO packet, one by one. */
static unsigned int out_gso(struct zs_sa *sa, struct sk_buff *skb)
{
	struct sk_buff *segs, *seg, *next;
	int err;

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		zs_sa_stat_add(sa, ZS_SA_DROP_NOMEM, 1);
		return NF_DROP;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		kref_get(&sa->ref);
		err = zs_esp_output(sa, seg, out_resume);
		if (err == -EINPROGRESS)
			continue;
		if (err)
			kfree_skb(seg);
		else
			xmit4(seg);
		zs_sa_put(sa);
	}
	return NF_STOLEN;
}

/* Consumes the reference on @sa. */
static unsigned int out_protect(struct net *net, struct zs_sa *sa,
				struct sk_buff *skb)
{
	bool tunnel = sa->mode == ZONESEC_MODE_TUNNEL;
	unsigned int verdict = NF_DROP;
	struct rtable *rt;
	int err;

	/* the route may be borrowed from the socket: not across async */
	skb_dst_force(skb);
	if (!skb_dst(skb))
		goto out;
	if (tunnel) {
		rt = tunnel_route4(net, sa, skb);
		if (IS_ERR(rt))
			goto out;
		/* with the inner route still on, for icmp_send() */
		if (out_too_big(sa, skb, READ_ONCE(rt->dst.dev->mtu))) {
			ip_rt_put(rt);
			goto out;
		}
		skb_dst_drop(skb);
		skb_dst_set(skb, &rt->dst);
	} else if (out_too_big(sa, skb, READ_ONCE(skb_dst(skb)->dev->mtu))) {
		goto out;
	}
	if (skb_is_gso(skb)) {
		verdict = out_gso(sa, skb);
		goto out;
	}
	err = zs_esp_output(sa, skb, out_resume);
	if (err == -EINPROGRESS)
		return NF_STOLEN;
	if (err)
		goto out;
	verdict = NF_ACCEPT;
	if (tunnel || (skb->len > dst_mtu(skb_dst(skb)) &&
		       (ip_hdr(skb)->frag_off & htons(IP_DF)))) {
		xmit4(skb);
		verdict = NF_STOLEN;
	}
out:
	zs_sa_put(sa);
	return verdict;
}

static unsigned int zs_out4(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct zs_net *zn = zs_netns_priv(state->net);
	struct zs_sa_okey okey = {};
	struct zs_policy *pol;
	struct zs_flow fl;
	struct zs_sa *sa;

	if (zs_spd_empty(&zn->spd, ZONESEC_DIR_OUT))
		return NF_ACCEPT;
	flow4(skb, &fl);
	pol = zs_policy_lookup(&zn->spd, ZONESEC_DIR_OUT, &fl);
	if (!pol || pol->action == ZONESEC_ACTION_BYPASS)
		return NF_ACCEPT;
	if (pol->action == ZONESEC_ACTION_DISCARD) {
		zs_net_stat_add(zn->stats, ZS_NET_DROP_DISCARD, 1);
		return NF_DROP;
	}
	if (pol->tmpl.proto != ZONESEC_PROTO_ESP)
		return NF_DROP;
	okey.proto = pol->tmpl.proto;
	if (pol->tmpl.mode == ZONESEC_MODE_TUNNEL) {
		if (pol->tmpl.af != ZONESEC_AF_IPV4)
			return NF_DROP;
		okey.src = pol->tmpl.src;
		okey.dst = pol->tmpl.dst;
		okey.af = pol->tmpl.af;
	} else {
		/* transport mode protects this host's own packets only */
		if (IPCB(skb)->flags & IPSKB_FORWARDED)
			return NF_DROP;
		okey.src = fl.src;
		okey.dst = fl.dst;
		okey.af = fl.af;
	}
	sa = zs_sa_get_out(&zn->sad, &okey, pol->tmpl.mode, pol->tmpl.reqid);
	if (!sa) {
		zs_net_stat_add(zn->stats, ZS_NET_DROP_NO_SA_OUT, 1);
		/* a daemon may negotiate one */
		if (zs_policy_acquire_due(pol))
			zs_nl_acquire_notify(state->net, pol);
		return NF_DROP;
	}
	return out_protect(state->net, sa, skb);
}

/*
 * Does a decapsulated packet match the policy its SA serves? The "in"
 * policy for this host, the "fwd" one for a packet it forwards; with none,
 * it passes.
 */
static bool in_policy_ok(struct zs_net *zn, struct sk_buff *skb,
			 const struct zs_sa *sa)
{
	const struct zs_policy *pol;
	struct zs_flow fl;
	u32 dir;

	dir = skb_rtable(skb)->rt_type == RTN_LOCAL ? ZONESEC_DIR_IN :
						      ZONESEC_DIR_FWD;
	flow4(skb, &fl);
	pol = zs_policy_lookup(&zn->spd, dir, &fl);
	if (!pol)
		return true;
	return pol->action == ZONESEC_ACTION_PROTECT &&
	       pol->tmpl.proto == sa->key.proto &&
	       pol->tmpl.mode == sa->mode &&
	       (!pol->tmpl.reqid || pol->tmpl.reqid == sa->reqid);
}

/* After PRE_ROUTING: route (tunnel mode), check, deliver or forward. */
static int rx_finish4(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct zs_sa *sa = __this_cpu_read(zs_rx_mark.sa);
	const struct iphdr *iph = ip_hdr(skb);

	if (!skb_dst(skb) &&
	    ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				 skb->dev)) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	if (WARN_ON_ONCE(!sa) || !in_policy_ok(zs_netns_priv(net), skb, sa)) {
		if (sa)
			zs_sa_stat_add(sa, ZS_SA_DROP_POLICY, 1);
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	return dst_input(skb);
}

/*
 * A verified, decrypted packet: once more through IP from PRE_ROUTING,
 * so that conntrack and the filter see it. Transport mode keeps its
 * (local) route; a tunnel's inner packet is routed anew.
 */
static void in_deliver(struct sk_buff *skb, struct zs_sa *sa)
{
	struct net *net = dev_net(skb->dev);

	if (sa->mode == ZONESEC_MODE_TUNNEL) {
		skb_dst_drop(skb);
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
		skb->pkt_type = PACKET_HOST;
	}
	nf_reset_ct(skb);
	__this_cpu_write(zs_rx_mark.skb, skb);
	__this_cpu_write(zs_rx_mark.sa, sa);
	NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, net, NULL, skb, skb->dev,
		NULL, rx_finish4);
	__this_cpu_write(zs_rx_mark.skb, NULL);
	__this_cpu_write(zs_rx_mark.sa, NULL);
}

static void in_resume(struct sk_buff *skb, struct zs_sa *sa, int err)
{
	rcu_read_lock();
	local_bh_disable();
	if (err)
		kfree_skb(skb);
	else
		in_deliver(skb, sa);
	local_bh_enable();
	rcu_read_unlock();
	zs_sa_put(sa);
}

/*
 * ESP whose SPI no SA of ours has: Linux XFRM's, if it holds any state
 * in the namespace; else nobody's, and counted.
 */
static unsigned int in_no_sa(struct zs_net *zn, struct net *net)
{
#if IS_ENABLED(CONFIG_XFRM)
	if (READ_ONCE(net->xfrm.state_num))
		return NF_ACCEPT;
#endif
	zs_net_stat_add(zn->stats, ZS_NET_DROP_NO_SA, 1);
	return NF_DROP;
}

static unsigned int in_esp(struct zs_net *zn, struct sk_buff *skb,
			   struct net *net)
{
	struct zs_sa_key key = {};
	const struct iphdr *iph;
	struct zs_sa *sa;
	int err;

	/* too short for an SPI: nobody's, whatever the SPI would be */
	if (!pskb_may_pull(skb, ip_hdrlen(skb) + sizeof(struct ip_esp_hdr))) {
		zs_net_stat_add(zn->stats, ZS_SA_DROP_MALFORMED, 1);
		return NF_DROP;
	}
	iph = ip_hdr(skb);
	key.spi = ((struct ip_esp_hdr *)(skb->data + ip_hdrlen(skb)))->spi;
	key.dst.a4 = iph->daddr;
	key.proto = ZONESEC_PROTO_ESP;
	key.af = ZONESEC_AF_IPV4;
	sa = zs_sa_get_in(&zn->sad, &key);
	if (!sa)
		return in_no_sa(zn, net);
	if (sa->inner_af != ZONESEC_AF_IPV4 || !sa->xf.aead) {
		zs_sa_put(sa);
		return NF_DROP;
	}
	skb_dst_force(skb);
	if (!skb_dst(skb)) {
		zs_sa_put(sa);
		return NF_DROP;
	}
	err = zs_esp_input(sa, skb, in_resume);
	if (err == -EINPROGRESS)
		return NF_STOLEN;
	if (err) {
		zs_sa_put(sa);
		return NF_DROP;
	}
	in_deliver(skb, sa);
	zs_sa_put(sa);
	return NF_STOLEN;
}

/*
 * A packet in clear, for this host (in) or forwarded (fwd): allowed
 * unless a policy of @dir wants it protected or dropped.
 */
static unsigned int in_clear(struct zs_net *zn, struct sk_buff *skb, u32 dir)
{
	const struct zs_policy *pol;
	struct zs_flow fl;

	if (zs_spd_empty(&zn->spd, dir))
		return NF_ACCEPT;
	flow4(skb, &fl);
	pol = zs_policy_lookup(&zn->spd, dir, &fl);
	if (!pol || pol->action == ZONESEC_ACTION_BYPASS)
		return NF_ACCEPT;
	zs_net_stat_add(zn->stats, pol->action == ZONESEC_ACTION_DISCARD ?
				   ZS_NET_DROP_DISCARD : ZS_NET_DROP_CLEAR_TEXT,
			1);
	return NF_DROP;
}

static unsigned int zs_in4(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	struct zs_net *zn = zs_netns_priv(state->net);

	if (__this_cpu_read(zs_rx_mark.skb) == skb)
		return NF_ACCEPT;
	if (ip_hdr(skb)->protocol == IPPROTO_ESP)
		return in_esp(zn, skb, state->net);
	if (ip_hdr(skb)->protocol == IPPROTO_AH)
		return NF_ACCEPT;
	return in_clear(zn, skb, ZONESEC_DIR_IN);
}

/*
 * FORWARD: a forwarded packet that a fwd protect policy covers must have
 * come out of one of our SAs (re-injected, and marked, on this CPU: the
 * forwarding path from PRE_ROUTING is synchronous); in clear it is
 * dropped. ESP and AH passing through are someone else's business.
 */
static unsigned int zs_fwd4(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	u8 proto = ip_hdr(skb)->protocol;

	if (__this_cpu_read(zs_rx_mark.skb) == skb ||
	    proto == IPPROTO_ESP || proto == IPPROTO_AH)
		return NF_ACCEPT;
	return in_clear(zs_netns_priv(state->net), skb, ZONESEC_DIR_FWD);
}

static const struct nf_hook_ops zs_hook_ops[] = {
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

int zs_hook_net_init(struct net *net)
{
	return nf_register_net_hooks(net, zs_hook_ops, ARRAY_SIZE(zs_hook_ops));
}

/* Returns once no hook runs in @net any more. */
void zs_hook_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, zs_hook_ops, ARRAY_SIZE(zs_hook_ops));
}
