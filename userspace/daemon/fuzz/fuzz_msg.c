// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the IKE message parser.
 *
 * Besides "no crash, no out-of-bounds read" it checks a property: any
 * message the parser accepts can be rebuilt, the rebuilt message parses
 * to the same model, and rebuilding that gives the same octets.  If a
 * message has an SK payload, it is run through ike_sk_open() with a
 * fixed key (the ICV check fails for almost all inputs, which exercises
 * the length checks before it), and the bytes after the first 8 are also
 * tried as SK plaintext, to fuzz the inner chain parser directly.
 */
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "msg.h"
#include "sk.h"

static uint8_t out1[IKE_MSG_MAX], out2[IKE_MSG_MAX];
static uint8_t plain[IKE_MSG_MAX];

static void check_rebuild(const struct ike_msg *m)
{
	static struct ike_msg p;
	size_t l1 = 0, l2 = 0;

	if (ike_msg_build(m, NULL, out1, sizeof(out1), &l1) != IKE_OK)
		abort();
	if (ike_msg_parse(&p, out1, l1) != IKE_OK || p.n_order != m->n_order ||
	    memcmp(p.order, m->order, m->n_order))
		abort();
	if (ike_msg_build(&p, NULL, out2, sizeof(out2), &l2) != IKE_OK ||
	    l1 != l2 || memcmp(out1, out2, l1))
		abort();
}

static void try_sk(struct ike_msg *m)
{
	static const uint8_t km[36] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ike_aead a;

	if (ike_aead_init(&a, IKEV2_ENCR_AES_GCM_16, 256, km, sizeof(km)))
		abort();
	ike_sk_open(&a, m, plain, sizeof(plain));
	ike_aead_wipe(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ike_msg m;

	if (ike_msg_parse(&m, data, size) != IKE_OK)
		return 0;
	if (!m.has_sk) {
		check_rebuild(&m);
		return 0;
	}
	try_sk(&m);
	/* pretend the tail decrypted to itself: fuzz the inner chain */
	if (ike_msg_parse(&m, data, size) == IKE_OK && m.sk_body.len > 8) {
		memcpy(plain, m.sk_body.ptr + 8, m.sk_body.len - 8);
		if (ike_msg_parse_inner(&m, plain, m.sk_body.len - 8) == IKE_OK)
			check_rebuild(&m);
	}
	return 0;
}
