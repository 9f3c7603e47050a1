// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tunnels as the kernel sees them: each has a reqid of its own for as
 * long as the daemon runs, so that the "trap" policy installed for a
 * tunnel that starts on traffic is the very policy its child SAs serve.
 * The module answers a packet under a trap with ACQUIRE, which starts the
 * negotiation; it tells of lifetimes with soft and hard EXPIRE.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ike_sa.h"
#include "log.h"

struct zsd_tunnel *zsd_tunnel_find(struct zsd *d, const char *name)
{
	for (unsigned int i = 0; i < d->n_tuns; i++)
		if (!strcmp(d->tuns[i].name, name))
			return &d->tuns[i];
	return NULL;
}

struct zsd_tunnel *zsd_tunnel_get(struct zsd *d, const char *name)
{
	struct zsd_tunnel *t = zsd_tunnel_find(d, name);

	if (t)
		return t;
	if (d->n_tuns == d->cap_tuns) {
		unsigned int cap = d->cap_tuns ? d->cap_tuns * 2 : 8;
		struct zsd_tunnel *n = realloc(d->tuns, cap * sizeof(*n));

		if (!n)
			return NULL;
		d->tuns = n;
		d->cap_tuns = cap;
	}
	t = &d->tuns[d->n_tuns++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->reqid = ++d->next_reqid;
	return t;
}

uint32_t zsd_reqid(struct zsd *d, const struct zs_tunnel_conf *tc)
{
	struct zsd_tunnel *t = zsd_tunnel_get(d, tc->name);

	return t ? t->reqid : ++d->next_reqid;
}

struct zs_ike *zsd_tunnel_ike(struct zsd *d, const char *name)
{
	for (struct zs_ike *ike = d->sas; ike; ike = ike->next)
		if (ike->tun && !strcmp(ike->tun->name, name) &&
		    ike->state != IKE_S_DEAD && ike->state != IKE_S_DELETING)
			return ike;
	return NULL;
}

void zsd_child_up(struct zs_ike *ike)
{
	struct zsd_tunnel *t = ike->tun ? zsd_tunnel_get(ike->d, ike->tun->name)
				       : NULL;

	if (t)
		t->last_up = (int64_t)time(NULL);
}

void zsd_child_rekey(struct zs_ike *ike, uint32_t spi)
{
	/* CREATE_CHILD_SA, make before break (ike_ccsa.c) */
	zsd_child_expire(ike->d, spi, false);
}

/* The IKE SA with a child pair (current, being rekeyed or replaced) that
 * holds this SA: inbound SAs are ours at our address, outbound ones the
 * peer's at its address. */
static struct zs_ike *ike_by_sa(struct zsd *d, const struct zs_sa_id *id)
{
	for (struct zs_ike *ike = d->sas; ike; ike = ike->next) {
		if (ike->state == IKE_S_DEAD)
			continue;
		if ((zsd_addr_eq(&id->dst, &ike->local) &&
		     zs_child_by_spi(ike, id->spi, false)) ||
		    (zsd_addr_eq(&id->dst, &ike->remote) &&
		     zs_child_by_spi(ike, id->spi, true)))
			return ike;
	}
	return NULL;
}

static void acquire(struct zsd *d, const struct kernel_event *ev)
{
	char a[ZSD_ADDR_STRLEN], b[ZSD_ADDR_STRLEN];
	struct zsd_tunnel *t = NULL;

	for (unsigned int i = 0; i < d->n_tuns && !t; i++)
		if (d->tuns[i].reqid == ev->reqid && d->tuns[i].trapped)
			t = &d->tuns[i];
	if (!t) {
		log_debug("ACQUIRE for reqid %u: not one of our traps",
			  ev->reqid);
		return;
	}
	if (zsd_tunnel_ike(d, t->name))
		return;		/* negotiating already */
	log_info("%s: traffic %s/%u -> %s/%u: starting", t->name,
		 zsd_addr_str(&ev->src.a, a), ev->src.plen,
		 zsd_addr_str(&ev->dst.a, b), ev->dst.plen);
	zsd_initiate(d, t->name);
}

void zsd_child_lost(struct zs_ike *ike)
{
	struct zsd *d = ike->d;
	const struct zs_tunnel_conf *tc = ike->tun;
	char name[ZS_TUNNEL_NAME_MAX];

	snprintf(name, sizeof(name), "%s", zs_ike_name(ike));
	/*
	 * One child per IKE SA: the IKE SA goes with it, and says so; but
	 * not past a request still unanswered (a liveness check to a silent
	 * peer): the window holds one, and a new request would restart the
	 * retransmissions that are about to declare the peer dead.  The
	 * child goes now, the DELETE when the window opens.
	 */
	if (ike->state == IKE_S_ESTABLISHED && ike->req) {
		zs_child_uninstall(ike);
		ike->tasks |= ZS_TASK_IKE_DELETE;
	} else if (ike->state == IKE_S_ESTABLISHED) {
		zs_task_delete_start(ike);
	} else {
		zs_ike_dead(ike, "child SA expired");
	}
	/* start = traffic waits for the next ACQUIRE on its trap */
	if (tc && tc->start == ZS_START_LOAD && zs_conf_tunnel(d->conf, name))
		zsd_initiate(d, name);
}

void zsd_kernel_event(void *arg, const struct kernel_event *ev)
{
	struct zsd *d = arg;
	struct zs_ike *ike;

	if (ev->type == KEV_ACQUIRE) {
		acquire(d, ev);
		return;
	}
	ike = ike_by_sa(d, &ev->sa);
	if (!ike) {
		log_debug("EXPIRE of SPI %08x: not ours", ev->sa.spi);
		return;
	}
	if (ev->type == KEV_EXPIRE_SOFT)
		zsd_child_rekey(ike, ev->sa.spi);
	else
		zsd_child_expire(d, ev->sa.spi, true);
}

static int trap_params(struct zsd *d, const struct zs_tunnel_conf *tc,
		       struct zs_policy_params *p)
{
	memset(p, 0, sizeof(*p));
	p->dir = ZS_DIR_OUT;
	p->src = tc->local_ts;
	p->dst = tc->remote_ts;
	p->tmpl_dst = tc->peer;
	p->tmpl_src = tc->local;
	if (!p->tmpl_src.family &&
	    d->io.source(d->io.ctx, &tc->peer, &p->tmpl_src))
		return -1;
	p->reqid = zsd_reqid(d, tc);
	p->tunnel = true;
	return 0;
}

static void trap_install(struct zsd *d, const struct zs_tunnel_conf *tc)
{
	struct zsd_tunnel *t = zsd_tunnel_get(d, tc->name);
	int err;

	if (!t || t->trapped || t->admin_down)
		return;
	if (trap_params(d, tc, &t->trap)) {
		log_err("%s: no route to the peer: no trap for traffic",
			tc->name);
		return;
	}
	err = d->kops->policy_add(d->kctx, &t->trap);
	if (err) {
		log_err("%s: cannot install the trap policy: %s", tc->name,
			strerror(-err));
		return;
	}
	t->trapped = true;
	log_info("%s: waiting for traffic", tc->name);
}

static void trap_remove(struct zsd *d, struct zsd_tunnel *t)
{
	if (!t->trapped)
		return;
	d->kops->policy_del(d->kctx, &t->trap);
	t->trapped = false;
}

void zsd_traps_install(struct zsd *d)
{
	for (unsigned int i = 0; i < d->conf->n_tun; i++) {
		const struct zs_tunnel_conf *tc = &d->conf->tun[i];

		if (tc->start != ZS_START_TRAFFIC)
			continue;
		if (!d->kops->event_fd) {
			log_warn("%s: start = traffic needs kernel = zonesec "
				 "(ACQUIRE events): waiting for the peer",
				 tc->name);
			continue;
		}
		trap_install(d, tc);
	}
}

void zsd_traps_remove(struct zsd *d)
{
	for (unsigned int i = 0; i < d->n_tuns; i++)
		trap_remove(d, &d->tuns[i]);
}

int zsd_tunnel_down(struct zsd *d, const char *name)
{
	struct zsd_tunnel *t;
	struct zs_ike *ike;

	if (!zs_conf_tunnel(d->conf, name))
		return -1;
	t = zsd_tunnel_get(d, name);
	if (t) {
		t->admin_down = true;
		trap_remove(d, t);
		zsd_initiate_cancel(d, t);
	}
	while ((ike = zsd_tunnel_ike(d, name))) {
		if (ike->state == IKE_S_ESTABLISHED)
			zs_task_delete_start(ike);
		else
			zs_ike_dead(ike, "taken down");
	}
	return 0;
}

void zsd_reconfigure(struct zsd *d, const struct zs_conf *c)
{
	struct zs_policy_params *old = calloc(d->n_tuns + 1, sizeof(*old));
	bool *had = calloc(d->n_tuns + 1, sizeof(*had));
	unsigned int n_old = d->n_tuns;

	/* IKE SAs of tunnels that remain read their new section */
	for (struct zs_ike *ike = d->sas; ike; ike = ike->next) {
		const struct zs_tunnel_conf *tc;

		if (!ike->tun)
			continue;
		tc = zs_conf_tunnel(c, ike->tun->name);
		if (!tc || zsd_tunnel_changed(d->conf, ike->tun, c, tc)) {
			/* the delete goes out under the SA's own keys, to
			 * its own peer; the peer and the tunnel are told
			 * (break before make: the policies go with it) */
			log_info("%s: %s", ike->tun->name, tc
				 ? "configuration changed: renegotiating"
				 : "no longer configured");
			if (ike->state == IKE_S_ESTABLISHED)
				zs_task_delete_start(ike);
			else
				zs_ike_dead(ike, tc ? "configuration changed"
						    : "no longer configured");
		}
		ike->tun = tc;
	}
	/* new traps first, old ones after: no moment without a policy */
	for (unsigned int i = 0; i < n_old; i++) {
		if (old && had) {
			old[i] = d->tuns[i].trap;
			had[i] = d->tuns[i].trapped;
		}
		d->tuns[i].trapped = false;
	}
	d->conf = c;
	zsd_traps_install(d);
	for (unsigned int i = 0; i < n_old && old && had; i++)
		if (had[i])
			d->kops->policy_del(d->kctx, &old[i]);
	free(old);
	free(had);
	for (unsigned int i = 0; i < c->n_tun; i++) {
		const struct zsd_tunnel *t = zsd_tunnel_find(d, c->tun[i].name);

		if (c->tun[i].start == ZS_START_LOAD &&
		    !(t && t->admin_down) && !zsd_tunnel_ike(d, c->tun[i].name))
			zsd_initiate(d, c->tun[i].name);
	}
}

void zsd_tunnel_forget(struct zsd *d, const char *name)
{
	struct zsd_tunnel *t = zsd_tunnel_find(d, name);

	if (!t || zs_conf_tunnel(d->conf, name))
		return;
	trap_remove(d, t);
	zsd_initiate_cancel(d, t);
	*t = d->tuns[--d->n_tuns];
}

int zsd_tunnel_up(struct zsd *d, const char *name)
{
	const struct zs_tunnel_conf *tc = zs_conf_tunnel(d->conf, name);
	struct zsd_tunnel *t;

	if (!tc)
		return -1;
	t = zsd_tunnel_get(d, name);
	if (t)
		t->admin_down = false;
	if (tc->start == ZS_START_TRAFFIC && d->kops->event_fd)
		trap_install(d, tc);
	if (zsd_tunnel_ike(d, name))
		return 0;
	return zsd_initiate(d, name);
}

static bool same_credentials(const struct zs_tunnel_conf *a,
			     const struct zs_tunnel_conf *b)
{
	return zsd_addr_eq(&a->peer, &b->peer) &&
	       a->peer_id.type == b->peer_id.type &&
	       a->peer_id.len == b->peer_id.len &&
	       !memcmp(a->peer_id.data, b->peer_id.data, a->peer_id.len) &&
	       a->auth == b->auth && a->psk_len == b->psk_len &&
	       !memcmp(a->psk, b->psk, a->psk_len) &&
	       !memcmp(a->peer_key, b->peer_key, sizeof(a->peer_key));
}

static bool fits(const struct zs_tunnel_conf *t, const struct ike_ts_set *tsi,
		 const struct ike_ts_set *tsr)
{
	struct zsd_prefix r, l;

	return zs_child_narrow(&t->remote_ts, tsi, &r) &&
	       zs_child_narrow(&t->local_ts, tsr, &l);
}

bool zsd_tunnel_shared(struct zsd *d, const struct zs_tunnel_conf *t)
{
	for (unsigned int i = 0; i < d->conf->n_tun; i++)
		if (&d->conf->tun[i] != t && same_credentials(&d->conf->tun[i], t))
			return true;
	return false;
}

const struct zs_tunnel_conf *zsd_tunnel_for_ts(struct zsd *d,
					       const struct zs_tunnel_conf *t,
					       const struct ike_ts_set *tsi,
					       const struct ike_ts_set *tsr)
{
	if (fits(t, tsi, tsr))
		return t;
	for (unsigned int i = 0; i < d->conf->n_tun; i++) {
		const struct zs_tunnel_conf *o = &d->conf->tun[i];

		if (o != t && same_credentials(o, t) && fits(o, tsi, tsr)) {
			log_info("%s: the peer's selectors are those of tunnel %s",
				 t->name, o->name);
			return o;
		}
	}
	return t;
}
