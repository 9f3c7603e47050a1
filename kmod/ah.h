/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AH (RFC 4302) transforms of one packet, on the kernel crypto API, and
 * the zeroing of the IP header fields that may change on the way.
 */
#ifndef _ZS_AH_H
#define _ZS_AH_H

#include <linux/skbuff.h>
#include <linux/types.h>

#include "esp.h"

struct zs_ip_loc;
struct zs_sa;

/*
 * The IP headers in front of AH that are hashed from a copy: an IPv4
 * header with options (60 bytes), or an IPv6 header with the extension
 * headers before AH; a packet with more is dropped as malformed.
 */
#define ZS_AH_IP_MAX	256
/* those, and the longest AH header (ICV of 64 bytes, padded to 64 bits) */
#define ZS_AH_HDR_MAX	(ZS_AH_IP_MAX + 12 + 64 + 4)

/*
 * The AH header with its ICV, padded to 32 bits over IPv4 and 64 bits
 * over IPv6 (RFC 4302 2.6).
 */
static inline unsigned int zs_ah_hdrlen(unsigned int icv_len, bool v6)
{
	return ALIGN(12 + icv_len, v6 ? 8 : 4);
}

/* Async completions resume like ESP's: see zs_esp_resume_t. */
int zs_ah_output(struct zs_sa *sa, struct sk_buff *skb,
		 zs_esp_resume_t resume);
int zs_ah_input(struct zs_sa *sa, struct sk_buff *skb,
		const struct zs_ip_loc *loc, zs_esp_resume_t resume);
unsigned int zs_ah_mtu(const struct zs_sa *sa, unsigned int mtu,
		       unsigned int ihl);

/* ah_mutable.c */
int zs_ah_zero4(u8 *hdr, bool out);
int zs_ah_zero6(u8 *hdr, unsigned int len, bool out);

#ifdef CONFIG_ZONESEC_DEBUG
bool zs_ah_selftest(void);
#else
static inline bool zs_ah_selftest(void)
{
	return true;
}
#endif

#endif /* _ZS_AH_H */
