// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sending on an IKE SA: build, seal, keep for retransmission (requests)
 * or for answering a retransmitted request (responses), then send.
 */
#include <stdlib.h>
#include <string.h>

#include "ike_sa.h"
#include "log.h"
#include "sk.h"

void zs_ike_hdr(struct zs_ike *ike, struct ike_msg *m, uint8_t exchange,
		bool response, uint32_t msgid)
{
	memcpy(m->hdr.spi_i, ike->spi_i, IKE_SPI_LEN);
	memcpy(m->hdr.spi_r, ike->spi_r, IKE_SPI_LEN);
	m->hdr.version = IKEV2_VERSION;
	m->hdr.exchange = exchange;
	m->hdr.flags = (ike->initiator ? IKEV2_FLAG_INITIATOR : 0) |
		       (response ? IKEV2_FLAG_RESPONSE : 0);
	m->hdr.msgid = msgid;
}

/* Builds (and seals) m into a fresh buffer. */
static enum ike_err encode(struct zs_ike *ike, struct ike_msg *m, bool sk,
			   uint8_t **out, size_t *out_len)
{
	uint8_t *buf = malloc(IKE_MSG_MAX);
	struct ike_sk_layout l;
	enum ike_err err;
	size_t len;

	if (!buf)
		return IKE_ERR_NOSPACE;
	err = ike_msg_build(m, sk ? &l : NULL, buf, IKE_MSG_MAX, &len);
	if (!err && sk)
		err = ike_sk_seal(&ike->aead_out, buf, &l);
	if (err) {
		log_err("%s: cannot build a message: %s", zs_ike_name(ike),
			ike_strerror(err));
		free(buf);
		return err;
	}
	*out = buf;
	*out_len = len;
	return IKE_OK;
}

enum ike_err zs_ike_send_request(struct zs_ike *ike, struct ike_msg *m,
				 bool sk)
{
	struct zsd *d = ike->d;
	enum ike_err err;

	free(ike->req);
	ike->req = NULL;
	err = encode(ike, m, sk, &ike->req, &ike->req_len);
	if (err)
		return err;
	ike->req_msgid = m->hdr.msgid;
	ike->req_exchange = m->hdr.exchange;
	ike->retx = 0;
	ike->retx_at = d->now + IKE_RETX_BASE_MS;
	d->io.send(d->io.ctx, &ike->local, &ike->remote, ike->req, ike->req_len);
	return IKE_OK;
}

enum ike_err zs_ike_send_response(struct zs_ike *ike, struct ike_msg *m,
				  bool sk)
{
	struct zsd *d = ike->d;
	enum ike_err err;

	free(ike->resp);
	ike->resp = NULL;
	err = encode(ike, m, sk, &ike->resp, &ike->resp_len);
	if (err)
		return err;
	d->io.send(d->io.ctx, &ike->local, &ike->remote, ike->resp,
		   ike->resp_len);
	return IKE_OK;
}

/* Back-off: 1, 2, 4, 8, 16 s, then the peer is given up. */
void zs_ike_retransmit(struct zs_ike *ike)
{
	struct zsd *d = ike->d;

	if (!ike->req)
		return;
	if (++ike->retx > IKE_RETX_TRIES) {
		zs_ike_peer_dead(ike);
		return;
	}
	log_debug("%s: retransmit %u of message %u", zs_ike_name(ike),
		  ike->retx, ike->req_msgid);
	ike->retx_at = d->now + ((uint64_t)IKE_RETX_BASE_MS << ike->retx);
	d->io.send(d->io.ctx, &ike->local, &ike->remote, ike->req, ike->req_len);
}

void zs_send_init_error(struct zsd *d, const struct zsd_addr *local,
			const struct zsd_addr *remote, const struct ike_msg *req,
			uint16_t type, const uint8_t *data, size_t len)
{
	struct ike_msg m;
	uint8_t buf[256];
	size_t out;

	memset(&m, 0, sizeof(m));
	memcpy(m.hdr.spi_i, req->hdr.spi_i, IKE_SPI_LEN);
	m.hdr.version = IKEV2_VERSION;
	m.hdr.exchange = IKEV2_EXCH_IKE_SA_INIT;
	m.hdr.flags = IKEV2_FLAG_RESPONSE;
	m.notify[0].type = type;
	m.notify[0].data = (struct ike_chunk){ data, len };
	m.n_notify = 1;
	ike_msg_add(&m, IKEV2_PL_NOTIFY);
	if (ike_msg_build(&m, NULL, buf, sizeof(buf), &out) == IKE_OK)
		d->io.send(d->io.ctx, local, remote, buf, out);
}
