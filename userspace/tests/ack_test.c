// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Acks and errors: the module's extended ack message must reach the user
 * word for word, wherever the kernel put it.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>

#include "kselftest_harness.h"
#include "libzonesec.h"

#define EXTACK_MSG "zonesec: SPI 0 is reserved"

/* The request the error answers: a genl header and one u32 attribute. */
static void put_request_copy(struct nlmsghdr *nlh, struct nlmsgerr *e,
			     bool capped)
{
	const size_t req_payload = GENL_HDRLEN + MNL_ATTR_HDRLEN + 4;

	e->msg.nlmsg_len = MNL_NLMSG_HDRLEN + req_payload;
	e->msg.nlmsg_type = 0x1d;
	e->msg.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	e->msg.nlmsg_seq = 7;
	if (capped) {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
		return;
	}
	/* uncapped: the request's payload follows, then the TLVs */
	memset(mnl_nlmsg_put_extra_header(nlh, req_payload), 0xab,
	       req_payload);
}

static struct nlmsghdr *build_error(char *buf, int error, bool capped,
				    const char *msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	put_request_copy(nlh, e, capped);
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
	}
	return nlh;
}

FIXTURE(ack) {
	char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct zs_error err;
};

FIXTURE_SETUP(ack)
{
	memset(self->buf, 0, sizeof(self->buf));
	memset(&self->err, 0, sizeof(self->err));
}

FIXTURE_TEARDOWN(ack)
{
}

TEST_F(ack, extack_message_capped)
{
	struct nlmsghdr *nlh = build_error(self->buf, -EINVAL, true,
					   EXTACK_MSG);

	EXPECT_EQ(-EINVAL, zs_ack_parse(nlh, &self->err));
	EXPECT_EQ(-EINVAL, self->err.code);
	EXPECT_STREQ(EXTACK_MSG, self->err.msg);
}

TEST_F(ack, extack_message_after_request_copy)
{
	struct nlmsghdr *nlh = build_error(self->buf, -EPERM, false,
					   EXTACK_MSG);

	EXPECT_EQ(-EPERM, zs_ack_parse(nlh, &self->err));
	EXPECT_STREQ(EXTACK_MSG, self->err.msg);
}

TEST_F(ack, no_extack_gives_strerror)
{
	struct nlmsghdr *nlh = build_error(self->buf, -EINVAL, true, NULL);

	EXPECT_EQ(-EINVAL, zs_ack_parse(nlh, &self->err));
	EXPECT_STREQ(strerror(EINVAL), self->err.msg);
}

TEST_F(ack, malformed_extack_keeps_the_error)
{
	struct nlmsghdr *nlh = build_error(self->buf, -EEXIST, true, NULL);

	/* a message without its NUL must not be printed past its end */
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_str(nlh, NLMSGERR_ATTR_MSG, "no nul");
	EXPECT_EQ(-EEXIST, zs_ack_parse(nlh, &self->err));
	EXPECT_STREQ(strerror(EEXIST), self->err.msg);
}

TEST_F(ack, plain_ack_is_success)
{
	struct nlmsghdr *nlh = build_error(self->buf, 0, true, NULL);

	EXPECT_EQ(0, zs_ack_parse(nlh, &self->err));
	EXPECT_EQ(0, self->err.code);
}

TEST_F(ack, truncated_error_rejected)
{
	struct nlmsghdr *nlh = build_error(self->buf, -EINVAL, true, NULL);

	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(int);
	EXPECT_EQ(-EBADMSG, zs_ack_parse(nlh, &self->err));
}

TEST_F(ack, dump_done_with_extack)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(self->buf);
	int *error;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	error = mnl_nlmsg_put_extra_header(nlh, sizeof(*error));
	*error = -ENOENT;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "zonesec: no such zone");
	EXPECT_EQ(-ENOENT, zs_ack_parse(nlh, &self->err));
	EXPECT_STREQ("zonesec: no such zone", self->err.msg);
}

TEST_F(ack, dump_done_ok)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(self->buf);
	int *error;

	nlh->nlmsg_type = NLMSG_DONE;
	error = mnl_nlmsg_put_extra_header(nlh, sizeof(*error));
	*error = 0;
	EXPECT_EQ(0, zs_ack_parse(nlh, &self->err));
}

TEST_F(ack, data_message_is_not_an_ack)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(self->buf);

	nlh->nlmsg_type = 0x1d;
	EXPECT_EQ(-EPROTO, zs_ack_parse(nlh, &self->err));
}

TEST_HARNESS_MAIN
