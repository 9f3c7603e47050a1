// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IKE_SA_INIT exchange (RFC 7296 1.2): proposals, key exchange and
 * nonces in clear; both sides derive the IKE SA's keys from it.  The
 * initiator follows COOKIE and INVALID_KE_PAYLOAD answers (2.6, 1.2).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ike_sa.h"
#include "log.h"

/* RFC 7427 4 / RFC 8420: we sign and verify Ed25519 only ("identity"). */
static const uint8_t sig_hash_algs[] = { 0, IKEV2_HASH_IDENTITY };

enum { INIT_RESTARTS_MAX = 3 };

uint16_t zs_msg_error(const struct ike_msg *m)
{
	for (unsigned int i = 0; i < m->n_notify; i++)
		if (m->notify[i].type > 0 &&
		    m->notify[i].type <= IKEV2_N_ERROR_MAX)
			return m->notify[i].type;
	return 0;
}

static uint8_t *dup(const uint8_t *p, size_t len)
{
	uint8_t *c = malloc(len);

	if (c)
		memcpy(c, p, len);
	return c;
}

static void add_notify(struct ike_msg *m, uint16_t type, const uint8_t *data,
		       size_t len)
{
	struct ike_notify *n = &m->notify[m->n_notify++];

	n->type = type;
	n->data = (struct ike_chunk){ data, len };
	ike_msg_add(m, IKEV2_PL_NOTIFY);
}

int zs_task_init_start(struct zs_ike *ike)
{
	const struct zs_tunnel_conf *t = ike->tun;
	uint8_t pub[IKE_DH_PUB_MAX];
	size_t pub_len;
	struct ike_msg m;

	if (!ike->dh_group)
		ike->dh_group = t->ike[0].id[IKEV2_XF_DH];
	/* a COOKIE restart sends the same KE (2.6): a responder that kept
	 * the half-open SA of an earlier copy answers with its keys */
	if (!ike->dh)
		ike->dh = ike_dh_new(ike->dh_group);
	if (!ike->dh || ike_dh_public(ike->dh, pub, sizeof(pub), &pub_len))
		return -1;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_IKE_SA_INIT, false, 0);
	if (ike->cookie_len)
		add_notify(&m, IKEV2_N_COOKIE, ike->cookie, ike->cookie_len);
	if (ike_proposal_offer(t->ike, t->n_ike, NULL, 0, &m.sa))
		return -1;
	ike_msg_add(&m, IKEV2_PL_SA);
	m.ke.group = ike->dh_group;
	m.ke.data = (struct ike_chunk){ pub, pub_len };
	ike_msg_add(&m, IKEV2_PL_KE);
	m.nonce = (struct ike_chunk){ ike->ni, ike->ni_len };
	ike_msg_add(&m, IKEV2_PL_NONCE);
	add_notify(&m, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, sig_hash_algs,
		   sizeof(sig_hash_algs));
	if (zs_ike_send_request(ike, &m, false))
		return -1;
	free(ike->init_req);
	ike->init_req = dup(ike->req, ike->req_len);
	ike->init_req_len = ike->req_len;
	ike->state = IKE_S_INIT_SENT;
	ike->msgid_next = 1;
	return ike->init_req ? 0 : -1;
}

/* COOKIE or INVALID_KE_PAYLOAD: true when we sent a new request. */
static bool restart(struct zs_ike *ike, const struct ike_msg *m)
{
	const struct ike_notify *n;

	n = ike_msg_notify(m, IKEV2_N_COOKIE);
	/* the same COOKIE again answers a retransmission of the request
	 * that asked for it: the one that carries it is out already */
	if (n && n->data.len == ike->cookie_len &&
	    !memcmp(n->data.ptr, ike->cookie, ike->cookie_len))
		return true;
	if (++ike->restarts > INIT_RESTARTS_MAX)
		return false;
	if (n && n->data.len > 0 && n->data.len <= sizeof(ike->cookie)) {
		memcpy(ike->cookie, n->data.ptr, n->data.len);
		ike->cookie_len = n->data.len;
		log_info("%s: responder asks for a cookie", zs_ike_name(ike));
		return zs_task_init_start(ike) == 0;
	}
	n = ike_msg_notify(m, IKEV2_N_INVALID_KE_PAYLOAD);
	if (n && n->data.len == 2) {
		uint16_t g = get_be16(n->data.ptr);

		for (size_t i = 0; i < ike->tun->n_ike; i++)
			if (ike->tun->ike[i].id[IKEV2_XF_DH] == g &&
			    g != ike->dh_group) {
				log_info("%s: responder wants group %u",
					 zs_ike_name(ike), g);
				ike->dh_group = g;
				ike_dh_free(ike->dh);
				ike->dh = NULL;
				return zs_task_init_start(ike) == 0;
			}
	}
	return false;
}

void zs_task_init_process(struct zs_ike *ike, struct ike_msg *m,
			  const uint8_t *raw, size_t len)
{
	uint16_t err = zs_msg_error(m);
	static const uint8_t zero[IKE_SPI_LEN];

	/* COOKIE is a status notify, but an answer all the same */
	if (err || ike_msg_notify(m, IKEV2_N_COOKIE)) {
		if (restart(ike, m))
			return;
		if (!err)
			err = IKEV2_N_COOKIE;
		ike->error = err;
		log_err("%s: IKE_SA_INIT refused by the peer: notify %u%s",
			zs_ike_name(ike), err,
			err == IKEV2_N_NO_PROPOSAL_CHOSEN ? " (NO_PROPOSAL_CHOSEN)" : "");
		zs_ike_dead(ike, "IKE_SA_INIT refused");
		return;
	}
	if (!zs_msg_has(m, IKEV2_PL_SA) || !zs_msg_has(m, IKEV2_PL_KE) ||
	    !zs_msg_has(m, IKEV2_PL_NONCE) ||
	    !memcmp(m->hdr.spi_r, zero, IKE_SPI_LEN) ||
	    m->nonce.len < IKE_NONCE_MIN || m->nonce.len > IKE_NONCE_MAX) {
		zsd_drop(ike->d, IKE_ERR_BAD_PAYLOAD, "IKE_SA_INIT response incomplete");
		return;
	}
	if (ike_proposal_check_reply(ike->tun->ike, ike->tun->n_ike, &m->sa,
				     &ike->ike_sel) ||
	    m->ke.group != ike->dh_group ||
	    ike->ike_sel.choice.id[IKEV2_XF_DH] != ike->dh_group) {
		ike->error = IKEV2_N_NO_PROPOSAL_CHOSEN;
		zs_ike_dead(ike, "responder chose a proposal we did not offer");
		return;
	}
	memcpy(ike->spi_r, m->hdr.spi_r, IKE_SPI_LEN);
	memcpy(ike->nr, m->nonce.ptr, m->nonce.len);
	ike->nr_len = m->nonce.len;
	free(ike->init_resp);
	ike->init_resp = dup(raw, len);
	ike->init_resp_len = len;
	free(ike->req);
	ike->req = NULL;
	if (!ike->init_resp || zs_ike_derive(ike, &m->ke.data)) {
		zs_ike_dead(ike, "key derivation failed");
		return;
	}
	zs_task_auth_start(ike);
}

static void respond(struct zs_ike *ike, const struct ike_msg *req,
		    const uint8_t *raw, size_t len)
{
	uint8_t pub[IKE_DH_PUB_MAX];
	size_t pub_len;
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_IKE_SA_INIT, true, 0);
	if (ike_proposal_reply(&ike->ike_sel, NULL, 0, &m.sa) ||
	    ike_dh_public(ike->dh, pub, sizeof(pub), &pub_len) ||
	    zs_ike_derive(ike, &req->ke.data)) {
		zs_ike_dead(ike, "IKE_SA_INIT: key exchange failed");
		return;
	}
	ike_msg_add(&m, IKEV2_PL_SA);
	m.ke.group = ike->dh_group;
	m.ke.data = (struct ike_chunk){ pub, pub_len };
	ike_msg_add(&m, IKEV2_PL_KE);
	m.nonce = (struct ike_chunk){ ike->nr, ike->nr_len };
	ike_msg_add(&m, IKEV2_PL_NONCE);
	add_notify(&m, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, sig_hash_algs,
		   sizeof(sig_hash_algs));
	if (zs_ike_send_response(ike, &m, false)) {
		zs_ike_dead(ike, "IKE_SA_INIT: cannot answer");
		return;
	}
	ike->init_req = dup(raw, len);
	ike->init_req_len = len;
	ike->init_resp = dup(ike->resp, ike->resp_len);
	ike->init_resp_len = ike->resp_len;
	if (!ike->init_req || !ike->init_resp) {
		zs_ike_dead(ike, "out of memory");
		return;
	}
	ike->state = IKE_S_INIT_DONE;
	ike->msgid_expect = 1;
	ike->expire_at = ike->d->now + IKE_HALF_OPEN_TIMEOUT_MS;
}

/*
 * 2.6: under load, no state before the initiator has shown that it
 * receives at its address: true when we answered with a COOKIE instead.
 */
static bool need_cookie(struct zsd *d, const struct zsd_addr *local,
			const struct zsd_addr *remote, const struct ike_msg *m)
{
	uint8_t cookie[ZS_COOKIE_LEN];
	char a[ZSD_ADDR_STRLEN];

	if (!d->conf->cookie_threshold ||
	    zs_ike_count_half_open(d) < d->conf->cookie_threshold ||
	    zs_cookie_check(&d->cookie, d->now, m, remote))
		return false;
	if (ike_msg_notify(m, IKEV2_N_COOKIE))
		zsd_drop(d, ZS_DROP_HALF_OPEN, "IKE_SA_INIT with a stale COOKIE");
	if (zs_cookie_make(&d->cookie, d->now, m, remote, cookie))
		return true;
	log_info("IKE_SA_INIT from %s: %u half-open SAs, asking for a COOKIE",
		 zsd_addr_str(remote, a), zs_ike_count_half_open(d));
	zs_send_init_error(d, local, remote, m, IKEV2_N_COOKIE, cookie,
			   sizeof(cookie));
	d->n_cookies_sent++;
	return true;
}

void zs_task_init_respond(struct zsd *d, const struct zsd_addr *local,
			  const struct zsd_addr *remote, struct ike_msg *m,
			  const uint8_t *raw, size_t len)
{
	const struct zs_tunnel_conf *t;
	struct ike_selected sel;
	struct zs_ike *ike;
	char a[ZSD_ADDR_STRLEN];

	ike = zs_ike_find_half_open(d, m->hdr.spi_i, remote);
	if (ike) {
		/* a retransmission: the same answer again */
		if (ike->state == IKE_S_INIT_DONE && ike->resp)
			d->io.send(d->io.ctx, local, remote, ike->resp,
				   ike->resp_len);
		return;
	}
	t = zs_conf_tunnel_by_addr(d->conf, remote);
	if (!t) {
		log_warn("IKE_SA_INIT from %s: no tunnel for that address",
			 zsd_addr_str(remote, a));
		zsd_drop(d, ZS_DROP_NO_TUNNEL, "IKE_SA_INIT from an unknown peer");
		return;
	}
	if (zs_ike_count_half_open(d) >= IKE_HALF_OPEN_MAX) {
		zsd_drop(d, ZS_DROP_HALF_OPEN, "half-open IKE SA limit");
		return;
	}
	if (!zs_msg_has(m, IKEV2_PL_SA) || !zs_msg_has(m, IKEV2_PL_KE) ||
	    !zs_msg_has(m, IKEV2_PL_NONCE) ||
	    m->nonce.len < IKE_NONCE_MIN || m->nonce.len > IKE_NONCE_MAX) {
		zsd_drop(d, IKE_ERR_BAD_PAYLOAD, "IKE_SA_INIT request incomplete");
		return;
	}
	if (need_cookie(d, local, remote, m))
		return;
	if (ike_proposal_select(t->ike, t->n_ike, &m->sa, &sel)) {
		log_warn("%s: IKE_SA_INIT from %s: no proposal in common, "
			 "answering NO_PROPOSAL_CHOSEN", t->name,
			 zsd_addr_str(remote, a));
		zs_send_init_error(d, local, remote, m,
				   IKEV2_N_NO_PROPOSAL_CHOSEN, NULL, 0);
		return;
	}
	if (m->ke.group != sel.choice.id[IKEV2_XF_DH]) {
		uint8_t g[2];

		put_be16(g, sel.choice.id[IKEV2_XF_DH]);
		log_info("%s: asking %s for group %u", t->name,
			 zsd_addr_str(remote, a), sel.choice.id[IKEV2_XF_DH]);
		zs_send_init_error(d, local, remote, m,
				   IKEV2_N_INVALID_KE_PAYLOAD, g, sizeof(g));
		return;
	}
	ike = zs_ike_new(d, false, local, remote);
	if (!ike)
		return;
	ike->tun = t;
	ike->ike_sel = sel;
	ike->dh_group = sel.choice.id[IKEV2_XF_DH];
	ike->dh = ike_dh_new(ike->dh_group);
	memcpy(ike->spi_i, m->hdr.spi_i, IKE_SPI_LEN);
	memcpy(ike->ni, m->nonce.ptr, m->nonce.len);
	ike->ni_len = m->nonce.len;
	if (!ike->dh) {
		zs_ike_dead(ike, "no key pair");
		return;
	}
	respond(ike, m, raw, len);
	if (zs_ike_count_half_open(d) > d->half_open_peak)
		d->half_open_peak = zs_ike_count_half_open(d);
}
