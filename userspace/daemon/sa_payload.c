// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SA payload (RFC 7296 3.3): proposals holding transforms holding
 * attributes, three nested length-prefixed lists.  3.3 asks that the total
 * length be consistent with every internal length and count; each level
 * below checks its own and that its children fill it exactly.
 */
#include "payload.h"

/* 3.3.5: only Key Length is defined; anything else makes the transform
 * unusable (and so the proposal), but the SA itself is still well formed. */
static enum ike_err parse_attrs(struct ike_transform *xf, struct rd *r)
{
	while (rd_left(r)) {
		const uint8_t *a = rd_take(r, IKEV2_ATTR_HDR_LEN);
		uint16_t type, val;

		if (!a)
			return IKE_ERR_SA;
		type = get_be16(a);
		val = get_be16(a + 2);
		if (!(type & IKEV2_ATTR_AF)) {
			/* TLV: skip the value, it is not one we know */
			if (!rd_take(r, val))
				return IKE_ERR_SA;
			xf->unknown_attr = true;
			continue;
		}
		if ((type & ~IKEV2_ATTR_AF) == IKEV2_ATTR_KEY_LENGTH &&
		    !xf->keylen && val)
			xf->keylen = val;
		else
			xf->unknown_attr = true;
	}
	return IKE_OK;
}

static enum ike_err parse_transform(struct ike_transform *xf, struct rd *r,
				    bool last)
{
	const uint8_t *h = rd_take(r, IKEV2_TRANSFORM_HDR_LEN);
	uint16_t len;
	struct rd attrs;

	if (!h)
		return IKE_ERR_SA;
	len = get_be16(h + 2);
	if (h[0] != (last ? IKEV2_LAST : IKEV2_TRANSFORM_MORE) ||
	    len < IKEV2_TRANSFORM_HDR_LEN)
		return IKE_ERR_SA;
	attrs.p = rd_take(r, len - IKEV2_TRANSFORM_HDR_LEN);
	if (!attrs.p)
		return IKE_ERR_SA;
	attrs.len = len - IKEV2_TRANSFORM_HDR_LEN;
	attrs.off = 0;
	xf->type = h[4];
	xf->id = get_be16(h + 6);
	return parse_attrs(xf, &attrs);
}

static enum ike_err parse_proposal(struct ike_proposal *pr, struct rd *r,
				   unsigned int want_num, bool *last)
{
	const uint8_t *h = rd_take(r, IKEV2_PROPOSAL_HDR_LEN);
	struct rd body;
	enum ike_err err;
	uint16_t len;

	if (!h)
		return IKE_ERR_SA;
	len = get_be16(h + 2);
	/* 3.3.1: proposals are numbered 1, 2, ... in order; a reply holds
	 * the one chosen, keeping its number, so the first may be any */
	if ((h[0] != IKEV2_LAST && h[0] != IKEV2_PROPOSAL_MORE) ||
	    h[4] == 0 || (want_num && h[4] != want_num) ||
	    h[6] > IKE_SPI_LEN ||
	    len < IKEV2_PROPOSAL_HDR_LEN + h[6] || h[7] == 0)
		return IKE_ERR_SA;
	if (h[7] > IKE_MAX_TRANSFORMS)
		return IKE_ERR_SA_LIMIT;
	body.p = rd_take(r, len - IKEV2_PROPOSAL_HDR_LEN);
	if (!body.p)
		return IKE_ERR_SA;
	body.len = len - IKEV2_PROPOSAL_HDR_LEN;
	body.off = 0;
	*last = h[0] == IKEV2_LAST;
	pr->num = h[4];
	pr->proto = h[5];
	pr->spi_size = h[6];
	memcpy(pr->spi, rd_take(&body, pr->spi_size), pr->spi_size);
	pr->n_xf = h[7];
	for (unsigned int i = 0; i < pr->n_xf; i++) {
		err = parse_transform(&pr->xf[i], &body, i + 1 == pr->n_xf);
		if (err)
			return err;
	}
	return rd_left(&body) ? IKE_ERR_SA : IKE_OK;
}

enum ike_err ike_sa_parse(struct ike_sa *sa, const uint8_t *p, size_t len)
{
	struct rd r = { .p = p, .len = len };
	bool last = false;
	enum ike_err err;

	sa->n_prop = 0;
	while (!last) {
		if (sa->n_prop == IKE_MAX_PROPOSALS)
			return IKE_ERR_SA_LIMIT;
		err = parse_proposal(&sa->prop[sa->n_prop], &r,
				     sa->n_prop ? sa->prop[sa->n_prop - 1].num + 1u : 0,
				     &last);
		if (err)
			return err;
		sa->n_prop++;
	}
	/* an empty SA, or bytes after the last proposal, are both wrong */
	return rd_left(&r) ? IKE_ERR_SA : IKE_OK;
}

static void build_transform(const struct ike_transform *xf, bool last,
			    struct wr *w)
{
	size_t start = w->off;

	wr_u8(w, last ? IKEV2_LAST : IKEV2_TRANSFORM_MORE);
	wr_u8(w, 0);
	wr_be16(w, 0);		/* length, patched below */
	wr_u8(w, xf->type);
	wr_u8(w, 0);
	wr_be16(w, xf->id);
	if (xf->keylen) {
		wr_be16(w, IKEV2_ATTR_AF | IKEV2_ATTR_KEY_LENGTH);
		wr_be16(w, xf->keylen);
	}
	wr_patch_be16(w, start + 2, w->off - start);
}

void ike_sa_build(const struct ike_sa *sa, struct wr *w)
{
	for (unsigned int i = 0; i < sa->n_prop; i++) {
		const struct ike_proposal *pr = &sa->prop[i];
		size_t start = w->off;

		wr_u8(w, i + 1 == sa->n_prop ? IKEV2_LAST :
					       IKEV2_PROPOSAL_MORE);
		wr_u8(w, 0);
		wr_be16(w, 0);	/* length, patched below */
		wr_u8(w, pr->num ? pr->num : i + 1);
		wr_u8(w, pr->proto);
		wr_u8(w, pr->spi_size);
		wr_u8(w, pr->n_xf);
		wr_bytes(w, pr->spi, pr->spi_size);
		for (unsigned int j = 0; j < pr->n_xf; j++)
			build_transform(&pr->xf[j], j + 1 == pr->n_xf, w);
		wr_patch_be16(w, start + 2, w->off - start);
	}
}
