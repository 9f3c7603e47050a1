// SPDX-License-Identifier: GPL-2.0
/*
 * What FW_LOAD keeps of the set it replaces: a rule of the new set that
 * is identical to a rule of the old one (same zones by name, protocol,
 * prefixes, ports, ICMP type, action and flags; its position may differ)
 * *is* the old rule: the new set shares it, so it keeps its handle and
 * its counters, exactly, with no window in which packets are lost. Each
 * old rule is kept at most once, by the first identical new rule.
 *
 * For that, zones that exist in both sets first get their old ids back
 * (a rule names zones by id), and a rule is kept only if the zones at its
 * ids have the same names in both sets (a zone renamed, or a new zone
 * that took a removed one's id, is another zone).
 */

#include <linux/bitmap.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sort.h>

#include "fw.h"

/* The fields that make a rule what it is, packed without padding. */
struct rule_id {
	union nf_inet_addr src, dst;
	u32 flags;
	u16 sport_min, sport_max, dport_min, dport_max;
	u8 from, to, proto, action;
	u8 src_family, src_len, dst_family, dst_len;
	u8 has_icmp_type, icmp_type;
	u8 pad[2];
};

struct keep_ent {
	u32 hash;
	u32 idx;
};

struct zs_fw_keep {
	const struct zs_fw *old, *fw;
	u32 n;
	struct keep_ent *ents;		/* old rules, by hash */
	unsigned long *used;		/* by old index */
};

static void rule_id(const struct zs_rule *r, struct rule_id *id)
{
	memset(id, 0, sizeof(*id));
	id->src = r->src.addr;
	id->dst = r->dst.addr;
	id->flags = r->flags;
	id->sport_min = r->sport_min;
	id->sport_max = r->sport_max;
	id->dport_min = r->dport_min;
	id->dport_max = r->dport_max;
	id->from = r->from;
	id->to = r->to;
	id->proto = r->proto;
	id->action = r->action;
	id->src_family = r->src.family;
	id->src_len = r->src.len;
	id->dst_family = r->dst.family;
	id->dst_len = r->dst.len;
	id->has_icmp_type = r->has_icmp_type;
	id->icmp_type = r->icmp_type;
}

static u32 rule_hash(const struct zs_rule *r)
{
	struct rule_id id;

	BUILD_BUG_ON(sizeof(id) % sizeof(u32));
	rule_id(r, &id);
	return jhash2((const u32 *)&id, sizeof(id) / sizeof(u32), 0);
}

static bool rule_same(const struct zs_rule *a, const struct zs_rule *b)
{
	struct rule_id x, y;

	rule_id(a, &x);
	rule_id(b, &y);
	return !memcmp(&x, &y, sizeof(x));
}

/* Zone @id is the same zone (by name) in both sets. */
static bool zone_same(const struct zs_fw_keep *k, u8 id)
{
	return k->old->zones[id] && k->fw->zones[id] &&
	       !strcmp(k->old->zones[id]->name, k->fw->zones[id]->name);
}

static int ent_cmp(const void *a, const void *b)
{
	const struct keep_ent *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Give zones that @old has too their ids there; others take what is left. */
void zs_fw_keep_zone_ids(struct zs_fw *fw, const struct zs_fw *old)
{
	struct zs_zone *z, *other;
	unsigned int i;
	u8 want;

	for (i = 0; old && i < ZONESEC_ZONES_MAX; i++) {
		for (;;) {
			z = fw->zones[i];
			other = z ? zs_zone_find(old, z->name) : NULL;
			if (!other || other->id == i)
				break;
			/* move z to its old id, and what held it here */
			want = other->id;
			swap(fw->zones[i], fw->zones[want]);
			fw->zones[want]->id = want;
			if (fw->zones[i])
				fw->zones[i]->id = i;
		}
	}
}

/*
 * After zs_fw_keep_zone_ids(): the old rules of @old that rules of @fw
 * may keep.
 */
struct zs_fw_keep *zs_fw_keep_begin(const struct zs_fw *old,
				    const struct zs_fw *fw)
{
	struct zs_fw_keep *k;
	u32 i;

	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return NULL;
	k->old = old;
	k->fw = fw;
	k->n = old ? old->n_rules : 0;
	if (!k->n)
		return k;
	k->ents = kvmalloc_array(k->n, sizeof(*k->ents), GFP_KERNEL);
	k->used = bitmap_zalloc(k->n, GFP_KERNEL);
	if (!k->ents || !k->used) {
		zs_fw_keep_end(k);
		return NULL;
	}
	for (i = 0; i < k->n; i++) {
		k->ents[i].hash = rule_hash(old->rules[i]);
		k->ents[i].idx = i;
	}
	sort(k->ents, k->n, sizeof(*k->ents), ent_cmp, NULL);
	return k;
}

/*
 * The old rule identical to @rule and not kept yet, with a reference for
 * the caller; NULL if none.
 */
struct zs_rule *zs_fw_keep_rule(struct zs_fw_keep *k,
				const struct zs_rule *rule)
{
	u32 hash = rule_hash(rule), lo = 0, hi = k->n;
	struct zs_rule *old;

	while (lo < hi) {	/* the first entry with this hash */
		u32 mid = lo + (hi - lo) / 2;

		if (k->ents[mid].hash < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < k->n && k->ents[lo].hash == hash; lo++) {
		u32 idx = k->ents[lo].idx;

		old = k->old->rules[idx];
		if (test_bit(idx, k->used) || !rule_same(old, rule) ||
		    !zone_same(k, rule->from) || !zone_same(k, rule->to))
			continue;
		__set_bit(idx, k->used);
		kref_get(&old->ref);
		return old;
	}
	return NULL;
}

void zs_fw_keep_end(struct zs_fw_keep *k)
{
	if (!k)
		return;
	kvfree(k->ents);
	bitmap_free(k->used);
	kfree(k);
}
