// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The small payloads (KE, nonce, ID, AUTH, notify, delete) and the
 * dispatch to the SA and TS parsers.  Each checks the sizes RFC 7296
 * fixes for its fields; meaning (is this group the one we chose? is this
 * ID the one we pinned?) is left to the exchange that receives it.
 */
#include "payload.h"

bool ike_pl_known(uint8_t type)
{
	switch (type) {
	case IKEV2_PL_SA: case IKEV2_PL_KE: case IKEV2_PL_IDI:
	case IKEV2_PL_IDR: case IKEV2_PL_AUTH: case IKEV2_PL_NONCE:
	case IKEV2_PL_NOTIFY: case IKEV2_PL_DELETE: case IKEV2_PL_TSI:
	case IKEV2_PL_TSR:
		return true;
	default:
		return false;
	}
}

static struct ike_chunk chunk(const uint8_t *p, size_t len)
{
	return (struct ike_chunk){ .ptr = p, .len = len };
}

static enum ike_err parse_ke(struct ike_ke *ke, const uint8_t *p, size_t len)
{
	if (len <= IKEV2_KE_HDR_LEN || len - IKEV2_KE_HDR_LEN > IKE_KE_MAX)
		return IKE_ERR_BAD_PAYLOAD;
	ke->group = get_be16(p);
	ke->data = chunk(p + IKEV2_KE_HDR_LEN, len - IKEV2_KE_HDR_LEN);
	return IKE_OK;
}

static enum ike_err parse_id(struct ike_id *id, const uint8_t *p, size_t len)
{
	size_t dlen = len - IKEV2_ID_HDR_LEN;

	if (len <= IKEV2_ID_HDR_LEN || dlen > IKE_ID_MAX)
		return IKE_ERR_BAD_PAYLOAD;
	if ((p[0] == IKEV2_ID_IPV4_ADDR && dlen != 4) ||
	    (p[0] == IKEV2_ID_IPV6_ADDR && dlen != 16))
		return IKE_ERR_BAD_PAYLOAD;
	id->type = p[0];
	id->data = chunk(p + IKEV2_ID_HDR_LEN, dlen);
	id->body = chunk(p, len);
	return IKE_OK;
}

static enum ike_err parse_auth(struct ike_auth *a, const uint8_t *p,
			       size_t len)
{
	if (len <= IKEV2_AUTH_HDR_LEN || len - IKEV2_AUTH_HDR_LEN > IKE_AUTH_MAX)
		return IKE_ERR_BAD_PAYLOAD;
	a->method = p[0];
	a->data = chunk(p + IKEV2_AUTH_HDR_LEN, len - IKEV2_AUTH_HDR_LEN);
	return IKE_OK;
}

static enum ike_err parse_notify(struct ike_msg *m, const uint8_t *p,
				 size_t len)
{
	struct ike_notify *n;
	uint8_t spi_size;

	if (len < IKEV2_NOTIFY_HDR_LEN)
		return IKE_ERR_BAD_PAYLOAD;
	spi_size = p[1];
	if ((spi_size != 0 && spi_size != 4 && spi_size != 8) ||
	    len < (size_t)IKEV2_NOTIFY_HDR_LEN + spi_size)
		return IKE_ERR_BAD_PAYLOAD;
	if (m->n_notify == IKE_MAX_NOTIFY)
		return IKE_ERR_LIMIT;
	n = &m->notify[m->n_notify++];
	n->proto = p[0];
	n->spi_size = spi_size;
	n->type = get_be16(p + 2);
	memcpy(n->spi, p + IKEV2_NOTIFY_HDR_LEN, spi_size);
	n->data = chunk(p + IKEV2_NOTIFY_HDR_LEN + spi_size,
			len - IKEV2_NOTIFY_HDR_LEN - spi_size);
	return IKE_OK;
}

static enum ike_err parse_delete(struct ike_msg *m, const uint8_t *p,
				 size_t len)
{
	struct ike_delete *d;
	size_t n_spi;

	if (len < IKEV2_DELETE_HDR_LEN)
		return IKE_ERR_BAD_PAYLOAD;
	n_spi = get_be16(p + 2);
	/* 3.11: an IKE SA delete has no SPIs (the header names the SA) */
	if ((p[0] == IKEV2_PROTO_IKE && (p[1] != 0 || n_spi != 0)) ||
	    (p[0] != IKEV2_PROTO_IKE && (p[1] != 4 || n_spi == 0)) ||
	    len - IKEV2_DELETE_HDR_LEN != n_spi * p[1])
		return IKE_ERR_BAD_PAYLOAD;
	if (m->n_delete == IKE_MAX_DELETE)
		return IKE_ERR_LIMIT;
	d = &m->del[m->n_delete++];
	d->proto = p[0];
	d->spi_size = p[1];
	d->n_spi = (uint16_t)n_spi;
	d->spis = chunk(p + IKEV2_DELETE_HDR_LEN, len - IKEV2_DELETE_HDR_LEN);
	return IKE_OK;
}

enum ike_err ike_pl_parse(struct ike_msg *m, uint8_t type,
			  const uint8_t *p, size_t len)
{
	switch (type) {
	case IKEV2_PL_SA:
		return ike_sa_parse(&m->sa, p, len);
	case IKEV2_PL_KE:
		return parse_ke(&m->ke, p, len);
	case IKEV2_PL_IDI:
		return parse_id(&m->idi, p, len);
	case IKEV2_PL_IDR:
		return parse_id(&m->idr, p, len);
	case IKEV2_PL_AUTH:
		return parse_auth(&m->auth, p, len);
	case IKEV2_PL_NONCE:
		if (len < IKE_NONCE_MIN || len > IKE_NONCE_MAX)
			return IKE_ERR_BAD_PAYLOAD;
		m->nonce = chunk(p, len);
		return IKE_OK;
	case IKEV2_PL_NOTIFY:
		return parse_notify(m, p, len);
	case IKEV2_PL_DELETE:
		return parse_delete(m, p, len);
	case IKEV2_PL_TSI:
		return ike_ts_parse(&m->tsi, p, len);
	case IKEV2_PL_TSR:
		return ike_ts_parse(&m->tsr, p, len);
	default:
		return IKE_ERR_INVALID;
	}
}
