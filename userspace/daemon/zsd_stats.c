// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's own counters, for the control socket's `stats` request:
 * what a test or an operator needs to see that the COOKIE defence and
 * the liveness checks do their job (how many half-open SAs there are and
 * were at most, how many COOKIEs went out, how many liveness checks were
 * sent or found unneeded) and every drop reason with its count.
 */
#include "ike_sa.h"
#include "libzonesec.h"

void zsd_stats_json(struct zsd *d, FILE *out)
{
	unsigned int established = 0;
	struct zs_json j;

	for (struct zs_ike *ike = d->sas; ike; ike = ike->next)
		established += ike->state == IKE_S_ESTABLISHED && !ike->rekeyed;
	zs_json_init(&j, out);
	zs_json_object_begin(&j);
	zs_json_kv_u64(&j, "ike_sas", d->n_sas);
	zs_json_kv_u64(&j, "ike_sas_established", established);
	zs_json_kv_u64(&j, "half_open", zs_ike_count_half_open(d));
	zs_json_kv_u64(&j, "half_open_peak", d->half_open_peak);
	zs_json_kv_u64(&j, "cookie_threshold", d->conf->cookie_threshold);
	zs_json_kv_u64(&j, "cookies_sent", d->n_cookies_sent);
	zs_json_kv_u64(&j, "established_total", d->n_established);
	zs_json_kv_u64(&j, "auth_failed", d->n_auth_failed);
	zs_json_kv_u64(&j, "children_installed", d->n_children);
	zs_json_kv_u64(&j, "dpd_sent", d->n_dpd_sent);
	zs_json_kv_u64(&j, "dpd_skipped_esp", d->n_dpd_skipped);
	zs_json_kv_u64(&j, "rekey_collisions", d->n_rekey_collisions);
	zs_json_kv_u64(&j, "temporary_failures", d->n_temp_failures);
	zs_json_key(&j, "drops");
	zs_json_object_begin(&j);
	for (unsigned int r = 0; r < ZS_DROP__MAX; r++)
		if (d->drops[r])
			zs_json_kv_u64(&j, zs_drop_name(r), d->drops[r]);
	zs_json_object_end(&j);
	zs_json_object_end(&j);
	zs_json_end(&j);
}
