// SPDX-License-Identifier: GPL-2.0-or-later
/* IKE SA lifecycle, lookup and key derivation. */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "ike_sa.h"
#include "log.h"

struct zs_ike *zs_ike_new(struct zsd *d, bool initiator,
			  const struct zsd_addr *local,
			  const struct zsd_addr *remote)
{
	struct zs_ike *ike = calloc(1, sizeof(*ike));
	uint8_t *spi;

	if (!ike)
		return NULL;
	ike->d = d;
	ike->initiator = initiator;
	ike->local = *local;
	ike->remote = *remote;
	spi = initiator ? ike->spi_i : ike->spi_r;
	ike->nr_len = ike->ni_len = IKE_NONCE_LEN;
	if (RAND_bytes(spi, IKE_SPI_LEN) != 1 ||
	    RAND_bytes(initiator ? ike->ni : ike->nr, IKE_NONCE_LEN) != 1) {
		free(ike);
		return NULL;
	}
	ike->next = d->sas;
	d->sas = ike;
	d->n_sas++;
	return ike;
}

void zs_ike_free(struct zs_ike *ike)
{
	struct zsd *d = ike->d;

	for (struct zs_ike **pp = &d->sas; *pp; pp = &(*pp)->next)
		if (*pp == ike) {
			*pp = ike->next;
			d->n_sas--;
			break;
		}
	zs_child_uninstall(ike);
	ike_dh_free(ike->dh);
	ike_keys_wipe(&ike->keys);
	ike_aead_wipe(&ike->aead_in);
	ike_aead_wipe(&ike->aead_out);
	zs_rekey_clear(&ike->rk);
	free(ike->init_req);
	free(ike->init_resp);
	free(ike->req);
	free(ike->resp);
	OPENSSL_cleanse(ike, sizeof(*ike));
	free(ike);
}

const char *zs_ike_name(const struct zs_ike *ike)
{
	return ike->tun ? ike->tun->name : "(no tunnel)";
}

void zs_ike_dead(struct zs_ike *ike, const char *why)
{
	char a[ZSD_ADDR_STRLEN];

	if (ike->state == IKE_S_DEAD)
		return;
	if (ike->rekeyed)
		log_info("%s: old IKE SA with %s removed (%s)", zs_ike_name(ike),
			 zsd_addr_str(&ike->remote, a), why);
	else
		log_info("%s: IKE SA with %s down: %s", zs_ike_name(ike),
			 zsd_addr_str(&ike->remote, a), why);
	zs_child_uninstall(ike);
	ike->state = IKE_S_DEAD;
	free(ike->req);
	ike->req = NULL;
}

struct zs_ike *zs_ike_find(struct zsd *d, const uint8_t spi[IKE_SPI_LEN],
			   bool ours_is_i)
{
	for (struct zs_ike *ike = d->sas; ike; ike = ike->next) {
		const uint8_t *ours = ike->initiator ? ike->spi_i : ike->spi_r;

		if (ike->state != IKE_S_DEAD && ike->initiator == ours_is_i &&
		    !memcmp(ours, spi, IKE_SPI_LEN))
			return ike;
	}
	return NULL;
}

struct zs_ike *zs_ike_find_half_open(struct zsd *d,
				     const uint8_t spi_i[IKE_SPI_LEN],
				     const struct zsd_addr *remote)
{
	for (struct zs_ike *ike = d->sas; ike; ike = ike->next)
		if (!ike->initiator && ike->state != IKE_S_DEAD &&
		    !memcmp(ike->spi_i, spi_i, IKE_SPI_LEN) &&
		    zsd_addr_eq(&ike->remote, remote))
			return ike;
	return NULL;
}

unsigned int zs_ike_count_half_open(struct zsd *d)
{
	unsigned int n = 0;

	for (struct zs_ike *ike = d->sas; ike; ike = ike->next)
		n += !ike->initiator && ike->state == IKE_S_INIT_DONE;
	return n;
}

enum ike_err zs_ike_keys_from_seed(struct zs_ike *ike,
				   const uint8_t seed[IKE_PRF_LEN])
{
	const struct ike_choice *c = &ike->ike_sel.choice;
	struct ike_key_sizes sz = {
		.encr = ike_encr_keymat_len(c->id[IKEV2_XF_ENCR], c->encr_keylen),
	};
	struct ike_chunk ni = { ike->ni, ike->ni_len };
	struct ike_chunk nr = { ike->nr, ike->nr_len };
	enum ike_err err;

	err = ike_keys_derive(seed, &sz, &ni, &nr, ike->spi_i, ike->spi_r,
			      &ike->keys);
	if (err)
		return err;
	err = ike_aead_init(&ike->aead_out, c->id[IKEV2_XF_ENCR],
			    c->encr_keylen,
			    ike->initiator ? ike->keys.sk_ei : ike->keys.sk_er,
			    sz.encr);
	if (!err)
		err = ike_aead_init(&ike->aead_in, c->id[IKEV2_XF_ENCR],
				    c->encr_keylen,
				    ike->initiator ? ike->keys.sk_er
						   : ike->keys.sk_ei,
				    sz.encr);
	return err;
}

enum ike_err zs_ike_derive(struct zs_ike *ike, const struct ike_chunk *peer_ke)
{
	uint8_t gir[IKE_DH_SECRET_MAX], seed[IKE_PRF_LEN];
	struct ike_chunk ni = { ike->ni, ike->ni_len };
	struct ike_chunk nr = { ike->nr, ike->nr_len };
	size_t gir_len = 0;
	struct ike_chunk g;
	enum ike_err err;

	err = ike_dh_shared(ike->dh, peer_ke->ptr, peer_ke->len, gir,
			    sizeof(gir), &gir_len);
	if (err)
		return err;
	g = (struct ike_chunk){ gir, gir_len };
	err = ike_skeyseed(&ni, &nr, &g, seed);
	if (!err)
		err = zs_ike_keys_from_seed(ike, seed);
	OPENSSL_cleanse(gir, sizeof(gir));
	OPENSSL_cleanse(seed, sizeof(seed));
	ike_dh_free(ike->dh);
	ike->dh = NULL;
	return err;
}
