// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What an established IKE SA does on its own: rekey its child SA and
 * itself when their time comes (or when the kernel's soft EXPIRE says
 * so), remove the old child pair after its grace period, and check that
 * a silent peer is still alive (RFC 7296 2.4).  The window holds one
 * request of ours, so tasks wait their turn in ZS_TASK_* order.
 */
#include <string.h>

#include "ike_sa.h"
#include "log.h"

static void lower(uint64_t *next, uint64_t at)
{
	if (at && at < *next)
		*next = at;
}

/* Seconds of config to a jittered deadline: up to 10% early, so that
 * two peers with the same settings rarely rekey at once. */
static uint64_t deadline(struct zsd *d, uint32_t s)
{
	uint64_t ms = (uint64_t)s * 1000;

	return d->now + ms - (zs_jitter(ms / 10 + 1) - (ms / 10 + 1));
}

void zs_child_plan(struct zs_ike *ike, struct zs_child *c)
{
	uint32_t s = ike->tun->rekey_time;

	c->rekey_at = s ? deadline(ike->d, s) : 0;
}

void zs_ike_plan(struct zs_ike *ike)
{
	const struct zs_tunnel_conf *t = ike->tun;

	ike->ike_rekey_at = t->ike_rekey_time
		? deadline(ike->d, t->ike_rekey_time) : 0;
	ike->restart = t->dpd_action == ZS_DPD_RESTART;
	ike->last_rx = ike->d->now;
}

/* The next task the window lets out. */
static void start_task(struct zs_ike *ike)
{
	unsigned int t = ike->tasks & -ike->tasks;	/* lowest bit first */

	ike->tasks &= ~t;
	switch (t) {
	case ZS_TASK_CHILD_DELETE:
		zs_task_child_delete_start(ike);
		break;
	case ZS_TASK_CHILD_REKEY:
		zs_task_child_rekey_start(ike);
		break;
	case ZS_TASK_IKE_REKEY:
		zs_task_ike_rekey_start(ike);
		break;
	case ZS_TASK_IKE_DELETE:
		zs_task_delete_start(ike);
		break;
	case ZS_TASK_DPD:
		zs_task_dpd_start(ike);
		break;
	case ZS_TASK_REDUNDANT_DELETE:
		zs_task_redundant_delete_start(ike);
		break;
	}
}

static void child_timers(struct zs_ike *ike, uint64_t now, uint64_t *next)
{
	struct zs_child *c = &ike->child;

	if (zs_child_live(&ike->old) && ike->old.gone_at &&
	    ike->old.gone_at <= now) {
		log_debug("%s: old child SA %08x removed", zs_ike_name(ike),
			  ike->old.spi_in);
		zs_child_remove(ike, &ike->old);
	}
	/* the peer's redundant pair of a collision: no delete came */
	if (zs_child_live(&ike->coll) && ike->coll.gone_at &&
	    ike->coll.gone_at <= now) {
		log_info("%s: the peer did not delete its redundant child SA "
			 "%08x: removed", zs_ike_name(ike), ike->coll.spi_in);
		zs_child_remove(ike, &ike->coll);
	}
	/* responder of a rekey: no delete came, switch anyway */
	if (zs_child_live(&ike->pend) && !ike->pend.sa_out &&
	    ike->pend.gone_at <= now)
		zs_child_switch(ike);
	if (zs_child_live(c) && c->rekey_at && c->rekey_at <= now &&
	    !zs_child_live(&ike->pend) && !zs_child_live(&ike->coll)) {
		c->rekey_at = 0;
		ike->tasks |= ZS_TASK_CHILD_REKEY;
	}
	lower(next, zs_child_live(&ike->old) ? ike->old.gone_at : 0);
	lower(next, zs_child_live(&ike->pend) ? ike->pend.gone_at : 0);
	lower(next, zs_child_live(&ike->coll) ? ike->coll.gone_at : 0);
	lower(next, zs_child_live(c) ? c->rekey_at : 0);
}

/*
 * RFC 7296 2.4: a liveness check is only needed when nothing came from
 * the peer for a while, and ESP counts as much as IKE.  Has the inbound
 * SA of the child in use counted packets since the last look?  Only
 * asked when a check is due, so an idle tunnel costs one query per
 * dpd_delay; without counters (a backend that has none, an SA the
 * kernel lost) the check goes out as before.
 */
static bool esp_heard(struct zs_ike *ike)
{
	const struct zs_child *c = &ike->child;
	struct zsd *d = ike->d;
	struct zs_sa_id id = { .src = ike->remote, .dst = ike->local };
	struct kernel_sa_stats st;
	uint64_t before;

	if (!c->sa_in || !d->kops->sa_stats)
		return false;
	id.spi = c->spi_in;
	if (d->kops->sa_stats(d->kctx, &id, &st))
		return false;
	/* a new pair (rekey): its count starts at 0 */
	before = ike->esp_spi == c->spi_in ? ike->esp_packets : 0;
	ike->esp_spi = c->spi_in;
	ike->esp_packets = st.packets;
	if (st.packets == before)
		return false;
	log_debug("%s: %llu ESP packets from the peer since the last look: "
		  "alive", zs_ike_name(ike),
		  (unsigned long long)(st.packets - before));
	return true;
}

void zs_ike_tick(struct zs_ike *ike, uint64_t *next)
{
	const struct zs_tunnel_conf *t = ike->tun;
	uint64_t now = ike->d->now;

	if (ike->state != IKE_S_ESTABLISHED)
		return;
	if (ike->rekeyed) {
		/* only its delete is left to do, by us or by the peer */
		if (ike->expire_at && ike->expire_at <= now)
			zs_ike_dead(ike, "the peer did not delete it");
		else if (!ike->req && (ike->tasks & ZS_TASK_IKE_DELETE))
			start_task(ike);
		lower(next, ike->expire_at);
		return;
	}
	child_timers(ike, now, next);
	if (ike->ike_rekey_at && ike->ike_rekey_at <= now) {
		ike->ike_rekey_at = 0;
		ike->tasks |= ZS_TASK_IKE_REKEY;
	}
	lower(next, ike->ike_rekey_at);
	if (t->dpd_delay && !ike->req && !ike->tasks) {
		uint64_t at = ike->last_rx + (uint64_t)t->dpd_delay * 1000;

		if (at <= now && esp_heard(ike)) {
			/* traffic came: the check is not needed (2.4) */
			ike->d->n_dpd_skipped++;
			ike->last_rx = now;
			at = now + (uint64_t)t->dpd_delay * 1000;
		}
		if (at <= now) {
			ike->tasks |= ZS_TASK_DPD;
			ike->d->n_dpd_sent++;
		} else {
			lower(next, at);
		}
	}
	if (!ike->req && ike->tasks) {
		start_task(ike);
		lower(next, now + 1);
	}
}

/* The retransmissions ran out: the peer is dead (2.4). */
void zs_ike_peer_dead(struct zs_ike *ike)
{
	struct zsd *d = ike->d;
	bool restart = ike->restart && ike->tun;
	char a[ZSD_ADDR_STRLEN];

	log_warn("%s: peer %s declared dead (no answer to %s), %s",
		 zs_ike_name(ike), zsd_addr_str(&ike->remote, a),
		 ike->dpd_out ? "a liveness check" : "a request",
		 restart ? "tearing down and initiating again" : "tearing down");
	zs_ike_dead(ike, "peer does not answer");
	if (restart)
		zsd_initiate_again(d, ike->tun->name);
}

/* The kernel removed one half of a pair at its hard lifetime. */
static void half_gone(struct zs_ike *ike, struct zs_child *c, uint32_t spi)
{
	log_info("%s: child SA %08x hard-expired, replaced already: the "
		 "tunnel stays", zs_ike_name(ike), spi);
	if (c->sa_in && c->spi_in == spi)
		c->sa_in = false;
	else
		c->sa_out = false;
	if (!zs_child_live(c))
		zs_child_remove(ike, c);
}

void zsd_child_expire(struct zsd *d, uint32_t spi, bool hard)
{
	for (struct zs_ike *ike = d->sas; ike; ike = ike->next) {
		struct zs_child *c = zs_child_by_spi(ike, spi, false);

		if (!c)
			c = zs_child_by_spi(ike, spi, true);
		if (!c || ike->state != IKE_S_ESTABLISHED)
			continue;
		if (c != &ike->child) {
			/*
			 * The old pair (a rekey replaced it already) or the
			 * next one: its expiry is no reason to touch the
			 * tunnel.  A hard one is gone from the kernel.
			 */
			if (hard)
				half_gone(ike, c, spi);
			return;
		}
		/* the peer's pair of a collision not yet decided: its now */
		if (hard && !zs_child_live(&ike->pend) && ike->rk.collided)
			zs_child_coll_wins(ike);
		if (hard && zs_child_live(&ike->pend) && ike->pend.sa_in) {
			/* the peer's rekey is under way: its pair now */
			log_warn("%s: child SA %08x hard-expired during a "
				 "rekey: switching to the new pair",
				 zs_ike_name(ike), spi);
			zs_child_switch(ike);
			if (zs_child_by_spi(ike, spi, false) == &ike->old ||
			    zs_child_by_spi(ike, spi, true) == &ike->old)
				half_gone(ike, &ike->old, spi);
			else
				zsd_child_lost(ike);
		} else if (hard) {
			log_warn("%s: child SA %08x hard-expired before a rekey",
				 zs_ike_name(ike), spi);
			zsd_child_lost(ike);
		} else if (c->rekey_at != d->now) {
			log_info("%s: child SA %08x soft-expired: rekeying",
				 zs_ike_name(ike), spi);
			c->rekey_at = d->now;
		}
		return;
	}
}
