// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Traffic selector payloads (RFC 7296 3.13): a count, then address ranges
 * whose length is fixed by their type.  A selector whose length field
 * disagrees with its type is malformed, not merely unknown: we could not
 * tell where the next one starts.
 */
#include "payload.h"

static size_t addr_len(uint8_t type)
{
	switch (type) {
	case IKEV2_TS_IPV4_ADDR_RANGE:
		return 4;
	case IKEV2_TS_IPV6_ADDR_RANGE:
		return 16;
	default:
		return 0;
	}
}

static enum ike_err parse_one(struct ike_ts *ts, struct rd *r)
{
	const uint8_t *h = rd_take(r, IKEV2_TS_SEL_HDR_LEN);
	const uint8_t *a;
	size_t alen;

	if (!h)
		return IKE_ERR_TS;
	alen = addr_len(h[0]);
	/* unknown types (e.g. RFC 4595 FC) cannot be skipped safely here:
	 * narrowing must see every selector the peer asked for */
	if (!alen || get_be16(h + 2) != IKEV2_TS_SEL_HDR_LEN + 2 * alen)
		return IKE_ERR_TS;
	a = rd_take(r, 2 * alen);
	if (!a)
		return IKE_ERR_TS;
	ts->type = h[0];
	ts->ip_proto = h[1];
	ts->start_port = get_be16(h + 4);
	ts->end_port = get_be16(h + 6);
	memset(ts->start, 0, sizeof(ts->start));
	memset(ts->end, 0, sizeof(ts->end));
	memcpy(ts->start, a, alen);
	memcpy(ts->end, a + alen, alen);
	return IKE_OK;
}

enum ike_err ike_ts_parse(struct ike_ts_set *set, const uint8_t *p,
			  size_t len)
{
	struct rd r = { .p = p, .len = len };
	const uint8_t *h = rd_take(&r, IKEV2_TS_HDR_LEN);
	enum ike_err err;

	if (!h || h[0] == 0)
		return IKE_ERR_TS;
	if (h[0] > IKE_MAX_TS)
		return IKE_ERR_LIMIT;
	set->n = h[0];
	for (unsigned int i = 0; i < set->n; i++) {
		err = parse_one(&set->ts[i], &r);
		if (err)
			return err;
	}
	return rd_left(&r) ? IKE_ERR_TS : IKE_OK;
}

enum ike_err ike_ts_build(const struct ike_ts_set *set, struct wr *w)
{
	if (set->n == 0 || set->n > IKE_MAX_TS)
		return IKE_ERR_INVALID;
	wr_u8(w, set->n);
	wr_zero(w, 3);
	for (unsigned int i = 0; i < set->n; i++) {
		const struct ike_ts *ts = &set->ts[i];
		size_t alen = addr_len(ts->type);

		if (!alen)
			return IKE_ERR_INVALID;
		wr_u8(w, ts->type);
		wr_u8(w, ts->ip_proto);
		wr_be16(w, IKEV2_TS_SEL_HDR_LEN + 2 * alen);
		wr_be16(w, ts->start_port);
		wr_be16(w, ts->end_port);
		wr_bytes(w, ts->start, alen);
		wr_bytes(w, ts->end, alen);
	}
	return IKE_OK;
}
