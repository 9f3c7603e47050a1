// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Malformed input: every way of breaking a message that we know of maps
 * to its own drop reason, and no prefix of a valid message parses.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "payload.h"
#include "testutil.h"

static uint8_t buf[IKE_MSG_MAX + 64];
static size_t len;

/* Our sample IKE_SA_INIT; the SA payload's body starts at 32. */
static void init_msg(void)
{
	struct ike_msg m;

	sample_sa_init(&m);
	ike_msg_build(&m, NULL, buf, sizeof(buf), &len);
}

static enum ike_err parse(void)
{
	static struct ike_msg p;

	return ike_msg_parse(&p, buf, len);
}

/* A message of header + one payload of the given type and body. */
static void one_payload(uint8_t type, const uint8_t *body, size_t blen)
{
	struct ike_msg m = { .hdr.exchange = IKEV2_EXCH_INFORMATIONAL };

	ike_msg_build(&m, NULL, buf, sizeof(buf), &len);
	buf[IKEV2_HDR_NEXT_OFF] = type;
	buf[len] = 0;
	buf[len + 1] = 0;
	put_be16(buf + len + 2, (uint16_t)(4 + blen));
	if (blen)
		memcpy(buf + len + 4, body, blen);
	len += 4 + blen;
	put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)len);
}

TEST(truncated_header)
{
	init_msg();
	len = IKEV2_HDR_LEN - 1;
	EXPECT_EQ(IKE_ERR_TRUNCATED, parse());
	len = 0;
	EXPECT_EQ(IKE_ERR_TRUNCATED, parse());
}

TEST(header_length_vs_datagram)
{
	init_msg();
	len -= 1;			/* the datagram lost its last octet */
	EXPECT_EQ(IKE_ERR_TRUNCATED, parse());
	init_msg();
	buf[len++] = 0;			/* an octet more than the header says */
	EXPECT_EQ(IKE_ERR_LENGTH, parse());
}

TEST(too_big)
{
	init_msg();
	len = IKE_MSG_MAX + 1;
	EXPECT_EQ(IKE_ERR_TOO_BIG, parse());
}

TEST(bad_version_and_exchange)
{
	init_msg();
	buf[IKEV2_HDR_VERSION_OFF] = 0x10;
	EXPECT_EQ(IKE_ERR_VERSION, parse());
	buf[IKEV2_HDR_VERSION_OFF] = 0x21;	/* minor versions are fine */
	EXPECT_EQ(IKE_OK, parse());
	buf[IKEV2_HDR_EXCHANGE_OFF] = 33;
	EXPECT_EQ(IKE_ERR_EXCHANGE, parse());
}

TEST(payload_zero_length)
{
	init_msg();
	put_be16(buf + IKEV2_HDR_LEN + 2, 0);
	EXPECT_EQ(IKE_ERR_PAYLOAD_SHORT, parse());
	put_be16(buf + IKEV2_HDR_LEN + 2, 3);
	EXPECT_EQ(IKE_ERR_PAYLOAD_SHORT, parse());
}

TEST(payload_length_overrun)
{
	init_msg();
	put_be16(buf + IKEV2_HDR_LEN + 2, (uint16_t)(len - IKEV2_HDR_LEN + 1));
	EXPECT_EQ(IKE_ERR_PAYLOAD_OVERRUN, parse());
	put_be16(buf + IKEV2_HDR_LEN + 2, 0xffff);
	EXPECT_EQ(IKE_ERR_PAYLOAD_OVERRUN, parse());
}

TEST(payload_header_truncated)
{
	/* next payload says KE, but only 2 octets follow the header */
	init_msg();
	buf[IKEV2_HDR_NEXT_OFF] = IKEV2_PL_KE;
	len = IKEV2_HDR_LEN + 2;
	put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)len);
	EXPECT_EQ(IKE_ERR_PAYLOAD_TRUNC, parse());
}

TEST(too_many_payloads)
{
	struct ike_msg m = { .hdr.exchange = IKEV2_EXCH_INFORMATIONAL };
	uint8_t vid[4] = { 1, 2, 3, 4 };

	ike_msg_build(&m, NULL, buf, sizeof(buf), &len);
	buf[IKEV2_HDR_NEXT_OFF] = IKEV2_PL_VENDOR;
	for (int i = 0; i <= IKE_MAX_PAYLOADS; i++) {
		buf[len] = i == IKE_MAX_PAYLOADS ? 0 : IKEV2_PL_VENDOR;
		buf[len + 1] = 0;
		put_be16(buf + len + 2, 8);
		memcpy(buf + len + 4, vid, 4);
		len += 8;
	}
	put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)len);
	EXPECT_EQ(IKE_ERR_TOO_MANY_PAYLOADS, parse());
}

TEST(duplicate_payload)
{
	static const uint8_t nonce[16];

	one_payload(IKEV2_PL_NONCE, nonce, 16);
	EXPECT_EQ(IKE_OK, parse());
	/* chain a second nonce after the first */
	buf[IKEV2_HDR_LEN] = IKEV2_PL_NONCE;
	memcpy(buf + len, buf + IKEV2_HDR_LEN, 20);
	buf[len] = 0;
	len += 20;
	put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)len);
	EXPECT_EQ(IKE_ERR_DUPLICATE, parse());
}

/* Offsets in the sample: SA body 32, proposal 1 header 32..39,
 * transform 1 at 40. */
TEST(bad_sa_structure)
{
	init_msg();
	buf[32] = 1;				/* proposal "last" flag */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	buf[36] = 2;				/* proposal number */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	buf[39] = 4;				/* one transform too few */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	buf[39] = 6;				/* one transform too many */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	buf[38] = 9;				/* SPI size over 8 */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	put_be16(buf + 34, get_be16(buf + 34) + 4);	/* proposal overruns */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	put_be16(buf + 42, 7);			/* transform shorter than hdr */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	buf[40] = 0;				/* transform "last" too early */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	put_be16(buf + 48, 0x000e);		/* TV attr turned TLV: overrun */
	EXPECT_EQ(IKE_ERR_SA, parse());
	init_msg();
	buf[39] = 0;				/* no transforms at all */
	EXPECT_EQ(IKE_ERR_SA, parse());
}

TEST(empty_sa)
{
	one_payload(IKEV2_PL_SA, NULL, 0);
	EXPECT_EQ(IKE_ERR_SA, parse());
}

TEST(too_many_proposals)
{
	uint8_t body[(IKE_MAX_PROPOSALS + 1) * 16];

	for (int i = 0; i <= IKE_MAX_PROPOSALS; i++) {
		uint8_t *p = body + 16 * i;

		memset(p, 0, 16);
		p[0] = i == IKE_MAX_PROPOSALS ? 0 : IKEV2_PROPOSAL_MORE;
		put_be16(p + 2, 16);
		p[4] = i + 1;
		p[5] = IKEV2_PROTO_IKE;
		p[7] = 1;
		put_be16(p + 10, 8);
		p[12] = IKEV2_XF_PRF;
		put_be16(p + 14, IKEV2_PRF_HMAC_SHA2_256);
	}
	body[16 * (IKE_MAX_PROPOSALS - 1)] = IKEV2_LAST;
	one_payload(IKEV2_PL_SA, body, sizeof(body) - 16);
	EXPECT_EQ(IKE_OK, parse());		/* exactly the limit */
	body[16 * (IKE_MAX_PROPOSALS - 1)] = IKEV2_PROPOSAL_MORE;
	one_payload(IKEV2_PL_SA, body, sizeof(body));
	EXPECT_EQ(IKE_ERR_SA_LIMIT, parse());
}

TEST(bad_small_payloads)
{
	static const uint8_t z[64];
	static const uint8_t id4[] = { IKEV2_ID_IPV4_ADDR, 0, 0, 0, 1, 2, 3 };
	static const uint8_t n_spi[] = { 3, 3, 0x40, 0x06, 1, 2, 3 };
	static const uint8_t d_ike[] = { IKEV2_PROTO_IKE, 8, 0, 1 };
	static const uint8_t d_esp[] = { IKEV2_PROTO_ESP, 4, 0, 2, 1, 2, 3, 4 };

	one_payload(IKEV2_PL_NONCE, z, 15);
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, parse());
	one_payload(IKEV2_PL_KE, z, 4);		/* group, no data */
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, parse());
	one_payload(IKEV2_PL_IDI, id4, sizeof(id4));
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, parse());
	one_payload(IKEV2_PL_AUTH, z, 4);
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, parse());
	one_payload(IKEV2_PL_NOTIFY, n_spi, sizeof(n_spi));
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, parse());
	one_payload(IKEV2_PL_NOTIFY, z, 3);
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, parse());
	one_payload(IKEV2_PL_DELETE, d_ike, sizeof(d_ike));
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, parse());
	one_payload(IKEV2_PL_DELETE, d_esp, sizeof(d_esp));
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, parse());
}

TEST(bad_traffic_selectors)
{
	uint8_t ts[4 + 16] = { 1, 0, 0, 0, IKEV2_TS_IPV4_ADDR_RANGE, 0, 0, 16,
			       0, 0, 0xff, 0xff };

	one_payload(IKEV2_PL_TSI, ts, sizeof(ts));
	EXPECT_EQ(IKE_OK, parse());
	ts[0] = 0;				/* zero selectors */
	one_payload(IKEV2_PL_TSI, ts, sizeof(ts));
	EXPECT_EQ(IKE_ERR_TS, parse());
	ts[0] = 2;				/* says two, has one */
	one_payload(IKEV2_PL_TSR, ts, sizeof(ts));
	EXPECT_EQ(IKE_ERR_TS, parse());
	ts[0] = 1;
	ts[7] = 40;				/* v4 type with v6 length */
	one_payload(IKEV2_PL_TSR, ts, sizeof(ts));
	EXPECT_EQ(IKE_ERR_TS, parse());
	ts[7] = 16;
	ts[4] = 9;				/* unknown selector type */
	one_payload(IKEV2_PL_TSR, ts, sizeof(ts));
	EXPECT_EQ(IKE_ERR_TS, parse());
	ts[0] = IKE_MAX_TS + 1;
	one_payload(IKEV2_PL_TSR, ts, sizeof(ts));
	EXPECT_EQ(IKE_ERR_LIMIT, parse());
}

TEST(too_many_notifies)
{
	struct ike_msg m = { .hdr.exchange = IKEV2_EXCH_INFORMATIONAL };

	m.n_notify = IKE_MAX_NOTIFY;
	for (int i = 0; i < IKE_MAX_NOTIFY; i++) {
		m.notify[i].type = IKEV2_N_INITIAL_CONTACT;
		ike_msg_add(&m, IKEV2_PL_NOTIFY);
	}
	ASSERT_EQ(IKE_OK, ike_msg_build(&m, NULL, buf, sizeof(buf), &len));
	EXPECT_EQ(IKE_OK, parse());
	/* one more: append a copy of the last notify */
	buf[len - 8] = IKEV2_PL_NOTIFY;
	memcpy(buf + len, buf + len - 8, 8);
	buf[len] = 0;
	len += 8;
	put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)len);
	EXPECT_EQ(IKE_ERR_LIMIT, parse());
}

TEST(sk_placement)
{
	static const uint8_t z[40];
	static const uint8_t nonce[16];

	one_payload(IKEV2_PL_SK, z, sizeof(z));
	EXPECT_EQ(IKE_OK, parse());
	/* SK followed by another payload */
	one_payload(IKEV2_PL_SK, z, sizeof(z));
	put_be16(buf + IKEV2_HDR_LEN + 2, 20);
	EXPECT_EQ(IKE_ERR_SK_NOT_LAST, parse());
	/* a clear nonce, then SK */
	one_payload(IKEV2_PL_NONCE, nonce, sizeof(nonce));
	buf[IKEV2_HDR_LEN] = IKEV2_PL_SK;
	memset(buf + len, 0, 44);
	put_be16(buf + len + 2, 44);
	len += 44;
	put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)len);
	EXPECT_EQ(IKE_ERR_SK_MIXED, parse());
}

TEST(sk_inner_errors)
{
	static const uint8_t z[40];
	uint8_t plain[32] = { 0 };
	struct ike_msg p;

	one_payload(IKEV2_PL_SK, z, sizeof(z));
	ASSERT_EQ(IKE_OK, ike_msg_parse(&p, buf, len));
	ASSERT_TRUE(p.has_sk);
	/* an SK inside the SK */
	p.sk_first = IKEV2_PL_SK;
	plain[3] = 8;
	EXPECT_EQ(IKE_ERR_SK_NESTED, ike_msg_parse_inner(&p, plain, 9));
	/* pad length past the start of the plaintext */
	p.sk_first = IKEV2_PL_NONE;
	plain[8] = 9;
	EXPECT_EQ(IKE_ERR_PADDING, ike_msg_parse_inner(&p, plain, 9));
	plain[8] = 8;
	EXPECT_EQ(IKE_OK, ike_msg_parse_inner(&p, plain, 9));
}

TEST(every_prefix_refused)
{
	struct ike_msg m;
	size_t full;

	sample_auth(&m);
	ike_msg_build(&m, NULL, buf, sizeof(buf), &full);
	for (len = 0; len < full; len++) {
		/* the header keeps claiming the full length */
		EXPECT_NE(IKE_OK, parse());
	}
	/* and a header that agrees with the short datagram */
	for (len = IKEV2_HDR_LEN + 1; len < full; len++) {
		put_be32(buf + IKEV2_HDR_LENGTH_OFF, (uint32_t)len);
		EXPECT_NE(IKE_OK, parse());
	}
}

TEST(strerror_names_every_reason)
{
	for (int e = 0; e < IKE_ERR__MAX; e++)
		EXPECT_STRNE("unknown", ike_strerror(e));
	EXPECT_STREQ("unknown", ike_strerror(IKE_ERR__MAX));
}

TEST_HARNESS_MAIN
