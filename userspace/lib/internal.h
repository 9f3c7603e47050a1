// SPDX-License-Identifier: GPL-2.0-or-later
/* libzonesec internals: not for the CLI or the daemon. */
#ifndef ZS_INTERNAL_H
#define ZS_INTERNAL_H

#include <stdint.h>

#include "libzonesec.h"

/*
 * Large enough for one dump batch: the kernel fills up to 32 KiB per recv
 * when the reader offers that much, and fewer, bigger reads are faster.
 */
#define ZS_RECV_BUF_SIZE	32768

struct zs_sock {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family_id;
	uint32_t family_version;
	uint32_t events_group;		/* 0 if the family has none */
	/* requests are built here; replies are read into rbuf */
	char sbuf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	char rbuf[ZS_RECV_BUF_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
};

/* sock.c */
int zs_sock_open_family(struct zs_sock **sockp, const char *family,
			struct zs_error *err);

/* family.c */
int zs_family_resolve(struct zs_sock *sock, const char *name,
		      struct zs_error *err);

/* request.c: for families other than zonesec (the genl controller) */
struct nlmsghdr *zs_genl_start(struct zs_sock *sock, uint16_t family,
			       uint8_t cmd, uint8_t version, uint16_t flags);

/* attr.c: copy a validated MNL_TYPE_NUL_STRING attribute */
int zs_attr_strdup(const struct nlattr *attr, char **out,
		   struct zs_error *err);

#endif /* ZS_INTERNAL_H */
