// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One request and everything it brings back.
 *
 * Every request asks for an ack, so the answer always ends in one known
 * message: NLMSG_ERROR for a "do" (error 0 being the ack) or NLMSG_DONE
 * for a dump. Replies in between go to the caller's callback. Messages
 * with another sequence number are leftovers of an earlier request that
 * stopped early, and are skipped.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/zonesec.h>

#include "internal.h"

struct nlmsghdr *zs_genl_start(struct zs_sock *sock, uint16_t family,
			       uint8_t cmd, uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(sock->sbuf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++sock->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Start a zonesec request; add attributes with mnl_attr_put_*(). */
struct nlmsghdr *zs_request_start(struct zs_sock *sock, uint8_t cmd,
				  uint16_t flags)
{
	return zs_genl_start(sock, sock->family_id, cmd,
			     ZONESEC_FAMILY_VERSION, flags);
}

/* Returns 1 when the final ack was seen, 0 to read more, < 0 on error. */
static int handle_batch(struct zs_sock *sock, const struct nlmsghdr *req,
			const char *buf, size_t len, zs_reply_cb cb,
			void *data, struct zs_error *err)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int rem = (int)len, ret;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		if (!mnl_nlmsg_portid_ok(nlh, sock->portid) ||
		    !mnl_nlmsg_seq_ok(nlh, req->nlmsg_seq) ||
		    nlh->nlmsg_type == NLMSG_NOOP)
			continue;
		if (nlh->nlmsg_type == NLMSG_ERROR ||
		    nlh->nlmsg_type == NLMSG_DONE) {
			ret = zs_ack_parse(nlh, err);
			return ret ? ret : 1;
		}
		if (nlh->nlmsg_type == NLMSG_OVERRUN)
			return zs_error_errno(err, -ENOBUFS, "netlink overrun");
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			return zs_error_set(err, -EAGAIN,
					    "the kernel's table changed during the dump; try again");
		if (nlh->nlmsg_type != req->nlmsg_type || !cb)
			continue;	/* not an answer to this request */
		ret = cb(nlh, data, err);
		if (ret)
			return ret;
	}
	if (rem != 0)
		return zs_error_set(err, -EBADMSG, "truncated netlink message");
	return 0;
}

int zs_request_run(struct zs_sock *sock, struct nlmsghdr *nlh,
		   zs_reply_cb cb, void *data, struct zs_error *err)
{
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(sock->nl, nlh, nlh->nlmsg_len) < 0)
		return zs_error_errno(err, -errno,
				      "cannot send a netlink request");
	do {
		n = mnl_socket_recvfrom(sock->nl, sock->rbuf,
					sizeof(sock->rbuf));
		if (n < 0)
			return zs_error_errno(err, -errno,
					      "cannot read the netlink reply");
		ret = handle_batch(sock, nlh, sock->rbuf, (size_t)n, cb, data,
				   err);
	} while (ret == 0);
	return ret < 0 ? ret : 0;
}
