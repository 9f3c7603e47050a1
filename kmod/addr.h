/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Addresses of both families in one type, as the SA and policy databases
 * store them: the family travels next to the address (enum zonesec_af).
 */
#ifndef _ZS_ADDR_H
#define _ZS_ADDR_H

#include <linux/in6.h>
#include <linux/string.h>
#include <linux/types.h>
#include <uapi/linux/zonesec.h>

/* An IPv4 address uses the first 4 bytes; the rest stays zero. */
union zs_addr {
	__be32 a4;
	struct in6_addr a6;
};

static inline unsigned int zs_addr_len(u32 af)
{
	return af == ZONESEC_AF_IPV6 ? sizeof(struct in6_addr) : sizeof(__be32);
}

static inline unsigned int zs_addr_bits(u32 af)
{
	return zs_addr_len(af) * 8;
}

/* The family an address attribute's length stands for; 0 if neither. */
static inline u32 zs_addr_af_of_len(unsigned int len)
{
	if (len == sizeof(__be32))
		return ZONESEC_AF_IPV4;
	if (len == sizeof(struct in6_addr))
		return ZONESEC_AF_IPV6;
	return 0;
}

static inline bool zs_addr_equal(const union zs_addr *a,
				 const union zs_addr *b, u32 af)
{
	return !memcmp(a, b, zs_addr_len(af));
}

/* Do @a and @b agree on their first @plen bits? */
static inline bool zs_addr_prefix_match(const union zs_addr *a,
					const union zs_addr *b, u32 af,
					unsigned int plen)
{
	const u8 *x = (const u8 *)a, *y = (const u8 *)b;
	unsigned int bytes = plen / 8, rest = plen % 8;

	if (memcmp(x, y, bytes))
		return false;
	if (!rest)
		return true;
	return !((x[bytes] ^ y[bytes]) & (0xff00 >> rest));
}

#endif /* _ZS_ADDR_H */
