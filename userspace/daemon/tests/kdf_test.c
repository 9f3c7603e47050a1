// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * prf, prf+ and the key schedule against known answers that
 * tests/gen_vectors.py computed with Python's hmac/hashlib at test
 * generation time (pasted into tests/vectors.h), not with this code.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "keys.h"
#include "prf.h"
#include "testutil.h"
#include "vectors.h"

struct kat {
	uint8_t ni[32], nr[32], spi_i[8], spi_r[8], gir[32], gir2[32];
	struct ike_chunk cni, cnr, cgir, cgir2;
};

static void load(struct kat *k)
{
	hex2bin(V_NI, k->ni, 32);
	hex2bin(V_NR, k->nr, 32);
	hex2bin(V_SPI_I, k->spi_i, 8);
	hex2bin(V_SPI_R, k->spi_r, 8);
	hex2bin(V_GIR, k->gir, 32);
	hex2bin(V_GIR2, k->gir2, 32);
	k->cni = (struct ike_chunk){ k->ni, 32 };
	k->cnr = (struct ike_chunk){ k->nr, 32 };
	k->cgir = (struct ike_chunk){ k->gir, 32 };
	k->cgir2 = (struct ike_chunk){ k->gir2, 32 };
}

/* AES-GCM-16 with a 256-bit key: 36 octets of SK_e, no SK_a */
static const struct ike_key_sizes gcm256 = { .encr = 36, .integ = 0 };

TEST(prfplus_multi_block)
{
	uint8_t key[32], out[100], want[100];
	struct ike_chunk seed = { (const uint8_t *)"zonesec prf+ seed", 17 };

	hex2bin(V_PRFPLUS_KEY, key, sizeof(key));
	ASSERT_EQ(100, hex2bin(V_PRFPLUS_OUT, want, sizeof(want)));
	ASSERT_EQ(IKE_OK, ike_prfplus(key, 32, &seed, 1, out, 100));
	EXPECT_EQ(0, memcmp(out, want, 100));
	/* shorter output is a prefix: T1 does not depend on the length */
	ASSERT_EQ(IKE_OK, ike_prfplus(key, 32, &seed, 1, out, 7));
	EXPECT_EQ(0, memcmp(out, want, 7));
	EXPECT_EQ(IKE_ERR_INVALID,
		  ike_prfplus(key, 32, &seed, 1, out, IKE_PRFPLUS_MAX + 1));
}

TEST(skeyseed)
{
	struct kat k;
	uint8_t s[32], want[32];

	load(&k);
	hex2bin(V_SKEYSEED, want, 32);
	ASSERT_EQ(IKE_OK, ike_skeyseed(&k.cni, &k.cnr, &k.cgir, s));
	EXPECT_EQ(0, memcmp(s, want, 32));
}

TEST(ike_sa_keys)
{
	struct kat k;
	struct ike_keys keys;
	uint8_t seed[32], w[36];

	load(&k);
	hex2bin(V_SKEYSEED, seed, 32);
	ASSERT_EQ(IKE_OK, ike_keys_derive(seed, &gcm256, &k.cni, &k.cnr,
					  k.spi_i, k.spi_r, &keys));
	hex2bin(V_SK_D, w, 32);
	EXPECT_EQ(0, memcmp(keys.sk_d, w, 32));
	hex2bin(V_SK_EI, w, 36);
	EXPECT_EQ(0, memcmp(keys.sk_ei, w, 36));
	hex2bin(V_SK_ER, w, 36);
	EXPECT_EQ(0, memcmp(keys.sk_er, w, 36));
	hex2bin(V_SK_PI, w, 32);
	EXPECT_EQ(0, memcmp(keys.sk_pi, w, 32));
	hex2bin(V_SK_PR, w, 32);
	EXPECT_EQ(0, memcmp(keys.sk_pr, w, 32));
	ike_keys_wipe(&keys);
	for (size_t i = 0; i < sizeof(keys.sk_d); i++)
		ASSERT_EQ(0, keys.sk_d[i]);
}

TEST(child_sa_keys)
{
	struct kat k;
	struct ike_child_keys ck;
	uint8_t sk_d[32], w[72];

	load(&k);
	hex2bin(V_SK_D, sk_d, 32);
	ASSERT_EQ(IKE_OK, ike_child_keys_derive(sk_d, &gcm256, NULL, &k.cni,
						&k.cnr, &ck));
	hex2bin(V_CHILD, w, 72);
	EXPECT_EQ(0, memcmp(ck.encr_i, w, 36));
	EXPECT_EQ(0, memcmp(ck.encr_r, w + 36, 36));
	/* with PFS, g^ir (new) goes first in the seed */
	ASSERT_EQ(IKE_OK, ike_child_keys_derive(sk_d, &gcm256, &k.cgir2,
						&k.cni, &k.cnr, &ck));
	hex2bin(V_CHILD_PFS, w, 72);
	EXPECT_EQ(0, memcmp(ck.encr_i, w, 36));
	EXPECT_EQ(0, memcmp(ck.encr_r, w + 36, 36));
	ike_child_keys_wipe(&ck);
}

TEST(ike_rekey_skeyseed)
{
	struct kat k;
	uint8_t sk_d[32], s[32], want[32];

	load(&k);
	hex2bin(V_SK_D, sk_d, 32);
	hex2bin(V_REKEY_SKEYSEED, want, 32);
	ASSERT_EQ(IKE_OK, ike_skeyseed_rekey(sk_d, &k.cgir2, &k.cni, &k.cnr, s));
	EXPECT_EQ(0, memcmp(s, want, 32));
}

/* The whole rekeyed IKE SA as ike_rekey.c derives it: SKEYSEED from the
 * old SK_d, then prf+ with the new nonces and SPIs (2.18). */
TEST(ike_rekey_full_key_set)
{
	uint8_t sk_d[32], ni2[32], nr2[32], spi_i2[8], spi_r2[8], s[32];
	uint8_t ks[3 * 32 + 2 * 36];
	struct ike_chunk cni2 = { ni2, 32 }, cnr2 = { nr2, 32 };
	struct ike_keys keys;
	struct kat k;

	load(&k);
	hex2bin(V_SK_D, sk_d, 32);
	hex2bin(V_NI2, ni2, 32);
	hex2bin(V_NR2, nr2, 32);
	hex2bin(V_SPI_I2, spi_i2, 8);
	hex2bin(V_SPI_R2, spi_r2, 8);
	hex2bin(V_REKEY_KS, ks, sizeof(ks));
	ASSERT_EQ(IKE_OK, ike_skeyseed_rekey(sk_d, &k.cgir2, &cni2, &cnr2, s));
	ASSERT_EQ(IKE_OK, ike_keys_derive(s, &gcm256, &cni2, &cnr2, spi_i2,
					  spi_r2, &keys));
	EXPECT_EQ(0, memcmp(keys.sk_d, ks, 32));
	EXPECT_EQ(0, memcmp(keys.sk_ei, ks + 32, 36));
	EXPECT_EQ(0, memcmp(keys.sk_er, ks + 68, 36));
	EXPECT_EQ(0, memcmp(keys.sk_pi, ks + 104, 32));
	EXPECT_EQ(0, memcmp(keys.sk_pr, ks + 136, 32));
	ike_keys_wipe(&keys);
}

TEST(keymat_sizes)
{
	EXPECT_EQ(20, ike_encr_keymat_len(IKEV2_ENCR_AES_GCM_16, 128));
	EXPECT_EQ(36, ike_encr_keymat_len(IKEV2_ENCR_AES_GCM_16, 256));
	EXPECT_EQ(0, ike_encr_keymat_len(IKEV2_ENCR_AES_GCM_16, 0));
	EXPECT_EQ(36, ike_encr_keymat_len(IKEV2_ENCR_CHACHA20_POLY1305, 0));
	EXPECT_EQ(0, ike_encr_keymat_len(IKEV2_ENCR_CHACHA20_POLY1305, 256));
	EXPECT_EQ(0, ike_encr_keymat_len(IKEV2_ENCR_AES_CBC, 128));
}

TEST_HARNESS_MAIN
