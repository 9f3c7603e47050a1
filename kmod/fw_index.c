// SPDX-License-Identifier: GPL-2.0
/*
 * The index of a rule set, built once per set and read under RCU:
 *  - ifindex -> zone, a sorted array (interfaces are few);
 *  - prefix -> zone, longest prefix first;
 *  - SA reqid -> zone, for packets zonesec decapsulated (a short array:
 *    members are few), and the zone of "any SA";
 *  - rules by (from zone, to zone, protocol, destination port): a hash of
 *    chains. A rule naming one protocol with ports and a single
 *    destination port goes to that port's chain; any other rule goes to
 *    the zone pair's generic chain (protocol 0, port 0). A packet looks
 *    at two chains: its port's and its pair's generic one, each in rule
 *    order, and takes the first match by position. So the cost depends on
 *    how many rules share a packet's pair and port, not on the number of
 *    rules.
 */

#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "fw.h"

struct zs_fw_ifmap {
	int ifindex;
	u8 zone;
};

struct zs_fw_sazone {
	u32 reqid;
	u8 zone;
};

struct zs_fw_pfx {
	struct zs_prefix pfx;
	u8 zone;
};

struct zs_fw_entry {
	u32 pos;			/* index in zs_fw.rules */
	struct zs_rule *rule;
};

struct zs_fw_chain {
	struct hlist_node node;
	u64 key;
	u32 n, cap;
	struct zs_fw_entry *entries;	/* by position */
};

static u64 chain_key(u8 from, u8 to, u8 proto, u16 port)
{
	return (u64)from << 32 | (u64)to << 24 | (u64)proto << 16 | port;
}

static bool proto_has_ports(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_SCTP || proto == IPPROTO_UDPLITE;
}

static u64 rule_key(const struct zs_rule *r)
{
	if (proto_has_ports(r->proto) && r->dport_min &&
	    r->dport_min == r->dport_max)
		return chain_key(r->from, r->to, r->proto, r->dport_min);
	return chain_key(r->from, r->to, 0, 0);
}

static u32 key_hash(const struct zs_fw *fw, u64 key)
{
	return jhash_2words((u32)key, (u32)(key >> 32), 0) & fw->hash_mask;
}

static struct zs_fw_chain *chain_find(const struct zs_fw *fw, u64 key)
{
	struct zs_fw_chain *c;

	hlist_for_each_entry(c, &fw->chains[key_hash(fw, key)], node)
		if (c->key == key)
			return c;
	return NULL;
}

static int chain_add(struct zs_fw *fw, struct zs_rule *rule, u32 pos)
{
	u64 key = rule_key(rule);
	struct zs_fw_chain *c = chain_find(fw, key);
	struct zs_fw_entry *e;

	if (!c) {
		c = kzalloc(sizeof(*c), GFP_KERNEL);
		if (!c)
			return -ENOMEM;
		c->key = key;
		hlist_add_head(&c->node, &fw->chains[key_hash(fw, key)]);
	}
	if (c->n == c->cap) {
		e = kvmalloc_array(max_t(u32, 4, c->cap * 2), sizeof(*e),
				   GFP_KERNEL);
		if (!e)
			return -ENOMEM;
		if (c->n)
			memcpy(e, c->entries, c->n * sizeof(*e));
		kvfree(c->entries);
		c->entries = e;
		c->cap = max_t(u32, 4, c->cap * 2);
	}
	c->entries[c->n].pos = pos;
	c->entries[c->n].rule = rule;
	c->n++;
	return 0;
}

static int build_chains(struct zs_fw *fw)
{
	u32 i, size;
	int err;

	size = roundup_pow_of_two(max_t(u32, 16, fw->n_rules));
	fw->chains = kvmalloc_array(size, sizeof(*fw->chains),
				    GFP_KERNEL | __GFP_ZERO);
	if (!fw->chains)
		return -ENOMEM;
	fw->hash_mask = size - 1;
	for (i = 0; i < fw->n_rules; i++) {
		err = chain_add(fw, fw->rules[i], i);
		if (err)
			return err;
	}
	return 0;
}

static int ifmap_cmp(const void *a, const void *b)
{
	const struct zs_fw_ifmap *x = a, *y = b;

	return x->ifindex < y->ifindex ? -1 : x->ifindex > y->ifindex;
}

/* Names that exist now, resolved under RCU: no device reference kept. */
static int build_ifmap(struct net *net, struct zs_fw *fw)
{
	struct net_device *dev;
	unsigned int i, j, n = 0;

	for (i = 0; i < ZONESEC_ZONES_MAX; i++)
		if (fw->zones[i])
			n += fw->zones[i]->n_ifaces;
	if (!n)
		return 0;
	fw->ifmap = kcalloc(n, sizeof(*fw->ifmap), GFP_KERNEL);
	if (!fw->ifmap)
		return -ENOMEM;
	rcu_read_lock();
	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		const struct zs_zone *z = fw->zones[i];

		for (j = 0; z && j < z->n_ifaces; j++) {
			dev = dev_get_by_name_rcu(net, z->ifaces[j]);
			if (!dev)
				continue;
			fw->ifmap[fw->n_ifmap].ifindex = dev->ifindex;
			fw->ifmap[fw->n_ifmap].zone = z->id;
			fw->n_ifmap++;
		}
	}
	rcu_read_unlock();
	sort(fw->ifmap, fw->n_ifmap, sizeof(*fw->ifmap), ifmap_cmp, NULL);
	return 0;
}

static int pfx_cmp(const void *a, const void *b)
{
	const struct zs_fw_pfx *x = a, *y = b;

	return (int)y->pfx.len - (int)x->pfx.len;
}

static int build_pfx(struct zs_fw *fw)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < ZONESEC_ZONES_MAX; i++)
		if (fw->zones[i])
			n += fw->zones[i]->n_prefixes;
	if (!n)
		return 0;
	fw->pfx = kvmalloc_array(n, sizeof(*fw->pfx), GFP_KERNEL);
	if (!fw->pfx)
		return -ENOMEM;
	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		const struct zs_zone *z = fw->zones[i];

		for (j = 0; z && j < z->n_prefixes; j++) {
			fw->pfx[fw->n_pfx].pfx = z->prefixes[j];
			fw->pfx[fw->n_pfx].zone = z->id;
			fw->n_pfx++;
		}
	}
	sort(fw->pfx, fw->n_pfx, sizeof(*fw->pfx), pfx_cmp, NULL);
	return 0;
}

static int build_ipsec(struct zs_fw *fw)
{
	unsigned int i, j, n = 0;

	fw->ipsec_any = ZS_ZONE_NONE;
	for (i = 0; i < ZONESEC_ZONES_MAX; i++)
		if (fw->zones[i])
			n += fw->zones[i]->n_ipsec;
	if (!n)
		return 0;
	fw->ipsec = kcalloc(n, sizeof(*fw->ipsec), GFP_KERNEL);
	if (!fw->ipsec)
		return -ENOMEM;
	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		const struct zs_zone *z = fw->zones[i];

		for (j = 0; z && j < z->n_ipsec; j++) {
			if (!z->ipsec[j]) {
				fw->ipsec_any = z->id;
				continue;
			}
			fw->ipsec[fw->n_ipsec].reqid = z->ipsec[j];
			fw->ipsec[fw->n_ipsec].zone = z->id;
			fw->n_ipsec++;
		}
	}
	return 0;
}

/* On error the partial index is freed with the set (zs_fw_free). */
int zs_fw_build(struct net *net, struct zs_fw *fw)
{
	int err;

	zs_fw_index_free(fw);
	err = build_ifmap(net, fw);
	if (!err)
		err = build_pfx(fw);
	if (!err)
		err = build_ipsec(fw);
	if (!err)
		err = build_chains(fw);
	return err;
}

void zs_fw_index_free(struct zs_fw *fw)
{
	struct zs_fw_chain *c;
	struct hlist_node *tmp;
	u32 i;

	for (i = 0; fw->chains && i <= fw->hash_mask; i++) {
		hlist_for_each_entry_safe(c, tmp, &fw->chains[i], node) {
			kvfree(c->entries);
			kfree(c);
		}
	}
	kvfree(fw->chains);
	fw->chains = NULL;
	kfree(fw->ifmap);
	fw->ifmap = NULL;
	fw->n_ifmap = 0;
	kvfree(fw->pfx);
	fw->pfx = NULL;
	fw->n_pfx = 0;
	kfree(fw->ipsec);
	fw->ipsec = NULL;
	fw->n_ipsec = 0;
	fw->ipsec_any = ZS_ZONE_NONE;
}

static u8 zone_of_ifindex(const struct zs_fw *fw, int ifindex)
{
	u32 lo = 0, hi = fw->n_ifmap;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (fw->ifmap[mid].ifindex == ifindex)
			return fw->ifmap[mid].zone;
		if (fw->ifmap[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	return ZS_ZONE_NONE;
}

/* A prefix member wins over an interface member, as in firewalld. */
u8 zs_fw_zone_of(const struct zs_fw *fw, const struct net_device *dev,
		 u8 family, const union nf_inet_addr *addr)
{
	u32 i;

	for (i = 0; i < fw->n_pfx; i++)
		if (zs_prefix_match(&fw->pfx[i].pfx, family, addr))
			return fw->pfx[i].zone;
	return dev ? zone_of_ifindex(fw, dev->ifindex) : ZS_ZONE_NONE;
}

/*
 * The zone of a packet an SA with @reqid decapsulated: the zone naming
 * that reqid, else the zone of "any SA", else none (ZS_ZONE_NONE: the
 * packet is classed by its interface and address like any other).
 */
u8 zs_fw_zone_of_sa(const struct zs_fw *fw, u32 reqid)
{
	u32 i;

	for (i = 0; reqid && i < fw->n_ipsec; i++)
		if (fw->ipsec[i].reqid == reqid)
			return fw->ipsec[i].zone;
	return fw->ipsec_any;
}

static const struct zs_fw_entry *chain_first(const struct zs_fw_chain *c,
					     u32 before,
					     const struct zs_pkt *pkt)
{
	u32 i;

	for (i = 0; c && i < c->n && c->entries[i].pos < before; i++)
		if (zs_rule_match(c->entries[i].rule, pkt))
			return &c->entries[i];
	return NULL;
}

/* The first rule, in order, of the pair @from -> @to that @pkt matches. */
struct zs_rule *zs_fw_lookup(const struct zs_fw *fw, u8 from, u8 to,
			     const struct zs_pkt *pkt)
{
	const struct zs_fw_entry *port = NULL, *any;

	if (pkt->has_ports)
		port = chain_first(chain_find(fw, chain_key(from, to,
							    pkt->proto,
							    pkt->dport)),
				   U32_MAX, pkt);
	any = chain_first(chain_find(fw, chain_key(from, to, 0, 0)),
			  port ? port->pos : U32_MAX, pkt);
	if (any)
		return any->rule;
	return port ? port->rule : NULL;
}

/* Does the set name @dev, by its current name or by the ifindex it had? */
bool zs_fw_uses_iface(const struct zs_fw *fw, const struct net_device *dev)
{
	return zone_of_ifindex(fw, dev->ifindex) != ZS_ZONE_NONE ||
	       zs_zone_iface_owner(fw, dev->name, NULL);
}
