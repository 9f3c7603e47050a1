/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ESP (RFC 4303) transforms of one packet, on the kernel crypto API.
 */
#ifndef _ZS_ESP_H
#define _ZS_ESP_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct zs_ip_loc;
struct zs_sa;

/*
 * Where a packet goes once its crypto is done, when it was asynchronous:
 * @err is 0 or negative (the packet was counted and must be freed). The
 * SA reference the caller gave zs_esp_*() passes to this function.
 */
typedef void (*zs_esp_resume_t)(struct sk_buff *skb, struct zs_sa *sa,
				int err);

int zs_esp_output(struct zs_sa *sa, struct sk_buff *skb,
		  zs_esp_resume_t resume);
int zs_esp_input(struct zs_sa *sa, struct sk_buff *skb,
		 const struct zs_ip_loc *loc, zs_esp_resume_t resume);
unsigned int zs_esp_mtu(const struct zs_sa *sa, unsigned int mtu,
			unsigned int ihl);

#endif /* _ZS_ESP_H */
