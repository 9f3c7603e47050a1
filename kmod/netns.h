/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state: every zonesec object lives in one namespace.
 */
#ifndef _ZS_NETNS_H
#define _ZS_NETNS_H

#include <linux/init.h>
#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "async.h"
#include "fw.h"
#include "policy.h"
#include "sa.h"

/* zonesec state of one network namespace, allocated by the pernet core. */
struct zs_net {
	/*
	 * Serialises configuration changes (the netlink commands that add,
	 * change or delete objects) in this namespace. Never taken on the
	 * datapath, which reads under RCU.
	 */
	struct mutex conf_lock;
	/* zone firewall: rule set under RCU, counters (fw.h) */
	struct zs_fw_net fw;
	/* Security Associations, see sa.c */
	struct zs_sad sad;
	/* Security policies, see policy.c */
	struct zs_spd spd;
	/* counters, summed over the SAs, and drops without one (stats.h) */
	struct zs_net_stats *stats;
	/* crypto requests in flight: exit waits for them (async.c) */
	struct zs_async_net async;
};

extern unsigned int zs_netns_id;

static inline struct zs_net *zs_netns_priv(const struct net *net)
{
	return net_generic(net, zs_netns_id);
}

int __init zs_netns_init(void);
void zs_netns_uninit(void);

#endif /* _ZS_NETNS_H */
