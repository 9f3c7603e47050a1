// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Payload bodies on the way out.  What we send must pass our own parser,
 * so the same limits are checked here: a caller bug becomes
 * IKE_ERR_INVALID rather than a packet the peer rejects.
 */
#include "payload.h"

static void put_chunk(struct wr *w, const struct ike_chunk *c)
{
	wr_bytes(w, c->ptr, c->len);
}

static enum ike_err build_sa(const struct ike_sa *sa, struct wr *w)
{
	if (sa->n_prop == 0 || sa->n_prop > IKE_MAX_PROPOSALS)
		return IKE_ERR_INVALID;
	for (unsigned int i = 0; i < sa->n_prop; i++)
		if (sa->prop[i].spi_size > IKE_SPI_LEN ||
		    sa->prop[i].n_xf == 0 ||
		    sa->prop[i].n_xf > IKE_MAX_TRANSFORMS)
			return IKE_ERR_INVALID;
	ike_sa_build(sa, w);
	return IKE_OK;
}

static enum ike_err build_head_data(struct wr *w, uint8_t head,
				    const struct ike_chunk *data, size_t max)
{
	if (data->len == 0 || data->len > max)
		return IKE_ERR_INVALID;
	wr_u8(w, head);
	wr_zero(w, 3);
	put_chunk(w, data);
	return IKE_OK;
}

static enum ike_err build_notify(const struct ike_notify *n, struct wr *w)
{
	if (n->spi_size != 0 && n->spi_size != 4 && n->spi_size != 8)
		return IKE_ERR_INVALID;
	wr_u8(w, n->proto);
	wr_u8(w, n->spi_size);
	wr_be16(w, n->type);
	wr_bytes(w, n->spi, n->spi_size);
	put_chunk(w, &n->data);
	return IKE_OK;
}

static enum ike_err build_delete(const struct ike_delete *d, struct wr *w)
{
	if (d->spis.len != (size_t)d->n_spi * d->spi_size)
		return IKE_ERR_INVALID;
	wr_u8(w, d->proto);
	wr_u8(w, d->spi_size);
	wr_be16(w, d->n_spi);
	put_chunk(w, &d->spis);
	return IKE_OK;
}

static enum ike_err build_ke(const struct ike_ke *ke, struct wr *w)
{
	if (ke->data.len == 0 || ke->data.len > IKE_KE_MAX)
		return IKE_ERR_INVALID;
	wr_be16(w, ke->group);
	wr_be16(w, 0);
	put_chunk(w, &ke->data);
	return IKE_OK;
}

enum ike_err ike_pl_build(const struct ike_msg *m, uint8_t type,
			  unsigned int idx, struct wr *w)
{
	switch (type) {
	case IKEV2_PL_SA:
		return build_sa(&m->sa, w);
	case IKEV2_PL_KE:
		return build_ke(&m->ke, w);
	case IKEV2_PL_IDI:
		return build_head_data(w, m->idi.type, &m->idi.data, IKE_ID_MAX);
	case IKEV2_PL_IDR:
		return build_head_data(w, m->idr.type, &m->idr.data, IKE_ID_MAX);
	case IKEV2_PL_AUTH:
		return build_head_data(w, m->auth.method, &m->auth.data,
				       IKE_AUTH_MAX);
	case IKEV2_PL_NONCE:
		if (m->nonce.len < IKE_NONCE_MIN || m->nonce.len > IKE_NONCE_MAX)
			return IKE_ERR_INVALID;
		put_chunk(w, &m->nonce);
		return IKE_OK;
	case IKEV2_PL_NOTIFY:
		return idx < m->n_notify ? build_notify(&m->notify[idx], w) :
					   IKE_ERR_INVALID;
	case IKEV2_PL_DELETE:
		return idx < m->n_delete ? build_delete(&m->del[idx], w) :
					   IKE_ERR_INVALID;
	case IKEV2_PL_TSI:
		return ike_ts_build(&m->tsi, w);
	case IKEV2_PL_TSR:
		return ike_ts_build(&m->tsr, w);
	default:
		return IKE_ERR_INVALID;
	}
}
