// SPDX-License-Identifier: GPL-2.0
/*
 * Malformed requests to the zonesec generic netlink family are refused
 * whole, with an extended-ack message, and a well-formed one still works.
 *
 * Speaks raw netlink through libmnl (not libzonesec), so that a bug in our
 * own client library cannot hide one in the kernel.  The module must be
 * loaded; netlink_malformed.sh does that.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/zonesec.h>

#include "kselftest_harness.h"

/* Room for any message here; MNL_SOCKET_BUFFER_SIZE is not a constant. */
#define BUF_SIZE 8192

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* What the kernel answered to one request. */
struct answer {
	int error;		/* 0, or the positive errno of NLMSG_ERROR */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" when absent */
	int abi;		/* ZONESEC_A_INFO_ABI_VERSION of a reply */
};

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
		*(int *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, GENL_HDRLEN, family_attr_cb, data);
	return MNL_CB_OK;
}

static void put_genl(struct nlmsghdr *nlh, int type, int cmd, int version)
{
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
}

/* Family id of "zonesec", or -1. */
static int resolve_family(struct mnl_socket *nl)
{
	char buf[BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int id = -1;
	ssize_t n;

	put_genl(nlh, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ZONESEC_FAMILY_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0)
		if (mnl_cb_run(buf, n, 1, 0, family_cb, &id) <= MNL_CB_STOP)
			break;
	return id;
}

static void parse_ack(const struct nlmsghdr *nlh, struct answer *ans)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off = sizeof(*err);

	ans->error = -err->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* With NETLINK_CAP_ACK only the request's header is echoed. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(err->msg);
	mnl_attr_for_each_payload((const void *)((const char *)err + off),
				  nlh->nlmsg_len - MNL_NLMSG_HDRLEN - off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(ans->msg, sizeof(ans->msg), "%s",
				 mnl_attr_get_str(attr));
	}
}

static int info_attr_cb(const struct nlattr *attr, void *data)
{
	struct answer *ans = data;

	if (mnl_attr_get_type(attr) == ZONESEC_A_INFO_ABI_VERSION &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		ans->abi = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static void parse_reply(const struct nlmsghdr *nlh, struct answer *ans)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == ZONESEC_A_INFO)
			mnl_attr_parse_nested(attr, info_attr_cb, ans);
}

/* Send @nlh as it is, even when it lies about its length, and read back. */
static int exchange(struct mnl_socket *nl, struct nlmsghdr *nlh, size_t len,
		    struct answer *ans)
{
	char buf[BUF_SIZE];
	ssize_t n;

	memset(ans, 0, sizeof(*ans));
	if (mnl_socket_sendto(nl, nlh, len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, (int *)&n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_ack(nlh, ans);
				return 0;
			}
			parse_reply(nlh, ans);
		}
	}
}

FIXTURE(zs) {
	struct mnl_socket *nl;
	int family;
	char buf[BUF_SIZE];
	struct nlmsghdr *nlh;
	struct answer ans;
};

FIXTURE_SETUP(zs)
{
	int one = 1;

	self->nl = mnl_socket_open(NETLINK_GENERIC);
	ASSERT_NE(NULL, self->nl);
	ASSERT_EQ(0, mnl_socket_bind(self->nl, 0, MNL_SOCKET_AUTOPID));
	ASSERT_EQ(0, mnl_socket_setsockopt(self->nl, NETLINK_EXT_ACK,
					   &one, sizeof(one)));
	ASSERT_EQ(0, mnl_socket_setsockopt(self->nl, NETLINK_CAP_ACK,
					   &one, sizeof(one)));
	self->family = resolve_family(self->nl);
	ASSERT_LT(0, self->family) TH_LOG("family \"zonesec\" not registered: is the module loaded?");
	self->nlh = mnl_nlmsg_put_header(self->buf);
	put_genl(self->nlh, self->family, ZONESEC_CMD_INFO_GET,
		 ZONESEC_FAMILY_VERSION);
}

FIXTURE_TEARDOWN(zs)
{
	mnl_socket_close(self->nl);
}

/* Send the fixture's request as it stands and read the answer. */
#define SEND_REQUEST()							\
	ASSERT_EQ(0, exchange(self->nl, self->nlh, self->nlh->nlmsg_len, \
			      &self->ans))

/*
 * Refused with EINVAL and this extack message.  The texts are the core's
 * (lib/nlattr.c), the same on 6.1 and 6.12, or the module's own.
 */
#define EXPECT_REFUSED(message)						\
	do {								\
		EXPECT_EQ(EINVAL, self->ans.error);			\
		EXPECT_STREQ(message, self->ans.msg);			\
	} while (0)

/* The baseline: without it, the refusals below prove nothing. */
TEST_F(zs, info_well_formed)
{
	SEND_REQUEST();
	EXPECT_EQ(0, self->ans.error) TH_LOG("%s", self->ans.msg);
	EXPECT_EQ(ZONESEC_FAMILY_VERSION, self->ans.abi);
}

TEST_F(zs, unknown_attribute_type)
{
	mnl_attr_put_u32(self->nlh, ZONESEC_A_MAX + 7, 1);
	SEND_REQUEST();
	EXPECT_REFUSED("Unknown attribute type");
}

/* INFO is what the module answers, never something a request may set. */
TEST_F(zs, reply_only_attribute_in_request)
{
	struct nlattr *nest = mnl_attr_nest_start(self->nlh, ZONESEC_A_INFO);

	mnl_attr_put_u32(self->nlh, ZONESEC_A_INFO_ABI_VERSION, 99);
	mnl_attr_nest_end(self->nlh, nest);
	SEND_REQUEST();
	EXPECT_REFUSED("info is a reply-only attribute");
}

/* Three bytes after the header: too short to be an attribute. */
TEST_F(zs, trailing_garbage)
{
	memset((char *)self->nlh + self->nlh->nlmsg_len, 0xa5, 3);
	self->nlh->nlmsg_len += 3;
	SEND_REQUEST();
	EXPECT_REFUSED("bytes leftover after parsing attributes");
}

/* An attribute whose length runs past the end of the message. */
TEST_F(zs, attribute_overruns_message)
{
	struct nlattr *attr = mnl_nlmsg_get_payload_tail(self->nlh);

	attr->nla_type = ZONESEC_A_INFO;
	attr->nla_len = 64;
	self->nlh->nlmsg_len += 8;
	SEND_REQUEST();
	EXPECT_REFUSED("bytes leftover after parsing attributes");
}

TEST_F(zs, unknown_command)
{
	struct genlmsghdr *genl = mnl_nlmsg_get_payload(self->nlh);

	genl->cmd = ZONESEC_CMD_MAX + 50;
	SEND_REQUEST();
	EXPECT_EQ(EOPNOTSUPP, self->ans.error);
}

/* A message too short to hold the generic netlink header. */
TEST_F(zs, truncated_genl_header)
{
	self->nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	SEND_REQUEST();
	EXPECT_EQ(EINVAL, self->ans.error);
}

/* After all of the above, the family still answers. */
TEST_F(zs, still_serving_after_garbage)
{
	int i;

	for (i = 0; i < 3; i++) {
		struct nlmsghdr *bad = mnl_nlmsg_put_header(self->buf + 4096);

		put_genl(bad, self->family, ZONESEC_CMD_INFO_GET, 1);
		mnl_attr_put_u32(bad, ZONESEC_A_MAX + 1 + i, i);
		ASSERT_EQ(0, exchange(self->nl, bad, bad->nlmsg_len,
				      &self->ans));
		ASSERT_NE(0, self->ans.error);
	}
	SEND_REQUEST();
	EXPECT_EQ(0, self->ans.error);
	EXPECT_EQ(ZONESEC_FAMILY_VERSION, self->ans.abi);
}

TEST_HARNESS_MAIN
