// SPDX-License-Identifier: GPL-2.0-or-later
/* Addresses and prefixes of both families, as the family's ABI has them. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/zonesec.h>

#include "ipsec.h"

int zs_addr_parse(const char *s, struct zs_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, out->bytes) == 1) {
		out->af = ZONESEC_AF_IPV4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out->bytes) == 1) {
		out->af = ZONESEC_AF_IPV6;
		return 0;
	}
	return -EINVAL;
}

unsigned int zs_addr_bits(const struct zs_addr *a)
{
	return a->af == ZONESEC_AF_IPV6 ? 128 : 32;
}

int zs_prefix_parse(const char *s, struct zs_addr *out, uint32_t *plen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long len;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (zs_addr_parse(buf, out))
		return -EINVAL;
	*plen = zs_addr_bits(out);
	if (!slash)
		return 0;
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	if (errno || end == slash + 1 || *end || len > *plen)
		return -EINVAL;
	*plen = (uint32_t)len;
	return 0;
}

const char *zs_addr_str(const struct zs_addr *a, char *buf, size_t len)
{
	int af = a->af == ZONESEC_AF_IPV6 ? AF_INET6 : AF_INET;

	if (!a->af || !inet_ntop(af, a->bytes, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}
