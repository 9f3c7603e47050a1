// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * UDP sockets for IKE.  The local address of each datagram comes from
 * IP_PKTINFO / IPV6_PKTINFO, and answers leave from it.  The sockets
 * carry a per-socket XFRM bypass policy, as charon's do, so that IKE
 * itself is never caught by the policies we install.
 */
#include <errno.h>
#include <netinet/in.h>
#include <linux/xfrm.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "net.h"

static void bypass(int fd, int family)
{
	struct xfrm_userpolicy_info pol;
	int level = family == AF_INET ? SOL_IP : SOL_IPV6;
	int opt = family == AF_INET ? IP_XFRM_POLICY : IPV6_XFRM_POLICY;

	memset(&pol, 0, sizeof(pol));
	pol.action = XFRM_POLICY_ALLOW;
	pol.sel.family = (uint16_t)family;
	for (int dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		pol.dir = (uint8_t)dir;
		if (setsockopt(fd, level, opt, &pol, sizeof(pol)))
			log_debug("no XFRM bypass on the IKE socket: %s",
				  strerror(errno));
	}
}

static int open_one(int family, uint16_t port)
{
	struct zsd_addr any = { .family = (uint8_t)family, .port = port };
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1;
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
	} else {
		setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	zsd_addr_to_sockaddr(&any, &ss, &len);
	if (bind(fd, (struct sockaddr *)&ss, len)) {
		int err = -errno;

		close(fd);
		return err;
	}
	bypass(fd, family);
	return fd;
}

int zs_net_open(struct zs_net *n, uint16_t port)
{
	n->fd[0] = open_one(AF_INET, port);
	n->fd[1] = open_one(AF_INET6, port);
	if (n->fd[0] < 0 && n->fd[1] < 0)
		return n->fd[0];
	for (int i = 0; i < 2; i++)
		if (n->fd[i] < 0) {
			log_warn("no IKE socket for IPv%d: %s", i ? 6 : 4,
				 strerror(-n->fd[i]));
			n->fd[i] = -1;
		}
	return 0;
}

void zs_net_close(struct zs_net *n)
{
	for (int i = 0; i < 2; i++)
		if (n->fd[i] >= 0)
			close(n->fd[i]);
}

ssize_t zs_net_recv(int fd, uint8_t *buf, size_t cap, struct zsd_addr *local,
		    struct zsd_addr *remote)
{
	struct sockaddr_storage from;
	union {
		struct cmsghdr align;
		uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf;
	struct iovec iov = { buf, cap };
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.b, .msg_controllen = sizeof(cbuf.b),
	};
	struct cmsghdr *c;
	ssize_t n = recvmsg(fd, &mh, 0);

	if (n < 0)
		return -1;
	if (!zsd_addr_from_sockaddr((struct sockaddr *)&from, remote))
		return -1;
	memset(local, 0, sizeof(*local));
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			local->family = AF_INET;
			memcpy(local->ip, &pi.ipi_addr, 4);
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
			   c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			local->family = AF_INET6;
			memcpy(local->ip, &pi.ipi6_addr, 16);
		}
	}
	local->port = IKE_PORT;
	return local->family ? n : -1;
}

static void net_send(void *ctx, const struct zsd_addr *local,
		     const struct zsd_addr *remote, const uint8_t *buf,
		     size_t len)
{
	struct zs_net *n = ctx;
	int fd = n->fd[remote->family == AF_INET6];
	struct sockaddr_storage to;
	socklen_t tolen;
	union {
		struct cmsghdr align;
		uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf;
	struct iovec iov = { (void *)buf, len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	char a[ZSD_ADDR_STRLEN];

	if (fd < 0)
		return;
	zsd_addr_to_sockaddr(remote, &to, &tolen);
	mh.msg_name = &to;
	mh.msg_namelen = tolen;
	memset(&cbuf, 0, sizeof(cbuf));
	if (local->family == remote->family && !zsd_addr_is_any(local)) {
		mh.msg_control = cbuf.b;
		c = (struct cmsghdr *)cbuf.b;
		if (local->family == AF_INET) {
			struct in_pktinfo pi = { 0 };

			memcpy(&pi.ipi_spec_dst, local->ip, 4);
			mh.msg_controllen = CMSG_SPACE(sizeof(pi));
			c->cmsg_level = IPPROTO_IP;
			c->cmsg_type = IP_PKTINFO;
			c->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		} else {
			struct in6_pktinfo pi = { 0 };

			memcpy(&pi.ipi6_addr, local->ip, 16);
			mh.msg_controllen = CMSG_SPACE(sizeof(pi));
			c->cmsg_level = IPPROTO_IPV6;
			c->cmsg_type = IPV6_PKTINFO;
			c->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		}
	}
	if (sendmsg(fd, &mh, 0) < 0)
		log_warn("sending to %s: %s", zsd_addr_str(remote, a),
			 strerror(errno));
}

/* The source address routing picks: connect a UDP socket, ask it. */
static int net_source(void *ctx, const struct zsd_addr *remote,
		      struct zsd_addr *local)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, ret = -1;

	(void)ctx;
	fd = socket(remote->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	zsd_addr_to_sockaddr(remote, &ss, &len);
	if (!connect(fd, (struct sockaddr *)&ss, len)) {
		len = sizeof(ss);
		if (!getsockname(fd, (struct sockaddr *)&ss, &len) &&
		    zsd_addr_from_sockaddr((struct sockaddr *)&ss, local))
			ret = 0;
	}
	close(fd);
	return ret;
}

void zs_net_transport(struct zs_net *n, struct zs_transport *io)
{
	io->send = net_send;
	io->source = net_source;
	io->ctx = n;
}
