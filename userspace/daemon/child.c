// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The child SA: traffic selectors and their narrowing (RFC 7296 2.9), its
 * keys (2.17), and its SA pair and policies in the kernel.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ike_sa.h"
#include "log.h"

uint32_t zs_child_new_spi(void)
{
	uint32_t spi = 0;

	/* 0-255 are reserved by IANA (RFC 4303 2.1) */
	while (spi < 256)
		if (RAND_bytes((uint8_t *)&spi, sizeof(spi)) != 1)
			spi = 0;
	return spi;
}

static uint8_t ts_type(uint8_t family)
{
	return family == AF_INET6 ? IKEV2_TS_IPV6_ADDR_RANGE
				  : IKEV2_TS_IPV4_ADDR_RANGE;
}

void zs_child_ts(const struct zsd_prefix *p, struct ike_ts_set *set)
{
	struct ike_ts *ts = &set->ts[0];

	memset(set, 0, sizeof(*set));
	set->n = 1;
	ts->type = ts_type(p->a.family);
	ts->end_port = 65535;
	zsd_prefix_range(p, ts->start, ts->end);
}

/*
 * The first of the peer's selectors that meets our prefix, cut down to
 * it.  We only do whole-protocol selectors, and only ranges that are a
 * prefix, since that is what a policy holds; other selectors are passed
 * over, as 2.9 allows.
 */
bool zs_child_narrow(const struct zsd_prefix *ours, const struct ike_ts_set *peer,
		     struct zsd_prefix *out)
{
	size_t n = zsd_addr_len(&ours->a);
	uint8_t lo[16], hi[16];

	zsd_prefix_range(ours, lo, hi);
	for (unsigned int i = 0; i < peer->n; i++) {
		const struct ike_ts *ts = &peer->ts[i];
		uint8_t l[16] = { 0 }, h[16] = { 0 };

		if (ts->type != ts_type(ours->a.family) || ts->ip_proto ||
		    ts->start_port != 0 || ts->end_port != 65535)
			continue;
		memcpy(l, memcmp(ts->start, lo, n) > 0 ? ts->start : lo, n);
		memcpy(h, memcmp(ts->end, hi, n) < 0 ? ts->end : hi, n);
		if (memcmp(l, h, n) > 0)
			continue;
		if (zsd_prefix_from_range(ours->a.family, l, h, out))
			return true;
	}
	return false;
}

int zs_child_derive(struct zs_ike *ike, struct zs_child *c,
		    const struct ike_chunk *gir, const struct ike_chunk *ni,
		    const struct ike_chunk *nr)
{
	const struct ike_choice *ch = &c->esp.choice;
	struct ike_key_sizes sz = {
		.encr = ike_encr_keymat_len(ch->id[IKEV2_XF_ENCR], ch->encr_keylen),
	};

	if (!sz.encr)
		return -1;
	return ike_child_keys_derive(ike->keys.sk_d, &sz, gir, ni, nr,
				     &c->keys) ? -1 : 0;
}

static void sa_params(struct zs_ike *ike, const struct zs_child *c, bool in,
		      struct zs_sa_params *p)
{
	const struct ike_choice *ch = &c->esp.choice;
	/* encr_i protects what the exchange's initiator sends (2.17) */
	bool use_i = in != c->initiator;

	memset(p, 0, sizeof(*p));
	p->src = in ? ike->remote : ike->local;
	p->dst = in ? ike->local : ike->remote;
	p->spi = in ? c->spi_in : c->spi_out;
	p->reqid = c->reqid;
	p->tunnel = true;
	p->encr_id = ch->id[IKEV2_XF_ENCR];
	p->encr_keylen = ch->encr_keylen ? ch->encr_keylen : 256;
	p->key = use_i ? c->keys.encr_i : c->keys.encr_r;
	p->key_len = c->keys.sz.encr;
	p->hard_s = ike->tun->child_lifetime;
	p->soft_s = p->hard_s - p->hard_s / 10;
}

static void policy_params(struct zs_ike *ike, enum zs_dir dir,
			  struct zs_policy_params *p)
{
	struct zs_child *c = &ike->child;
	bool out = dir == ZS_DIR_OUT;

	memset(p, 0, sizeof(*p));
	p->dir = dir;
	p->src = out ? c->ts_local : c->ts_remote;
	p->dst = out ? c->ts_remote : c->ts_local;
	p->tmpl_src = out ? ike->local : ike->remote;
	p->tmpl_dst = out ? ike->remote : ike->local;
	p->reqid = c->reqid;
	p->tunnel = true;
}

static const enum zs_dir dirs[] = { ZS_DIR_OUT, ZS_DIR_IN, ZS_DIR_FWD };

static void policies_del(struct zs_ike *ike, unsigned int n_pol)
{
	struct zs_policy_params pp;

	while (n_pol--) {
		policy_params(ike, dirs[n_pol], &pp);
		ike->d->kops->policy_del(ike->d->kctx, &pp);
	}
}

int zs_child_sa_add(struct zs_ike *ike, struct zs_child *c, bool in)
{
	struct zsd *d = ike->d;
	struct zs_sa_params sp;
	int err;

	sa_params(ike, c, in, &sp);
	err = d->kops->sa_add(d->kctx, &sp);
	if (err) {
		log_err("%s: adding the %s SA %08x in %s failed: %s",
			zs_ike_name(ike), in ? "inbound" : "outbound", sp.spi,
			d->kops->name, strerror(-err));
		return err;
	}
	if (in)
		c->sa_in = true;
	else
		c->sa_out = true;
	/* the kernel has its copy now: wipe ours once both are in */
	if (c->sa_in && c->sa_out)
		ike_child_keys_wipe(&c->keys);
	return 0;
}

static void sa_del(struct zs_ike *ike, struct zs_child *c, bool in)
{
	struct zs_sa_params sp;

	sa_params(ike, c, in, &sp);
	ike->d->kops->sa_del(ike->d->kctx, &(struct zs_sa_id){
		.src = sp.src, .dst = sp.dst, .spi = sp.spi });
}

void zs_child_remove(struct zs_ike *ike, struct zs_child *c)
{
	if (c->sa_out)
		sa_del(ike, c, false);
	if (c->sa_in)
		sa_del(ike, c, true);
	ike_child_keys_wipe(&c->keys);
	memset(c, 0, sizeof(*c));
}

struct zs_child *zs_child_by_spi(struct zs_ike *ike, uint32_t spi, bool out)
{
	struct zs_child *all[] = { &ike->child, &ike->pend, &ike->old,
				   &ike->coll };

	for (unsigned int i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (zs_child_live(all[i]) &&
		    (out ? all[i]->spi_out : all[i]->spi_in) == spi)
			return all[i];
	return NULL;
}

/* The first child of an IKE SA: keyed by IKE_AUTH's nonces, SAs and
 * policies together. */
int zs_child_install(struct zs_ike *ike)
{
	struct zsd *d = ike->d;
	struct zs_child *c = &ike->child;
	struct ike_chunk ni = { ike->ni, ike->ni_len };
	struct ike_chunk nr = { ike->nr, ike->nr_len };
	struct zs_policy_params pp;
	char a[ZSD_ADDR_STRLEN], b[ZSD_ADDR_STRLEN];
	unsigned int n_pol = 0;
	int err = -EINVAL;

	c->initiator = ike->initiator;
	if (zs_child_derive(ike, c, NULL, &ni, &nr))
		goto fail;
	err = zs_child_sa_add(ike, c, true);
	if (!err)
		err = zs_child_sa_add(ike, c, false);
	if (err)
		goto fail;
	for (; n_pol < sizeof(dirs) / sizeof(dirs[0]); n_pol++) {
		policy_params(ike, dirs[n_pol], &pp);
		err = d->kops->policy_add(d->kctx, &pp);
		if (err) {
			log_err("%s: adding a policy in %s failed: %s",
				zs_ike_name(ike), d->kops->name, strerror(-err));
			policies_del(ike, n_pol);
			goto fail;
		}
	}
	ike->policies = true;
	d->n_children++;
	zsd_child_up(ike);
	zs_child_plan(ike, c);
	log_info("%s: child SA installed: %s/%u === %s/%u, SPIs in %08x out %08x",
		 zs_ike_name(ike), zsd_addr_str(&c->ts_local.a, a), c->ts_local.plen,
		 zsd_addr_str(&c->ts_remote.a, b), c->ts_remote.plen,
		 c->spi_in, c->spi_out);
	return 0;

fail:
	zs_child_remove(ike, c);
	log_err("%s: installing the child SA failed", zs_ike_name(ike));
	return err;
}

void zs_child_uninstall(struct zs_ike *ike)
{
	bool any = zs_child_live(&ike->child) || ike->policies;

	if (ike->policies)
		policies_del(ike, sizeof(dirs) / sizeof(dirs[0]));
	ike->policies = false;
	zs_child_remove(ike, &ike->pend);
	zs_child_remove(ike, &ike->coll);
	zs_child_remove(ike, &ike->old);
	zs_child_remove(ike, &ike->child);
	if (any)
		log_info("%s: child SA removed", zs_ike_name(ike));
}
