// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * INFORMATIONAL exchanges (RFC 7296 1.4): deleting the IKE SA or its
 * child SA, and empty requests (liveness), which get empty answers.
 */
#include <string.h>

#include "buf.h"
#include "ike_sa.h"
#include "log.h"

void zs_task_delete_start(struct zs_ike *ike)
{
	struct ike_msg m;

	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_INFORMATIONAL, false, ike->msgid_next++);
	m.del[0].proto = IKEV2_PROTO_IKE;
	m.n_delete = 1;
	ike_msg_add(&m, IKEV2_PL_DELETE);
	zs_child_uninstall(ike);
	if (zs_ike_send_request(ike, &m, true))
		zs_ike_dead(ike, "deleted");
	else
		ike->state = IKE_S_DELETING;
}

/* Is our child's outbound SPI among those the peer deletes? */
static bool deletes_child(const struct zs_ike *ike, const struct ike_delete *d)
{
	if (d->proto != IKEV2_PROTO_ESP || d->spi_size != IKE_CHILD_SPI_LEN ||
	    !ike->child.installed)
		return false;
	for (unsigned int i = 0; i < d->n_spi; i++)
		if (get_be32(d->spis.ptr + 4 * i) == ike->child.spi_out)
			return true;
	return false;
}

void zs_task_info_respond(struct zs_ike *ike, struct ike_msg *req)
{
	bool del_ike = false, del_child = false;
	uint8_t spi[IKE_CHILD_SPI_LEN];
	struct ike_msg m;

	for (unsigned int i = 0; i < req->n_delete; i++) {
		del_ike |= req->del[i].proto == IKEV2_PROTO_IKE;
		del_child |= deletes_child(ike, &req->del[i]);
	}
	memset(&m, 0, sizeof(m));
	zs_ike_hdr(ike, &m, IKEV2_EXCH_INFORMATIONAL, true, req->hdr.msgid);
	if (del_child && !del_ike) {
		/* 1.4.1: answer with the SPI of our half of the pair */
		put_be32(spi, ike->child.spi_in);
		m.del[0] = (struct ike_delete){
			.proto = IKEV2_PROTO_ESP, .spi_size = IKE_CHILD_SPI_LEN,
			.n_spi = 1, .spis = { spi, sizeof(spi) } };
		m.n_delete = 1;
		ike_msg_add(&m, IKEV2_PL_DELETE);
	}
	zs_ike_send_response(ike, &m, true);
	if (del_ike) {
		zs_ike_dead(ike, "deleted by the peer");
	} else if (del_child) {
		log_info("%s: the peer deleted the child SA", zs_ike_name(ike));
		zs_child_uninstall(ike);
	}
}

void zs_task_info_process(struct zs_ike *ike, struct ike_msg *m)
{
	(void)m;
	if (ike->state == IKE_S_DELETING)
		zs_ike_dead(ike, "deleted");
}
