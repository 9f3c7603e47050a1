// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rekeying the IKE SA (RFC 7296 1.3.2, 2.18): a CREATE_CHILD_SA whose SA
 * payload proposes protocol IKE with the new SPI, nonces and a fresh key
 * exchange.  The new SA's keys come from
 *	SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)
 * and the usual prf+ over Ni | Nr | SPIi | SPIr; the one who asked is the
 * new SA's initiator.  The child SAs move to the new IKE SA as they are
 * (the kernel sees nothing), the initiator deletes the old IKE SA.
 *
 * Both sides rekeying the IKE SA at once (2.25.2, 2.8.2): the peer's
 * request is answered as usual and its new IKE SA made, but it waits
 * (marked `rekeyed`, no children, no timers) for our answer.  Then the
 * new IKE SA made with the lowest of the four nonces is redundant and
 * its maker deletes it, over itself: if it is ours, it is made only to
 * send that delete, the peer's takes the children and the peer deletes
 * the old one; else ours takes them, we delete the old one, and the
 * peer's waits for the peer's delete (ZS_OLD_IKE_LINGER_MS at most).  The
 * peer's delete of the old IKE SA before our answer means it chose its
 * new SA: the children go there.  A refusal of ours while the peer's
 * rekey went through (TEMPORARY_FAILURE: it completed first) lets the
 * peer's go on.  A rekey request of the peer's while any other request
 * of ours is out (a child rekey or delete, a liveness check) gets
 * TEMPORARY_FAILURE (2.25.1), as does one on an IKE SA being closed.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "buf.h"
#include "ike_sa.h"
#include "log.h"

void zs_task_ike_rekey_start(struct zs_ike *ike)
{
	struct zs_rekey *rk = &ike->rk;
	uint8_t pub[IKE_DH_PUB_MAX];
	size_t pub_len;
	struct ike_msg m;

	zs_rekey_clear(rk);
	rk->ike = true;
	rk->group = ike->ike_sel.choice.id[IKEV2_XF_DH];
	rk->dh = ike_dh_new(rk->group);
	if (!rk->dh || ike_dh_public(rk->dh, pub, sizeof(pub), &pub_len) ||
	    RAND_bytes(rk->nonce, sizeof(rk->nonce)) != 1 ||
	    RAND_bytes(rk->spi, sizeof(rk->spi)) != 1) {
		zs_rekey_clear(rk);
		return;
	}
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_CREATE_CHILD_SA, false, ike->msgid_next++);
	/* the suite in use, so that the KE we send is the one it takes */
	if (ike_proposal_offer(&ike->ike_sel.choice, 1, rk->spi, IKE_SPI_LEN,
			       &m.sa))
		return;
	ike_msg_add(&m, IKEV2_PL_SA);
	m.nonce = (struct ike_chunk){ rk->nonce, sizeof(rk->nonce) };
	ike_msg_add(&m, IKEV2_PL_NONCE);
	m.ke.group = rk->group;
	m.ke.data = (struct ike_chunk){ pub, pub_len };
	ike_msg_add(&m, IKEV2_PL_KE);
	log_info("%s: rekeying the IKE SA", zs_ike_name(ike));
	ike->ike_rekey_at = 0;
	zs_ike_send_request(ike, &m, true);
}

/* Our IKE SA rekey is out. */
static bool rekeying_ike(const struct zs_ike *ike)
{
	return ike->req && ike->req_exchange == IKEV2_EXCH_CREATE_CHILD_SA &&
	       ike->rk.ike;
}

/* The new IKE SA of the peer's rekey that crossed ours, if still there. */
static struct zs_ike *crossed_sa(struct zs_ike *ike)
{
	struct zs_ike *y;

	if (!ike->rk.ike || !ike->rk.collided)
		return NULL;
	y = zs_ike_find(ike->d, ike->rk.coll_spi, false);
	return y && y->rekeyed && !zs_child_live(&y->child) ? y : NULL;
}

/* The new IKE SA, keyed; the caller fills nothing more than this. */
static struct zs_ike *new_sa(struct zs_ike *old, bool initiator,
			     const struct ike_selected *sel,
			     const uint8_t spi_i[IKE_SPI_LEN],
			     const uint8_t spi_r[IKE_SPI_LEN],
			     const struct ike_chunk *ni,
			     const struct ike_chunk *nr,
			     const struct ike_chunk *gir)
{
	struct zs_ike *ike = zs_ike_new(old->d, initiator, &old->local,
					&old->remote);
	uint8_t seed[IKE_PRF_LEN];
	enum ike_err err;

	if (!ike)
		return NULL;
	ike->tun = old->tun;
	ike->ike_sel = *sel;
	memcpy(ike->spi_i, spi_i, IKE_SPI_LEN);
	memcpy(ike->spi_r, spi_r, IKE_SPI_LEN);
	memcpy(ike->ni, ni->ptr, ni->len);
	ike->ni_len = ni->len;
	memcpy(ike->nr, nr->ptr, nr->len);
	ike->nr_len = nr->len;
	err = ike_skeyseed_rekey(old->keys.sk_d, gir, ni, nr, seed);
	if (!err)
		err = zs_ike_keys_from_seed(ike, seed);
	OPENSSL_cleanse(seed, sizeof(seed));
	if (err) {
		ike->state = IKE_S_DEAD;
		return NULL;
	}
	return ike;
}

/* The children and what is pending for them go to the new SA. */
static void move_children(struct zs_ike *old, struct zs_ike *ike)
{
	ike->child = old->child;
	ike->pend = old->pend;
	ike->old = old->old;
	ike->coll = old->coll;
	ike->redundant_spi = old->redundant_spi;
	ike->policies = old->policies;
	ike->tasks = old->tasks & (ZS_TASK_CHILD_DELETE | ZS_TASK_CHILD_REKEY |
				   ZS_TASK_REDUNDANT_DELETE);
	memset(&old->child, 0, sizeof(old->child));
	memset(&old->pend, 0, sizeof(old->pend));
	memset(&old->old, 0, sizeof(old->old));
	memset(&old->coll, 0, sizeof(old->coll));
	old->redundant_spi = 0;
	old->policies = false;
	old->tasks = 0;
	old->rekeyed = true;
	ike->state = IKE_S_ESTABLISHED;
	ike->rekeyed = false;
	ike->expire_at = 0;
	ike->restart = old->restart;
	ike->last_rx = old->d->now;
	zs_ike_plan(ike);
	log_info("%s: IKE SA rekeyed: SPIs %02x%02x%02x%02x.. -> "
		 "%02x%02x%02x%02x..", zs_ike_name(ike), old->spi_i[0],
		 old->spi_i[1], old->spi_i[2], old->spi_i[3], ike->spi_i[0],
		 ike->spi_i[1], ike->spi_i[2], ike->spi_i[3]);
}

/* The peer's new IKE SA takes the children; it deletes the old one. */
static void peer_wins(struct zs_ike *ike, struct zs_ike *y)
{
	move_children(ike, y);
	ike->expire_at = ike->d->now + ZS_OLD_IKE_LINGER_MS;
}

/* Does our exchange hold the lowest of the four nonces (2.8.2)? */
static bool ours_lowest(const struct zs_ike *y, const struct ike_chunk *ni,
			const struct ike_chunk *nr)
{
	struct ike_chunk yi = { y->ni, y->ni_len }, yr = { y->nr, y->nr_len };
	const struct ike_chunk *ours = zs_nonce_low(ni, nr);
	const struct ike_chunk *theirs = zs_nonce_low(&yi, &yr);

	return zs_nonce_cmp(ours->ptr, ours->len, theirs->ptr, theirs->len) < 0;
}

void zs_ike_rekey_process(struct zs_ike *ike, struct ike_msg *m)
{
	struct zs_rekey *rk = &ike->rk;
	uint16_t err = zs_msg_error(m);
	uint8_t gir[IKE_DH_SECRET_MAX];
	size_t gir_len = 0;
	struct ike_selected sel;
	struct ike_chunk ni = { rk->nonce, sizeof(rk->nonce) }, nr, g;
	struct zs_ike *n, *y = crossed_sa(ike);

	if (!err && (ike_proposal_check_reply(&ike->ike_sel.choice, 1, &m->sa,
					      &sel) ||
		     sel.peer_spi_size != IKE_SPI_LEN ||
		     !zs_msg_has(m, IKEV2_PL_NONCE) ||
		     m->nonce.len < IKE_NONCE_MIN ||
		     m->nonce.len > IKE_NONCE_MAX ||
		     !zs_msg_has(m, IKEV2_PL_KE) || m->ke.group != rk->group))
		err = IKEV2_N_NO_PROPOSAL_CHOSEN;
	if (!err && ike_dh_shared(rk->dh, m->ke.data.ptr, m->ke.data.len, gir,
				  sizeof(gir), &gir_len))
		err = IKEV2_N_INVALID_KE_PAYLOAD;
	if (err && y) {
		log_info("%s: IKE SA rekey refused (notify %u): the peer's "
			 "rekey goes on", zs_ike_name(ike), err);
		peer_wins(ike, y);
		return;
	}
	if (err) {
		uint64_t again = zs_jitter(err == IKEV2_N_TEMPORARY_FAILURE
					   ? ZS_REKEY_RETRY_MS : 60000);

		log_warn("%s: IKE SA rekey refused (notify %u), again in %llu ms",
			 zs_ike_name(ike), err, (unsigned long long)again);
		ike->ike_rekey_at = ike->d->now + again;
		return;
	}
	nr = (struct ike_chunk){ m->nonce.ptr, m->nonce.len };
	g = (struct ike_chunk){ gir, gir_len };
	n = new_sa(ike, true, &sel, rk->spi, sel.peer_spi, &ni, &nr, &g);
	OPENSSL_cleanse(gir, sizeof(gir));
	if (!n) {
		log_err("%s: IKE SA rekey: key derivation failed", zs_ike_name(ike));
		if (y)
			peer_wins(ike, y);
		else
			ike->ike_rekey_at = ike->d->now + 60000;
		return;
	}
	if (y && ours_lowest(y, &ni, &nr)) {
		/* 2.8.2: ours is redundant; made to be deleted, over itself */
		log_info("%s: IKE SA rekey collision: our new IKE SA has the "
			 "lowest nonce and is redundant: deleting it",
			 zs_ike_name(ike));
		n->state = IKE_S_ESTABLISHED;
		n->rekeyed = true;
		n->last_rx = ike->d->now;
		n->tasks = ZS_TASK_IKE_DELETE;
		peer_wins(ike, y);
		return;
	}
	if (y) {
		log_info("%s: IKE SA rekey collision: the peer's new IKE SA has "
			 "the lowest nonce and is redundant: ours goes on",
			 zs_ike_name(ike));
		y->expire_at = ike->d->now + ZS_OLD_IKE_LINGER_MS;
	}
	move_children(ike, n);
	ike->tasks = ZS_TASK_IKE_DELETE;	/* 2.18: ours to delete */
}

void zs_ike_rekey_peer_chose(struct zs_ike *ike)
{
	struct zs_ike *y = rekeying_ike(ike) ? crossed_sa(ike) : NULL;

	if (!y)
		return;
	log_info("%s: IKE SA rekey collision: the peer deleted the old IKE "
		 "SA, its new one goes on", zs_ike_name(ike));
	move_children(ike, y);
}

static void refuse(struct zs_ike *ike, const struct ike_msg *req, uint16_t n,
		   uint16_t group)
{
	uint8_t g[2];
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_CREATE_CHILD_SA, true, req->hdr.msgid);
	m.notify[0].type = n;
	if (n == IKEV2_N_INVALID_KE_PAYLOAD) {
		put_be16(g, group);
		m.notify[0].data = (struct ike_chunk){ g, sizeof(g) };
	}
	m.n_notify = 1;
	ike_msg_add(&m, IKEV2_PL_NOTIFY);
	log_info("%s: IKE SA rekey refused: notify %u", zs_ike_name(ike), n);
	ike->d->n_temp_failures += n == IKEV2_N_TEMPORARY_FAILURE;
	zs_ike_send_response(ike, &m, true);
}

void zs_ike_rekey_respond(struct zs_ike *ike, struct ike_msg *req)
{
	const struct zs_tunnel_conf *t = ike->tun;
	uint8_t gir[IKE_DH_SECRET_MAX], pub[IKE_DH_PUB_MAX];
	uint8_t nonce[IKE_NONCE_LEN], spi_r[IKE_SPI_LEN];
	size_t gir_len = 0, pub_len = 0;
	struct ike_chunk ni, nr = { nonce, sizeof(nonce) }, g;
	struct ike_selected sel;
	struct ike_dh *dh = NULL;
	struct zs_ike *n = NULL;
	struct ike_msg m;
	uint16_t group;
	bool crossed = rekeying_ike(ike);

	if (ike->req && (!crossed || ike->rk.collided)) {
		/* 2.25.1: a child rekey or delete of ours is out */
		refuse(ike, req, IKEV2_N_TEMPORARY_FAILURE, 0);
		return;
	}
	if (ike_proposal_select(t->ike, t->n_ike, &req->sa, &sel) ||
	    sel.peer_spi_size != IKE_SPI_LEN) {
		refuse(ike, req, IKEV2_N_NO_PROPOSAL_CHOSEN, 0);
		return;
	}
	group = sel.choice.id[IKEV2_XF_DH];
	if (!zs_msg_has(req, IKEV2_PL_KE) || req->ke.group != group) {
		refuse(ike, req, IKEV2_N_INVALID_KE_PAYLOAD, group);
		return;
	}
	if (!zs_msg_has(req, IKEV2_PL_NONCE) || req->nonce.len < IKE_NONCE_MIN ||
	    req->nonce.len > IKE_NONCE_MAX) {
		refuse(ike, req, IKEV2_N_INVALID_SYNTAX, 0);
		return;
	}
	dh = ike_dh_new(group);
	if (!dh || ike_dh_public(dh, pub, sizeof(pub), &pub_len) ||
	    ike_dh_shared(dh, req->ke.data.ptr, req->ke.data.len, gir,
			  sizeof(gir), &gir_len) ||
	    RAND_bytes(nonce, sizeof(nonce)) != 1 ||
	    RAND_bytes(spi_r, sizeof(spi_r)) != 1) {
		ike_dh_free(dh);
		refuse(ike, req, IKEV2_N_NO_PROPOSAL_CHOSEN, 0);
		return;
	}
	ike_dh_free(dh);
	ni = (struct ike_chunk){ req->nonce.ptr, req->nonce.len };
	g = (struct ike_chunk){ gir, gir_len };
	n = new_sa(ike, false, &sel, sel.peer_spi, spi_r, &ni, &nr, &g);
	OPENSSL_cleanse(gir, sizeof(gir));
	if (!n) {
		refuse(ike, req, IKEV2_N_NO_PROPOSAL_CHOSEN, 0);
		return;
	}
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_CREATE_CHILD_SA, true, req->hdr.msgid);
	ike_proposal_reply(&sel, spi_r, IKE_SPI_LEN, &m.sa);
	ike_msg_add(&m, IKEV2_PL_SA);
	m.nonce = nr;
	ike_msg_add(&m, IKEV2_PL_NONCE);
	m.ke.group = group;
	m.ke.data = (struct ike_chunk){ pub, pub_len };
	ike_msg_add(&m, IKEV2_PL_KE);
	zs_ike_send_response(ike, &m, true);
	OPENSSL_cleanse(nonce, sizeof(nonce));
	if (crossed) {
		/* 2.25.2: our answer decides which new IKE SA goes */
		n->state = IKE_S_ESTABLISHED;
		n->rekeyed = true;
		n->last_rx = ike->d->now;
		/* should our answer never come (the peer went silent) */
		n->expire_at = ike->d->now + ZS_OLD_IKE_LINGER_MS;
		ike->rk.collided = true;
		memcpy(ike->rk.coll_spi, n->spi_r, IKE_SPI_LEN);
		ike->d->n_rekey_collisions++;
		log_info("%s: IKE SA rekey collision: the peer rekeys the IKE "
			 "SA ours rekeys too; answered, the nonces decide "
			 "(RFC 7296 2.8.2)", zs_ike_name(ike));
		return;
	}
	move_children(ike, n);
	/* the peer deletes the old SA; if it never does, it goes anyway */
	ike->expire_at = ike->d->now + ZS_OLD_IKE_LINGER_MS;
}
