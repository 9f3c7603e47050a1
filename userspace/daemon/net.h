// SPDX-License-Identifier: GPL-2.0-or-later
/* The IKE sockets: UDP 500 on IPv4 and IPv6, the zsd transport over them. */
#ifndef ZS_NET_H
#define ZS_NET_H

#include "zsd.h"

struct zs_net {
	int fd[2];		/* IPv4, IPv6; -1 when that family is absent */
};

/* 0, or -errno when neither family could be bound. */
int zs_net_open(struct zs_net *n, uint16_t port);
void zs_net_close(struct zs_net *n);
/* Reads one datagram from fd; its length, or -1 (nothing / error). */
ssize_t zs_net_recv(int fd, uint8_t *buf, size_t cap, struct zsd_addr *local,
		    struct zsd_addr *remote);
void zs_net_transport(struct zs_net *n, struct zs_transport *io);

#endif /* ZS_NET_H */
