// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Codec round trips: every payload type we build parses back to what we
 * built, and building the parsed message gives the same octets again.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "payload.h"
#include "testutil.h"

static uint8_t buf[IKE_MSG_MAX], buf2[IKE_MSG_MAX];

/* build -> parse -> compare -> build again -> same octets */
static void round_trip(struct __test_metadata *_metadata,
		       const struct ike_msg *m)
{
	struct ike_msg p;
	size_t len = 0, len2 = 0;

	ASSERT_EQ(IKE_OK, ike_msg_build(m, NULL, buf, sizeof(buf), &len));
	ASSERT_EQ(IKE_OK, ike_msg_parse(&p, buf, len));
	EXPECT_EQ(len, p.hdr.length);
	EXPECT_EQ(m->hdr.exchange, p.hdr.exchange);
	EXPECT_EQ(m->hdr.flags, p.hdr.flags);
	EXPECT_EQ(m->hdr.msgid, p.hdr.msgid);
	EXPECT_EQ(IKEV2_VERSION, p.hdr.version);
	EXPECT_EQ(0, memcmp(m->hdr.spi_i, p.hdr.spi_i, IKE_SPI_LEN));
	EXPECT_EQ(0, memcmp(m->hdr.spi_r, p.hdr.spi_r, IKE_SPI_LEN));
	EXPECT_TRUE(same_payloads(m, &p));
	ASSERT_EQ(IKE_OK, ike_msg_build(&p, NULL, buf2, sizeof(buf2), &len2));
	ASSERT_EQ(len, len2);
	EXPECT_EQ(0, memcmp(buf, buf2, len));
}

TEST(sa_init_round_trip)
{
	struct ike_msg m;

	sample_sa_init(&m);
	round_trip(_metadata, &m);
}

TEST(sa_init_wire_layout)
{
	struct ike_msg m;
	size_t len = 0;

	sample_sa_init(&m);
	ASSERT_EQ(IKE_OK, ike_msg_build(&m, NULL, buf, sizeof(buf), &len));
	EXPECT_EQ(IKEV2_PL_SA, buf[IKEV2_HDR_NEXT_OFF]);
	EXPECT_EQ(0x20, buf[IKEV2_HDR_VERSION_OFF]);
	EXPECT_EQ(34, buf[IKEV2_HDR_EXCHANGE_OFF]);
	EXPECT_EQ(len, get_be32(buf + IKEV2_HDR_LENGTH_OFF));
	/* SA generic header, then proposal 1: more, num 1, IKE, 5 xforms */
	EXPECT_EQ(IKEV2_PL_KE, buf[28]);
	EXPECT_EQ(IKEV2_PROPOSAL_MORE, buf[32]);
	EXPECT_EQ(1, buf[36]);
	EXPECT_EQ(IKEV2_PROTO_IKE, buf[37]);
	EXPECT_EQ(5, buf[39]);
	/* first transform: ENCR 20 with Key Length 256 as TV attribute */
	EXPECT_EQ(IKEV2_TRANSFORM_MORE, buf[40]);
	EXPECT_EQ(12, get_be16(buf + 42));
	EXPECT_EQ(IKEV2_XF_ENCR, buf[44]);
	EXPECT_EQ(20, get_be16(buf + 46));
	EXPECT_EQ(0x800e, get_be16(buf + 48));
	EXPECT_EQ(256, get_be16(buf + 50));
}

TEST(auth_payloads_round_trip)
{
	struct ike_msg m;

	sample_auth(&m);
	round_trip(_metadata, &m);
}

TEST(id_types_round_trip)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t keyid[] = { 0xde, 0xad, 0xbe, 0xef };
	struct ike_msg m = { .hdr.exchange = IKEV2_EXCH_IKE_AUTH };

	m.idi = (struct ike_id){ .type = IKEV2_ID_KEY_ID,
				 .data = { keyid, sizeof(keyid) } };
	m.idr = (struct ike_id){ .type = IKEV2_ID_IPV6_ADDR, .data = { v6, 16 } };
	ike_msg_add(&m, IKEV2_PL_IDI);
	ike_msg_add(&m, IKEV2_PL_IDR);
	round_trip(_metadata, &m);
}

TEST(id_body_is_rest_of_id_payload)
{
	static const uint8_t fqdn[] = "gw.example";
	struct ike_msg m = { .hdr.exchange = IKEV2_EXCH_IKE_AUTH }, p;
	size_t len = 0;

	m.idi = (struct ike_id){ .type = IKEV2_ID_FQDN, .data = { fqdn, 10 } };
	ike_msg_add(&m, IKEV2_PL_IDI);
	ASSERT_EQ(IKE_OK, ike_msg_build(&m, NULL, buf, sizeof(buf), &len));
	ASSERT_EQ(IKE_OK, ike_msg_parse(&p, buf, len));
	ASSERT_EQ(14, p.idi.body.len);
	EXPECT_EQ(IKEV2_ID_FQDN, p.idi.body.ptr[0]);
	EXPECT_EQ(0, memcmp(p.idi.body.ptr + 4, fqdn, 10));
}

TEST(notify_cookie_and_errors)
{
	static const uint8_t cookie[16] = { 0xc0, 0x0c, [15] = 0x1e };
	struct ike_msg m = { .hdr.exchange = IKEV2_EXCH_IKE_SA_INIT }, p;
	uint16_t types[] = { IKEV2_N_COOKIE, IKEV2_N_NO_PROPOSAL_CHOSEN,
			     IKEV2_N_INVALID_KE_PAYLOAD,
			     IKEV2_N_AUTHENTICATION_FAILED,
			     IKEV2_N_TS_UNACCEPTABLE };
	uint8_t group[2] = { 0, IKEV2_DH_ECP_256 };
	size_t len = 0;

	for (unsigned int i = 0; i < 5; i++) {
		m.notify[i].type = types[i];
		ike_msg_add(&m, IKEV2_PL_NOTIFY);
	}
	m.notify[0].data = (struct ike_chunk){ cookie, sizeof(cookie) };
	m.notify[2].data = (struct ike_chunk){ group, 2 };
	m.n_notify = 5;
	round_trip(_metadata, &m);
	ASSERT_EQ(IKE_OK, ike_msg_build(&m, NULL, buf, sizeof(buf), &len));
	ASSERT_EQ(IKE_OK, ike_msg_parse(&p, buf, len));
	ASSERT_NE(NULL, ike_msg_notify(&p, IKEV2_N_COOKIE));
	EXPECT_EQ(16, ike_msg_notify(&p, IKEV2_N_COOKIE)->data.len);
	EXPECT_EQ(NULL, ike_msg_notify(&p, IKEV2_N_INITIAL_CONTACT));
}

TEST(informational_empty_and_delete)
{
	struct ike_msg m = { .hdr.exchange = IKEV2_EXCH_INFORMATIONAL };

	round_trip(_metadata, &m);	/* liveness check: no payloads */
	m.del[0] = (struct ike_delete){ IKEV2_PROTO_IKE, 0, 0, { NULL, 0 } };
	m.n_delete = 1;
	ike_msg_add(&m, IKEV2_PL_DELETE);
	round_trip(_metadata, &m);
}

/* A message with payloads we tolerate but do not keep. */
static size_t with_extra(uint8_t type, uint8_t flags)
{
	struct ike_msg m;
	size_t len = 0, off;
	uint8_t *ext;

	sample_sa_init(&m);
	ike_msg_build(&m, NULL, buf, sizeof(buf), &len);
	/* append <type> after the last notify: fix the chain and length */
	off = IKEV2_HDR_LEN;
	while (buf[off])
		off += get_be16(buf + off + 2);
	buf[off] = type;
	ext = buf + len;
	ext[0] = 0;
	ext[1] = flags;
	put_be16(ext + 2, 12);
	memset(ext + 4, 0x77, 8);
	len += 12;
	put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)len);
	return len;
}

TEST(vendor_certreq_unknown_skipped)
{
	uint8_t types[] = { IKEV2_PL_VENDOR, IKEV2_PL_CERTREQ, 200 };
	struct ike_msg p;

	for (unsigned int i = 0; i < sizeof(types); i++) {
		size_t len = with_extra(types[i], 0);

		ASSERT_EQ(IKE_OK, ike_msg_parse(&p, buf, len));
		EXPECT_EQ(1, p.n_skipped);
		EXPECT_EQ(5, p.n_order);
	}
	/* the critical bit only matters for types we do not know */
	ASSERT_EQ(IKE_OK, ike_msg_parse(&p, buf, with_extra(IKEV2_PL_VENDOR,
							   IKEV2_CRITICAL)));
}

TEST(unknown_critical_refused)
{
	struct ike_msg p;
	size_t len = with_extra(200, IKEV2_CRITICAL);

	EXPECT_EQ(IKE_ERR_CRITICAL, ike_msg_parse(&p, buf, len));
	EXPECT_EQ(200, p.unsupported_type);
}

TEST(critical_bit_on_known_ignored)
{
	struct ike_msg m, p;
	size_t len = 0;

	sample_sa_init(&m);
	ike_msg_build(&m, NULL, buf, sizeof(buf), &len);
	buf[IKEV2_HDR_LEN + 1] = IKEV2_CRITICAL;	/* on the SA payload */
	EXPECT_EQ(IKE_OK, ike_msg_parse(&p, buf, len));
}

TEST(unknown_attribute_marks_transform)
{
	struct ike_msg m, p;
	size_t len = 0;

	sample_sa_init(&m);
	ike_msg_build(&m, NULL, buf, sizeof(buf), &len);
	/* turn the first Key Length attribute into unknown TV type 15 */
	ASSERT_EQ(0x800e, get_be16(buf + 48));
	put_be16(buf + 48, 0x800f);
	ASSERT_EQ(IKE_OK, ike_msg_parse(&p, buf, len));
	EXPECT_TRUE(p.sa.prop[0].xf[0].unknown_attr);
	EXPECT_FALSE(p.sa.prop[0].xf[1].unknown_attr);
	EXPECT_EQ(128, p.sa.prop[0].xf[1].keylen);
}

TEST(reply_keeps_proposal_number)
{
	struct ike_msg m, p;
	size_t len = 0;

	sample_sa_init(&m);
	m.sa.prop[0] = m.sa.prop[1];	/* answer with proposal 2 alone */
	m.sa.n_prop = 1;
	ASSERT_EQ(IKE_OK, ike_msg_build(&m, NULL, buf, sizeof(buf), &len));
	ASSERT_EQ(IKE_OK, ike_msg_parse(&p, buf, len));
	EXPECT_EQ(2, p.sa.prop[0].num);
}

TEST(build_refuses_bad_model)
{
	struct ike_msg m;
	size_t len = 0;

	sample_sa_init(&m);
	ike_msg_add(&m, IKEV2_PL_SA);			/* SA twice */
	EXPECT_EQ(IKE_ERR_INVALID,
		  ike_msg_build(&m, NULL, buf, sizeof(buf), &len));
	sample_sa_init(&m);
	m.nonce.len = 8;				/* below 16 */
	EXPECT_EQ(IKE_ERR_INVALID,
		  ike_msg_build(&m, NULL, buf, sizeof(buf), &len));
	sample_sa_init(&m);
	EXPECT_EQ(IKE_ERR_NOSPACE, ike_msg_build(&m, NULL, buf, 60, &len));
	sample_sa_init(&m);
	m.n_notify = 1;				/* 2 listed, 1 present */
	EXPECT_EQ(IKE_ERR_INVALID,
		  ike_msg_build(&m, NULL, buf, sizeof(buf), &len));
}

TEST_HARNESS_MAIN
