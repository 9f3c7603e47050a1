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
 * In, LOCAL_IN (after the filter table): ESP to a local address whose SPI
 *   names one of our SAs -> the transform (in_xform(), the one place):
 *   window, ICV, decryption, decapsulation -> re-injected at PRE_ROUTING
 *   of the inner family, conntrack reset, as XFRM does, so that conntrack
 *   and the filter see the inner packet -> routed (tunnel mode) -> it must
 *   match the in (local) or fwd (forwarded) policy its SA serves ->
 *   delivered or forwarded. ESP for SAs that are not ours is left alone
 *   (Linux XFRM may own it). A clear packet that an inbound protect
 *   policy covers is dropped; a re-injected one is told apart by a
 *   per-CPU mark set around the (synchronous) re-injection.
 */

#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <net/dst.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include ZS_GSO_H

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

/* Is @skb the packet this CPU is re-injecting (LOCAL_IN lets it pass)? */
bool zs_hook_reinjected(const struct sk_buff *skb)
{
	return __this_cpu_read(zs_rx_mark.skb) == skb;
}

/* The transform of an outbound packet, by the SA's protocol. */
static int out_xform(struct zs_sa *sa, struct sk_buff *skb,
		     zs_esp_resume_t resume)
{
	return zs_esp_output(sa, skb, resume);
}

/* The largest packet that fits @mtu once the SA's transform is added. */
static unsigned int xform_mtu(const struct zs_sa *sa, unsigned int mtu,
			      unsigned int hl)
{
	return zs_esp_mtu(sa, mtu, hl);
}

/* The transform of an inbound packet, by the SA's protocol. */
static int in_xform(struct zs_sa *sa, struct sk_buff *skb,
		    const struct zs_ip_loc *loc, zs_esp_resume_t resume)
{
	return zs_esp_input(sa, skb, loc, resume);
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
	if (pol->action == ZONESEC_ACTION_DISCARD)
		return NF_DROP;
	if (pol->tmpl.proto != ZONESEC_PROTO_ESP)
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

static unsigned int in_esp(struct zs_net *zn, struct sk_buff *skb,
			   const struct zs_ip_loc *loc, struct zs_sa_key *key)
{
	struct zs_sa *sa;
	int err;

	if (!pskb_may_pull(skb, loc->hl + sizeof(struct ip_esp_hdr)))
		return NF_ACCEPT;	/* the kernel drops and counts it */
	key->spi = ((struct ip_esp_hdr *)(skb->data + loc->hl))->spi;
	key->proto = ZONESEC_PROTO_ESP;
	sa = zs_sa_get_in(&zn->sad, key);
	if (!sa)
		return NF_ACCEPT;	/* not ours: maybe XFRM's */
	skb_dst_force(skb);
	if (!skb_dst(skb)) {
		zs_sa_put(sa);
		return NF_DROP;
	}
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
	const struct zs_policy *pol;
	struct zs_flow fl;

	if (proto == IPPROTO_ESP)
		return in_esp(zn, skb, loc, &key);
	if (proto == IPPROTO_AH || zs_spd_empty(&zn->spd, ZONESEC_DIR_IN))
		return NF_ACCEPT;
	/* in clear: allowed unless a policy wants it protected or dropped */
	f->flow(skb, &fl);
	pol = zs_policy_lookup(&zn->spd, ZONESEC_DIR_IN, &fl);
	if (pol && pol->action != ZONESEC_ACTION_BYPASS)
		return NF_DROP;
	return NF_ACCEPT;
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

/* Returns once no hook runs in @net any more. */
void zs_hook_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, zs_hook6_ops, ARRAY_SIZE(zs_hook6_ops));
	nf_unregister_net_hooks(net, zs_hook4_ops, ARRAY_SIZE(zs_hook4_ops));
	nf_defrag_ipv6_disable(net);
}
