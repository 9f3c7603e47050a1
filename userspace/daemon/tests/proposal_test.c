// SPDX-License-Identifier: GPL-2.0-or-later
/* Proposal selection: our order decides; anything unmatched is refused. */
#include <string.h>

#include "kselftest_harness.h"
#include "proposal.h"

static struct ike_choice ike(uint16_t encr, uint16_t bits, uint16_t dh)
{
	struct ike_choice c = { .proto = IKEV2_PROTO_IKE, .encr_keylen = bits };

	ike_choice_set(&c, IKEV2_XF_ENCR, encr);
	ike_choice_set(&c, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256);
	ike_choice_set(&c, IKEV2_XF_DH, dh);
	return c;
}

static struct ike_choice esp(uint16_t encr, uint16_t bits)
{
	struct ike_choice c = { .proto = IKEV2_PROTO_ESP, .encr_keylen = bits };

	ike_choice_set(&c, IKEV2_XF_ENCR, encr);
	ike_choice_set(&c, IKEV2_XF_ESN, IKEV2_ESN_NO);
	return c;
}

/* Ours, as the issue orders them: GCM-256, GCM-128, ChaCha; x25519
 * first, ECP-256 second. */
static const struct ike_choice *ours(size_t *n)
{
	static struct ike_choice c[6];

	c[0] = ike(IKEV2_ENCR_AES_GCM_16, 256, IKEV2_DH_CURVE25519);
	c[1] = ike(IKEV2_ENCR_AES_GCM_16, 128, IKEV2_DH_CURVE25519);
	c[2] = ike(IKEV2_ENCR_CHACHA20_POLY1305, 0, IKEV2_DH_CURVE25519);
	c[3] = ike(IKEV2_ENCR_AES_GCM_16, 256, IKEV2_DH_ECP_256);
	c[4] = ike(IKEV2_ENCR_AES_GCM_16, 128, IKEV2_DH_ECP_256);
	c[5] = ike(IKEV2_ENCR_CHACHA20_POLY1305, 0, IKEV2_DH_ECP_256);
	*n = 6;
	return c;
}

static void add(struct ike_proposal *p, uint8_t type, uint16_t id,
		uint16_t keylen)
{
	p->xf[p->n_xf++] = (struct ike_transform){ .type = type, .id = id,
						   .keylen = keylen };
}

static struct ike_proposal *prop(struct ike_sa *sa, uint8_t proto)
{
	struct ike_proposal *p = &sa->prop[sa->n_prop++];

	memset(p, 0, sizeof(*p));
	p->num = sa->n_prop;
	p->proto = proto;
	return p;
}

TEST(our_order_wins)
{
	struct ike_sa sa = { 0 };
	struct ike_proposal *p = prop(&sa, IKEV2_PROTO_IKE);
	struct ike_selected sel;
	size_t n;
	const struct ike_choice *c = ours(&n);

	/* the peer prefers ChaCha and ECP-256 but offers all */
	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_CHACHA20_POLY1305, 0);
	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 128);
	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	add(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_ECP_256, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	ASSERT_EQ(0, ike_proposal_select(c, n, &sa, &sel));
	EXPECT_EQ(0, sel.ours);
	EXPECT_EQ(256, sel.choice.encr_keylen);
	EXPECT_EQ(IKEV2_DH_CURVE25519, sel.choice.id[IKEV2_XF_DH]);
}

TEST(second_choice_ecp256)
{
	struct ike_sa sa = { 0 };
	struct ike_proposal *p = prop(&sa, IKEV2_PROTO_IKE);
	struct ike_selected sel;
	size_t n;
	const struct ike_choice *c = ours(&n);

	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 128);
	add(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_ECP_256, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_MODP_2048, 0);
	ASSERT_EQ(0, ike_proposal_select(c, n, &sa, &sel));
	EXPECT_EQ(4, sel.ours);
	EXPECT_EQ(1, sel.peer_num);
}

TEST(match_in_peers_second_proposal)
{
	struct ike_sa sa = { 0 };
	struct ike_proposal *p = prop(&sa, IKEV2_PROTO_IKE);
	struct ike_selected sel;
	size_t n;
	const struct ike_choice *c = ours(&n);

	/* proposal 1: CBC + HMAC, which we do not do */
	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_CBC, 256);
	add(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add(p, IKEV2_XF_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	p = prop(&sa, IKEV2_PROTO_IKE);
	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_CHACHA20_POLY1305, 0);
	add(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	ASSERT_EQ(0, ike_proposal_select(c, n, &sa, &sel));
	EXPECT_EQ(2, sel.ours);
	EXPECT_EQ(2, sel.peer_num);
}

TEST(no_proposal_chosen)
{
	struct ike_sa sa = { 0 };
	struct ike_proposal *p = prop(&sa, IKEV2_PROTO_IKE);
	struct ike_selected sel;
	size_t n;
	const struct ike_choice *c = ours(&n);

	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 192);	/* key size */
	add(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, n, &sa, &sel));
	p->xf[0].keylen = 0;			/* GCM without a key length */
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, n, &sa, &sel));
	p->xf[0].keylen = 128;
	p->xf[2].id = IKEV2_DH_MODP_2048;	/* group */
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, n, &sa, &sel));
	p->xf[2].id = IKEV2_DH_CURVE25519;
	p->proto = IKEV2_PROTO_ESP;		/* protocol */
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, n, &sa, &sel));
	p->proto = IKEV2_PROTO_IKE;
	p->xf[0].unknown_attr = true;		/* attribute we can't honour */
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, n, &sa, &sel));
	p->xf[0].unknown_attr = false;
	n = 0;					/* nothing configured */
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, n, &sa, &sel));
}

TEST(aead_with_integrity_refused)
{
	struct ike_sa sa = { 0 };
	struct ike_proposal *p = prop(&sa, IKEV2_PROTO_IKE);
	struct ike_selected sel;
	size_t n;
	const struct ike_choice *c = ours(&n);

	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	add(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add(p, IKEV2_XF_INTEG, IKEV2_INTEG_HMAC_SHA2_256_128, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, n, &sa, &sel));
	p->xf[2].id = IKEV2_INTEG_NONE;		/* explicit NONE is fine */
	EXPECT_EQ(0, ike_proposal_select(c, n, &sa, &sel));
}

TEST(child_sa_esn_and_pfs)
{
	struct ike_choice c[2] = { esp(IKEV2_ENCR_AES_GCM_16, 256),
				   esp(IKEV2_ENCR_AES_GCM_16, 128) };
	struct ike_sa sa = { 0 };
	struct ike_proposal *p = prop(&sa, IKEV2_PROTO_ESP);
	struct ike_selected sel;

	p->spi_size = 4;
	memcpy(p->spi, "\xc1\x00\x00\x01", 4);
	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 128);
	add(p, IKEV2_XF_ESN, IKEV2_ESN_YES, 0);
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, 2, &sa, &sel));
	add(p, IKEV2_XF_ESN, IKEV2_ESN_NO, 0);
	ASSERT_EQ(0, ike_proposal_select(c, 2, &sa, &sel));
	EXPECT_EQ(1, sel.ours);
	EXPECT_EQ(4, sel.peer_spi_size);
	EXPECT_EQ(0, memcmp(sel.peer_spi, "\xc1\x00\x00\x01", 4));
	/* the peer insists on PFS, we do not do it in this choice */
	add(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, 2, &sa, &sel));
	ike_choice_set(&c[1], IKEV2_XF_DH, IKEV2_DH_CURVE25519);
	EXPECT_EQ(0, ike_proposal_select(c, 2, &sa, &sel));
}

TEST(unknown_transform_type_needs_none)
{
	struct ike_sa sa = { 0 };
	struct ike_proposal *p = prop(&sa, IKEV2_PROTO_IKE);
	struct ike_selected sel;
	size_t n;
	const struct ike_choice *c = ours(&n);

	add(p, IKEV2_XF_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	add(p, IKEV2_XF_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	add(p, IKEV2_XF_DH, IKEV2_DH_CURVE25519, 0);
	add(p, 6, 36, 0);	/* RFC 9370 additional key exchange, mandatory */
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_select(c, n, &sa, &sel));
	add(p, 6, 0, 0);	/* ... now optional */
	EXPECT_EQ(0, ike_proposal_select(c, n, &sa, &sel));
}

TEST(offer_reply_and_check)
{
	size_t n;
	const struct ike_choice *c = ours(&n);
	struct ike_sa offer, reply;
	struct ike_selected sel, back;
	uint8_t spi[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	ASSERT_EQ(IKE_OK, ike_proposal_offer(c, n, NULL, 0, &offer));
	EXPECT_EQ(6, offer.n_prop);
	EXPECT_EQ(3, offer.prop[0].n_xf);	/* ENCR, PRF, DH */
	/* the responder picks from our offer: our first */
	ASSERT_EQ(0, ike_proposal_select(c + 3, 3, &offer, &sel));
	EXPECT_EQ(4, sel.peer_num);
	ASSERT_EQ(IKE_OK, ike_proposal_reply(&sel, spi, 8, &reply));
	EXPECT_EQ(4, reply.prop[0].num);
	ASSERT_EQ(0, ike_proposal_check_reply(c, n, &reply, &back));
	EXPECT_EQ(3, back.ours);
	/* a reply that still offers two groups is not an answer */
	reply.prop[0].xf[reply.prop[0].n_xf++] = (struct ike_transform){
		.type = IKEV2_XF_DH, .id = IKEV2_DH_CURVE25519 };
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_check_reply(c, n, &reply, &back));
	/* and two proposals are not one */
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN,
		  ike_proposal_check_reply(c, n, &offer, &back));
}

TEST_HARNESS_MAIN
