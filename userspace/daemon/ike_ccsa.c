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
 * A request to rekey a pair we are rekeying ourselves is answered
 * TEMPORARY_FAILURE and retried after a random delay: neither side
 * breaks, one rekey wins (a simplification of 2.8.1's nonce rule).
 * Both requests refused, no redundant pair is ever made, so there is
 * nothing for the nonces to decide; 2.25.1 would rather have both
 * answered and the lowest-nonce pair deleted.  The cost: a collision
 * delays the rekey by 1-2 x ZS_REKEY_RETRY_MS, and repeats only if both
 * random retries fall due at the same moment.
 * Requests with an IKE proposal are the IKE SA rekey, in ike_rekey.c.
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
	struct zs_child *c = &ike->child, *n = &ike->pend;
	uint8_t spi[IKE_CHILD_SPI_LEN], pub[IKE_DH_PUB_MAX];
	struct zs_rekey *rk = &ike->rk;
	struct ike_notify *rn;
	size_t pub_len = 0;
	struct ike_msg m;

	if (!zs_child_live(c) || zs_child_live(n) || !c->sa_out)
		return;
	zs_rekey_clear(rk);
	memset(n, 0, sizeof(*n));
	n->spi_in = zs_child_new_spi();
	n->reqid = c->reqid;
	n->initiator = true;
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
	put_be32(spi, n->spi_in);
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
	if (zs_ike_send_request(ike, &m, true))
		memset(n, 0, sizeof(*n));
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

	memset(&ike->pend, 0, sizeof(ike->pend));
	log_warn("%s: child SA rekey refused (notify %u), again in %llu ms",
		 zs_ike_name(ike), err, (unsigned long long)again);
	if (zs_child_live(c))
		c->rekey_at = ike->d->now + again;
}

/* Our rekey answered: the new pair in, traffic switched, old deleted. */
static void child_rekey_process(struct zs_ike *ike, struct ike_msg *m)
{
	struct ike_choice ours[ZS_REKEY_CHOICES];
	struct zs_child *c = &ike->child, *n = &ike->pend;
	struct zs_rekey *rk = &ike->rk;
	size_t n_ours = rekey_choices(ike, rk->group, ours);
	uint8_t gir[IKE_DH_SECRET_MAX];
	size_t gir_len = 0;
	uint16_t err = zs_msg_error(m);
	struct ike_chunk ni = { rk->nonce, sizeof(rk->nonce) };
	struct ike_chunk nr, g;

	if (!err && (ike_proposal_check_reply(ours, n_ours, &m->sa, &n->esp) ||
		     n->esp.peer_spi_size != IKE_CHILD_SPI_LEN ||
		     !zs_msg_has(m, IKEV2_PL_NONCE) ||
		     m->nonce.len < IKE_NONCE_MIN ||
		     pfs_group(&n->esp.choice) != rk->group ||
		     !zs_child_narrow(&c->ts_local, &m->tsi, &n->ts_local) ||
		     !zs_child_narrow(&c->ts_remote, &m->tsr, &n->ts_remote)))
		err = IKEV2_N_NO_PROPOSAL_CHOSEN;
	if (!err)
		err = pfs_shared(rk->dh, rk->group, m, gir, &gir_len);
	if (err || !zs_child_live(c)) {
		process_failed(ike, err ? err : IKEV2_N_CHILD_SA_NOT_FOUND);
		return;
	}
	n->spi_out = get_be32(n->esp.peer_spi);
	nr = (struct ike_chunk){ m->nonce.ptr, m->nonce.len };
	g = (struct ike_chunk){ gir, gir_len };
	if (zs_child_derive(ike, n, rk->group ? &g : NULL, &ni, &nr) ||
	    zs_child_sa_add(ike, n, true) || zs_child_sa_add(ike, n, false)) {
		zs_child_remove(ike, n);
		OPENSSL_cleanse(gir, sizeof(gir));
		process_failed(ike, IKEV2_N_NO_PROPOSAL_CHOSEN);
		return;
	}
	OPENSSL_cleanse(gir, sizeof(gir));
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

static void refuse(struct zs_ike *ike, const struct ike_msg *req, uint16_t n)
{
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_CREATE_CHILD_SA, true, req->hdr.msgid);
	add_notify(&m, n, NULL, 0);
	if (n == IKEV2_N_INVALID_KE_PAYLOAD) {
		static uint8_t g[2];

		put_be16(g, pfs_group(&ike->pend.esp.choice));
		m.notify[0].data = (struct ike_chunk){ g, sizeof(g) };
	}
	log_info("%s: CREATE_CHILD_SA refused: notify %u", zs_ike_name(ike), n);
	zs_ike_send_response(ike, &m, true);
}

/* Our own CREATE_CHILD_SA is out. */
static bool rekeying(const struct zs_ike *ike)
{
	return ike->req && ike->req_exchange == IKEV2_EXCH_CREATE_CHILD_SA;
}

/* The peer's rekey of our child: 0 and the new pair's inbound SA in the
 * kernel, or the notify to refuse with. */
static uint16_t child_rekey_accept(struct zs_ike *ike, const struct ike_msg *req,
				   uint8_t *nonce)
{
	const struct ike_notify *rn = ike_msg_notify(req, IKEV2_N_REKEY_SA);
	struct ike_choice ours[ZS_REKEY_CHOICES];
	size_t n_ours = rekey_choices(ike, 0, ours);
	struct zs_child *c, *n = &ike->pend;
	uint8_t gir[IKE_DH_SECRET_MAX];
	size_t gir_len = 0;
	struct ike_chunk ni, nr = { nonce, IKE_NONCE_LEN }, g;
	uint16_t err, group;

	if (!rn)
		return IKEV2_N_NO_ADDITIONAL_SAS;	/* only rekeys */
	c = rn->proto == IKEV2_PROTO_ESP && rn->spi_size == IKE_CHILD_SPI_LEN
		? zs_child_by_spi(ike, get_be32(rn->spi), true) : NULL;
	if (!c || c == &ike->pend)
		return IKEV2_N_CHILD_SA_NOT_FOUND;
	if (c != &ike->child || zs_child_live(n) || rekeying(ike))
		return IKEV2_N_TEMPORARY_FAILURE;	/* 2.25 */
	if (!zs_msg_has(req, IKEV2_PL_SA) || !zs_msg_has(req, IKEV2_PL_NONCE) ||
	    req->nonce.len < IKE_NONCE_MIN || req->nonce.len > IKE_NONCE_MAX)
		return IKEV2_N_INVALID_SYNTAX;
	memset(n, 0, sizeof(*n));
	if (ike_proposal_select(ours, n_ours, &req->sa, &n->esp) ||
	    n->esp.peer_spi_size != IKE_CHILD_SPI_LEN)
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	/* TSi is the initiator's side: our remote */
	if (!zs_child_narrow(&c->ts_remote, &req->tsi, &n->ts_remote) ||
	    !zs_child_narrow(&c->ts_local, &req->tsr, &n->ts_local))
		return IKEV2_N_TS_UNACCEPTABLE;
	group = pfs_group(&n->esp.choice);
	if (group) {
		ike_dh_free(ike->rk.dh);
		ike->rk.dh = ike_dh_new(group);
		ike->rk.group = group;
	}
	err = pfs_shared(ike->rk.dh, group, req, gir, &gir_len);
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
	err = zs_child_derive(ike, n, group ? &g : NULL, &ni, &nr) ||
	      zs_child_sa_add(ike, n, true) ? IKEV2_N_TEMPORARY_FAILURE : 0;
	OPENSSL_cleanse(gir, sizeof(gir));
	if (err)
		return err;
	/* the outbound switch waits for the peer's delete of the old pair */
	n->gone_at = ike->d->now + ZS_OUT_WAIT_MS;
	return 0;
}

static void child_rekey_respond(struct zs_ike *ike, struct ike_msg *req)
{
	uint8_t nonce[IKE_NONCE_LEN], spi[IKE_CHILD_SPI_LEN];
	uint8_t pub[IKE_DH_PUB_MAX];
	size_t pub_len = 0;
	struct zs_child *n = &ike->pend;
	struct ike_msg m;
	uint16_t err;
	bool was_live = zs_child_live(n);

	err = child_rekey_accept(ike, req, nonce);
	if (!err && ike->rk.dh &&
	    ike_dh_public(ike->rk.dh, pub, sizeof(pub), &pub_len))
		err = IKEV2_N_TEMPORARY_FAILURE;
	if (err) {
		refuse(ike, req, err);
		if (!was_live && zs_child_live(n))
			zs_child_remove(ike, n);
		else if (!was_live)
			memset(n, 0, sizeof(*n));
		if (!rekeying(ike))
			zs_rekey_clear(&ike->rk);
		return;
	}
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_CREATE_CHILD_SA, true, req->hdr.msgid);
	put_be32(spi, n->spi_in);
	ike_proposal_reply(&n->esp, spi, sizeof(spi), &m.sa);
	ike_msg_add(&m, IKEV2_PL_SA);
	m.nonce = (struct ike_chunk){ nonce, sizeof(nonce) };
	ike_msg_add(&m, IKEV2_PL_NONCE);
	if (pub_len) {
		m.ke.group = ike->rk.group;
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
	zs_rekey_clear(&ike->rk);
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
		refuse(ike, m, IKEV2_N_TEMPORARY_FAILURE);
		return;
	}
	if (ike_proposal_in(m))
		zs_ike_rekey_respond(ike, m);
	else
		child_rekey_respond(ike, m);
}
