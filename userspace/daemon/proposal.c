// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Matching a choice of ours against a peer proposal.  Within a proposal,
 * transforms of one type are alternatives and the types are ANDed
 * (3.3.6); a type absent from the proposal is the same as offering only
 * NONE, which is how an AEAD proposal omits integrity and a child SA
 * without PFS omits the key exchange.
 */
#include <string.h>

#include "proposal.h"

/* Does the proposal offer (type, id[, keylen])?  An absent type offers
 * only id 0. */
static bool offers(const struct ike_proposal *p, uint8_t type, uint16_t id,
		   uint16_t keylen)
{
	bool any = false;

	for (unsigned int i = 0; i < p->n_xf; i++) {
		const struct ike_transform *xf = &p->xf[i];

		if (xf->type != type)
			continue;
		any = true;
		/* 3.3.6: a transform with an attribute we do not know
		 * cannot be accepted as it stands */
		if (xf->id == id && xf->keylen == keylen && !xf->unknown_attr)
			return true;
	}
	return !any && id == 0;
}

/* Every transform type in the proposal that we do not know must at
 * least offer NONE (e.g. RFC 9370 additional key exchanges). */
static bool unknown_types_optional(const struct ike_proposal *p)
{
	for (unsigned int i = 0; i < p->n_xf; i++)
		if (p->xf[i].type == 0 || p->xf[i].type > IKEV2_XF_TYPE_MAX) {
			if (!offers(p, p->xf[i].type, 0, 0))
				return false;
		}
	return true;
}

static bool matches(const struct ike_choice *c, const struct ike_proposal *p)
{
	if (c->proto != p->proto || !unknown_types_optional(p))
		return false;
	for (uint8_t t = 1; t <= IKEV2_XF_TYPE_MAX; t++) {
		bool want = c->types & (1u << t);
		uint16_t id = want ? c->id[t] : 0;
		uint16_t kl = t == IKEV2_XF_ENCR ? c->encr_keylen : 0;

		if (!offers(p, t, id, kl))
			return false;
	}
	return true;
}

static void fill(struct ike_selected *out, const struct ike_choice *c,
		 unsigned int idx, const struct ike_proposal *p)
{
	out->choice = *c;
	out->ours = idx;
	out->peer_num = p->num;
	out->peer_spi_size = p->spi_size;
	memcpy(out->peer_spi, p->spi, p->spi_size);
}

int ike_proposal_select(const struct ike_choice *ours, size_t n_ours,
			const struct ike_sa *peer, struct ike_selected *out)
{
	for (size_t i = 0; i < n_ours; i++)
		for (unsigned int j = 0; j < peer->n_prop; j++)
			if (matches(&ours[i], &peer->prop[j])) {
				fill(out, &ours[i], i, &peer->prop[j]);
				return 0;
			}
	return IKEV2_N_NO_PROPOSAL_CHOSEN;
}

/* A reply may not leave a choice open: one transform per type. */
static bool single_per_type(const struct ike_proposal *p)
{
	uint8_t seen = 0;

	for (unsigned int i = 0; i < p->n_xf; i++) {
		uint8_t t = p->xf[i].type;

		if (t == 0 || t > IKEV2_XF_TYPE_MAX || (seen & (1u << t)))
			return false;
		seen |= 1u << t;
	}
	return true;
}

int ike_proposal_check_reply(const struct ike_choice *ours, size_t n_ours,
			     const struct ike_sa *reply,
			     struct ike_selected *out)
{
	if (reply->n_prop != 1 || !single_per_type(&reply->prop[0]))
		return IKEV2_N_NO_PROPOSAL_CHOSEN;
	return ike_proposal_select(ours, n_ours, reply, out);
}

static enum ike_err put_choice(const struct ike_choice *c, uint8_t num,
			       const uint8_t *spi, uint8_t spi_size,
			       struct ike_proposal *p)
{
	if (spi_size > IKE_SPI_LEN)
		return IKE_ERR_INVALID;
	memset(p, 0, sizeof(*p));
	p->num = num;
	p->proto = c->proto;
	p->spi_size = spi_size;
	if (spi_size)
		memcpy(p->spi, spi, spi_size);
	for (uint8_t t = 1; t <= IKEV2_XF_TYPE_MAX; t++) {
		struct ike_transform *xf;

		if (!(c->types & (1u << t)))
			continue;
		xf = &p->xf[p->n_xf++];
		xf->type = t;
		xf->id = c->id[t];
		xf->keylen = t == IKEV2_XF_ENCR ? c->encr_keylen : 0;
	}
	return p->n_xf ? IKE_OK : IKE_ERR_INVALID;
}

enum ike_err ike_proposal_offer(const struct ike_choice *ours, size_t n_ours,
				const uint8_t *spi, uint8_t spi_size,
				struct ike_sa *sa)
{
	enum ike_err err;

	if (n_ours == 0 || n_ours > IKE_MAX_PROPOSALS)
		return IKE_ERR_INVALID;
	sa->n_prop = (uint8_t)n_ours;
	for (size_t i = 0; i < n_ours; i++) {
		err = put_choice(&ours[i], (uint8_t)(i + 1), spi, spi_size,
				 &sa->prop[i]);
		if (err)
			return err;
	}
	return IKE_OK;
}

enum ike_err ike_proposal_reply(const struct ike_selected *sel,
				const uint8_t *spi, uint8_t spi_size,
				struct ike_sa *sa)
{
	sa->n_prop = 1;
	return put_choice(&sel->choice, sel->peer_num, spi, spi_size,
			  &sa->prop[0]);
}
