// SPDX-License-Identifier: GPL-2.0-or-later
/* Key exchange: two fresh key pairs agree; bad public values are refused. */
#include <string.h>

#include "dh.h"
#include "kselftest_harness.h"

static void agree(struct __test_metadata *_metadata, uint16_t group,
		  size_t pub_len)
{
	struct ike_dh *a = ike_dh_new(group), *b = ike_dh_new(group);
	uint8_t pa[64], pb[64], sa[32], sb[32];
	size_t la = 0, lb = 0, n1 = 0, n2 = 0;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(IKE_OK, ike_dh_public(a, pa, sizeof(pa), &la));
	ASSERT_EQ(IKE_OK, ike_dh_public(b, pb, sizeof(pb), &lb));
	EXPECT_EQ(pub_len, la);
	EXPECT_EQ(pub_len, lb);
	EXPECT_NE(0, memcmp(pa, pb, la));
	ASSERT_EQ(IKE_OK, ike_dh_shared(a, pb, lb, sa, sizeof(sa), &n1));
	ASSERT_EQ(IKE_OK, ike_dh_shared(b, pa, la, sb, sizeof(sb), &n2));
	EXPECT_EQ(32, n1);
	EXPECT_EQ(32, n2);
	EXPECT_EQ(0, memcmp(sa, sb, 32));
	/* wrong lengths are refused before any crypto */
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD,
		  ike_dh_shared(a, pb, lb - 1, sa, sizeof(sa), &n1));
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD,
		  ike_dh_shared(a, pb, 0, sa, sizeof(sa), &n1));
	ike_dh_free(a);
	ike_dh_free(b);
}

TEST(x25519_agreement)
{
	agree(_metadata, IKEV2_DH_CURVE25519, 32);
}

TEST(ecp256_agreement)
{
	agree(_metadata, IKEV2_DH_ECP_256, 64);
}

TEST(ecp256_point_off_curve)
{
	struct ike_dh *a = ike_dh_new(IKEV2_DH_ECP_256);
	uint8_t pub[64], s[32];
	size_t n = 0;

	ASSERT_NE(NULL, a);
	ASSERT_EQ(IKE_OK, ike_dh_public(a, pub, sizeof(pub), &n));
	pub[63] ^= 0x01;	/* y no longer matches x */
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, ike_dh_shared(a, pub, 64, s, 32, &n));
	ike_dh_free(a);
}

TEST(x25519_low_order_point)
{
	struct ike_dh *a = ike_dh_new(IKEV2_DH_CURVE25519);
	uint8_t zero[32] = { 0 }, s[32];
	size_t n = 0;

	ASSERT_NE(NULL, a);
	/* RFC 8031 2.3: an all-zero shared secret must be refused */
	EXPECT_EQ(IKE_ERR_BAD_PAYLOAD, ike_dh_shared(a, zero, 32, s, 32, &n));
	ike_dh_free(a);
}

TEST(unknown_group)
{
	EXPECT_EQ(NULL, ike_dh_new(IKEV2_DH_MODP_2048));
	EXPECT_EQ(0, ike_dh_public_len(IKEV2_DH_MODP_2048));
	EXPECT_TRUE(ike_dh_supported(IKEV2_DH_CURVE25519));
	EXPECT_TRUE(ike_dh_supported(IKEV2_DH_ECP_256));
}

TEST_HARNESS_MAIN
