// SPDX-License-Identifier: GPL-2.0
/*
 * Rule sets: creation, cloning, publication under RCU, and the
 * per-namespace firewall state; the netdevice notifier that keeps zone
 * membership following interface names.
 */

#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fw.h"
#include "netns.h"

static struct zs_fw_net *fw_net(struct net *net)
{
	return &zs_netns_priv(net)->fw;
}

/* An empty set: only "self", no rule, every default at its default. */
struct zs_fw *zs_fw_new(void)
{
	struct zs_zone *self;
	struct zs_fw *fw;

	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	self = kzalloc(sizeof(*self), GFP_KERNEL);
	if (!fw || !self) {
		kfree(fw);
		kfree(self);
		return NULL;
	}
	strscpy(self->name, ZONESEC_ZONE_SELF, sizeof(self->name));
	fw->zones[ZS_ZONE_SELF_ID] = self;
	fw->n_zones = 1;
	return fw;
}

/* A copy to change: zones copied, rules shared, no index yet. */
struct zs_fw *zs_fw_clone(const struct zs_fw *old)
{
	struct zs_fw *fw;
	unsigned int i;

	fw = kzalloc(sizeof(*fw), GFP_KERNEL);
	if (!fw)
		return NULL;
	memcpy(fw->policy, old->policy, sizeof(fw->policy));
	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		if (!old->zones[i])
			continue;
		fw->zones[i] = kmemdup(old->zones[i], sizeof(*old->zones[i]),
				       GFP_KERNEL);
		if (!fw->zones[i])
			goto err;
		fw->n_zones++;
	}
	fw->cap_rules = old->n_rules + 1;
	fw->rules = kvmalloc_array(fw->cap_rules, sizeof(*fw->rules),
				   GFP_KERNEL);
	if (!fw->rules)
		goto err;
	for (i = 0; i < old->n_rules; i++) {
		kref_get(&old->rules[i]->ref);
		fw->rules[i] = old->rules[i];
	}
	fw->n_rules = old->n_rules;
	return fw;

err:
	zs_fw_free(fw);
	return NULL;
}

void zs_fw_free(struct zs_fw *fw)
{
	unsigned int i;

	if (!fw)
		return;
	zs_fw_index_free(fw);
	for (i = 0; i < fw->n_rules; i++)
		zs_rule_put(fw->rules[i]);
	kvfree(fw->rules);
	for (i = 0; i < ZONESEC_ZONES_MAX; i++)
		kfree(fw->zones[i]);
	kfree(fw);
}

static void fw_free_rcu(struct rcu_head *head)
{
	zs_fw_free(container_of(head, struct zs_fw, rcu));
}

/* The published set, for the configuration path (conf_lock held). */
struct zs_fw *zs_fw_current(struct net *net)
{
	struct zs_net *zn = zs_netns_priv(net);

	return rcu_dereference_protected(zn->fw.fw,
					 lockdep_is_held(&zn->conf_lock));
}

u32 zs_fw_next_handle(struct net *net)
{
	lockdep_assert_held(&zs_netns_priv(net)->conf_lock);
	return ++fw_net(net)->next_handle;
}

/*
 * Index @fw and make it the namespace's rule set. On success the
 * namespace owns it; on error the caller still does, and nothing
 * changed. The hooks are registered with the first set, so that a
 * namespace without a firewall pays nothing.
 */
int zs_fw_commit(struct net *net, struct zs_fw *fw)
{
	struct zs_fw_net *fn = fw_net(net);
	struct zs_fw *old;
	int err;

	lockdep_assert_held(&zs_netns_priv(net)->conf_lock);
	err = zs_fw_build(net, fw);
	if (err)
		return err;
	if (!fn->hooks_on) {
		err = zs_fw_hooks_enable(net);
		if (err)
			return err;
		fn->hooks_on = true;
	}
	fw->generation = ++fn->generation;
	old = zs_fw_current(net);
	rcu_assign_pointer(fn->fw, fw);
	if (old)
		call_rcu(&old->rcu, fw_free_rcu);
	return 0;
}

int zs_fw_net_init(struct net *net, struct zs_fw_net *fn)
{
	fn->stats = alloc_percpu(struct zs_fw_stats);
	if (!fn->stats)
		return -ENOMEM;
	ratelimit_state_init(&fn->log_rs, HZ, 10);
	return 0;
}

/*
 * No request can reach the namespace any more. A namespace that never had
 * a firewall never had hooks either (the first commit registers them),
 * so it needs no grace period.
 */
void zs_fw_net_exit(struct net *net, struct zs_fw_net *fn)
{
	if (fn->hooks_on) {
		zs_fw_hooks_disable(net);
		fn->hooks_on = false;
		/* the hooks are gone: no reader left after a grace period */
		synchronize_net();
		zs_fw_free(rcu_dereference_protected(fn->fw, true));
		RCU_INIT_POINTER(fn->fw, NULL);
	}
	free_percpu(fn->stats);
}

/*
 * An interface a zone names appeared, was renamed or went away: rebuild
 * the ifindex map. No reference to the device is kept, so nothing has to
 * be dropped on NETDEV_UNREGISTER: the device is unlisted by then, and the
 * new map simply no longer holds its ifindex.
 */
static void fw_iface_changed(struct net_device *dev)
{
	struct net *net = dev_net(dev);
	struct zs_net *zn = zs_netns_priv(net);
	struct zs_fw *old, *fw;

	mutex_lock(&zn->conf_lock);
	old = zs_fw_current(net);
	if (!old || !zs_fw_uses_iface(old, dev))
		goto out;
	fw = zs_fw_clone(old);
	if (!fw || zs_fw_commit(net, fw)) {
		/* keep the old map: stale, never dangling (ifindex only) */
		net_warn_ratelimited("zonesec: zone map not updated for %s\n",
				     dev->name);
		zs_fw_free(fw);
	}
out:
	mutex_unlock(&zn->conf_lock);
}

static int fw_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_REGISTER:
	case NETDEV_CHANGENAME:
	case NETDEV_UNREGISTER:
		fw_iface_changed(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block fw_netdev_nb = {
	.notifier_call = fw_netdev_event,
};

int __init zs_fw_init(void)
{
	return register_netdevice_notifier(&fw_netdev_nb);
}

/* After the family is gone; before the namespaces' state is. */
void zs_fw_uninit(void)
{
	unregister_netdevice_notifier(&fw_netdev_nb);
}
