// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The child SA: traffic selectors and their narrowing (RFC 7296 2.9), its
 * keys (2.17), and its SA pair and policies in the kernel.
 */
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

static int derive(struct zs_ike *ike)
{
	struct zs_child *c = &ike->child;
	const struct ike_choice *ch = &c->esp.choice;
	struct ike_key_sizes sz = {
		.encr = ike_encr_keymat_len(ch->id[IKEV2_XF_ENCR], ch->encr_keylen),
	};
	struct ike_chunk ni = { ike->ni, ike->ni_len };
	struct ike_chunk nr = { ike->nr, ike->nr_len };

	if (!sz.encr)
		return -1;
	return ike_child_keys_derive(ike->keys.sk_d, &sz, NULL, &ni, &nr,
				     &c->keys) ? -1 : 0;
}

static void sa_params(struct zs_ike *ike, bool in, struct zs_sa_params *p)
{
	struct zs_child *c = &ike->child;
	const struct ike_choice *ch = &c->esp.choice;
	/* encr_i protects initiator -> responder */
	bool use_i = in != ike->initiator;

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

/* Removes what install added, in reverse; n_pol policies, sa_in/out. */
static void remove_parts(struct zs_ike *ike, unsigned int n_pol, bool sa_in,
			 bool sa_out)
{
	struct zsd *d = ike->d;
	struct zs_policy_params pp;
	struct zs_sa_params sp;

	while (n_pol--) {
		policy_params(ike, dirs[n_pol], &pp);
		d->kops->policy_del(d->kctx, &pp);
	}
	for (int in = 0; in < 2; in++) {
		if (!(in ? sa_in : sa_out))
			continue;
		sa_params(ike, in, &sp);
		d->kops->sa_del(d->kctx, &(struct zs_sa_id){
			.src = sp.src, .dst = sp.dst, .spi = sp.spi });
	}
}

int zs_child_install(struct zs_ike *ike)
{
	struct zsd *d = ike->d;
	struct zs_child *c = &ike->child;
	struct zs_sa_params sp;
	struct zs_policy_params pp;
	char a[ZSD_ADDR_STRLEN], b[ZSD_ADDR_STRLEN];
	unsigned int n_pol = 0;
	int err;

	if (derive(ike))
		return -1;
	sa_params(ike, true, &sp);
	err = d->kops->sa_add(d->kctx, &sp);
	if (err)
		goto fail_in;
	sa_params(ike, false, &sp);
	err = d->kops->sa_add(d->kctx, &sp);
	if (err)
		goto fail_out;
	for (; n_pol < sizeof(dirs) / sizeof(dirs[0]); n_pol++) {
		policy_params(ike, dirs[n_pol], &pp);
		err = d->kops->policy_add(d->kctx, &pp);
		if (err)
			goto fail_pol;
	}
	/* the kernel has its copy now */
	ike_child_keys_wipe(&c->keys);
	c->installed = true;
	d->n_children++;
	zsd_child_up(ike);
	log_info("%s: child SA installed: %s/%u === %s/%u, SPIs in %08x out %08x",
		 zs_ike_name(ike), zsd_addr_str(&c->ts_local.a, a), c->ts_local.plen,
		 zsd_addr_str(&c->ts_remote.a, b), c->ts_remote.plen,
		 c->spi_in, c->spi_out);
	return 0;

fail_pol:
	remove_parts(ike, n_pol, true, true);
	goto fail;
fail_out:
	remove_parts(ike, 0, true, false);
	goto fail;
fail_in:
fail:
	ike_child_keys_wipe(&c->keys);
	log_err("%s: installing the child SA in %s failed: %s",
		zs_ike_name(ike), d->kops->name, strerror(-err));
	return -1;
}

void zs_child_uninstall(struct zs_ike *ike)
{
	if (!ike->child.installed)
		return;
	remove_parts(ike, sizeof(dirs) / sizeof(dirs[0]), true, true);
	ike->child.installed = false;
	log_info("%s: child SA removed", zs_ike_name(ike));
}
