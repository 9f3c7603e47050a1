// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting tunnels, a few at a time.  Each initiation holds a half-open
 * IKE SA at the peer until its IKE_AUTH is answered, and peers limit
 * those: past a threshold they answer with a COOKIE (2.6), past a limit
 * they drop the request.  A gateway that starts hundreds of tunnels at
 * once, at boot or on a reload, meets both, and its dropped requests wait
 * out the retransmission back-off: 1,000 tunnels between two zonesecd on
 * one host, all started at once, had 738 and 975 up after 60 s in two
 * runs; eight at a time, all 1,000 were up within 0.7 and 1.1 s.  So at
 * most ZSD_INIT_PARALLEL of our initiations are in flight at once; the
 * other tunnels wait, marked in their state, and zsd_tick() starts them
 * in the order of the tunnel table as the earlier ones finish
 * (established, refused or given up).
 */
#include <string.h>

#include "ike_sa.h"
#include "log.h"

/* No more than a peer's COOKIE threshold (8 for zonesecd, 10 charon). */
#define ZSD_INIT_PARALLEL	8

unsigned int zsd_initiations(const struct zsd *d)
{
	unsigned int n = 0;

	for (const struct zs_ike *ike = d->sas; ike; ike = ike->next)
		n += ike->state == IKE_S_INIT_SENT ||
		     ike->state == IKE_S_AUTH_SENT;
	return n;
}

static int initiate_now(struct zsd *d, const struct zs_tunnel_conf *t,
			bool restart)
{
	struct zsd_addr local;
	struct zs_ike *ike;

	local = t->local;
	if (!local.family && d->io.source(d->io.ctx, &t->peer, &local)) {
		log_err("%s: no route to the peer", t->name);
		return -1;
	}
	local.port = IKE_PORT;
	ike = zs_ike_new(d, true, &local, &t->peer);
	if (!ike)
		return -1;
	ike->tun = t;
	ike->restart = restart;
	log_info("%s: initiating", t->name);
	if (zs_task_init_start(ike)) {
		zs_ike_dead(ike, "cannot start IKE_SA_INIT");
		return -1;
	}
	return 0;
}

static int initiate(struct zsd *d, const char *name, bool restart)
{
	const struct zs_tunnel_conf *t = zs_conf_tunnel(d->conf, name);
	struct zsd_tunnel *w;

	if (!t)
		return -1;
	if (!d->n_init_waiting && zsd_initiations(d) < ZSD_INIT_PARALLEL)
		return initiate_now(d, t, restart);
	w = zsd_tunnel_get(d, name);
	if (!w)
		return -1;
	if (!w->init_waiting) {
		log_info("%s: waiting to initiate (%u initiations in flight)",
			 name, ZSD_INIT_PARALLEL);
		w->init_waiting = true;
		d->n_init_waiting++;
	}
	w->init_restart |= restart;
	return 0;
}

int zsd_initiate(struct zsd *d, const char *name)
{
	return initiate(d, name, false);
}

int zsd_initiate_again(struct zsd *d, const char *name)
{
	return initiate(d, name, true);
}

void zsd_initiate_cancel(struct zsd *d, struct zsd_tunnel *w)
{
	if (!w->init_waiting)
		return;
	w->init_waiting = false;
	w->init_restart = false;
	d->n_init_waiting--;
}

void zsd_initiate_waiting(struct zsd *d)
{
	unsigned int busy, room;

	if (!d->n_init_waiting)
		return;
	busy = zsd_initiations(d);
	room = busy < ZSD_INIT_PARALLEL ? ZSD_INIT_PARALLEL - busy : 0;
	/* by index: a start may grow (move) the tunnel table */
	for (unsigned int i = 0; i < d->n_tuns && room; i++) {
		struct zsd_tunnel *w = &d->tuns[i];
		const struct zs_tunnel_conf *t;
		bool restart = w->init_restart;

		if (!w->init_waiting)
			continue;
		zsd_initiate_cancel(d, w);
		t = zs_conf_tunnel(d->conf, w->name);
		/* gone from the configuration, or up by now (its peer
		 * initiated): nothing to start */
		if (!t || w->admin_down || zsd_tunnel_ike(d, t->name))
			continue;
		if (!initiate_now(d, t, restart))
			room--;
	}
}

void zsd_start(struct zsd *d)
{
	for (unsigned int i = 0; i < d->conf->n_tun; i++) {
		const struct zs_tunnel_conf *t = &d->conf->tun[i];

		if (t->start == ZS_START_LOAD)
			zsd_initiate(d, t->name);
	}
	zsd_traps_install(d);
}
