// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AUTH: PSK and Ed25519 against known answers from tests/gen_vectors.py
 * (Python hmac/hashlib and 'cryptography'), plus refusals.
 */
#include <string.h>

#include "auth.h"
#include "kselftest_harness.h"
#include "testutil.h"
#include "vectors.h"

struct in_buf {
	uint8_t msg[80], nr[32], sk_pi[32], id[32];
	struct ike_auth_input in;
};

static void load(struct in_buf *b)
{
	size_t ml = hex2bin(V_MSG1, b->msg, sizeof(b->msg));
	size_t il = hex2bin(V_ID_BODY, b->id, sizeof(b->id));

	hex2bin(V_NR, b->nr, 32);
	hex2bin(V_SK_PI, b->sk_pi, 32);
	b->in = (struct ike_auth_input){
		.message = { b->msg, ml }, .peer_nonce = { b->nr, 32 },
		.sk_p = b->sk_pi, .id_body = { b->id, il },
	};
}

static const uint8_t psk[] = "zonesec test psk";

TEST(id_body_layout)
{
	struct in_buf b;
	uint8_t out[64];
	size_t n = 0;
	struct ike_chunk fqdn = { (const uint8_t *)"gw-hq.example", 13 };

	load(&b);
	ASSERT_EQ(IKE_OK, ike_auth_id_body(IKEV2_ID_FQDN, &fqdn, out,
					   sizeof(out), &n));
	ASSERT_EQ(b.in.id_body.len, n);
	EXPECT_EQ(0, memcmp(out, b.id, n));
}

TEST(psk_known_answer)
{
	struct in_buf b;
	uint8_t out[32], want[32];

	load(&b);
	hex2bin(V_PSK_AUTH, want, 32);
	ASSERT_EQ(IKE_OK, ike_auth_psk(psk, sizeof(psk) - 1, &b.in, out));
	EXPECT_EQ(0, memcmp(out, want, 32));
}

TEST(psk_verify)
{
	struct in_buf b;
	uint8_t want[32];
	struct ike_chunk data = { want, 32 };

	load(&b);
	hex2bin(V_PSK_AUTH, want, 32);
	EXPECT_EQ(IKE_OK, ike_auth_psk_verify(psk, sizeof(psk) - 1, &b.in,
					      &data));
	/* wrong key, wrong nonce, truncated AUTH */
	EXPECT_EQ(IKE_ERR_AUTH, ike_auth_psk_verify(psk, sizeof(psk) - 2,
						    &b.in, &data));
	b.nr[0] ^= 1;
	EXPECT_EQ(IKE_ERR_AUTH, ike_auth_psk_verify(psk, sizeof(psk) - 1,
						    &b.in, &data));
	b.nr[0] ^= 1;
	data.len = 31;
	EXPECT_EQ(IKE_ERR_AUTH, ike_auth_psk_verify(psk, sizeof(psk) - 1,
						    &b.in, &data));
	EXPECT_EQ(IKE_ERR_INVALID, ike_auth_psk(psk, 0, &b.in, want));
}

static EVP_PKEY *known_key(void)
{
	uint8_t seed[32];

	hex2bin(V_ED_SEED, seed, 32);
	return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
}

TEST(ed25519_known_answer)
{
	struct in_buf b;
	EVP_PKEY *key = known_key();
	uint8_t out[IKE_AUTH_ED25519_LEN], sig[64];
	size_t n = 0;

	ASSERT_NE(NULL, key);
	load(&b);
	hex2bin(V_ED_SIG, sig, 64);
	ASSERT_EQ(IKE_OK, ike_auth_ed25519_sign(key, &b.in, out, sizeof(out),
						&n));
	ASSERT_EQ(72, n);
	/* RFC 7427: length 7, then SEQUENCE { OID 1.3.101.112 } */
	EXPECT_EQ(0, memcmp(out, "\x07\x30\x05\x06\x03\x2b\x65\x70", 8));
	EXPECT_EQ(0, memcmp(out + 8, sig, 64));	/* Ed25519 is deterministic */
	EVP_PKEY_free(key);
}

TEST(ed25519_verify_pinned)
{
	struct in_buf b;
	uint8_t pub[32], data[72];
	struct ike_chunk d = { data, 72 };
	EVP_PKEY *pk;

	load(&b);
	hex2bin(V_ED_PUB, pub, 32);
	pk = ike_ed25519_public(pub);
	ASSERT_NE(NULL, pk);
	memcpy(data, "\x07\x30\x05\x06\x03\x2b\x65\x70", 8);
	hex2bin(V_ED_SIG, data + 8, 64);
	EXPECT_EQ(IKE_OK, ike_auth_ed25519_verify(pk, &b.in, &d));
	data[20] ^= 0x04;			/* signature bit */
	EXPECT_EQ(IKE_ERR_AUTH, ike_auth_ed25519_verify(pk, &b.in, &d));
	data[20] ^= 0x04;
	data[7] = 0x71;				/* another algorithm */
	EXPECT_EQ(IKE_ERR_AUTH, ike_auth_ed25519_verify(pk, &b.in, &d));
	data[7] = 0x70;
	b.msg[0] ^= 1;				/* another exchange */
	EXPECT_EQ(IKE_ERR_AUTH, ike_auth_ed25519_verify(pk, &b.in, &d));
	b.msg[0] ^= 1;
	b.id[5] ^= 1;				/* another identity */
	EXPECT_EQ(IKE_ERR_AUTH, ike_auth_ed25519_verify(pk, &b.in, &d));
	EVP_PKEY_free(pk);
}

TEST(ed25519_wrong_pinned_key)
{
	struct in_buf b;
	EVP_PKEY *mine = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	uint8_t out[IKE_AUTH_ED25519_LEN];
	struct ike_chunk d = { out, sizeof(out) };
	size_t n = 0;

	ASSERT_NE(NULL, mine);
	ASSERT_NE(NULL, other);
	load(&b);
	ASSERT_EQ(IKE_OK, ike_auth_ed25519_sign(mine, &b.in, out, sizeof(out),
						&n));
	EXPECT_EQ(IKE_OK, ike_auth_ed25519_verify(mine, &b.in, &d));
	EXPECT_EQ(IKE_ERR_AUTH, ike_auth_ed25519_verify(other, &b.in, &d));
	EVP_PKEY_free(mine);
	EVP_PKEY_free(other);
}

TEST_HARNESS_MAIN
