// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * INFORMATIONAL exchanges (RFC 7296 1.4): deleting the IKE SA or a child
 * SA, and empty requests (liveness), which get empty answers.  After a
 * child rekey the initiator of the rekey deletes the old pair (2.8); the
 * responder switches its outbound traffic to the new pair at that point.
 */
#include <string.h>

#include "buf.h"
#include "ike_sa.h"
#include "log.h"

void zs_task_delete_start(struct zs_ike *ike)
{
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_INFORMATIONAL, false, ike->msgid_next++);
	m.del[0].proto = IKEV2_PROTO_IKE;
	m.n_delete = 1;
	ike_msg_add(&m, IKEV2_PL_DELETE);
	zs_child_uninstall(ike);
	if (zs_ike_send_request(ike, &m, true))
		zs_ike_dead(ike, "deleted");
	else
		ike->state = IKE_S_DELETING;
}

static void put_child_delete(struct ike_msg *m, uint8_t spi[IKE_CHILD_SPI_LEN],
			     uint32_t spi_in)
{
	put_be32(spi, spi_in);
	m->del[m->n_delete++] = (struct ike_delete){
		.proto = IKEV2_PROTO_ESP, .spi_size = IKE_CHILD_SPI_LEN,
		.n_spi = 1, .spis = { spi, IKE_CHILD_SPI_LEN } };
	ike_msg_add(m, IKEV2_PL_DELETE);
}

/* The old pair after our rekey: the peer is told, its SAs go after the
 * answer (plus a grace period for packets in flight). */
void zs_task_child_delete_start(struct zs_ike *ike)
{
	uint8_t spi[IKE_CHILD_SPI_LEN];
	struct ike_msg m;

	if (!zs_child_live(&ike->old))
		return;
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_INFORMATIONAL, false, ike->msgid_next++);
	put_child_delete(&m, spi, ike->old.spi_in);
	ike->child_del_out = true;
	if (zs_ike_send_request(ike, &m, true))
		ike->old.gone_at = ike->d->now;
}

/* Our new pair that a rekey collision made redundant (2.8.1): we never
 * installed it; the peer removes its half. */
void zs_task_redundant_delete_start(struct zs_ike *ike)
{
	uint8_t spi[IKE_CHILD_SPI_LEN];
	struct ike_msg m;

	if (!ike->redundant_spi)
		return;
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_INFORMATIONAL, false, ike->msgid_next++);
	put_child_delete(&m, spi, ike->redundant_spi);
	log_info("%s: deleting the redundant child SA %08x", zs_ike_name(ike),
		 ike->redundant_spi);
	ike->redundant_spi = 0;
	zs_ike_send_request(ike, &m, true);
}

void zs_task_dpd_start(struct zs_ike *ike)
{
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_INFORMATIONAL, false, ike->msgid_next++);
	log_debug("%s: liveness check", zs_ike_name(ike));
	ike->dpd_out = true;
	zs_ike_send_request(ike, &m, true);
}

/*
 * The responder's side of make before break: the peer deletes the pair
 * it rekeyed, so it receives on the new one; our outbound moves there
 * and the old pair stays for the grace period.
 */
void zs_child_switch(struct zs_ike *ike)
{
	struct zsd *d = ike->d;

	if (!zs_child_live(&ike->pend))
		return;
	if (!ike->pend.sa_out && zs_child_sa_add(ike, &ike->pend, false)) {
		zs_child_remove(ike, &ike->pend);
		return;
	}
	zs_child_remove(ike, &ike->old);
	ike->old = ike->child;
	ike->old.gone_at = d->now + ZS_CHILD_GRACE_MS;
	ike->old.rekey_at = 0;
	ike->child = ike->pend;
	memset(&ike->pend, 0, sizeof(ike->pend));
	zs_child_plan(ike, &ike->child);
	zsd_child_up(ike);
	log_info("%s: child SA rekeyed: SPIs in %08x out %08x (old in %08x "
		 "out %08x removed in %u ms)", zs_ike_name(ike),
		 ike->child.spi_in, ike->child.spi_out, ike->old.spi_in,
		 ike->old.spi_out, ZS_CHILD_GRACE_MS);
}

void zs_child_coll_wins(struct zs_ike *ike)
{
	if (!zs_child_live(&ike->coll))
		return;
	zs_child_remove(ike, &ike->pend);
	ike->pend = ike->coll;
	memset(&ike->coll, 0, sizeof(ike->coll));
	ike->pend.gone_at = ike->d->now + ZS_OUT_WAIT_MS;
}

/* One SPI of a peer's ESP delete; *ans gets our SPI of that pair. */
static bool delete_child(struct zs_ike *ike, uint32_t spi, uint32_t *ans,
			 bool *all)
{
	struct zs_child *c = zs_child_by_spi(ike, spi, true);

	if (!c)
		return false;
	*ans = c->spi_in;
	if (c == &ike->child && zs_child_live(&ike->coll) &&
	    !zs_child_live(&ike->pend)) {
		/*
		 * Both rekeyed the pair and the peer's won, or the peer did
		 * not see ours in time: either way it chose its pair, and
		 * our answer, when it comes, finds ours redundant.
		 */
		log_info("%s: child SA rekey collision: the peer deleted the "
			 "old pair, its new one goes on", zs_ike_name(ike));
		zs_child_coll_wins(ike);
		zs_child_switch(ike);
	} else if (c == &ike->child && zs_child_live(&ike->pend)) {
		zs_child_switch(ike);
	} else if (c == &ike->child) {
		*all = true;		/* the tunnel itself goes */
	} else if (c == &ike->old) {
		if (!c->gone_at || c->gone_at > ike->d->now + ZS_CHILD_GRACE_MS)
			c->gone_at = ike->d->now + ZS_CHILD_GRACE_MS;
	} else {
		/* a redundant pair of a simultaneous rekey (2.8.1): the
		 * peer never sent on it */
		log_info("%s: the peer deleted the redundant child SA %08x",
			 zs_ike_name(ike), c->spi_in);
		zs_child_remove(ike, c);
	}
	return true;
}

void zs_task_info_respond(struct zs_ike *ike, struct ike_msg *req)
{
	uint8_t spis[IKE_MAX_DELETE][IKE_CHILD_SPI_LEN];
	bool del_ike = false, del_all = false;
	struct ike_msg m;
	uint32_t ans;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_INFORMATIONAL, true, req->hdr.msgid);
	for (unsigned int i = 0; i < req->n_delete; i++) {
		const struct ike_delete *dl = &req->del[i];

		del_ike |= dl->proto == IKEV2_PROTO_IKE;
		if (dl->proto != IKEV2_PROTO_ESP ||
		    dl->spi_size != IKE_CHILD_SPI_LEN)
			continue;
		for (unsigned int j = 0; j < dl->n_spi; j++)
			if (delete_child(ike, get_be32(dl->spis.ptr + 4 * j),
					 &ans, &del_all) &&
			    m.n_delete < IKE_MAX_DELETE)
				/* 1.4.1: answer with our half of the pair */
				put_child_delete(&m, spis[m.n_delete], ans);
	}
	if (del_ike)
		m.n_delete = 0, m.n_order = 0;
	zs_ike_send_response(ike, &m, true);
	if (del_ike) {
		zs_ike_rekey_peer_chose(ike);
		zs_ike_dead(ike, "deleted by the peer");
	} else if (del_all) {
		log_info("%s: the peer deleted the child SA", zs_ike_name(ike));
		zs_child_uninstall(ike);
	}
}

void zs_task_info_process(struct zs_ike *ike, struct ike_msg *m)
{
	(void)m;
	if (ike->child_del_out && zs_child_live(&ike->old))
		ike->old.gone_at = ike->d->now + ZS_CHILD_GRACE_MS;
	ike->child_del_out = false;
	ike->dpd_out = false;
	if (ike->state == IKE_S_DELETING)
		zs_ike_dead(ike, "deleted");
}
