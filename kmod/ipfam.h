/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a transform (ESP, AH) needs to know about the IP header in front
 * of it, for both families, so that the transforms themselves need not
 * tell IPv4 from IPv6.
 */
#ifndef _ZS_IPFAM_H
#define _ZS_IPFAM_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct zs_sa;

/**
 * struct zs_ip_loc - where a transform header sits (in) or goes (out)
 * @hl: its offset from the network header: the IPv4 header, or the IPv6
 *	header and the extension headers that stay in front of it
 * @nhoff: offset of the byte that names the header at @hl (IPv4
 *	protocol, IPv6 next header of the header before it)
 */
struct zs_ip_loc {
	u16 hl;
	u16 nhoff;
};

int zs_ip_out_loc(struct sk_buff *skb, struct zs_ip_loc *loc);
void zs_ip_set_len(struct sk_buff *skb);
unsigned int zs_ip_hdr_len(u32 af);
u8 zs_ip_tunnel_proto(u32 inner_af);
void zs_ip_tunnel_hdr(struct sk_buff *skb, const struct zs_sa *sa,
		      const void *inner, u8 proto);
int zs_ip_tunnel_decap(struct sk_buff *skb, unsigned int off, u8 next,
		       u32 inner_af);

#endif /* _ZS_IPFAM_H */
