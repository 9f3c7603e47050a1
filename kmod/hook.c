// SPDX-License-Identifier: GPL-2.0
/*
 * The packet's way in and out, for both families; what differs between
 * IPv4 and IPv6 is in hook4.c and hook6.c, behind struct zs_hook_fam.
 *
 * Out, POST_ROUTING (after NAT, so selectors see the final addresses):
 *   SPD out -> bypass: on its way | discard: dropped | protect: the SA
 *   for the template (none: dropped); tunnel mode: the SA must carry the
 *   packet's family, the outer route (of the SA's family) -> too big for
 *   the link once protected, and not to be fragmented: "fragmentation
 *   needed" / "packet too big" with the size that fits, dropped -> GSO
 *   packets segmented -> the transform (out_xform(), the one place).
 *   A transport-mode packet that still fits its route continues through
 *   the hooks after ours; others (tunnel mode, segments, async
 *   completions, packets bigger than a route whose PMTU our own ICMP
 *   lowered) go straight to the neighbour layer of the outer family.
 *
 * In, LOCAL_IN (after the filter table): ESP or AH to a local address
 *   whose SPI names one of our SAs -> the transform (in_xform(), by the
 *   SA's protocol, on the SA's own CPU: hook_steer.c): window, ICV,
 *   decryption (ESP), decapsulation -> re-injected at PRE_ROUTING
 *   of the inner family, conntrack reset, as XFRM does, so that conntrack
 *   and the filter see the inner packet -> routed (tunnel mode) -> it must
 *   match the in (local) or fwd (forwarded) policy its SA serves ->
 *   delivered or forwarded. ESP/AH for SAs that are not ours is left alone
 *   (Linux XFRM may own it). A clear packet that an inbound protect
 *   policy covers is dropped; a re-injected one is told apart by a
 *   per-CPU mark set around the (synchronous) re-injection.
 *
 * Forward, FORWARD: a clear packet that a fwd protect policy covers is
 *   dropped, as at LOCAL_IN; decapsulated ones carry the mark.
 *
 * Every drop is counted by reason, per SA when one is known and per
 * namespace always (stats.h).
 */

#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <net/dst.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include ZS_GSO_H

#include "ah.h"
#include "esp.h"
#include "hook.h"
#include "hook_fam.h"
#include "netlink.h"
#include "netns.h"

/* The packet zonesec is re-injecting on this CPU, and its SA. */
struct rx_mark {
	struct sk_buff *skb;
	struct zs_sa *sa;
};

static DEFINE_PER_CPU(struct rx_mark, zs_rx_mark);

/*
 * For the firewall (fw_hook.c): is @skb the packet zonesec is re-injecting
 * on this CPU? Then *reqid is its SA's. The re-injection is synchronous
 * (PRE_ROUTING, routing, then FORWARD or LOCAL_IN, all inside NF_HOOK()
 * in in_deliver()), so the mark is still set when those hooks run; it is
 * cleared before anything else runs on this CPU. this_cpu_read(): safe
 * from any context, and a packet of another CPU never matches.
 */
bool zs_hook_rx_reqid(const struct sk_buff *skb, u32 *reqid)
{
	const struct zs_sa *sa;

	if (this_cpu_read(zs_rx_mark.skb) != skb)
		return false;
	sa = this_cpu_read(zs_rx_mark.sa);
	if (!sa)
		return false;
	*reqid = sa->reqid;
	return true;
}

/* Is @skb the packet this CPU is re-injecting (LOCAL_IN lets it pass)? */
bool zs_hook_reinjected(const struct sk_buff *skb)
{
	return __this_cpu_read(zs_rx_mark.skb) == skb;
}

/* What each protocol does to a packet; the one switch on it is below. */
struct xform_ops {
	int (*output)(struct zs_sa *sa, struct sk_buff *skb,
		      zs_esp_resume_t resume);
	int (*input)(struct zs_sa *sa, struct sk_buff *skb,
		     const struct zs_ip_loc *loc, zs_esp_resume_t resume);
	unsigned int (*mtu)(const struct zs_sa *sa, unsigned int mtu,
			    unsigned int hl);
	unsigned int hdr_min;	/* header bytes to pull before the SPI */
	unsigned int spi_off;	/* where the SPI is in that header */
};

static const struct xform_ops esp_ops = {
	.output = zs_esp_output,
	.input = zs_esp_input,
	.mtu = zs_esp_mtu,
	.hdr_min = sizeof(struct ip_esp_hdr),
	.spi_off = offsetof(struct ip_esp_hdr, spi),
};

static const struct xform_ops ah_ops = {
	.output = zs_ah_output,
	.input = zs_ah_input,
	.mtu = zs_ah_mtu,
	.hdr_min = sizeof(struct ip_auth_hdr),
	.spi_off = offsetof(struct ip_auth_hdr, spi),
};

/* The routes of hook4.c and hook6.c take the SA's protocol as is. */
static_assert((int)ZONESEC_PROTO_ESP == (int)IPPROTO_ESP &&
	      (int)ZONESEC_PROTO_AH == (int)IPPROTO_AH);

/* @proto: enum zonesec_proto. Return: its ops, NULL for another value. */
static const struct xform_ops *xform_ops(u32 proto)
{
	switch (proto) {
	case ZONESEC_PROTO_ESP:
		return &esp_ops;
	case ZONESEC_PROTO_AH:
		return &ah_ops;
	}
	return NULL;
}

/* The transform of an outbound packet, by the SA's protocol. */
static int out_xform(struct zs_sa *sa, struct sk_buff *skb,
		     zs_esp_resume_t resume)
{
	return xform_ops(sa->key.proto)->output(sa, skb, resume);
}

/* The largest packet that fits @mtu once the SA's transform is added. */
static unsigned int xform_mtu(const struct zs_sa *sa, unsigned int mtu,
			      unsigned int hl)
{
	return xform_ops(sa->key.proto)->mtu(sa, mtu, hl);
}

/* The transform of an inbound packet, by the SA's protocol. */
static int in_xform(struct zs_sa *sa, struct sk_buff *skb,
		    const struct zs_ip_loc *loc, zs_esp_resume_t resume)
{
	return xform_ops(sa->key.proto)->input(sa, skb, loc, resume);
}

/* An asynchronous transform finished: the packet is of the SA's family. */
static void out_resume(struct sk_buff *skb, struct zs_sa *sa, int err)
{
	rcu_read_lock();
	local_bh_disable();
	if (err)
		kfree_skb(skb);
	else
		zs_hook_fam(sa->key.af)->xmit(skb);
	local_bh_enable();
	rcu_read_unlock();
	zs_sa_put(sa);
}

/*
 * Too big for the link once protected, and not to be fragmented? Then
 * ICMP with the size that fits, to the sender (this host's socket, or
 * the host whose packet is forwarded).
 */
static bool out_too_big(const struct zs_hook_fam *f, struct zs_sa *sa,
			struct sk_buff *skb, unsigned int mtu)
{
	unsigned int room, hl;

	if (f->may_frag(skb))
		return false;
	if (sa->mode == ZONESEC_MODE_TUNNEL) {
		hl = zs_ip_hdr_len(sa->key.af);
		room = xform_mtu(sa, mtu, hl) - hl;
	} else {
		room = xform_mtu(sa, mtu, f->hdr_len(skb));
	}
	if (skb_is_gso(skb) ? skb_gso_validate_network_len(skb, room) :
			      skb->len <= room)
		return false;
	f->too_big(skb, room);
	zs_sa_stat_add(sa, ZS_SA_DROP_TOO_BIG, 1);
	return true;
}

/* Protect the segments of a GSO packet, one by one. */
static unsigned int out_gso(const struct zs_hook_fam *outer,
			    struct zs_sa *sa, struct sk_buff *skb)
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
		err = out_xform(sa, seg, out_resume);
		if (err == -EINPROGRESS)
			continue;
		if (err)
			kfree_skb(seg);
		else
			outer->xmit(seg);
		zs_sa_put(sa);
	}
	return NF_STOLEN;
}

/* Tunnel mode: the outer route replaces the inner one, if it fits. */
static bool out_tunnel_route(const struct zs_hook_fam *f, struct net *net,
			     struct zs_sa *sa, struct sk_buff *skb)
{
	struct dst_entry *dst;

	dst = zs_hook_fam(sa->key.af)->route_out(net, sa, skb);
	if (IS_ERR(dst))
		return false;
	/* with the inner route still on, for the ICMP */
	if (out_too_big(f, sa, skb, READ_ONCE(dst->dev->mtu))) {
		dst_release(dst);
		return false;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	return true;
}

/* Consumes the reference on @sa. @f: the packet's family. */
static unsigned int out_protect(const struct zs_hook_fam *f, struct net *net,
				struct zs_sa *sa, struct sk_buff *skb)
{
	const struct zs_hook_fam *outer = zs_hook_fam(sa->key.af);
	bool tunnel = sa->mode == ZONESEC_MODE_TUNNEL;
	unsigned int verdict = NF_DROP;
	int err;

	/* the route may be borrowed from the socket: not across async */
	skb_dst_force(skb);
	if (!skb_dst(skb))
		goto out;
	/*
	 * Conntrack confirms a new flow's entry after every other hook, too
	 * late for a packet we steal: unconfirmed, the entry would be lost
	 * and the flow's replies seen as INVALID. Confirm it here, for the
	 * clear packet it was made for; the protected one leaves without it,
	 * as it does from XFRM.
	 */
	if (nf_conntrack_confirm(skb) != NF_ACCEPT)
		goto out;
	nf_reset_ct(skb);
	if (tunnel) {
		if (!out_tunnel_route(f, net, sa, skb))
			goto out;
	} else if (out_too_big(f, sa, skb,
			       READ_ONCE(skb_dst(skb)->dev->mtu))) {
		goto out;
	}
	if (skb_is_gso(skb)) {
		verdict = out_gso(outer, sa, skb);
		goto out;
	}
	err = out_xform(sa, skb, out_resume);
	if (err == -EINPROGRESS)
		return NF_STOLEN;
	if (err)
		goto out;
	verdict = NF_ACCEPT;
	if (tunnel || (skb->len > dst_mtu(skb_dst(skb)) && !f->may_frag(skb))) {
		outer->xmit(skb);
		verdict = NF_STOLEN;
	}
out:
	zs_sa_put(sa);
	return verdict;
}

/**
 * zs_hook_out() - POST_ROUTING, both families
 * @f: the packet's family
 * @skb: the packet
 * @state: the hook's state
 *
 * Return: the verdict.
 */
unsigned int zs_hook_out(const struct zs_hook_fam *f, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	struct zs_net *zn = zs_netns_priv(state->net);
	struct zs_sa_okey okey = {};
	struct zs_policy *pol;
	struct zs_flow fl;
	struct zs_sa *sa;

	if (zs_spd_empty(&zn->spd, ZONESEC_DIR_OUT))
		return NF_ACCEPT;
	f->flow(skb, &fl);
	pol = zs_policy_lookup(&zn->spd, ZONESEC_DIR_OUT, &fl);
	if (!pol || pol->action == ZONESEC_ACTION_BYPASS)
		return NF_ACCEPT;
	if (pol->action == ZONESEC_ACTION_DISCARD) {
		zs_net_stat_add(zn->stats, ZS_NET_DROP_DISCARD, 1);
		return NF_DROP;
	}
	if (!xform_ops(pol->tmpl.proto))
		return NF_DROP;
	okey.proto = pol->tmpl.proto;
	if (pol->tmpl.mode == ZONESEC_MODE_TUNNEL) {
		okey.src = pol->tmpl.src;
		okey.dst = pol->tmpl.dst;
		okey.af = pol->tmpl.af;
	} else {
		/* transport mode protects this host's own packets only */
		if (f->forwarded(skb))
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
	/* a tunnel SA carries one inner family (the transport SA's is fl's) */
	if (sa->inner_af != f->af) {
		zs_sa_stat_add(sa, ZS_SA_DROP_POLICY, 1);
		zs_sa_put(sa);
		return NF_DROP;
	}
	return out_protect(f, state->net, sa, skb);
}

/*
 * Does a decapsulated packet match the policy its SA serves? The "in"
 * policy for this host, the "fwd" one for a packet it forwards; with none,
 * it passes.
 */
static bool in_policy_ok(const struct zs_hook_fam *f, struct zs_net *zn,
			 struct sk_buff *skb, const struct zs_sa *sa)
{
	const struct zs_policy *pol;
	struct zs_flow fl;
	u32 dir;

	dir = f->rx_local(skb) ? ZONESEC_DIR_IN : ZONESEC_DIR_FWD;
	f->flow(skb, &fl);
	pol = zs_policy_lookup(&zn->spd, dir, &fl);
	if (!pol)
		return true;
	return pol->action == ZONESEC_ACTION_PROTECT &&
	       pol->tmpl.proto == sa->key.proto &&
	       pol->tmpl.mode == sa->mode &&
	       (!pol->tmpl.reqid || pol->tmpl.reqid == sa->reqid);
}

/**
 * zs_hook_rx_finish() - after PRE_ROUTING: route, check, deliver or forward
 * @f: the family of the re-injected packet
 * @net: its namespace
 * @skb: the packet
 *
 * Return: what dst_input() returns, or NET_RX_DROP.
 */
int zs_hook_rx_finish(const struct zs_hook_fam *f, struct net *net,
		      struct sk_buff *skb)
{
	struct zs_sa *sa = __this_cpu_read(zs_rx_mark.sa);

	if (!skb_dst(skb) && f->rx_route(skb)) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	if (WARN_ON_ONCE(!sa) ||
	    !in_policy_ok(f, zs_netns_priv(net), skb, sa)) {
		if (sa)
			zs_sa_stat_add(sa, ZS_SA_DROP_POLICY, 1);
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	return dst_input(skb);
}

/*
 * A verified, decrypted packet, of the SA's inner family: once more
 * through IP from PRE_ROUTING, so that conntrack and the filter see it.
 * Transport mode keeps its (local) route; a tunnel's inner packet is
 * routed anew.
 */
static void in_deliver(struct sk_buff *skb, struct zs_sa *sa)
{
	const struct zs_hook_fam *f = zs_hook_fam(sa->inner_af);
	struct net *net = dev_net(skb->dev);

	if (sa->mode == ZONESEC_MODE_TUNNEL) {
		skb_dst_drop(skb);
		f->rx_prepare(skb);
		skb->pkt_type = PACKET_HOST;
	}
	nf_reset_ct(skb);
	__this_cpu_write(zs_rx_mark.skb, skb);
	__this_cpu_write(zs_rx_mark.sa, sa);
	NF_HOOK(f->nfproto, NF_INET_PRE_ROUTING, net, NULL, skb, skb->dev,
		NULL, f->rx_finish);
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

/**
 * zs_hook_rx_xform() - an inbound packet's transform, then its delivery
 * @skb: ESP or AH to this host, its route held
 * @sa: the SA its SPI names; the reference passes to this function
 * @loc: where the ESP or AH header sits
 *
 * In softirq, or with bottom halves off under RCU (hook_steer.c).
 *
 * Return: NF_STOLEN when @skb went on (or will, asynchronously), NF_DROP
 * when the caller must drop it (counted by reason).
 */
unsigned int zs_hook_rx_xform(struct sk_buff *skb, struct zs_sa *sa,
			      const struct zs_ip_loc *loc)
{
	int err;

	err = in_xform(sa, skb, loc, in_resume);
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
 * ESP or AH whose SPI no SA of ours has: Linux XFRM's, if it holds any
 * state in the namespace; else nobody's, and counted.
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

/* ESP or AH (@proto, enum zonesec_proto) to this host. */
static unsigned int in_ipsec(struct zs_net *zn, struct sk_buff *skb,
			     const struct zs_ip_loc *loc,
			     struct zs_sa_key *key, u32 proto,
			     struct net *net)
{
	const struct xform_ops *ops = xform_ops(proto);
	struct zs_sa *sa;

	/* too short for an SPI: nobody's, whatever the SPI would be */
	if (!pskb_may_pull(skb, loc->hl + ops->hdr_min)) {
		zs_net_stat_add(zn->stats, ZS_SA_DROP_MALFORMED, 1);
		return NF_DROP;
	}
	key->spi = *(__be32 *)(skb->data + loc->hl + ops->spi_off);
	key->proto = proto;
	sa = zs_sa_get_in(&zn->sad, key);
	if (!sa)
		return in_no_sa(zn, net);
	skb_dst_force(skb);
	if (!skb_dst(skb)) {
		zs_sa_put(sa);
		return NF_DROP;
	}
	if (zs_steer_rx(skb, sa, loc))
		return NF_STOLEN;
	return zs_hook_rx_xform(skb, sa, loc);
}

/*
 * A packet in clear, for this host (in) or forwarded (fwd): allowed
 * unless a policy of @dir wants it protected or dropped.
 */
static unsigned int in_clear(const struct zs_hook_fam *f, struct zs_net *zn,
			     struct sk_buff *skb, u32 dir)
{
	const struct zs_policy *pol;
	struct zs_flow fl;

	if (zs_spd_empty(&zn->spd, dir))
		return NF_ACCEPT;
	f->flow(skb, &fl);
	pol = zs_policy_lookup(&zn->spd, dir, &fl);
	if (!pol || pol->action == ZONESEC_ACTION_BYPASS)
		return NF_ACCEPT;
	zs_net_stat_add(zn->stats, pol->action == ZONESEC_ACTION_DISCARD ?
				   ZS_NET_DROP_DISCARD : ZS_NET_DROP_CLEAR_TEXT,
			1);
	return NF_DROP;
}

/**
 * zs_hook_in() - LOCAL_IN, both families
 * @f: the packet's family
 * @skb: the packet, not a re-injected one
 * @state: the hook's state
 * @proto: the protocol of the header at @loc (ESP, AH, or the payload's)
 * @loc: where that header sits
 * @daddr: the packet's destination
 *
 * Return: the verdict.
 */
unsigned int zs_hook_in(const struct zs_hook_fam *f, struct sk_buff *skb,
			const struct nf_hook_state *state, u8 proto,
			const struct zs_ip_loc *loc,
			const union zs_addr *daddr)
{
	struct zs_net *zn = zs_netns_priv(state->net);
	struct zs_sa_key key = { .dst = *daddr, .af = f->af };

	if (proto == IPPROTO_ESP)
		return in_ipsec(zn, skb, loc, &key, ZONESEC_PROTO_ESP,
				state->net);
	if (proto == IPPROTO_AH)
		return in_ipsec(zn, skb, loc, &key, ZONESEC_PROTO_AH,
				state->net);
	return in_clear(f, zn, skb, ZONESEC_DIR_IN);
}

/**
 * zs_hook_fwd() - FORWARD, both families
 * @f: the packet's family
 * @skb: the packet
 * @state: the hook's state
 * @proto: the protocol after the IP header(s)
 *
 * A forwarded packet that a fwd protect policy covers must have come out
 * of one of our SAs (re-injected, and marked, on this CPU: the forwarding
 * path from PRE_ROUTING is synchronous); in clear it is dropped. ESP and
 * AH in transit are someone else's business.
 *
 * Return: the verdict.
 */
unsigned int zs_hook_fwd(const struct zs_hook_fam *f, struct sk_buff *skb,
			 const struct nf_hook_state *state, u8 proto)
{
	if (zs_hook_reinjected(skb) || proto == IPPROTO_ESP ||
	    proto == IPPROTO_AH)
		return NF_ACCEPT;
	return in_clear(f, zs_netns_priv(state->net), skb, ZONESEC_DIR_FWD);
}

/*
 * IPv6 reassembles after LOCAL_IN (hook6.c): the namespace's defrag hook
 * at PRE_ROUTING, as conntrack uses it, makes LOCAL_IN see whole packets.
 */
int zs_hook_net_init(struct net *net)
{
	int err;

	err = nf_defrag_ipv6_enable(net);
	if (err)
		return err;
	err = nf_register_net_hooks(net, zs_hook4_ops,
				    ARRAY_SIZE(zs_hook4_ops));
	if (err)
		goto err_defrag;
	err = nf_register_net_hooks(net, zs_hook6_ops,
				    ARRAY_SIZE(zs_hook6_ops));
	if (err)
		goto err_hook4;
	return 0;

err_hook4:
	nf_unregister_net_hooks(net, zs_hook4_ops, ARRAY_SIZE(zs_hook4_ops));
err_defrag:
	nf_defrag_ipv6_disable(net);
	return err;
}

/*
 * Returns once no hook runs in @net any more, and no packet of it waits
 * for its SA's CPU (hook_steer.c).
 */
void zs_hook_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, zs_hook6_ops, ARRAY_SIZE(zs_hook6_ops));
	nf_unregister_net_hooks(net, zs_hook4_ops, ARRAY_SIZE(zs_hook4_ops));
	zs_steer_flush();
	nf_defrag_ipv6_disable(net);
}
