// SPDX-License-Identifier: GPL-2.0
/*
 * zonesec: ESP/AH per Security Association and a zone firewall.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/zonesec.h>

#include "alg.h"
#include "ah.h"
#include "fw.h"
#include "hook.h"
#include "netlink.h"
#include "netns.h"
#include "replay.h"
#include "sa.h"

/*
 * Userspace reaches the module only through the genetlink family, so the
 * family is registered last, once everything a request may touch exists,
 * and unregistered first.
 */
static int __init zs_mod_init(void)
{
	unsigned int n;
	int err;

	/* Read-only once init returns; nothing to undo. */
	n = zs_alg_probe();
	if (!zs_replay_selftest() || !zs_ah_selftest())
		return -EINVAL;

	err = zs_sa_module_init();
	if (err)
		return err;
	zs_steer_init();

	err = zs_netns_init();
	if (err)
		goto err_sa;

	err = zs_fw_init();
	if (err)
		goto err_netns;

	err = zs_netlink_init();
	if (err)
		goto err_fw;

	pr_info("zonesec %s loaded, %u algorithms available\n",
		ZONESEC_VERSION, n);
	return 0;

err_fw:
	zs_fw_uninit();
err_netns:
	zs_netns_uninit();
err_sa:
	zs_sa_module_exit();
	return err;
}

static void __exit zs_mod_exit(void)
{
	/* No request runs once this returns. */
	zs_netlink_uninit();
	zs_fw_uninit();
	/*
	 * Tears down every namespace's state; each namespace's exit waits
	 * for its asynchronous crypto completions (async.c).
	 */
	zs_netns_uninit();
	/* Rule sets still waiting for their grace period. */
	rcu_barrier();
	/* Waits for the SAs freed above. */
	zs_sa_module_exit();
}

module_init(zs_mod_init);
module_exit(zs_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("zonesec: IPsec ESP/AH and zone firewall");
MODULE_AUTHOR("zonesec developers");
MODULE_VERSION(ZONESEC_VERSION);
MODULE_ALIAS_GENL_FAMILY(ZONESEC_FAMILY_NAME);
