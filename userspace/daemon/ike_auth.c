// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IKE_AUTH exchange (RFC 7296 1.2, 2.15): identities and AUTH under
 * SK, and the first child SA.  Nothing is installed before the peer's
 * AUTH has verified.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "buf.h"
#include "ike_sa.h"
#include "log.h"

static void auth_input(struct zs_ike *ike, bool ours, const uint8_t *id_body,
		       size_t id_len, struct ike_auth_input *in)
{
	/* the signer's own IKE_SA_INIT message and the other's nonce */
	bool signer_is_i = ours == ike->initiator;

	in->message = signer_is_i
		? (struct ike_chunk){ ike->init_req, ike->init_req_len }
		: (struct ike_chunk){ ike->init_resp, ike->init_resp_len };
	in->peer_nonce = signer_is_i
		? (struct ike_chunk){ ike->nr, ike->nr_len }
		: (struct ike_chunk){ ike->ni, ike->ni_len };
	in->sk_p = signer_is_i ? ike->keys.sk_pi : ike->keys.sk_pr;
	in->id_body = (struct ike_chunk){ id_body, id_len };
}

enum ike_err zs_auth_make(struct zs_ike *ike, uint8_t *id_body, size_t *id_len,
			  struct ike_msg *m, uint8_t *auth_buf, size_t cap)
{
	const struct zs_conf *c = ike->d->conf;
	const struct zs_tunnel_conf *t = ike->tun;
	struct ike_chunk data = { c->id.data, c->id.len };
	struct ike_id *id = ike->initiator ? &m->idi : &m->idr;
	struct ike_auth_input in;
	enum ike_err err;
	size_t len;

	id->type = c->id.type;
	id->data = data;
	err = ike_auth_id_body(c->id.type, &data, id_body, IKE_ID_MAX + 4,
			       id_len);
	if (err)
		return err;
	auth_input(ike, true, id_body, *id_len, &in);
	if (t->auth == ZS_AUTH_PSK) {
		if (cap < IKE_PRF_LEN)
			return IKE_ERR_NOSPACE;
		err = ike_auth_psk(t->psk, t->psk_len, &in, auth_buf);
		m->auth.method = IKEV2_AUTH_PSK;
		len = IKE_PRF_LEN;
	} else {
		err = ike_auth_ed25519_sign(c->priv, &in, auth_buf, cap, &len);
		m->auth.method = IKEV2_AUTH_DIGITAL_SIG;
	}
	m->auth.data = (struct ike_chunk){ auth_buf, len };
	return err;
}

static bool id_matches(const struct zs_id *want, const struct ike_id *got)
{
	return want->type == got->type && want->len == got->data.len &&
	       !memcmp(want->data, got->data.ptr, want->len);
}

enum ike_err zs_auth_check(struct zs_ike *ike, const struct ike_msg *m,
			   const struct ike_id *peer_id)
{
	const struct zs_tunnel_conf *t = ike->tun;
	struct ike_auth_input in;
	enum ike_err err;
	EVP_PKEY *pub;

	if (!id_matches(&t->peer_id, peer_id)) {
		log_warn("%s: the peer's identity is not the configured peer_id",
			 t->name);
		return IKE_ERR_AUTH;
	}
	auth_input(ike, false, peer_id->body.ptr, peer_id->body.len, &in);
	if (t->auth == ZS_AUTH_PSK) {
		if (m->auth.method != IKEV2_AUTH_PSK)
			return IKE_ERR_AUTH;
		return ike_auth_psk_verify(t->psk, t->psk_len, &in, &m->auth.data);
	}
	if (m->auth.method != IKEV2_AUTH_DIGITAL_SIG)
		return IKE_ERR_AUTH;
	pub = ike_ed25519_public(t->peer_key);
	if (!pub)
		return IKE_ERR_CRYPTO;
	err = ike_auth_ed25519_verify(pub, &in, &m->auth.data);
	EVP_PKEY_free(pub);
	return err;
}

static void put_child_sa(struct zs_ike *ike, struct ike_msg *m, bool reply)
{
	uint8_t spi[IKE_CHILD_SPI_LEN];

	put_be32(spi, ike->child.spi_in);
	if (reply)
		ike_proposal_reply(&ike->child.esp, spi, sizeof(spi), &m->sa);
	else
		ike_proposal_offer(ike->tun->esp, ike->tun->n_esp, spi,
				   sizeof(spi), &m->sa);
	ike_msg_add(m, IKEV2_PL_SA);
}

void zs_task_auth_start(struct zs_ike *ike)
{
	const struct zs_tunnel_conf *t = ike->tun;
	uint8_t id_body[IKE_ID_MAX + 4], auth[IKE_AUTH_MAX];
	size_t id_len;
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_IKE_AUTH, false, ike->msgid_next++);
	if (zs_auth_make(ike, id_body, &id_len, &m, auth, sizeof(auth))) {
		zs_ike_dead(ike, "cannot compute our AUTH");
		return;
	}
	ike_msg_add(&m, IKEV2_PL_IDI);
	m.idr.type = t->peer_id.type;
	m.idr.data = (struct ike_chunk){ t->peer_id.data, t->peer_id.len };
	ike_msg_add(&m, IKEV2_PL_IDR);
	ike_msg_add(&m, IKEV2_PL_AUTH);
	ike->child.spi_in = zs_child_new_spi();
	ike->child.reqid = zsd_reqid(ike->d, t);
	put_child_sa(ike, &m, false);
	zs_child_ts(&t->local_ts, &m.tsi);
	ike_msg_add(&m, IKEV2_PL_TSI);
	zs_child_ts(&t->remote_ts, &m.tsr);
	ike_msg_add(&m, IKEV2_PL_TSR);
	if (zs_ike_send_request(ike, &m, true))
		zs_ike_dead(ike, "cannot send IKE_AUTH");
	else
		ike->state = IKE_S_AUTH_SENT;
	OPENSSL_cleanse(auth, sizeof(auth));
}

/*
 * A newly authenticated IKE SA for a tunnel replaces any older one: the
 * peer restarted (INITIAL_CONTACT) or both ends initiated; either way the
 * older child SA would collide with the new one in the kernel.
 */
static void replace_older(struct zs_ike *ike)
{
	for (struct zs_ike *o = ike->d->sas; o; o = o->next)
		if (o != ike && o->tun == ike->tun && o->state != IKE_S_DEAD &&
		    /* a half-open responder's tunnel is a guess while its peer
		     * has several: the selectors of its IKE_AUTH decide */
		    !(o->state == IKE_S_INIT_DONE &&
		      zsd_tunnel_shared(o->d, o->tun)))
			zs_ike_dead(o, "replaced by a new IKE SA");
}

static void established(struct zs_ike *ike)
{
	char a[ZSD_ADDR_STRLEN];

	replace_older(ike);

	ike->state = IKE_S_ESTABLISHED;
	ike->expire_at = 0;
	zs_ike_plan(ike);
	ike->d->n_established++;
	log_info("%s: IKE SA with %s established (%s)", zs_ike_name(ike),
		 zsd_addr_str(&ike->remote, a),
		 ike->tun->auth == ZS_AUTH_PSK ? "psk" : "ed25519");
}

/* Child SA from the responder's answer. */
static void child_from_reply(struct zs_ike *ike, const struct ike_msg *m)
{
	const struct zs_tunnel_conf *t = ike->tun;
	struct zs_child *c = &ike->child;
	uint16_t err = zs_msg_error(m);

	if (err) {
		log_warn("%s: no child SA: the peer answered notify %u",
			 t->name, err);
		return;
	}
	if (ike_proposal_check_reply(t->esp, t->n_esp, &m->sa, &c->esp) ||
	    c->esp.peer_spi_size != IKE_CHILD_SPI_LEN ||
	    !zs_child_narrow(&t->local_ts, &m->tsi, &c->ts_local) ||
	    !zs_child_narrow(&t->remote_ts, &m->tsr, &c->ts_remote)) {
		log_warn("%s: no child SA: the answer is not what we offered",
			 t->name);
		return;
	}
	c->spi_out = get_be32(c->esp.peer_spi);
	zs_child_install(ike);
}

void zs_task_auth_process(struct zs_ike *ike, struct ike_msg *m)
{
	uint16_t err = zs_msg_error(m);

	if (err == IKEV2_N_AUTHENTICATION_FAILED ||
	    !zs_msg_has(m, IKEV2_PL_AUTH) || !zs_msg_has(m, IKEV2_PL_IDR)) {
		ike->error = err ? err : IKEV2_N_AUTHENTICATION_FAILED;
		log_err("%s: the peer refused IKE_AUTH (notify %u%s)",
			zs_ike_name(ike), ike->error,
			ike->error == IKEV2_N_AUTHENTICATION_FAILED
				? ", AUTHENTICATION_FAILED: wrong psk or key?" : "");
		ike->d->n_auth_failed++;
		zs_ike_dead(ike, "authentication failed");
		return;
	}
	if (zs_auth_check(ike, m, &m->idr)) {
		log_err("%s: the responder's AUTH does not verify (wrong psk "
			"or pinned key?)", zs_ike_name(ike));
		ike->error = IKEV2_N_AUTHENTICATION_FAILED;
		ike->d->n_auth_failed++;
		zs_ike_dead(ike, "authentication failed");
		return;
	}
	established(ike);
	child_from_reply(ike, m);
}

/* Our answer for the child: 0, or the error notify to send. */
static uint16_t child_from_request(struct zs_ike *ike, const struct ike_msg *m)
{
	const struct zs_tunnel_conf *t =
		ike->tun = zsd_tunnel_for_ts(ike->d, ike->tun, &m->tsi, &m->tsr);
	struct zs_child *c = &ike->child;

	if (ike_proposal_select(t->esp, t->n_esp, &m->sa, &c->esp) ||
	    c->esp.peer_spi_size != IKE_CHILD_SPI_LEN)
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	/* TSi is the initiator's side: our remote */
	if (!zs_child_narrow(&t->remote_ts, &m->tsi, &c->ts_remote) ||
	    !zs_child_narrow(&t->local_ts, &m->tsr, &c->ts_local))
		return IKEV2_N_TS_UNACCEPTABLE;
	c->spi_out = get_be32(c->esp.peer_spi);
	c->spi_in = zs_child_new_spi();
	c->reqid = zsd_reqid(ike->d, t);
	return 0;
}

static void refuse(struct zs_ike *ike, const struct ike_msg *req, uint16_t n)
{
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_IKE_AUTH, true, req->hdr.msgid);
	m.notify[0].type = n;
	m.n_notify = 1;
	ike_msg_add(&m, IKEV2_PL_NOTIFY);
	zs_ike_send_response(ike, &m, true);
}

void zs_task_auth_respond(struct zs_ike *ike, struct ike_msg *req)
{
	uint8_t id_body[IKE_ID_MAX + 4], auth[IKE_AUTH_MAX];
	size_t id_len;
	uint16_t child_err;
	struct ike_msg m;

	if (!zs_msg_has(req, IKEV2_PL_IDI) || !zs_msg_has(req, IKEV2_PL_AUTH)) {
		refuse(ike, req, IKEV2_N_INVALID_SYNTAX);
		zs_ike_dead(ike, "IKE_AUTH without IDi or AUTH");
		return;
	}
	if (zs_auth_check(ike, req, &req->idi)) {
		log_err("%s: the initiator's AUTH does not verify (wrong psk "
			"or pinned key?): answering AUTHENTICATION_FAILED",
			zs_ike_name(ike));
		refuse(ike, req, IKEV2_N_AUTHENTICATION_FAILED);
		ike->error = IKEV2_N_AUTHENTICATION_FAILED;
		ike->d->n_auth_failed++;
		zs_ike_dead(ike, "authentication failed");
		return;
	}
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_IKE_AUTH, true, req->hdr.msgid);
	if (zs_auth_make(ike, id_body, &id_len, &m, auth, sizeof(auth))) {
		zs_ike_dead(ike, "cannot compute our AUTH");
		return;
	}
	ike_msg_add(&m, IKEV2_PL_IDR);
	ike_msg_add(&m, IKEV2_PL_AUTH);
	child_err = zs_msg_has(req, IKEV2_PL_SA) ? child_from_request(ike, req)
						  : IKEV2_N_NO_PROPOSAL_CHOSEN;
	if (child_err) {
		log_warn("%s: no child SA: answering notify %u", zs_ike_name(ike),
			 child_err);
		m.notify[0].type = child_err;
		m.n_notify = 1;
		ike_msg_add(&m, IKEV2_PL_NOTIFY);
	} else {
		put_child_sa(ike, &m, true);
		zs_child_ts(&ike->child.ts_remote, &m.tsi);
		ike_msg_add(&m, IKEV2_PL_TSI);
		zs_child_ts(&ike->child.ts_local, &m.tsr);
		ike_msg_add(&m, IKEV2_PL_TSR);
	}
	if (zs_ike_send_response(ike, &m, true)) {
		zs_ike_dead(ike, "cannot answer IKE_AUTH");
	} else {
		established(ike);
		if (!child_err)
			zs_child_install(ike);
	}
	OPENSSL_cleanse(auth, sizeof(auth));
}
