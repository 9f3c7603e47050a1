// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Building an IKE message from struct ike_msg.  Lengths and next-payload
 * fields are derived while writing, so a caller cannot get them wrong.
 * For encrypted messages the SK payload is laid out with room for IV and
 * ICV; sealing is a separate step (sk.c) because it needs the finished
 * header as AAD.
 */
#include "payload.h"

static void put_hdr(const struct ike_hdr *h, uint8_t first, struct wr *w)
{
	wr_bytes(w, h->spi_i, IKE_SPI_LEN);
	wr_bytes(w, h->spi_r, IKE_SPI_LEN);
	wr_u8(w, first);
	wr_u8(w, IKEV2_VERSION);
	wr_u8(w, h->exchange);
	wr_u8(w, h->flags);
	wr_be32(w, h->msgid);
	wr_be32(w, 0);		/* length, patched at the end */
}

/* Writes the payloads in m->order, each with its generic header. */
static enum ike_err put_chain(const struct ike_msg *m, struct wr *w)
{
	unsigned int n_notify = 0, n_delete = 0;

	for (unsigned int i = 0; i < m->n_order; i++) {
		uint8_t type = m->order[i];
		unsigned int idx = 0;
		size_t start = w->off;
		enum ike_err err;

		if (type == IKEV2_PL_NOTIFY)
			idx = n_notify++;
		else if (type == IKEV2_PL_DELETE)
			idx = n_delete++;
		wr_u8(w, i + 1 < m->n_order ? m->order[i + 1] : IKEV2_PL_NONE);
		wr_u8(w, 0);
		wr_be16(w, 0);
		err = ike_pl_build(m, type, idx, w);
		if (err)
			return err;
		wr_patch_be16(w, start + 2, w->off - start);
	}
	return IKE_OK;
}

static bool order_ok(const struct ike_msg *m)
{
	if (m->n_order > IKE_MAX_PAYLOADS)
		return false;
	for (unsigned int i = 0; i < m->n_order; i++) {
		if (!ike_pl_known(m->order[i]))
			return false;
		if (m->order[i] == IKEV2_PL_NOTIFY ||
		    m->order[i] == IKEV2_PL_DELETE)
			continue;
		for (unsigned int j = i + 1; j < m->n_order; j++)
			if (m->order[j] == m->order[i])
				return false;
	}
	return true;
}

/* SK: header, IV, inner chain, pad length 0 (AEAD needs no block
 * alignment, RFC 5282 3), ICV. */
static enum ike_err put_sk(const struct ike_msg *m, struct ike_sk_layout *sk,
			   struct wr *w)
{
	size_t start = w->off;
	enum ike_err err;

	wr_u8(w, m->n_order ? m->order[0] : IKEV2_PL_NONE);
	wr_u8(w, 0);
	wr_be16(w, 0);
	sk->iv_off = w->off;
	wr_zero(w, IKEV2_AEAD_IV_LEN);
	sk->plain_off = w->off;
	err = put_chain(m, w);
	if (err)
		return err;
	wr_u8(w, 0);		/* pad length */
	sk->plain_len = w->off - sk->plain_off;
	sk->icv_off = w->off;
	wr_zero(w, IKEV2_AEAD_ICV_LEN);
	wr_patch_be16(w, start + 2, w->off - start);
	return IKE_OK;
}

enum ike_err ike_msg_build(const struct ike_msg *m,
			   struct ike_sk_layout *sk,
			   uint8_t *buf, size_t cap, size_t *len)
{
	struct wr w = { .p = buf, .cap = cap < IKE_MSG_MAX ? cap : IKE_MSG_MAX };
	uint8_t first = m->n_order ? m->order[0] : IKEV2_PL_NONE;
	enum ike_err err;

	if (!order_ok(m))
		return IKE_ERR_INVALID;
	put_hdr(&m->hdr, sk ? IKEV2_PL_SK : first, &w);
	err = sk ? put_sk(m, sk, &w) : put_chain(m, &w);
	if (err)
		return err;
	if (w.overflow)
		return IKE_ERR_NOSPACE;
	put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)w.off);
	*len = w.off;
	return IKE_OK;
}
