// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket against this host's real kernel: resolving the genl
 * controller's own family proves the request/ack path end to end, and an
 * absent family must give ZS_ERR_NOFAMILY, not a generic ENOENT.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>

#include "kselftest_harness.h"
#include "libzonesec.h"
#include "../lib/internal.h"

TEST(resolves_nlctrl)
{
	struct zs_sock *sock;
	struct zs_error err;

	ASSERT_EQ(0, zs_sock_open_family(&sock, "nlctrl", &err))
		TH_LOG("%s", err.msg);
	EXPECT_EQ(GENL_ID_CTRL, sock->family_id);
	EXPECT_LT(0, zs_sock_family_version(sock));
	/* nlctrl's group is "notify", not "events" */
	EXPECT_EQ(0, zs_sock_events_group(sock));
	zs_sock_close(sock);
}

TEST(absent_family_is_nofamily)
{
	struct zs_sock *sock = (struct zs_sock *)&sock;
	struct zs_error err;

	EXPECT_EQ(-ZS_ERR_NOFAMILY,
		  zs_sock_open_family(&sock, "zs-nofamily", &err));
	EXPECT_EQ(NULL, sock);
	EXPECT_STREQ("the zs-nofamily kernel module is not loaded (no generic netlink family \"zs-nofamily\"); load it with 'modprobe zs-nofamily' or 'insmod zs-nofamily.ko'",
		     err.msg);
}

/*
 * nlctrl's policy caps family names at GENL_NAMSIZ - 1: a longer one is
 * refused by the kernel's own attribute validation, with an extack message
 * that must come through as it is.
 */
TEST(kernel_extack_reaches_caller)
{
	struct zs_sock *sock;
	struct zs_error err;

	EXPECT_EQ(-EINVAL, zs_sock_open_family(&sock,
			"zs-name-longer-than-genl-namsiz", &err));
	EXPECT_STREQ("Attribute failed policy validation", err.msg);
}

TEST(bad_netns_name_refused)
{
	struct zs_error err;

	EXPECT_EQ(-EINVAL, zs_netns_enter("../../proc/1/ns/net", &err));
	EXPECT_EQ(-EINVAL, zs_netns_enter("..", &err));
	EXPECT_EQ(-EINVAL, zs_netns_enter("", &err));
	EXPECT_EQ(-ENOENT, zs_netns_enter("zs-no-such-netns", &err));
}

TEST_HARNESS_MAIN
