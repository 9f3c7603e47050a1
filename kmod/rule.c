// SPDX-License-Identifier: GPL-2.0
/*
 * Rules: allocation, shared ownership between consecutive rule sets,
 * per-CPU counters, matching one packet, and their place in a set.
 */

#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fw.h"

struct zs_rule *zs_rule_alloc(void)
{
	struct zs_rule *rule;

	rule = kzalloc(sizeof(*rule), GFP_KERNEL);
	if (!rule)
		return NULL;
	rule->stats = alloc_percpu(struct zs_rule_stats);
	if (!rule->stats) {
		kfree(rule);
		return NULL;
	}
	kref_init(&rule->ref);
	return rule;
}

/* May run from an RCU callback: free_percpu() is fine in atomic context. */
static void rule_release(struct kref *ref)
{
	struct zs_rule *rule = container_of(ref, struct zs_rule, ref);

	free_percpu(rule->stats);
	kfree(rule);
}

void zs_rule_put(struct zs_rule *rule)
{
	kref_put(&rule->ref, rule_release);
}

static bool port_in(u16 port, u16 min, u16 max)
{
	return !min || (port >= min && port <= max);
}

bool zs_rule_match(const struct zs_rule *rule, const struct zs_pkt *pkt)
{
	if (rule->proto && rule->proto != pkt->proto)
		return false;
	if (rule->src.family &&
	    !zs_prefix_match(&rule->src, pkt->family, &pkt->src))
		return false;
	if (rule->dst.family &&
	    !zs_prefix_match(&rule->dst, pkt->family, &pkt->dst))
		return false;
	if (rule->sport_min || rule->dport_min) {
		if (!pkt->has_ports ||
		    !port_in(pkt->sport, rule->sport_min, rule->sport_max) ||
		    !port_in(pkt->dport, rule->dport_min, rule->dport_max))
			return false;
	}
	if (rule->has_icmp_type &&
	    (!pkt->has_icmp_type || pkt->icmp_type != rule->icmp_type))
		return false;
	return true;
}

/* this_cpu ops: safe from process context with preemption on (LOCAL_OUT). */
void zs_rule_count(struct zs_rule *rule, unsigned int len)
{
	this_cpu_inc(rule->stats->packets);
	this_cpu_add(rule->stats->bytes, len);
}

void zs_rule_read_stats(const struct zs_rule *rule, u64 *packets, u64 *bytes)
{
	int cpu;

	*packets = 0;
	*bytes = 0;
	for_each_possible_cpu(cpu) {
		const struct zs_rule_stats *s = per_cpu_ptr(rule->stats, cpu);

		*packets += READ_ONCE(s->packets);
		*bytes += READ_ONCE(s->bytes);
	}
}

/* Room for one more rule in a set under construction. */
static int rules_grow(struct zs_fw *fw)
{
	struct zs_rule **rules;
	u32 cap;

	if (fw->n_rules < fw->cap_rules)
		return 0;
	cap = max_t(u32, 16, fw->cap_rules * 2);
	rules = kvmalloc_array(cap, sizeof(*rules), GFP_KERNEL);
	if (!rules)
		return -ENOMEM;
	if (fw->n_rules)
		memcpy(rules, fw->rules, fw->n_rules * sizeof(*rules));
	kvfree(fw->rules);
	fw->rules = rules;
	fw->cap_rules = cap;
	return 0;
}

/*
 * Put @rule at 0-based @pos of a set under construction, which owns it
 * afterwards (on success only).
 */
int zs_rule_insert(struct zs_fw *fw, struct zs_rule *rule, u32 pos)
{
	int err;

	if (pos > fw->n_rules)
		return -ERANGE;
	if (fw->n_rules >= ZONESEC_RULES_MAX)
		return -ENOSPC;
	err = rules_grow(fw);
	if (err)
		return err;
	memmove(&fw->rules[pos + 1], &fw->rules[pos],
		(fw->n_rules - pos) * sizeof(*fw->rules));
	fw->rules[pos] = rule;
	fw->n_rules++;
	return 0;
}

/* The 0-based index of the rule with @handle, or -ENOENT. */
int zs_rule_find(const struct zs_fw *fw, u32 handle)
{
	u32 i;

	for (i = 0; i < fw->n_rules; i++)
		if (fw->rules[i]->handle == handle)
			return i;
	return -ENOENT;
}

void zs_rule_remove(struct zs_fw *fw, u32 idx)
{
	zs_rule_put(fw->rules[idx]);
	memmove(&fw->rules[idx], &fw->rules[idx + 1],
		(fw->n_rules - idx - 1) * sizeof(*fw->rules));
	fw->n_rules--;
}
