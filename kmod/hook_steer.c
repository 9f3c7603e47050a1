// SPDX-License-Identifier: GPL-2.0
/*
 * Inbound steering: one SA's inbound packets are verified, decrypted and
 * delivered on one CPU of its own, in order, so that a single stream
 * keeps two CPUs busy.
 *
 * Without it everything a veth pair (or a NIC without RSS for ESP) does
 * for one stream runs on the sender's CPU: the sender's TCP and
 * encryption, then, in the softirq its transmit raises, the receiver's
 * decryption, TCP and the ACK it sends back, while the other CPU idles
 * (a third of all samples in the guest's profile were idle). The SA's
 * CPU is chosen when its first packet arrives: the next online CPU
 * after the one it arrived on, kept for the SA's life, so the data SA's
 * work (decryption, the receiver's TCP, the ACKs it sends) lands on the
 * other CPU, and the ACK SA, whose first packet comes from there, back
 * on the first. One CPU per SA keeps the SA's packets in order: TCP sees
 * no reordering, and the replay window no reordering it did not see on
 * the wire. It is RPS keyed on the SA, for ESP that RSS cannot hash.
 *
 * Each CPU has a queue and a work item on the high-priority per-CPU
 * workqueue, which runs the packets as an asynchronous crypto
 * completion would (hook.c's resume path: RCU, bottom halves off). A
 * queued packet holds its SA and its device; the namespace's exit
 * flushes the queues after its hooks are gone (zs_steer_flush()).
 * /sys/module/zonesec/parameters/rx_steer turns it off (for comparison).
 */

#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "hook.h"
#include "hook_fam.h"
#include "sa.h"

static bool rx_steer = true;
module_param(rx_steer, bool, 0644);
MODULE_PARM_DESC(rx_steer,
		 "process each SA's inbound packets on a CPU of its own (default on)");

/* As netdev_max_backlog: beyond it the CPU is not keeping up. */
#define STEER_QLEN	1000

/*
 * What the queue keeps with a packet: after the IP layer's control block,
 * which delivery still reads, as xfrm's reinjection does.
 */
struct steer_cb {
	union {
		struct inet_skb_parm h4;
		struct inet6_skb_parm h6;
	} ip;
	struct zs_sa *sa;
	struct zs_ip_loc loc;
};

#define STEER_CB(skb) ((struct steer_cb *)(skb)->cb)

struct steer_queue {
	struct sk_buff_head q;
	struct work_struct work;
};

static DEFINE_PER_CPU(struct steer_queue, zs_steer_q);

static void steer_work(struct work_struct *work)
{
	struct steer_queue *sq = container_of(work, struct steer_queue, work);
	struct sk_buff_head list;
	struct net_device *dev;
	struct zs_ip_loc loc;
	struct sk_buff *skb;
	struct zs_sa *sa;

	__skb_queue_head_init(&list);
	spin_lock_bh(&sq->q.lock);
	skb_queue_splice_tail_init(&sq->q, &list);
	spin_unlock_bh(&sq->q.lock);
	while ((skb = __skb_dequeue(&list))) {
		sa = STEER_CB(skb)->sa;
		loc = STEER_CB(skb)->loc;
		dev = skb->dev;
		rcu_read_lock();
		local_bh_disable();
		if (zs_hook_rx_xform(skb, sa, &loc) == NF_DROP)
			kfree_skb(skb);
		local_bh_enable();
		rcu_read_unlock();
		dev_put(dev);
		cond_resched();
	}
}

/* The SA's CPU, chosen on its first packet: the one after this one. */
static int steer_cpu(struct zs_sa *sa, int here)
{
	int cpu = READ_ONCE(sa->rx_cpu);

	if (cpu >= 0)
		return cpu;
	cpu = cpumask_next(here, cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	cmpxchg(&sa->rx_cpu, -1, cpu);
	return READ_ONCE(sa->rx_cpu);
}

/**
 * zs_steer_rx() - hand an inbound packet to its SA's CPU
 * @skb: ESP or AH to this host, its route held
 * @sa: the SA its SPI names, with a reference
 * @loc: where the ESP or AH header sits
 *
 * In softirq, under RCU.
 *
 * Return: false when the packet is this CPU's to process (nothing was
 * taken); true when it was queued, or dropped on a full queue (counted):
 * either way @skb and the reference on @sa were consumed.
 */
bool zs_steer_rx(struct sk_buff *skb, struct zs_sa *sa,
		 const struct zs_ip_loc *loc)
{
	int here = smp_processor_id();
	struct steer_queue *sq;
	int cpu;

	if (!READ_ONCE(rx_steer) || num_online_cpus() < 2 || !skb->dev)
		return false;
	cpu = steer_cpu(sa, here);
	if (cpu == here || !cpu_online(cpu))
		return false;
	sq = per_cpu_ptr(&zs_steer_q, cpu);
	if (skb_queue_len_lockless(&sq->q) >= STEER_QLEN) {
		zs_sa_stat_add(sa, ZS_SA_DROP_NOMEM, 1);
		zs_sa_put(sa);
		kfree_skb(skb);
		return true;
	}
	STEER_CB(skb)->sa = sa;
	STEER_CB(skb)->loc = *loc;
	dev_hold(skb->dev);
	skb_queue_tail(&sq->q, skb);
	queue_work_on(cpu, system_highpri_wq, &sq->work);
	return true;
}

/* Every packet queued so far has been processed when this returns. */
void zs_steer_flush(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		flush_work(&per_cpu_ptr(&zs_steer_q, cpu)->work);
}

void zs_steer_init(void)
{
	struct steer_queue *sq;
	int cpu;

	BUILD_BUG_ON(sizeof(struct steer_cb) >
		     sizeof_field(struct sk_buff, cb));
	for_each_possible_cpu(cpu) {
		sq = per_cpu_ptr(&zs_steer_q, cpu);
		skb_queue_head_init(&sq->q);
		INIT_WORK(&sq->work, steer_work);
	}
}
