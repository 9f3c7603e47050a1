// SPDX-License-Identifier: GPL-2.0-or-later
/* The generic netlink socket: opened, configured, bound to our family. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include <linux/zonesec.h>

#include "internal.h"

static int set_flag(struct zs_sock *sock, int opt, const char *what,
		    struct zs_error *err)
{
	int one = 1;

	if (mnl_socket_setsockopt(sock->nl, opt, &one, sizeof(one)) < 0)
		return zs_error_errno(err, -errno, what);
	return 0;
}

/*
 * EXT_ACK makes the kernel attach the module's error message to an error;
 * CAP_ACK stops it from echoing our whole request back in every ack.
 */
static int sock_setup(struct zs_sock *sock, struct zs_error *err)
{
	int ret;

	sock->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!sock->nl)
		return zs_error_errno(err, -errno,
				      "cannot open a generic netlink socket");
	ret = set_flag(sock, NETLINK_EXT_ACK, "cannot enable NETLINK_EXT_ACK",
		       err);
	if (!ret)
		ret = set_flag(sock, NETLINK_CAP_ACK,
			       "cannot enable NETLINK_CAP_ACK", err);
	if (ret)
		return ret;
	if (mnl_socket_bind(sock->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return zs_error_errno(err, -errno,
				      "cannot bind the netlink socket");
	sock->portid = mnl_socket_get_portid(sock->nl);
	/* any start works; a varying one makes stale replies easier to spot */
	sock->seq = (uint32_t)time(NULL);
	return 0;
}

/* Open a socket bound to any generic netlink family (tests use nlctrl). */
int zs_sock_open_family(struct zs_sock **sockp, const char *family,
			struct zs_error *err)
{
	struct zs_sock *sock = calloc(1, sizeof(*sock));
	int ret;

	*sockp = NULL;
	if (!sock)
		return zs_error_errno(err, -ENOMEM, "allocating a socket");
	ret = sock_setup(sock, err);
	if (!ret)
		ret = zs_family_resolve(sock, family, err);
	if (ret) {
		zs_sock_close(sock);
		return ret;
	}
	*sockp = sock;
	return 0;
}

int zs_sock_open(struct zs_sock **sockp, struct zs_error *err)
{
	return zs_sock_open_family(sockp, ZONESEC_FAMILY_NAME, err);
}

void zs_sock_close(struct zs_sock *sock)
{
	if (!sock)
		return;
	if (sock->nl)
		mnl_socket_close(sock->nl);
	free(sock);
}

/* The family version of the module, as the genl controller reports it. */
uint32_t zs_sock_family_version(const struct zs_sock *sock)
{
	return sock->family_version;
}

/* The id of the "events" multicast group, 0 if the module has none. */
uint32_t zs_sock_events_group(const struct zs_sock *sock)
{
	return sock->events_group;
}

int zs_sock_fd(const struct zs_sock *sock)
{
	return mnl_socket_get_fd(sock->nl);
}
