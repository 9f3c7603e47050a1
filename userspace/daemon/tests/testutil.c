// SPDX-License-Identifier: GPL-2.0-or-later
/* Sample messages that exercise every payload type the codec knows. */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

size_t hex2bin(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = strlen(hex) / 2;

	if (strlen(hex) % 2 || n > cap)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned int v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return 0;
		out[i] = (uint8_t)v;
	}
	return n;
}

static const uint8_t ke_data[32] = { 0x11, 0x22, 0x33, [31] = 0x44 };
static const uint8_t nonce[32] = { 0xaa, [31] = 0xbb };
static const uint8_t natd[20] = { 1, 2, 3, 4, [19] = 5 };
static const uint8_t id_i[] = "gw-branch.example";
static const uint8_t id_r[] = { 192, 0, 2, 1 };
static const uint8_t auth_data[32] = { 0x5a, [31] = 0xa5 };
static const uint8_t del_spis[8] = { 0xc0, 0, 0, 1, 0xc0, 0, 0, 2 };

static void add_xf(struct ike_proposal *p, uint8_t type, uint16_t id,
		   uint16_t keylen)
{
	p->xf[p->n_xf++] = (struct ike_transform){ .type = type, .id = id,
						   .keylen = keylen };
}

void sample_sa_init(struct ike_msg *m)
{
	struct ike_proposal *p;

	memset(m, 0, sizeof(*m));
	memcpy(m->hdr.spi_i, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	m->hdr.exchange = IKEV2_EXCH_IKE_SA_INIT;
	m->hdr.flags = IKEV2_FLAG_INITIATOR;
	m->sa.n_prop = 2;
	p = &m->sa.prop[0];
	p->num = 1;
	p->proto = IKEV2_PROTO_IKE;
	add_xf(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	add_xf(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 128);
	add_xf(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add_xf(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	add_xf(p, IKEV2_XF_DH, IKEV2_DH_ECP_256, 0);
	p = &m->sa.prop[1];
	p->num = 2;
	p->proto = IKEV2_PROTO_IKE;
	add_xf(p, IKEV2_XF_ENCR, IKEV2_ENCR_CHACHA20_POLY1305, 0);
	add_xf(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add_xf(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	m->ke.group = IKEV2_DH_CURVE25519;
	m->ke.data = (struct ike_chunk){ ke_data, sizeof(ke_data) };
	m->nonce = (struct ike_chunk){ nonce, sizeof(nonce) };
	m->notify[0].type = IKEV2_N_NAT_DETECTION_SOURCE_IP;
	m->notify[0].data = (struct ike_chunk){ natd, sizeof(natd) };
	m->notify[1].type = IKEV2_N_NAT_DETECTION_DESTINATION_IP;
	m->notify[1].data = (struct ike_chunk){ natd, sizeof(natd) };
	m->n_notify = 2;
	ike_msg_add(m, IKEV2_PL_SA);
	ike_msg_add(m, IKEV2_PL_KE);
	ike_msg_add(m, IKEV2_PL_NONCE);
	ike_msg_add(m, IKEV2_PL_NOTIFY);
	ike_msg_add(m, IKEV2_PL_NOTIFY);
}

static void sample_ts(struct ike_ts_set *s, bool v6)
{
	s->n = 2;
	s->ts[0] = (struct ike_ts){ .type = IKEV2_TS_IPV4_ADDR_RANGE,
		.ip_proto = 6, .start_port = 80, .end_port = 443,
		.start = { 10, 1, 0, 0 }, .end = { 10, 1, 255, 255 } };
	s->ts[1] = (struct ike_ts){ .type = IKEV2_TS_IPV6_ADDR_RANGE,
		.start_port = 0, .end_port = 65535,
		.start = { 0x20, 0x01, 0x0d, 0xb8 },
		.end = { 0x20, 0x01, 0x0d, 0xb8, [15] = v6 ? 0xff : 0x0f } };
}

void sample_auth(struct ike_msg *m)
{
	struct ike_proposal *p;
	static const uint8_t types[] = {
		IKEV2_PL_IDI, IKEV2_PL_IDR, IKEV2_PL_AUTH, IKEV2_PL_SA,
		IKEV2_PL_TSI, IKEV2_PL_TSR, IKEV2_PL_NOTIFY, IKEV2_PL_DELETE,
		IKEV2_PL_DELETE,
	};

	memset(m, 0, sizeof(*m));
	memcpy(m->hdr.spi_i, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	memcpy(m->hdr.spi_r, "\x11\x12\x13\x14\x15\x16\x17\x18", 8);
	m->hdr.exchange = IKEV2_EXCH_IKE_AUTH;
	m->hdr.flags = IKEV2_FLAG_INITIATOR;
	m->hdr.msgid = 1;
	m->idi = (struct ike_id){ .type = IKEV2_ID_FQDN,
				  .data = { id_i, sizeof(id_i) - 1 } };
	m->idr = (struct ike_id){ .type = IKEV2_ID_IPV4_ADDR, .data = { id_r, 4 } };
	m->auth = (struct ike_auth){ IKEV2_AUTH_PSK, { auth_data, 32 } };
	m->sa.n_prop = 1;
	p = &m->sa.prop[0];
	p->num = 1;
	p->proto = IKEV2_PROTO_ESP;
	p->spi_size = 4;
	memcpy(p->spi, "\xc0\x00\x00\x07", 4);
	add_xf(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 128);
	add_xf(p, IKEV2_XF_ESN, IKEV2_ESN_YES, 0);
	add_xf(p, IKEV2_XF_ESN, IKEV2_ESN_NO, 0);
	sample_ts(&m->tsi, false);
	sample_ts(&m->tsr, true);
	m->notify[0] = (struct ike_notify){ .proto = IKEV2_PROTO_ESP,
		.spi_size = 4, .type = IKEV2_N_REKEY_SA,
		.spi = { 0xc0, 0, 0, 3 } };
	m->n_notify = 1;
	m->del[0] = (struct ike_delete){ IKEV2_PROTO_ESP, 4, 2,
					 { del_spis, 8 } };
	m->del[1] = (struct ike_delete){ IKEV2_PROTO_IKE, 0, 0, { NULL, 0 } };
	m->n_delete = 2;
	for (size_t i = 0; i < sizeof(types); i++)
		ike_msg_add(m, types[i]);
}

static bool same_chunk(const struct ike_chunk *a, const struct ike_chunk *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->ptr, b->ptr, a->len));
}

static bool same_notify(const struct ike_notify *a, const struct ike_notify *b)
{
	return a->proto == b->proto && a->spi_size == b->spi_size &&
	       a->type == b->type && !memcmp(a->spi, b->spi, a->spi_size) &&
	       same_chunk(&a->data, &b->data);
}

static bool same_sa(const struct ike_sa *a, const struct ike_sa *b)
{
	if (a->n_prop != b->n_prop)
		return false;
	for (unsigned int i = 0; i < a->n_prop; i++) {
		const struct ike_proposal *p = &a->prop[i], *q = &b->prop[i];

		if (p->num != q->num || p->proto != q->proto ||
		    p->spi_size != q->spi_size || p->n_xf != q->n_xf ||
		    memcmp(p->spi, q->spi, p->spi_size) ||
		    memcmp(p->xf, q->xf, p->n_xf * sizeof(p->xf[0])))
			return false;
	}
	return true;
}

bool same_payloads(const struct ike_msg *a, const struct ike_msg *b)
{
	if (a->n_order != b->n_order ||
	    memcmp(a->order, b->order, a->n_order) ||
	    a->n_notify != b->n_notify || a->n_delete != b->n_delete)
		return false;
	for (unsigned int i = 0; i < a->n_notify; i++)
		if (!same_notify(&a->notify[i], &b->notify[i]))
			return false;
	for (unsigned int i = 0; i < a->n_delete; i++)
		if (a->del[i].proto != b->del[i].proto ||
		    a->del[i].n_spi != b->del[i].n_spi ||
		    !same_chunk(&a->del[i].spis, &b->del[i].spis))
			return false;
	return same_sa(&a->sa, &b->sa) && a->ke.group == b->ke.group &&
	       same_chunk(&a->ke.data, &b->ke.data) &&
	       same_chunk(&a->nonce, &b->nonce) &&
	       a->idi.type == b->idi.type && same_chunk(&a->idi.data, &b->idi.data) &&
	       a->idr.type == b->idr.type && same_chunk(&a->idr.data, &b->idr.data) &&
	       a->auth.method == b->auth.method &&
	       same_chunk(&a->auth.data, &b->auth.data) &&
	       !memcmp(&a->tsi, &b->tsi, sizeof(a->tsi)) &&
	       !memcmp(&a->tsr, &b->tsr, sizeof(a->tsr));
}
