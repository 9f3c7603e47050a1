// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Addresses and prefixes as the daemon holds them: family, 16 octets (IPv4
 * in the first 4), port in host order.  Independent of sockaddr so that
 * the state machine and its tests need no sockets.
 */
#ifndef ZSD_ADDR_H
#define ZSD_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct zsd_addr {
	uint8_t family;		/* AF_INET, AF_INET6, 0 = unset */
	uint16_t port;
	uint8_t ip[16];
};

struct zsd_prefix {
	struct zsd_addr a;
	uint8_t plen;
};

enum { ZSD_ADDR_STRLEN = 48 };

static inline size_t zsd_addr_len(const struct zsd_addr *a)
{
	return a->family == AF_INET6 ? 16 : 4;
}

/* "192.0.2.1", "2001:db8::1"; false when it is neither. */
bool zsd_addr_parse(const char *s, struct zsd_addr *a);
/* "192.0.2.0/25", or an address alone as a host prefix. */
bool zsd_prefix_parse(const char *s, struct zsd_prefix *p);
const char *zsd_addr_str(const struct zsd_addr *a, char buf[ZSD_ADDR_STRLEN]);
/* Same family and address; ports ignored. */
bool zsd_addr_eq(const struct zsd_addr *a, const struct zsd_addr *b);
bool zsd_addr_is_any(const struct zsd_addr *a);

/* First and last address of the prefix. */
void zsd_prefix_range(const struct zsd_prefix *p, uint8_t lo[16], uint8_t hi[16]);
/* The prefix that covers exactly [lo, hi], or false if none does. */
bool zsd_prefix_from_range(uint8_t family, const uint8_t lo[16],
			  const uint8_t hi[16], struct zsd_prefix *p);

void zsd_addr_to_sockaddr(const struct zsd_addr *a, struct sockaddr_storage *ss,
			 socklen_t *len);
bool zsd_addr_from_sockaddr(const struct sockaddr *sa, struct zsd_addr *a);

#endif /* ZSD_ADDR_H */
