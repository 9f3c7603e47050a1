// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto requests in flight, for ESP and AH alike.
 *
 * A request may complete asynchronously (cryptd, the SIMD wrappers that
 * fall back to cryptd when the FPU is busy, hardware): its completion runs
 * later, from a workqueue or an interrupt, and goes on with the packet. On
 * input it re-injects the packet at PRE_ROUTING through the device it came
 * in on, in that device's namespace, and checks it against the namespace's
 * policies; on output it counts and transmits. So until the completion has
 * returned, the request needs:
 *
 *  - the input device: a device can be deleted at any time (also when the
 *    peer of a veth pair goes with its namespace). Held, as XFRM holds
 *    skb->dev around an asynchronous type->input() (xfrm_input.c) and
 *    MACsec around its AEAD calls. Output needs nothing of the kind: the
 *    packet's route holds its device, and unregistering moves the route
 *    to the blackhole device rather than freeing it under us.
 *  - the namespace's zonesec state (struct zs_net: policies, the SAD,
 *    counters): one reference per request on a per-namespace percpu_ref,
 *    and the namespace's exit kills it and waits for the last one before
 *    it tears anything down. Dying, the namespace refuses new requests
 *    (percpu_ref_tryget_live() fails; the packet is dropped), so the wait
 *    is bounded by the requests already queued.
 *
 * Why not a reference on struct net (maybe_get_net()) for each request:
 * the namespace's own count is one atomic shared by every CPU, on every
 * packet, and a namespace kept alive by the datapath would delay its
 * exit behind traffic. A percpu_ref costs a per-CPU increment, and our
 * state is what the completions touch; the device reference keeps the
 * rest of the namespace (its devices are unregistered, and their
 * references waited for, before any subsystem's exit runs, ours
 * included). A single module-wide count, as before, only protected
 * rmmod: a namespace could still be freed under a completion.
 *
 * Module exit: unregistering the pernet operations runs every namespace's
 * exit, so every completion has dropped its reference by then. The few
 * instructions a completion runs after its last put are covered by the
 * RCU grace period the module loader waits before freeing our code:
 * completions run with bottom halves off (cryptd disables them around
 * the callback; hardware completes from interrupt or softirq context).
 */

#include <linux/slab.h>

#include "async.h"
#include "netns.h"

static void net_release(struct percpu_ref *ref)
{
	struct zs_async_net *an = container_of(ref, struct zs_async_net, ref);

	complete(&an->done);
}

/* Namespace init. Return: 0 or -ENOMEM. */
int zs_async_net_init(struct zs_async_net *an)
{
	init_completion(&an->done);
	return percpu_ref_init(&an->ref, net_release, 0, GFP_KERNEL);
}

/*
 * Namespace exit, before anything a completion touches goes: refuse new
 * requests, wait until those in flight have completed.
 */
void zs_async_net_exit(struct zs_async_net *an)
{
	percpu_ref_kill(&an->ref);
	wait_for_completion(&an->done);
	percpu_ref_exit(&an->ref);
}

/**
 * zs_async_begin() - before a crypto call that may go asynchronous
 * @a: the request's bookkeeping, in its per-packet buffer
 * @skb: the packet, in the hook's namespace (skb->dev is there: the input
 *	device, or the output route's, which ip_output() and ip6_output()
 *	set before POST_ROUTING)
 * @in: an inbound packet: hold its device
 *
 * Return: 0, or -ENODEV when the namespace is going away (drop the
 * packet).
 */
int zs_async_begin(struct zs_async *a, struct sk_buff *skb, bool in)
{
	struct net_device *dev = skb->dev;

	if (WARN_ON_ONCE(!dev))
		return -ENODEV;
	a->an = &zs_netns_priv(dev_net(dev))->async;
	if (!percpu_ref_tryget_live(&a->an->ref))
		return -ENODEV;
	a->dev = NULL;
	if (in) {
		a->dev = dev;
		netdev_hold(dev, &a->dev_tracker, GFP_ATOMIC);
	}
	return 0;
}

/**
 * zs_async_end() - the request is over and nothing of it runs any more
 * @a: its bookkeeping; the buffer holding it may be gone (pass a copy)
 */
void zs_async_end(struct zs_async *a)
{
	if (a->dev)
		netdev_put(a->dev, &a->dev_tracker);
	percpu_ref_put(&a->an->ref);
}

/**
 * zs_async_done() - zs_async_end() for an asynchronous completion
 * @a: as for zs_async_end()
 *
 * A function of its own so that a test can see (kprobe) that the
 * asynchronous path ran.
 */
void zs_async_done(struct zs_async *a)
{
	zs_async_end(a);
}

/**
 * zs_async_tmp_alloc() - the per-packet buffer (see async.h)
 * @sg_off: where its scatterlist starts
 * @nsg: scatterlist entries
 *
 * Return: the buffer, or NULL.
 */
void *zs_async_tmp_alloc(unsigned int sg_off, unsigned int nsg)
{
	return kmalloc(sg_off + nsg * sizeof(struct scatterlist), GFP_ATOMIC);
}
