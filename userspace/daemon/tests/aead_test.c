// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AEAD and the SK payload.  Known answers come from Python's
 * 'cryptography' package (tests/gen_vectors.py); the SK tests build,
 * seal, parse and open whole messages and then flip single bits.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "buf.h"
#include "keys.h"
#include "sk.h"
#include "testutil.h"
#include "vectors.h"

static void kat(struct __test_metadata *_metadata, uint16_t id,
		uint16_t bits, const char *km_hex, const char *ct_hex)
{
	uint8_t km[36], aad[64], pt[64], iv[8], ct[80], buf[64], icv[16];
	size_t kml = hex2bin(km_hex, km, sizeof(km));
	size_t al = hex2bin(V_AEAD_AAD, aad, sizeof(aad));
	size_t pl = hex2bin(V_AEAD_PT, pt, sizeof(pt));
	struct ike_aead a;

	hex2bin(V_AEAD_IV, iv, 8);
	ASSERT_EQ(pl + 16, hex2bin(ct_hex, ct, sizeof(ct)));
	ASSERT_EQ(IKE_OK, ike_aead_init(&a, id, bits, km, kml));
	memcpy(buf, pt, pl);
	ASSERT_EQ(IKE_OK, ike_aead_seal(&a, iv, aad, al, buf, pl, icv));
	EXPECT_EQ(0, memcmp(buf, ct, pl));
	EXPECT_EQ(0, memcmp(icv, ct + pl, 16));
	ASSERT_EQ(IKE_OK, ike_aead_open(&a, iv, aad, al, ct, pl, buf, ct + pl));
	EXPECT_EQ(0, memcmp(buf, pt, pl));
	ike_aead_wipe(&a);
}

TEST(aes_gcm_128_known_answer)
{
	kat(_metadata, IKEV2_ENCR_AES_GCM_16, 128, V_GCM128_KM, V_GCM128_CT);
}

TEST(aes_gcm_256_known_answer)
{
	kat(_metadata, IKEV2_ENCR_AES_GCM_16, 256, V_GCM256_KM, V_GCM256_CT);
}

TEST(chacha20_poly1305_known_answer)
{
	kat(_metadata, IKEV2_ENCR_CHACHA20_POLY1305, 0, V_CHACHA_KM,
	    V_CHACHA_CT);
}

TEST(init_refuses_wrong_keymat)
{
	uint8_t km[36] = { 0 };
	struct ike_aead a;

	EXPECT_EQ(IKE_ERR_INVALID,
		  ike_aead_init(&a, IKEV2_ENCR_AES_GCM_16, 128, km, 36));
	EXPECT_EQ(IKE_ERR_INVALID,
		  ike_aead_init(&a, IKEV2_ENCR_CHACHA20_POLY1305, 0, km, 32));
	EXPECT_EQ(IKE_ERR_INVALID, ike_aead_init(&a, IKEV2_ENCR_AES_CBC, 128,
						 km, 20));
}

FIXTURE(sk)
{
	struct ike_aead tx, rx;
	uint8_t msg[IKE_MSG_MAX];
	uint8_t plain[IKE_MSG_MAX];
	size_t len;
	struct ike_msg m;
};

FIXTURE_VARIANT(sk)
{
	uint16_t id;
	uint16_t bits;
};

FIXTURE_VARIANT_ADD(sk, gcm128) { .id = IKEV2_ENCR_AES_GCM_16, .bits = 128 };
FIXTURE_VARIANT_ADD(sk, gcm256) { .id = IKEV2_ENCR_AES_GCM_16, .bits = 256 };
FIXTURE_VARIANT_ADD(sk, chacha) { .id = IKEV2_ENCR_CHACHA20_POLY1305 };

/* An IKE_AUTH request sealed with SK_ei, as the initiator sends it. */
FIXTURE_SETUP(sk)
{
	uint8_t km[36];
	size_t kml = ike_encr_keymat_len(variant->id, variant->bits);
	struct ike_sk_layout l;

	hex2bin(V_SK_EI, km, sizeof(km));
	ASSERT_EQ(IKE_OK, ike_aead_init(&self->tx, variant->id, variant->bits,
					km, kml));
	self->rx = self->tx;
	sample_auth(&self->m);
	ASSERT_EQ(IKE_OK, ike_msg_build(&self->m, &l, self->msg,
					sizeof(self->msg), &self->len));
	ASSERT_EQ(IKEV2_PL_SK, self->msg[IKEV2_HDR_NEXT_OFF]);
	ASSERT_EQ(IKEV2_HDR_LEN + 4, l.iv_off);
	ASSERT_EQ(IKE_OK, ike_sk_seal(&self->tx, self->msg, &l));
}

FIXTURE_TEARDOWN(sk)
{
	ike_aead_wipe(&self->tx);
	ike_aead_wipe(&self->rx);
}

static enum ike_err open_msg(FIXTURE_DATA(sk) *self, struct ike_msg *p)
{
	enum ike_err err = ike_msg_parse(p, self->msg, self->len);

	if (err)
		return err;
	return ike_sk_open(&self->rx, p, self->plain, sizeof(self->plain));
}

TEST_F(sk, round_trip)
{
	struct ike_msg p;

	ASSERT_EQ(IKE_OK, open_msg(self, &p));
	EXPECT_TRUE(p.has_sk);
	EXPECT_TRUE(same_payloads(&self->m, &p));
	/* the second message gets the next IV */
	EXPECT_EQ(1, self->tx.next_iv);
	EXPECT_EQ(0, memcmp(self->msg + IKEV2_HDR_LEN + 4,
			    "\0\0\0\0\0\0\0\0", 8));
}

TEST_F(sk, tamper_anywhere_detected)
{
	struct ike_msg p;

	/* header (AAD), SK header (AAD), IV, ciphertext, ICV */
	size_t spots[] = { 0, IKEV2_HDR_MSGID_OFF + 3, IKEV2_HDR_LEN + 1,
			   IKEV2_HDR_LEN + 4, IKEV2_HDR_LEN + 12,
			   self->len / 2, self->len - 1 };

	for (size_t i = 0; i < sizeof(spots) / sizeof(spots[0]); i++) {
		self->msg[spots[i]] ^= 0x01;
		EXPECT_EQ(IKE_ERR_DECRYPT, open_msg(self, &p))
			TH_LOG("flipped octet %zu", spots[i]);
		self->msg[spots[i]] ^= 0x01;
	}
	ASSERT_EQ(IKE_OK, open_msg(self, &p));
}

TEST_F(sk, wrong_key_detected)
{
	struct ike_msg p;

	self->rx.key[0] ^= 0x80;
	EXPECT_EQ(IKE_ERR_DECRYPT, open_msg(self, &p));
	self->rx.key[0] ^= 0x80;
	self->rx.salt[3] ^= 0x01;
	EXPECT_EQ(IKE_ERR_DECRYPT, open_msg(self, &p));
}

TEST_F(sk, short_body_refused)
{
	struct ike_msg p;

	/* shrink the SK payload to IV + ICV: no room for the pad length */
	self->len = IKEV2_HDR_LEN + 4 + 8 + 16;
	put_be16(self->msg + IKEV2_HDR_LEN + 2, 4 + 8 + 16);
	put_be32(self->msg + IKEV2_HDR_LENGTH_OFF, (uint32_t)self->len);
	EXPECT_EQ(IKE_ERR_SK_SHORT, open_msg(self, &p));
}

TEST_HARNESS_MAIN
