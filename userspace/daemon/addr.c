// SPDX-License-Identifier: GPL-2.0-or-later
/* Address and prefix helpers. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

bool zsd_addr_parse(const char *s, struct zsd_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->ip) == 1) {
		a->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, a->ip) == 1) {
		a->family = AF_INET6;
		return true;
	}
	return false;
}

bool zsd_prefix_parse(const char *s, struct zsd_prefix *p)
{
	char buf[ZSD_ADDR_STRLEN], *slash, *end;
	unsigned long plen;
	unsigned int max;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (!zsd_addr_parse(buf, &p->a))
		return false;
	max = p->a.family == AF_INET ? 32 : 128;
	if (!slash) {
		p->plen = (uint8_t)max;
		return true;
	}
	plen = strtoul(slash + 1, &end, 10);
	if (!slash[1] || *end || plen > max)
		return false;
	p->plen = (uint8_t)plen;
	/* host bits must be zero, as `ip` insists */
	uint8_t lo[16], hi[16];

	zsd_prefix_range(p, lo, hi);
	return memcmp(lo, p->a.ip, zsd_addr_len(&p->a)) == 0;
}

const char *zsd_addr_str(const struct zsd_addr *a, char buf[ZSD_ADDR_STRLEN])
{
	if (!a->family || !inet_ntop(a->family, a->ip, buf, ZSD_ADDR_STRLEN))
		snprintf(buf, ZSD_ADDR_STRLEN, "%s", "(none)");
	return buf;
}

bool zsd_addr_eq(const struct zsd_addr *a, const struct zsd_addr *b)
{
	return a->family == b->family &&
	       memcmp(a->ip, b->ip, zsd_addr_len(a)) == 0;
}

bool zsd_addr_is_any(const struct zsd_addr *a)
{
	static const uint8_t zero[16];

	return !a->family || memcmp(a->ip, zero, zsd_addr_len(a)) == 0;
}

void zsd_prefix_range(const struct zsd_prefix *p, uint8_t lo[16], uint8_t hi[16])
{
	size_t n = zsd_addr_len(&p->a);

	memset(lo, 0, 16);
	memset(hi, 0, 16);
	for (size_t i = 0; i < n; i++) {
		unsigned int bits = p->plen > i * 8 ? p->plen - i * 8 : 0;
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		lo[i] = p->a.ip[i] & mask;
		hi[i] = p->a.ip[i] | (uint8_t)~mask;
	}
}

bool zsd_prefix_from_range(uint8_t family, const uint8_t lo[16],
			  const uint8_t hi[16], struct zsd_prefix *p)
{
	unsigned int max = family == AF_INET ? 32 : 128;

	for (unsigned int plen = 0; plen <= max; plen++) {
		uint8_t l[16], h[16];

		memset(p, 0, sizeof(*p));
		p->a.family = family;
		memcpy(p->a.ip, lo, max / 8);
		p->plen = (uint8_t)plen;
		zsd_prefix_range(p, l, h);
		if (!memcmp(l, lo, max / 8) && !memcmp(h, hi, max / 8))
			return true;
	}
	return false;
}

void zsd_addr_to_sockaddr(const struct zsd_addr *a, struct sockaddr_storage *ss,
			 socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(a->port);
		memcpy(&s6->sin6_addr, a->ip, 16);
		*len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(a->port);
		memcpy(&s4->sin_addr, a->ip, 4);
		*len = sizeof(*s4);
	}
}

bool zsd_addr_from_sockaddr(const struct sockaddr *sa, struct zsd_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;

		a->family = AF_INET;
		a->port = ntohs(s4->sin_port);
		memcpy(a->ip, &s4->sin_addr, 4);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

		/* v4-mapped never reaches us: the v6 socket is V6ONLY */
		a->family = AF_INET6;
		a->port = ntohs(s6->sin6_port);
		memcpy(a->ip, &s6->sin6_addr, 16);
		return true;
	}
	return false;
}
