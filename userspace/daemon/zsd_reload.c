// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * On reload, does a tunnel's new section change what its IKE SA was
 * negotiated with?  The peer (address, identity, how it authenticates),
 * our side (local address, identity, private key), the selectors and the
 * proposals: then the SA no longer stands for the configuration and is
 * renegotiated.  Timers (lifetimes, rekey, liveness), start and pfs only
 * steer what the running SA does next and keep it.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "zsd.h"

static bool addr_same(const struct zsd_addr *a, const struct zsd_addr *b)
{
	return a->family == b->family &&
	       (!a->family || (zsd_addr_eq(a, b) && a->port == b->port));
}

static bool prefix_same(const struct zsd_prefix *a, const struct zsd_prefix *b)
{
	return a->plen == b->plen && addr_same(&a->a, &b->a);
}

static bool id_same(const struct zs_id *a, const struct zs_id *b)
{
	return a->type == b->type && a->len == b->len &&
	       !memcmp(a->data, b->data, a->len);
}

static bool choices_same(const struct ike_choice *a, size_t na,
			 const struct ike_choice *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		if (a[i].proto != b[i].proto || a[i].types != b[i].types ||
		    a[i].encr_keylen != b[i].encr_keylen)
			return false;
		for (uint8_t t = 1; t <= IKEV2_XF_TYPE_MAX; t++)
			if ((a[i].types & (1u << t)) && a[i].id[t] != b[i].id[t])
				return false;
	}
	return true;
}

static bool key_same(EVP_PKEY *a, EVP_PKEY *b)
{
	if (!a || !b)
		return a == b;
	return EVP_PKEY_eq(a, b) == 1;
}

bool zsd_tunnel_changed(const struct zs_conf *oc,
			const struct zs_tunnel_conf *o,
			const struct zs_conf *nc,
			const struct zs_tunnel_conf *n)
{
	return !id_same(&oc->id, &nc->id) || !key_same(oc->priv, nc->priv) ||
	       !addr_same(&o->peer, &n->peer) ||
	       !addr_same(&o->local, &n->local) ||
	       !id_same(&o->peer_id, &n->peer_id) || o->auth != n->auth ||
	       o->psk_len != n->psk_len ||
	       CRYPTO_memcmp(o->psk, n->psk, o->psk_len) ||
	       memcmp(o->peer_key, n->peer_key, sizeof(o->peer_key)) ||
	       !prefix_same(&o->local_ts, &n->local_ts) ||
	       !prefix_same(&o->remote_ts, &n->remote_ts) ||
	       !choices_same(o->ike, o->n_ike, n->ike, n->n_ike) ||
	       !choices_same(o->esp, o->n_esp, n->esp, n->n_esp);
}
