// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Addresses and prefixes as the daemon holds them: family, 16 octets (IPv4
 * in the first 4), port in host order.  Independent of sockaddr so that
 * the state machine and its tests need no sockets.
 */
#ifndef ZS_ADDR_H
#define ZS_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct zs_addr {
	uint8_t family;		/* AF_INET, AF_INET6, 0 = unset */
	uint16_t port;
	uint8_t ip[16];
};

struct zs_prefix {
	struct zs_addr a;
	uint8_t plen;
};

enum { ZS_ADDR_STRLEN = 48 };

static inline size_t zs_addr_len(const struct zs_addr *a)
{
	return a->family == AF_INET6 ? 16 : 4;
}

/* "192.0.2.1", "2001:db8::1"; false when it is neither. */
bool zs_addr_parse(const char *s, struct zs_addr *a);
/* "192.0.2.0/25", or an address alone as a host prefix. */
bool zs_prefix_parse(const char *s, struct zs_prefix *p);
const char *zs_addr_str(const struct zs_addr *a, char buf[ZS_ADDR_STRLEN]);
/* Same family and address; ports ignored. */
bool zs_addr_eq(const struct zs_addr *a, const struct zs_addr *b);
bool zs_addr_is_any(const struct zs_addr *a);

/* First and last address of the prefix. */
void zs_prefix_range(const struct zs_prefix *p, uint8_t lo[16], uint8_t hi[16]);
/* The prefix that covers exactly [lo, hi], or false if none does. */
bool zs_prefix_from_range(uint8_t family, const uint8_t lo[16],
			  const uint8_t hi[16], struct zs_prefix *p);

void zs_addr_to_sockaddr(const struct zs_addr *a, struct sockaddr_storage *ss,
			 socklen_t *len);
bool zs_addr_from_sockaddr(const struct sockaddr *sa, struct zs_addr *a);

#endif /* ZS_ADDR_H */
