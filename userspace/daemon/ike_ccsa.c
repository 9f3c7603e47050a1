// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CREATE_CHILD_SA rekeying the child SA (RFC 7296 1.3.3, 2.8), make
 * before break:
 *  - initiator: the new pair goes in whole when the answer arrives (the
 *    responder already receives on it), the kernel sends on the newest SA
 *    of the reqid, then the old pair is deleted and removed after a grace
 *    period;
 *  - responder: the new inbound SA goes in at once, the outbound one when
 *    the initiator deletes the old pair (or ZS_OUT_WAIT_MS later).
 * Both sides rekeying the pair at once (2.25.1, 2.8.1): the peer's
 * request is answered as usual, its pair's inbound SA goes in (`coll`)
 * and the lower nonce of its exchange is noted.  When our answer comes,
 * the new pair made with the lowest of the four nonces is redundant:
 *  - ours: never installed; we delete it (the peer holds its inbound
 *    half), and the peer's pair goes on as a plain responder's rekey,
 *    switched to when the peer deletes the old pair;
 *  - the peer's: ours goes in and is switched to as usual, the old pair
 *    is deleted, and the peer deletes its pair (removed here after
 *    ZS_REDUNDANT_WAIT_MS if it does not).
 * Only the survivor's outbound SA is ever installed, so the newest SA of
 * the reqid is always one the peer receives on.  The other orders: the
 * peer's delete of its redundant pair before our answer makes ours a
 * plain rekey; its delete of the old pair before our answer means it
 * chose its pair (we switch to it, ours is redundant); our answer before
 * the peer's request completes ours, and the request, for a pair we are
 * closing now, gets TEMPORARY_FAILURE (2.25.1), which tells the peer to
 * let ours go on.  TEMPORARY_FAILURE also answers a rekey while one of
 * the peer's is still under way and while our IKE SA rekey is out
 * (2.25.2).  Requests with an IKE proposal are the IKE SA rekey, in
 * ike_rekey.c.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "buf.h"
#include "ike_sa.h"
#include "log.h"

void zs_rekey_clear(struct zs_rekey *rk)
{
	ike_dh_free(rk->dh);
	OPENSSL_cleanse(rk, sizeof(*rk));
}

int zs_nonce_cmp(const uint8_t *a, size_t a_len, const uint8_t *b,
		 size_t b_len)
{
	int r = memcmp(a, b, a_len < b_len ? a_len : b_len);

	return r ? r : (a_len > b_len) - (a_len < b_len);
}

const struct ike_chunk *zs_nonce_low(const struct ike_chunk *ni,
				     const struct ike_chunk *nr)
{
	return zs_nonce_cmp(ni->ptr, ni->len, nr->ptr, nr->len) <= 0 ? ni : nr;
}

static void add_notify(struct ike_msg *m, uint16_t type, const uint8_t *data,
		       size_t len)
{
	struct ike_notify *n = &m->notify[m->n_notify++];

	n->type = type;
	n->data = (struct ike_chunk){ data, len };
	ike_msg_add(m, IKEV2_PL_NOTIFY);
}

/* The PFS group of an ESP choice, 0 for none. */
static uint16_t pfs_group(const struct ike_choice *c)
{
	return (c->types & (1u << IKEV2_XF_DH)) ? c->id[IKEV2_XF_DH] : 0;
}

/*
 * Our ESP choices for a child rekey.  Without pfs, as configured (the
 * configuration refuses key exchanges in esp_proposals).  With pfs, each
 * with a key exchange (2.17): only `group` when given (we initiate and
 * send that KE), else the IKE SA's group first, then the others we know.
 */
static size_t rekey_choices(const struct zs_ike *ike, uint16_t group,
			    struct ike_choice *out)
{
	const struct zs_tunnel_conf *t = ike->tun;
	const uint16_t known[] = {
		group ? group : ike->ike_sel.choice.id[IKEV2_XF_DH],
		IKEV2_DH_CURVE25519, IKEV2_DH_ECP_256,
	};
	size_t n = 0;

	if (!t->pfs) {
		memcpy(out, t->esp, t->n_esp * sizeof(*out));
		return t->n_esp;
	}
	for (size_t g = 0; g < (group ? 1 : sizeof(known) / sizeof(known[0])); g++) {
		if (g && known[g] == known[0])
			continue;
		for (size_t i = 0; i < t->n_esp; i++) {
			out[n] = t->esp[i];
			ike_choice_set(&out[n++], IKEV2_XF_DH, known[g]);
		}
	}
	return n;
}

/* A random delay of 1 to 2 times base, so that two peers that collided
 * do not collide again. */
uint64_t zs_jitter(uint64_t base)
{
	uint32_t r = 0;

	RAND_bytes((uint8_t *)&r, sizeof(r));
	return base + (base ? r % base : 0);
}

void zs_task_child_rekey_start(struct zs_ike *ike)
{
	const struct zs_tunnel_conf *t = ike->tun;
	struct ike_choice ours[ZS_REKEY_CHOICES];
	size_t n_ours;
	struct zs_child *c = &ike->child;
	uint8_t spi[IKE_CHILD_SPI_LEN], pub[IKE_DH_PUB_MAX];
	struct zs_rekey *rk = &ike->rk;
	struct ike_notify *rn;
	size_t pub_len = 0;
	struct ike_msg m;

	if (!zs_child_live(c) || zs_child_live(&ike->pend) ||
	    zs_child_live(&ike->coll) || !c->sa_out)
		return;
	zs_rekey_clear(rk);
	/* the new pair is made when the answer comes, and only if it is
	 * not the redundant one of a collision */
	rk->spi_in = zs_child_new_spi();
	rk->old_spi = c->spi_in;
	if (RAND_bytes(rk->nonce, sizeof(rk->nonce)) != 1)
		return;
	/* PFS: a key exchange in the IKE SA's group */
	rk->group = t->pfs ? ike->ike_sel.choice.id[IKEV2_XF_DH] : 0;
	if (rk->group) {
		rk->dh = ike_dh_new(rk->group);
		if (!rk->dh || ike_dh_public(rk->dh, pub, sizeof(pub), &pub_len))
			return;
	}
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_CREATE_CHILD_SA, false, ike->msgid_next++);
	add_notify(&m, IKEV2_N_REKEY_SA, NULL, 0);
	rn = &m.notify[0];
	rn->proto = IKEV2_PROTO_ESP;
	rn->spi_size = IKE_CHILD_SPI_LEN;
	put_be32(rn->spi, c->spi_in);
	put_be32(spi, rk->spi_in);
	n_ours = rekey_choices(ike, rk->group, ours);
	if (ike_proposal_offer(ours, n_ours, spi, sizeof(spi), &m.sa))
		return;
	ike_msg_add(&m, IKEV2_PL_SA);
	m.nonce = (struct ike_chunk){ rk->nonce, sizeof(rk->nonce) };
	ike_msg_add(&m, IKEV2_PL_NONCE);
	if (rk->dh) {
		m.ke.group = rk->group;
		m.ke.data = (struct ike_chunk){ pub, pub_len };
		ike_msg_add(&m, IKEV2_PL_KE);
	}
	zs_child_ts(&c->ts_local, &m.tsi);
	ike_msg_add(&m, IKEV2_PL_TSI);
	zs_child_ts(&c->ts_remote, &m.tsr);
	ike_msg_add(&m, IKEV2_PL_TSR);
	log_info("%s: rekeying the child SA %08x/%08x%s", zs_ike_name(ike),
		 c->spi_in, c->spi_out, rk->dh ? " (PFS)" : "");
	c->rekey_at = 0;
	zs_ike_send_request(ike, &m, true);
}

/* g^ir of a rekey with PFS: 0, or the notify that refuses it. */
static uint16_t pfs_shared(struct ike_dh *dh, uint16_t group,
			   const struct ike_msg *m, uint8_t *gir, size_t *len)
{
	if (!group)
		return 0;
	if (!zs_msg_has(m, IKEV2_PL_KE) || m->ke.group != group)
		return IKEV2_N_INVALID_KE_PAYLOAD;
	if (!dh || ike_dh_shared(dh, m->ke.data.ptr, m->ke.data.len, gir,
				 IKE_DH_SECRET_MAX, len))
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	return 0;
}

static void process_failed(struct zs_ike *ike, uint16_t err)
{
	struct zs_child *c = &ike->child;
	uint64_t again = err == IKEV2_N_TEMPORARY_FAILURE
		? zs_jitter(ZS_REKEY_RETRY_MS) : zs_jitter(30000);

	if (zs_child_live(c) && c->spi_in != ike->rk.old_spi) {
		/* the peer's rekey replaced the pair meanwhile: done */
		log_info("%s: child SA rekey refused (notify %u), the peer's "
			 "rekey replaced the pair already", zs_ike_name(ike), err);
		return;
	}
	if (zs_child_live(&ike->coll)) {
		/* 2.25.1: the peer's rekey of the same pair went through;
		 * its pair goes on (TEMPORARY_FAILURE means that the peer
		 * finished its rekey first and deletes the old pair) */
		log_info("%s: child SA rekey refused (notify %u): the peer's "
			 "rekey of the same pair goes on", zs_ike_name(ike), err);
		zs_child_coll_wins(ike);
	} else {
		log_warn("%s: child SA rekey refused (notify %u), again in "
			 "%llu ms", zs_ike_name(ike), err,
			 (unsigned long long)again);
	}
	/* should the peer's pair not come, the one in use is rekeyed again */
	if (zs_child_live(c))
		c->rekey_at = ike->d->now + again;
}

/*
 * A collision (2.8.1): both rekeys of the pair completed.  The new pair
 * made with the lowest of the four nonces is redundant; its maker
 * deletes it, and the maker of the other deletes the old pair.  Is ours
 * the redundant one?  So too when the peer already replaced the pair
 * (its delete of the old pair came before our answer: it chose).
 */
static bool ours_redundant(struct zs_ike *ike, const struct ike_chunk *nr,
			   const char **why)
{
	const struct zs_rekey *rk = &ike->rk;
	struct ike_chunk ni = { rk->nonce, sizeof(rk->nonce) };
	const struct ike_chunk *low = zs_nonce_low(&ni, nr);

	if (ike->child.spi_in != rk->old_spi) {
		*why = "the peer's rekey replaced the pair already";
		return true;
	}
	if (zs_child_live(&ike->pend)) {
		*why = "the peer rekeyed the pair before our request came";
		return true;
	}
	if (!rk->collided || !zs_child_live(&ike->coll))
		return false;
	*why = "ours has the lowest nonce";
	return zs_nonce_cmp(low->ptr, low->len, rk->peer_low,
			    rk->peer_low_len) < 0;
}

/* Ours lost: never installed, the peer is told to delete its half. */
static void drop_ours(struct zs_ike *ike, const char *why)
{
	log_info("%s: child SA rekey collision: our new pair (SPI in %08x) "
		 "is redundant, %s: deleting it (RFC 7296 2.8.1)",
		 zs_ike_name(ike), ike->rk.spi_in, why);
	ike->redundant_spi = ike->rk.spi_in;
	ike->tasks |= ZS_TASK_REDUNDANT_DELETE;
	zs_child_coll_wins(ike);
}

/* Our rekey answered: the new pair in, traffic switched, old deleted. */
static void child_rekey_process(struct zs_ike *ike, struct ike_msg *m)
{
	struct ike_choice ours[ZS_REKEY_CHOICES];
	struct zs_child *c = &ike->child, *n = &ike->pend, x;
	struct zs_rekey *rk = &ike->rk;
	size_t n_ours = rekey_choices(ike, rk->group, ours);
	uint8_t gir[IKE_DH_SECRET_MAX];
	size_t gir_len = 0;
	uint16_t err = zs_msg_error(m);
	struct ike_chunk ni = { rk->nonce, sizeof(rk->nonce) };
	struct ike_chunk nr, g;
	const char *why = NULL;

	memset(&x, 0, sizeof(x));
	if (!err && (ike_proposal_check_reply(ours, n_ours, &m->sa, &x.esp) ||
		     x.esp.peer_spi_size != IKE_CHILD_SPI_LEN ||
		     !zs_msg_has(m, IKEV2_PL_NONCE) ||
		     m->nonce.len < IKE_NONCE_MIN ||
		     m->nonce.len > IKE_NONCE_MAX ||
		     pfs_group(&x.esp.choice) != rk->group ||
		     !zs_child_narrow(&c->ts_local, &m->tsi, &x.ts_local) ||
		     !zs_child_narrow(&c->ts_remote, &m->tsr, &x.ts_remote)))
		err = IKEV2_N_NO_PROPOSAL_CHOSEN;
	if (!err)
		err = pfs_shared(rk->dh, rk->group, m, gir, &gir_len);
	if (err || !zs_child_live(c)) {
		OPENSSL_cleanse(gir, sizeof(gir));
		process_failed(ike, err ? err : IKEV2_N_CHILD_SA_NOT_FOUND);
		return;
	}
	nr = (struct ike_chunk){ m->nonce.ptr, m->nonce.len };
	if (ours_redundant(ike, &nr, &why)) {
		OPENSSL_cleanse(gir, sizeof(gir));
		drop_ours(ike, why);
		return;
	}
	x.spi_in = rk->spi_in;
	x.spi_out = get_be32(x.esp.peer_spi);
	x.reqid = c->reqid;
	x.initiator = true;
	*n = x;
	g = (struct ike_chunk){ gir, gir_len };
	if (zs_child_derive(ike, n, rk->group ? &g : NULL, &ni, &nr) ||
	    zs_child_sa_add(ike, n, true) || zs_child_sa_add(ike, n, false)) {
		zs_child_remove(ike, n);
		OPENSSL_cleanse(gir, sizeof(gir));
		/* the peer holds its half: it is told to delete it */
		ike->redundant_spi = rk->spi_in;
		ike->tasks |= ZS_TASK_REDUNDANT_DELETE;
		process_failed(ike, IKEV2_N_NO_PROPOSAL_CHOSEN);
		return;
	}
	OPENSSL_cleanse(gir, sizeof(gir));
	if (zs_child_live(&ike->coll)) {
		/* the peer's pair is the redundant one: the peer deletes it */
		log_info("%s: child SA rekey collision: the peer's new pair "
			 "(SPI in %08x) has the lowest nonce and is redundant: "
			 "ours goes on (RFC 7296 2.8.1)", zs_ike_name(ike),
			 ike->coll.spi_in);
		ike->coll.gone_at = ike->d->now + ZS_REDUNDANT_WAIT_MS;
	}
	zs_child_switch(ike);
	/* 2.8: the initiator of the rekey deletes the old pair */
	ike->old.gone_at = 0;
	ike->tasks |= ZS_TASK_CHILD_DELETE;
}

void zs_task_ccsa_process(struct zs_ike *ike, struct ike_msg *m)
{
	if (ike->rk.ike)
		zs_ike_rekey_process(ike, m);
	else
		child_rekey_process(ike, m);
	zs_rekey_clear(&ike->rk);
}

static void refuse(struct zs_ike *ike, const struct ike_msg *req, uint16_t n,
		   uint16_t group)
{
	uint8_t g[2];
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_CREATE_CHILD_SA, true, req->hdr.msgid);
	add_notify(&m, n, NULL, 0);
	if (n == IKEV2_N_INVALID_KE_PAYLOAD) {
		put_be16(g, group);
		m.notify[0].data = (struct ike_chunk){ g, sizeof(g) };
	}
	log_info("%s: CREATE_CHILD_SA refused: notify %u", zs_ike_name(ike), n);
	ike->d->n_temp_failures += n == IKEV2_N_TEMPORARY_FAILURE;
	zs_ike_send_response(ike, &m, true);
}

/* Our own CREATE_CHILD_SA is out. */
static bool rekeying(const struct zs_ike *ike)
{
	return ike->req && ike->req_exchange == IKEV2_EXCH_CREATE_CHILD_SA;
}

/*
 * RFC 7296 2.25: which rekey of the pair c may the peer start now?
 * Answered as usual when c is the pair in use and nothing else changes
 * it, or when our own rekey of c is out (2.25.1: the nonces decide
 * later, the peer's pair goes to `coll`).  TEMPORARY_FAILURE when we are
 * closing c (a rekey replaced it, or a collision made it redundant),
 * when a rekey of the peer's is still under way, and while our rekey of
 * the IKE SA is out (2.25.2).
 */
static uint16_t child_rekey_slot(struct zs_ike *ike, const struct zs_child *c,
				 struct zs_child **slot)
{
	if (!c || c == &ike->pend)
		return IKEV2_N_CHILD_SA_NOT_FOUND;
	if (c != &ike->child || zs_child_live(&ike->pend) ||
	    zs_child_live(&ike->coll))
		return IKEV2_N_TEMPORARY_FAILURE;
	if (!rekeying(ike)) {
		*slot = &ike->pend;
		return 0;
	}
	if (ike->rk.ike || ike->rk.old_spi != c->spi_in)
		return IKEV2_N_TEMPORARY_FAILURE;
	*slot = &ike->coll;
	return 0;
}

/* The peer's rekey of our child: 0 and the new pair's inbound SA in the
 * kernel in *slot, or the notify to refuse with (*group for
 * INVALID_KE_PAYLOAD); *slot is to be removed then if set. */
static uint16_t child_rekey_accept(struct zs_ike *ike, const struct ike_msg *req,
				   uint8_t *nonce, struct zs_child **slot,
				   struct ike_dh **dh, uint16_t *group)
{
	const struct ike_notify *rn = ike_msg_notify(req, IKEV2_N_REKEY_SA);
	struct ike_choice ours[ZS_REKEY_CHOICES];
	size_t n_ours = rekey_choices(ike, 0, ours);
	struct zs_child *c, *n;
	uint8_t gir[IKE_DH_SECRET_MAX];
	size_t gir_len = 0;
	struct ike_chunk ni, nr = { nonce, IKE_NONCE_LEN }, g;
	uint16_t err;

	if (!rn)
		return IKEV2_N_NO_ADDITIONAL_SAS;	/* only rekeys */
	c = rn->proto == IKEV2_PROTO_ESP && rn->spi_size == IKE_CHILD_SPI_LEN
		? zs_child_by_spi(ike, get_be32(rn->spi), true) : NULL;
	err = child_rekey_slot(ike, c, &n);
	if (err)
		return err;
	if (!zs_msg_has(req, IKEV2_PL_SA) || !zs_msg_has(req, IKEV2_PL_NONCE) ||
	    req->nonce.len < IKE_NONCE_MIN || req->nonce.len > IKE_NONCE_MAX)
		return IKEV2_N_INVALID_SYNTAX;
	memset(n, 0, sizeof(*n));
	*slot = n;
	if (ike_proposal_select(ours, n_ours, &req->sa, &n->esp) ||
	    n->esp.peer_spi_size != IKE_CHILD_SPI_LEN)
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	/* TSi is the initiator's side: our remote */
	if (!zs_child_narrow(&c->ts_remote, &req->tsi, &n->ts_remote) ||
	    !zs_child_narrow(&c->ts_local, &req->tsr, &n->ts_local))
		return IKEV2_N_TS_UNACCEPTABLE;
	*group = pfs_group(&n->esp.choice);
	/* a key exchange of its own: rk may hold the one of our request */
	if (*group)
		*dh = ike_dh_new(*group);
	err = pfs_shared(*dh, *group, req, gir, &gir_len);
	if (err)
		return err;
	if (RAND_bytes(nonce, IKE_NONCE_LEN) != 1)
		return IKEV2_N_TEMPORARY_FAILURE;
	n->spi_out = get_be32(n->esp.peer_spi);
	n->spi_in = zs_child_new_spi();
	n->reqid = c->reqid;
	n->initiator = false;
	ni = (struct ike_chunk){ req->nonce.ptr, req->nonce.len };
	g = (struct ike_chunk){ gir, gir_len };
	err = zs_child_derive(ike, n, *group ? &g : NULL, &ni, &nr) ||
	      zs_child_sa_add(ike, n, true) ? IKEV2_N_TEMPORARY_FAILURE : 0;
	OPENSSL_cleanse(gir, sizeof(gir));
	if (err)
		return err;
	/*
	 * The outbound switch waits for the peer's delete of the old pair
	 * (or ZS_OUT_WAIT_MS); in a collision, for our answer to decide.
	 */
	n->gone_at = n == &ike->pend ? ike->d->now + ZS_OUT_WAIT_MS : 0;
	return 0;
}

/* Our answer to the peer's rekey crossed our own: noted for 2.8.1. */
static void note_collision(struct zs_ike *ike, const struct ike_msg *req,
			   const uint8_t *nonce)
{
	struct zs_rekey *rk = &ike->rk;
	struct ike_chunk ni = { req->nonce.ptr, req->nonce.len };
	struct ike_chunk nr = { nonce, IKE_NONCE_LEN };
	const struct ike_chunk *low = zs_nonce_low(&ni, &nr);

	rk->collided = true;
	ike->d->n_rekey_collisions++;
	memcpy(rk->peer_low, low->ptr, low->len);
	rk->peer_low_len = low->len;
	log_info("%s: child SA rekey collision: the peer rekeys the pair ours "
		 "rekeys too; answered, the nonces decide (RFC 7296 2.8.1)",
		 zs_ike_name(ike));
}

static void child_rekey_respond(struct zs_ike *ike, struct ike_msg *req)
{
	uint8_t nonce[IKE_NONCE_LEN], spi[IKE_CHILD_SPI_LEN];
	uint8_t pub[IKE_DH_PUB_MAX];
	size_t pub_len = 0;
	struct zs_child *n = NULL;
	struct ike_dh *dh = NULL;
	uint16_t err, group = 0;
	struct ike_msg m;

	err = child_rekey_accept(ike, req, nonce, &n, &dh, &group);
	if (!err && dh && ike_dh_public(dh, pub, sizeof(pub), &pub_len))
		err = IKEV2_N_TEMPORARY_FAILURE;
	ike_dh_free(dh);
	if (err) {
		refuse(ike, req, err, group);
		if (n)
			zs_child_remove(ike, n);
		return;
	}
	if (n == &ike->coll)
		note_collision(ike, req, nonce);
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_CREATE_CHILD_SA, true, req->hdr.msgid);
	put_be32(spi, n->spi_in);
	ike_proposal_reply(&n->esp, spi, sizeof(spi), &m.sa);
	ike_msg_add(&m, IKEV2_PL_SA);
	m.nonce = (struct ike_chunk){ nonce, sizeof(nonce) };
	ike_msg_add(&m, IKEV2_PL_NONCE);
	if (pub_len) {
		m.ke.group = group;
		m.ke.data = (struct ike_chunk){ pub, pub_len };
		ike_msg_add(&m, IKEV2_PL_KE);
	}
	zs_child_ts(&n->ts_remote, &m.tsi);
	ike_msg_add(&m, IKEV2_PL_TSI);
	zs_child_ts(&n->ts_local, &m.tsr);
	ike_msg_add(&m, IKEV2_PL_TSR);
	log_info("%s: the peer rekeys the child SA%s: new SPIs in %08x out %08x",
		 zs_ike_name(ike), pub_len ? " (PFS)" : "", n->spi_in,
		 n->spi_out);
	zs_ike_send_response(ike, &m, true);
	OPENSSL_cleanse(nonce, sizeof(nonce));
}

static bool ike_proposal_in(const struct ike_msg *m)
{
	return zs_msg_has(m, IKEV2_PL_SA) && m->sa.n_prop &&
	       m->sa.prop[0].proto == IKEV2_PROTO_IKE;
}

void zs_task_ccsa_respond(struct zs_ike *ike, struct ike_msg *m)
{
	if (ike->rekeyed) {
		refuse(ike, m, IKEV2_N_TEMPORARY_FAILURE, 0);
		return;
	}
	if (ike_proposal_in(m))
		zs_ike_rekey_respond(ike, m);
	else
		child_rekey_respond(ike, m);
}
