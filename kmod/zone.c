// SPDX-License-Identifier: GPL-2.0
/*
 * Zones: a name, interfaces (by name) and address prefixes. Pure helpers
 * on a set under construction; the caller holds conf_lock.
 */

#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fw.h"

/* [A-Za-z0-9_.-], 1..15 characters: safe in a file, a shell and JSON. */
bool zs_zone_name_valid(const char *name)
{
	size_t len = strnlen(name, ZONESEC_ZONE_NAME_MAX);
	size_t i;

	if (!len || len >= ZONESEC_ZONE_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

struct zs_zone *zs_zone_find(const struct zs_fw *fw, const char *name)
{
	unsigned int i;

	for (i = 0; i < ZONESEC_ZONES_MAX; i++)
		if (fw->zones[i] && !strcmp(fw->zones[i]->name, name))
			return fw->zones[i];
	return NULL;
}

static unsigned int prefix_max(u8 family)
{
	return family == NFPROTO_IPV4 ? 32 : 128;
}

/* Bit i (from the most significant) of an address. */
static bool addr_bit(const union nf_inet_addr *a, unsigned int i)
{
	return ntohl(a->ip6[i / 32]) & (1U << (31 - i % 32));
}

/* Host bits must be zero: "10.0.0.1/8" is a typo, not a network. */
bool zs_prefix_valid(const struct zs_prefix *p)
{
	unsigned int i, max;

	if (p->family != NFPROTO_IPV4 && p->family != NFPROTO_IPV6)
		return false;
	max = prefix_max(p->family);
	if (p->len > max)
		return false;
	for (i = p->len; i < max; i++)
		if (addr_bit(&p->addr, i))
			return false;
	return true;
}

static bool prefix_contains(const struct zs_prefix *p, u8 len,
			    const union nf_inet_addr *addr)
{
	unsigned int words = p->family == NFPROTO_IPV4 ? 1 : 4;
	unsigned int i, bits;

	for (i = 0; i < words && len; i++) {
		bits = min_t(unsigned int, len, 32);
		if ((p->addr.ip6[i] ^ addr->ip6[i]) &
		    htonl(~0U << (32 - bits)))
			return false;
		len -= bits;
	}
	return true;
}

bool zs_prefix_match(const struct zs_prefix *p, u8 family,
		     const union nf_inet_addr *addr)
{
	return p->family == family && prefix_contains(p, p->len, addr);
}

/* Two prefixes overlap when the shorter one contains the longer one. */
bool zs_prefix_overlap(const struct zs_prefix *a, const struct zs_prefix *b)
{
	if (a->family != b->family)
		return false;
	return prefix_contains(a, min(a->len, b->len), &b->addr);
}

const struct zs_zone *zs_zone_prefix_owner(const struct zs_fw *fw,
					   const struct zs_prefix *p,
					   const struct zs_zone *skip)
{
	unsigned int i, j;

	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		const struct zs_zone *z = fw->zones[i];

		if (!z || z == skip)
			continue;
		for (j = 0; j < z->n_prefixes; j++)
			if (zs_prefix_overlap(&z->prefixes[j], p))
				return z;
	}
	return NULL;
}

const struct zs_zone *zs_zone_iface_owner(const struct zs_fw *fw,
					  const char *ifname,
					  const struct zs_zone *skip)
{
	unsigned int i, j;

	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		const struct zs_zone *z = fw->zones[i];

		if (!z || z == skip)
			continue;
		for (j = 0; j < z->n_ifaces; j++)
			if (!strcmp(z->ifaces[j], ifname))
				return z;
	}
	return NULL;
}

/* The zone that has @reqid (0: "any SA") as a member. */
const struct zs_zone *zs_zone_ipsec_owner(const struct zs_fw *fw, u32 reqid)
{
	unsigned int i, j;

	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		const struct zs_zone *z = fw->zones[i];

		for (j = 0; z && j < z->n_ipsec; j++)
			if (z->ipsec[j] == reqid)
				return z;
	}
	return NULL;
}

/* Named by a rule or by another zone's policy (its own go with it). */
bool zs_zone_in_use(const struct zs_fw *fw, u8 id)
{
	unsigned int i;

	for (i = 0; i < fw->n_rules; i++)
		if (fw->rules[i]->from == id || fw->rules[i]->to == id)
			return true;
	for (i = 0; i < ZONESEC_ZONES_MAX; i++)
		if (i != id && fw->policy[i][id])
			return true;
	return false;
}

/* Takes ownership of @zone and gives it the lowest free id. */
int zs_zone_add(struct zs_fw *fw, struct zs_zone *zone)
{
	unsigned int i;

	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		if (fw->zones[i])
			continue;
		zone->id = i;
		fw->zones[i] = zone;
		fw->n_zones++;
		return 0;
	}
	return -ENOSPC;
}

void zs_zone_del(struct zs_fw *fw, u8 id)
{
	unsigned int i;

	for (i = 0; i < ZONESEC_ZONES_MAX; i++) {
		fw->policy[i][id] = 0;
		fw->policy[id][i] = 0;
	}
	kfree(fw->zones[id]);
	fw->zones[id] = NULL;
	fw->n_zones--;
}
