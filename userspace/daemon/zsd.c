// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The instance: where datagrams come in and timers fire.  A datagram is
 * parsed, matched to its IKE SA and checked against the window before
 * anything is decrypted; every refusal is counted by its reason.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ike_sa.h"
#include "log.h"
#include "sk.h"

static const char *const drop_names[] = {
	[ZS_DROP_NO_SA - IKE_ERR__MAX] = "no IKE SA",
	[ZS_DROP_MSGID - IKE_ERR__MAX] = "message ID outside the window",
	[ZS_DROP_UNEXPECTED - IKE_ERR__MAX] = "unexpected exchange",
	[ZS_DROP_NO_TUNNEL - IKE_ERR__MAX] = "no tunnel for the peer",
	[ZS_DROP_HALF_OPEN - IKE_ERR__MAX] = "half-open limit",
};

const char *zs_drop_name(unsigned int reason)
{
	if (reason < IKE_ERR__MAX)
		return ike_strerror((enum ike_err)reason);
	if (reason < ZS_DROP__MAX)
		return drop_names[reason - IKE_ERR__MAX];
	return "?";
}

void zsd_drop(struct zsd *d, unsigned int reason, const char *what)
{
	if (reason >= ZS_DROP__MAX)
		reason = IKE_ERR_INVALID;
	d->drops[reason]++;
	log_debug("dropped a message: %s (%s)", zs_drop_name(reason), what);
}

void zsd_init(struct zsd *d, const struct zs_conf *conf,
	      const struct kernel_ops *kops, void *kctx,
	      const struct zs_transport *io, uint64_t now)
{
	memset(d, 0, sizeof(*d));
	d->conf = conf;
	d->kops = kops;
	d->kctx = kctx;
	d->io = *io;
	d->now = now;
}

void zsd_shutdown(struct zsd *d, bool notify_peers)
{
	zs_cookie_wipe(&d->cookie);
	while (d->sas) {
		struct zs_ike *ike = d->sas;

		if (notify_peers && ike->state == IKE_S_ESTABLISHED)
			zs_task_delete_start(ike);
		zs_ike_free(ike);
	}
	zsd_traps_remove(d);
	free(d->tuns);
	d->tuns = NULL;
	d->n_tuns = d->cap_tuns = 0;
}

/* Requests other than IKE_SA_INIT, by exchange. */
static void request(struct zs_ike *ike, struct ike_msg *m)
{
	uint8_t x = m->hdr.exchange;

	if (x == IKEV2_EXCH_IKE_AUTH && ike->state == IKE_S_INIT_DONE) {
		zs_task_auth_respond(ike, m);
	} else if (x == IKEV2_EXCH_INFORMATIONAL &&
		   (ike->state == IKE_S_ESTABLISHED ||
		    ike->state == IKE_S_DELETING)) {
		zs_task_info_respond(ike, m);
	} else if (x == IKEV2_EXCH_CREATE_CHILD_SA &&
		   ike->state == IKE_S_ESTABLISHED) {
		zs_task_ccsa_respond(ike, m);	/* rekeys (ike_ccsa.c) */
	} else {
		zsd_drop(ike->d, ZS_DROP_UNEXPECTED, "request in this state");
	}
}

static void response(struct zs_ike *ike, struct ike_msg *m)
{
	uint8_t x = ike->req_exchange;

	free(ike->req);
	ike->req = NULL;
	if (x == IKEV2_EXCH_IKE_AUTH && ike->state == IKE_S_AUTH_SENT)
		zs_task_auth_process(ike, m);
	else if (x == IKEV2_EXCH_INFORMATIONAL)
		zs_task_info_process(ike, m);
	else if (x == IKEV2_EXCH_CREATE_CHILD_SA)
		zs_task_ccsa_process(ike, m);
}

static void input_sa(struct zsd *d, struct zs_ike *ike, struct ike_msg *m)
{
	bool is_resp = m->hdr.flags & IKEV2_FLAG_RESPONSE;
	static uint8_t plain[IKE_MSG_MAX];
	enum ike_err err;

	if (!m->has_sk) {
		zsd_drop(d, ZS_DROP_UNEXPECTED, "clear message after IKE_SA_INIT");
		return;
	}
	if (is_resp) {
		if (!ike->req || m->hdr.msgid != ike->req_msgid ||
		    m->hdr.exchange != ike->req_exchange) {
			zsd_drop(d, ZS_DROP_MSGID, "response to nothing we sent");
			return;
		}
	} else if (m->hdr.msgid + 1 == ike->msgid_expect && ike->resp) {
		/* 2.1: a retransmitted request gets the same answer */
		d->io.send(d->io.ctx, &ike->local, &ike->remote, ike->resp,
			   ike->resp_len);
		return;
	} else if (m->hdr.msgid != ike->msgid_expect) {
		zsd_drop(d, ZS_DROP_MSGID, "request outside the window");
		return;
	}
	err = ike_sk_open(&ike->aead_in, m, plain, sizeof(plain));
	if (err) {
		zsd_drop(d, err, "SK payload");
		return;
	}
	zs_ike_heard(ike);
	if (is_resp) {
		response(ike, m);
	} else {
		ike->msgid_expect++;
		request(ike, m);
	}
	OPENSSL_cleanse(plain, sizeof(plain));
}

void zsd_input(struct zsd *d, const struct zsd_addr *local,
	       const struct zsd_addr *remote, const uint8_t *buf, size_t len)
{
	struct ike_msg m;
	struct zs_ike *ike;
	bool from_i, is_resp;
	enum ike_err err;

	err = ike_msg_parse(&m, buf, len);
	if (err) {
		zsd_drop(d, err, "parse");
		return;
	}
	from_i = m.hdr.flags & IKEV2_FLAG_INITIATOR;
	is_resp = m.hdr.flags & IKEV2_FLAG_RESPONSE;
	if (m.hdr.exchange == IKEV2_EXCH_IKE_SA_INIT) {
		if (!is_resp && from_i && m.hdr.msgid == 0) {
			zs_task_init_respond(d, local, remote, &m, buf, len);
			return;
		}
		ike = is_resp && !from_i ? zs_ike_find(d, m.hdr.spi_i, true)
					 : NULL;
		if (!ike || ike->state != IKE_S_INIT_SENT || m.hdr.msgid ||
		    !zsd_addr_eq(&ike->remote, remote)) {
			zsd_drop(d, ZS_DROP_NO_SA, "IKE_SA_INIT response");
			return;
		}
		zs_task_init_process(ike, &m, buf, len);
		return;
	}
	/* the sender's role tells which SPI is ours */
	ike = from_i ? zs_ike_find(d, m.hdr.spi_r, false)
		     : zs_ike_find(d, m.hdr.spi_i, true);
	if (!ike || !zsd_addr_eq(&ike->remote, remote) ||
	    memcmp(from_i ? m.hdr.spi_i : m.hdr.spi_r,
		   ike->initiator ? ike->spi_r : ike->spi_i, IKE_SPI_LEN)) {
		zsd_drop(d, ZS_DROP_NO_SA, "unknown SPIs");
		return;
	}
	input_sa(d, ike, &m);
}

int zsd_tick(struct zsd *d, uint64_t now)
{
	uint64_t next = UINT64_MAX;
	struct zs_ike *ike, *nx, *head = d->sas;

	d->now = now;
	for (ike = d->sas; ike; ike = nx) {
		nx = ike->next;
		if (ike->req && ike->retx_at <= now)
			zs_ike_retransmit(ike);
		if (ike->expire_at && ike->expire_at <= now &&
		    ike->state == IKE_S_INIT_DONE)
			zs_ike_dead(ike, "half-open SA timed out");
		zs_ike_tick(ike, &next);	/* rekeys, DPD (ike_tasks.c) */
		if (ike->state == IKE_S_DEAD) {
			zs_ike_free(ike);
			continue;
		}
		if (ike->req && ike->retx_at < next)
			next = ike->retx_at;
		if (ike->expire_at && ike->expire_at < next)
			next = ike->expire_at;
	}
	zsd_initiate_waiting(d);
	/* an SA started or freed meanwhile (a dead peer re-initiated, a
	 * waiting tunnel started): its timers were not seen, look again */
	if (d->sas != head)
		return 0;
	if (next == UINT64_MAX)
		return -1;
	return next <= now ? 0 : (int)(next - now > 60000 ? 60000 : next - now);
}
