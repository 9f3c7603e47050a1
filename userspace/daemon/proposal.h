// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Proposal selection (RFC 7296 2.7, 3.3).  Our configuration is an
 * ordered list of fully specified choices (one transform per type); the
 * first of ours that some peer proposal can satisfy wins, so our order,
 * not the peer's, decides, as the issue asks.
 */
#ifndef ZS_PROPOSAL_H
#define ZS_PROPOSAL_H

#include "msg.h"

/* One fully specified suite.  A type not in `types` means "none". */
struct ike_choice {
	uint8_t proto;			/* IKEV2_PROTO_IKE or _ESP */
	uint8_t types;			/* bit (1 << xform type) */
	uint16_t id[IKEV2_XF_TYPE_MAX + 1];
	uint16_t encr_keylen;		/* bits, 0 for none */
};

static inline void ike_choice_set(struct ike_choice *c, uint8_t type,
				  uint16_t id)
{
	c->types |= 1u << type;
	c->id[type] = id;
}

struct ike_selected {
	struct ike_choice choice;
	unsigned int ours;		/* index in our list */
	uint8_t peer_num;		/* proposal number to echo back */
	uint8_t peer_spi_size;
	uint8_t peer_spi[IKE_SPI_LEN];
};

/*
 * Picks from the peer's SA.  Returns 0 and fills *out, or
 * IKEV2_N_NO_PROPOSAL_CHOSEN, the notify to answer with.
 */
int ike_proposal_select(const struct ike_choice *ours, size_t n_ours,
			const struct ike_sa *peer, struct ike_selected *out);

/*
 * The initiator's check of a reply: one proposal, exactly one transform
 * of each type, and equal to one of ours.  Same return convention.
 */
int ike_proposal_check_reply(const struct ike_choice *ours, size_t n_ours,
			     const struct ike_sa *reply,
			     struct ike_selected *out);

/* Our SA payload: one proposal per choice, all with our SPI. */
enum ike_err ike_proposal_offer(const struct ike_choice *ours, size_t n_ours,
				const uint8_t *spi, uint8_t spi_size,
				struct ike_sa *sa);

/* The responder's SA payload: the selected suite under the peer's
 * proposal number, with our SPI. */
enum ike_err ike_proposal_reply(const struct ike_selected *sel,
				const uint8_t *spi, uint8_t spi_size,
				struct ike_sa *sa);

#endif /* ZS_PROPOSAL_H */
