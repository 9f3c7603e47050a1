// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace setup and teardown.
 */

#include <linux/mutex.h>

#include "hook.h"
#include "netns.h"

unsigned int zs_netns_id __read_mostly;

static int __net_init zs_net_init(struct net *net)
{
	struct zs_net *zn = zs_netns_priv(net);
	int err;

	mutex_init(&zn->conf_lock);
	zn->stats = zs_net_stats_alloc();
	if (!zn->stats)
		return -ENOMEM;
	zs_spd_init(&zn->spd);
	err = zs_sad_init(&zn->sad, net);
	if (err)
		goto err_stats;
	err = zs_async_net_init(&zn->async);
	if (err)
		goto err_sad;
	err = zs_hook_net_init(net);
	if (err)
		goto err_async;
	err = zs_fw_net_init(net, &zn->fw);
	if (err)
		goto err_hook;
	return 0;

err_hook:
	zs_hook_net_exit(net);
err_async:
	zs_async_net_exit(&zn->async);
err_sad:
	zs_sad_uninit(zn);
err_stats:
	zs_net_stats_put(zn->stats);
	return err;
}

static void __net_exit zs_net_exit(struct net *net)
{
	struct zs_net *zn = zs_netns_priv(net);

	/*
	 * First: a completion still on its way re-injects into this
	 * namespace and reads its policies, SAs and counters. New requests
	 * are refused from here on (async.c).
	 */
	zs_async_net_exit(&zn->async);
	zs_fw_net_exit(net, &zn->fw);
	/* no packet reaches the tables once this returns */
	zs_hook_net_exit(net);
	zs_spd_uninit(zn);
	zs_sad_uninit(zn);
	/* SAs that RCU readers still hold keep the counters a while */
	zs_net_stats_put(zn->stats);
	mutex_destroy(&zn->conf_lock);
}

/*
 * A subsystem rather than a device: zonesec owns no net_device, and the
 * netfilter hooks it will register per namespace follow the same
 * convention as netfilter's own tables. The core allocates and zeroes
 * .size bytes per namespace before .init.
 */
static struct pernet_operations zs_net_ops = {
	.init	= zs_net_init,
	.exit	= zs_net_exit,
	.id	= &zs_netns_id,
	.size	= sizeof(struct zs_net),
};

int __init zs_netns_init(void)
{
	return register_pernet_subsys(&zs_net_ops);
}

/* Runs .exit for every namespace; none can be created afterwards. */
void zs_netns_uninit(void)
{
	unregister_pernet_subsys(&zs_net_ops);
}
