// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsing an IKE message: the header, then the chain of generic payload
 * headers (RFC 7296 3.1, 3.2).  Everything here runs on bytes from the
 * network before any authentication, so every length is checked against
 * what is left, and each refusal has its own reason for the drop counters.
 */
#include "payload.h"

/* Payloads we accept and ignore: no certificates, no EAP, no config
 * payload in this subset, and vendor IDs only ever inform. */
static bool tolerated(uint8_t type)
{
	switch (type) {
	case IKEV2_PL_CERT: case IKEV2_PL_CERTREQ: case IKEV2_PL_VENDOR:
	case IKEV2_PL_CP: case IKEV2_PL_EAP:
		return true;
	default:
		return false;
	}
}

/* Has a payload allowed only once already been listed? */
static bool seen_once(const struct ike_msg *m, uint8_t type)
{
	if (type == IKEV2_PL_NOTIFY || type == IKEV2_PL_DELETE)
		return false;
	for (unsigned int i = 0; i < m->n_order; i++)
		if (m->order[i] == type)
			return true;
	return false;
}

static enum ike_err take_payload(struct ike_msg *m, uint8_t type, bool crit,
				 const uint8_t *body, size_t len)
{
	enum ike_err err;

	if (!ike_pl_known(type)) {
		/* 3.2: the critical bit only matters for types we do not
		 * understand; tolerated ones we understand well enough */
		if (crit && !tolerated(type)) {
			m->unsupported_type = type;
			return IKE_ERR_CRITICAL;
		}
		m->n_skipped++;
		return IKE_OK;
	}
	if (seen_once(m, type))
		return IKE_ERR_DUPLICATE;
	err = ike_pl_parse(m, type, body, len);
	if (err)
		return err;
	m->order[m->n_order++] = type;
	return IKE_OK;
}

/* Walks a chain from buf[off] to buf[end]; stops after an SK payload. */
static enum ike_err parse_chain(struct ike_msg *m, uint8_t next,
				const uint8_t *buf, size_t off, size_t end,
				bool inner)
{
	while (next != IKEV2_PL_NONE) {
		uint8_t type = next;
		size_t plen;
		enum ike_err err;

		if (m->n_seen++ == IKE_MAX_PAYLOADS)
			return IKE_ERR_TOO_MANY_PAYLOADS;
		if (end - off < IKEV2_GEN_HDR_LEN)
			return IKE_ERR_PAYLOAD_TRUNC;
		plen = get_be16(buf + off + 2);
		if (plen < IKEV2_GEN_HDR_LEN)
			return IKE_ERR_PAYLOAD_SHORT;
		if (plen > end - off)
			return IKE_ERR_PAYLOAD_OVERRUN;
		next = buf[off];
		if (type == IKEV2_PL_SK) {
			if (inner)
				return IKE_ERR_SK_NESTED;
			if (off + plen != end)
				return IKE_ERR_SK_NOT_LAST;
			if (m->n_order)
				return IKE_ERR_SK_MIXED;
			m->has_sk = true;
			m->sk_first = next;
			m->sk_off = off;
			m->sk_body.ptr = buf + off + IKEV2_GEN_HDR_LEN;
			m->sk_body.len = plen - IKEV2_GEN_HDR_LEN;
			return IKE_OK;
		}
		err = take_payload(m, type, buf[off + 1] & IKEV2_CRITICAL,
				   buf + off + IKEV2_GEN_HDR_LEN,
				   plen - IKEV2_GEN_HDR_LEN);
		if (err)
			return err;
		off += plen;
	}
	return off == end ? IKE_OK : IKE_ERR_LENGTH;
}

static enum ike_err parse_hdr(struct ike_hdr *h, const uint8_t *buf,
			      size_t len)
{
	if (len < IKEV2_HDR_LEN)
		return IKE_ERR_TRUNCATED;
	if (len > IKE_MSG_MAX)
		return IKE_ERR_TOO_BIG;
	memcpy(h->spi_i, buf, IKE_SPI_LEN);
	memcpy(h->spi_r, buf + IKE_SPI_LEN, IKE_SPI_LEN);
	h->next = buf[IKEV2_HDR_NEXT_OFF];
	h->version = buf[IKEV2_HDR_VERSION_OFF];
	h->exchange = buf[IKEV2_HDR_EXCHANGE_OFF];
	h->flags = buf[IKEV2_HDR_FLAGS_OFF];
	h->msgid = get_be32(buf + IKEV2_HDR_MSGID_OFF);
	h->length = get_be32(buf + IKEV2_HDR_LENGTH_OFF);
	/* 2.5: a higher minor version is fine, another major is not */
	if (h->version >> 4 != IKEV2_MAJOR)
		return IKE_ERR_VERSION;
	if (h->length > len)
		return IKE_ERR_TRUNCATED;
	if (h->length != len)
		return IKE_ERR_LENGTH;
	if (h->exchange < IKEV2_EXCH_IKE_SA_INIT ||
	    h->exchange > IKEV2_EXCH_INFORMATIONAL)
		return IKE_ERR_EXCHANGE;
	return IKE_OK;
}

enum ike_err ike_msg_parse(struct ike_msg *m, const uint8_t *buf, size_t len)
{
	enum ike_err err;

	memset(m, 0, sizeof(*m));
	err = parse_hdr(&m->hdr, buf, len);
	if (err)
		return err;
	m->raw = buf;
	return parse_chain(m, m->hdr.next, buf, IKEV2_HDR_LEN, len, false);
}

enum ike_err ike_msg_parse_inner(struct ike_msg *m, const uint8_t *plain,
				 size_t len)
{
	size_t pad;

	if (!m->has_sk || len == 0)
		return IKE_ERR_INVALID;
	/* 3.14: payloads, then Pad Length octets of padding, then the
	 * Pad Length octet itself; the padding's contents are ignored */
	pad = plain[len - 1];
	if (pad + 1 > len)
		return IKE_ERR_PADDING;
	return parse_chain(m, m->sk_first, plain, 0, len - 1 - pad, true);
}

bool ike_msg_add(struct ike_msg *m, uint8_t type)
{
	if (m->n_order == IKE_MAX_PAYLOADS)
		return false;
	m->order[m->n_order++] = type;
	return true;
}

const struct ike_notify *ike_msg_notify(const struct ike_msg *m,
					uint16_t type)
{
	for (unsigned int i = 0; i < m->n_notify; i++)
		if (m->notify[i].type == type)
			return &m->notify[i];
	return NULL;
}
