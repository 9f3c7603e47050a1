// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The events group: EXPIRE (an SA reached a soft or hard limit),
 * ACQUIRE (a packet fell under a protect policy without an SA) and
 * RULE_LOG (a packet a logging firewall rule decided), as the module
 * multicasts them to the namespace's listeners.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/zonesec.h>

#include "internal.h"
#include "ipsec.h"

/* One event message; 1 if it was one we know, 0 to skip it. */
int zs_event_parse(const struct nlmsghdr *nlh, uint16_t family_id,
		   struct zs_event *ev, struct zs_error *err)
{
	const struct genlmsghdr *genl;
	int ret;

	if (nlh->nlmsg_type != family_id ||
	    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + GENL_HDRLEN)
		return 0;
	genl = mnl_nlmsg_get_payload(nlh);
	memset(ev, 0, sizeof(*ev));
	ev->cmd = genl->cmd;
	switch (genl->cmd) {
	case ZONESEC_CMD_SA_EXPIRE_NTF:
		ret = zs_sa_parse(nlh, &ev->sa, err);
		break;
	case ZONESEC_CMD_ACQUIRE_NTF:
		ret = zs_policy_parse(nlh, &ev->pol, err);
		break;
	case ZONESEC_CMD_RULE_LOG_NTF:
		ret = zs_fw_log_parse(nlh, &ev->log, err);
		break;
	default:
		return 0;	/* from a newer module */
	}
	return ret ? ret : 1;
}

/* Joins the events group: events queue on the socket from now on. */
int zs_events_join(struct zs_sock *sock, struct zs_error *err)
{
	int group = (int)sock->events_group;

	if (!group)
		return zs_error_set(err, -ENOENT,
				    "the module has no events group");
	if (mnl_socket_setsockopt(sock->nl, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return zs_error_errno(err, -errno,
				      "cannot join the events group");
	return 0;
}

/* One read of queued events; @flags MSG_DONTWAIT for an event loop. */
static int read_batch(struct zs_sock *sock, int flags, zs_event_cb cb,
		      void *data, struct zs_error *err)
{
	const struct nlmsghdr *nlh;
	struct zs_event ev;
	ssize_t n;
	int rem, ret;

	n = recv(mnl_socket_get_fd(sock->nl), sock->rbuf, sizeof(sock->rbuf),
		 flags);
	if (n < 0 && errno == ENOBUFS)
		return 0;	/* we lost some; go on with the rest */
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return -EAGAIN;
	if (n < 0)
		return zs_error_errno(err, -errno, "cannot read events");
	nlh = (const struct nlmsghdr *)sock->rbuf;
	rem = (int)n;
	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		ret = zs_event_parse(nlh, sock->family_id, &ev, err);
		if (ret < 0)
			return ret;
		if (!ret)
			continue;
		ret = cb(&ev, data);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Every event queued now, without waiting: for a poll() loop on
 * zs_sock_fd().  0 when the queue is empty, the callback's non-zero
 * return, or a negative error.
 */
int zs_events_read(struct zs_sock *sock, zs_event_cb cb, void *data,
		   struct zs_error *err)
{
	int ret;

	do
		ret = read_batch(sock, MSG_DONTWAIT, cb, data, err);
	while (!ret);
	return ret == -EAGAIN ? 0 : ret;
}

/* Calls @cb for each event until it returns non-zero or reading fails. */
int zs_monitor(struct zs_sock *sock, zs_event_cb cb, void *data,
	       struct zs_error *err)
{
	int ret = zs_events_join(sock, err);

	while (!ret)
		ret = read_batch(sock, 0, cb, data, err);
	if (ret == -EAGAIN)
		return zs_error_errno(err, ret, "cannot read events");
	return ret < 0 ? ret : 0;
}
