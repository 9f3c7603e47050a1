// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SA and policy messages of libzonesec: addresses and prefixes, and what
 * the builders write read back by the parsers as the kernel's reply
 * would be (the key, write-only, is not read back).
 */
#include <stdint.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/zonesec.h>

#include "kselftest_harness.h"
#include "ipsec.h"

#define BUF_SIZE 8192

static struct nlmsghdr *start(char *buf, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = 0x20;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = ZONESEC_FAMILY_VERSION;
	return nlh;
}

TEST(addr_v4_v6)
{
	struct zs_addr a;
	char buf[64];

	ASSERT_EQ(0, zs_addr_parse("192.0.2.1", &a));
	EXPECT_EQ(ZONESEC_AF_IPV4, a.af);
	EXPECT_STREQ("192.0.2.1", zs_addr_str(&a, buf, sizeof(buf)));
	ASSERT_EQ(0, zs_addr_parse("2001:db8::1", &a));
	EXPECT_EQ(ZONESEC_AF_IPV6, a.af);
	EXPECT_STREQ("2001:db8::1", zs_addr_str(&a, buf, sizeof(buf)));
	EXPECT_NE(0, zs_addr_parse("192.0.2", &a));
	EXPECT_NE(0, zs_addr_parse("", &a));
}

TEST(prefixes)
{
	struct zs_addr a;
	uint32_t plen;

	ASSERT_EQ(0, zs_prefix_parse("198.51.100.0/24", &a, &plen));
	EXPECT_EQ(24, plen);
	ASSERT_EQ(0, zs_prefix_parse("198.51.100.7", &a, &plen));
	EXPECT_EQ(32, plen);
	ASSERT_EQ(0, zs_prefix_parse("2001:db8::/32", &a, &plen));
	EXPECT_EQ(32, plen);
	ASSERT_EQ(0, zs_prefix_parse("::", &a, &plen));
	EXPECT_EQ(128, plen);
	EXPECT_NE(0, zs_prefix_parse("198.51.100.0/33", &a, &plen));
	EXPECT_NE(0, zs_prefix_parse("198.51.100.0/", &a, &plen));
	EXPECT_NE(0, zs_prefix_parse("198.51.100.0/2x", &a, &plen));
	EXPECT_NE(0, zs_prefix_parse("2001:db8::/129", &a, &plen));
}

TEST(sa_round_trip)
{
	char buf[BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = start(buf, ZONESEC_CMD_SA_GET);
	struct zs_sa in, out;
	struct zs_error err;

	memset(&in, 0, sizeof(in));
	in.spi = 0x1001;
	in.proto = ZONESEC_PROTO_ESP;
	in.mode = ZONESEC_MODE_TUNNEL;
	in.inner_af = ZONESEC_AF_IPV6;
	in.reqid = 7;
	in.replay_window = 128;
	in.flags = ZONESEC_SA_FLAG_ESN;
	ASSERT_EQ(0, zs_addr_parse("192.0.2.1", &in.src));
	ASSERT_EQ(0, zs_addr_parse("192.0.2.2", &in.dst));
	in.aead.set = true;
	strcpy(in.aead.name, "rfc4106(gcm(aes))");
	in.aead.keylen = 20;
	memset(in.aead.key, 0xab, 20);
	in.aead.bits = 128;
	in.life[1] = 5000;
	zs_sa_put(nlh, &in, true);

	ASSERT_EQ(0, zs_sa_parse(nlh, &out, &err));
	EXPECT_EQ(in.spi, out.spi);
	EXPECT_EQ(in.proto, out.proto);
	EXPECT_EQ(in.mode, out.mode);
	EXPECT_EQ(in.inner_af, out.inner_af);
	EXPECT_EQ(in.reqid, out.reqid);
	EXPECT_EQ(in.replay_window, out.replay_window);
	EXPECT_EQ(in.flags, out.flags);
	EXPECT_EQ(0, memcmp(&in.src, &out.src, sizeof(in.src)));
	EXPECT_EQ(0, memcmp(&in.dst, &out.dst, sizeof(in.dst)));
	EXPECT_TRUE(out.aead.set);
	EXPECT_STREQ("rfc4106(gcm(aes))", out.aead.name);
	EXPECT_EQ(128, out.aead.bits);
	/* never read back, even from a message that carries it */
	EXPECT_EQ(0, out.aead.keylen);
	EXPECT_EQ(5000, out.life[1]);
	EXPECT_FALSE(out.enc.set);
	EXPECT_FALSE(out.has_stats);
}

TEST(sa_key_only)
{
	char buf[BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = start(buf, ZONESEC_CMD_SA_DEL);
	struct zs_sa in, out;
	struct zs_error err;

	memset(&in, 0, sizeof(in));
	in.spi = 300;
	in.proto = ZONESEC_PROTO_AH;
	ASSERT_EQ(0, zs_addr_parse("2001:db8::2", &in.dst));
	ASSERT_EQ(0, zs_addr_parse("2001:db8::1", &in.src));
	in.auth.set = true;
	strcpy(in.auth.name, "hmac(sha256)");
	zs_sa_put(nlh, &in, false);
	ASSERT_EQ(0, zs_sa_parse(nlh, &out, &err));
	EXPECT_EQ(300, out.spi);
	EXPECT_EQ(0, out.src.af);	/* only what names the SA */
	EXPECT_FALSE(out.auth.set);
}

TEST(sa_bad_address_rejected)
{
	char buf[BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = start(buf, ZONESEC_CMD_SA_GET);
	struct nlattr *nest;
	struct zs_error err;
	struct zs_sa out;

	nest = mnl_attr_nest_start(nlh, ZONESEC_A_SA);
	mnl_attr_put_u32(nlh, ZONESEC_A_SA_SPI, 300);
	mnl_attr_put_u32(nlh, ZONESEC_A_SA_PROTO, ZONESEC_PROTO_ESP);
	mnl_attr_put(nlh, ZONESEC_A_SA_DST, 5, "abcde");
	mnl_attr_nest_end(nlh, nest);
	EXPECT_NE(0, zs_sa_parse(nlh, &out, &err));
	EXPECT_NE(NULL, strstr(err.msg, "dst"));
}

TEST(policy_round_trip)
{
	char buf[BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = start(buf, ZONESEC_CMD_POLICY_GET);
	struct zs_policy in, out;
	struct zs_error err;
	struct nlattr *nest;

	zs_policy_init(&in);
	in.dir = ZONESEC_DIR_OUT;
	ASSERT_EQ(0, zs_prefix_parse("198.51.100.0/24", &in.src, &in.src_plen));
	ASSERT_EQ(0, zs_prefix_parse("203.0.113.0/24", &in.dst, &in.dst_plen));
	in.proto = 6;
	in.has_ports = true;
	in.dport_min = in.dport_max = 443;
	in.priority = 9;
	in.action = ZONESEC_ACTION_PROTECT;
	in.has_tmpl = true;
	in.tmpl.proto = ZONESEC_PROTO_ESP;
	in.tmpl.mode = ZONESEC_MODE_TUNNEL;
	in.tmpl.reqid = 4;
	ASSERT_EQ(0, zs_addr_parse("192.0.2.1", &in.tmpl.src));
	ASSERT_EQ(0, zs_addr_parse("192.0.2.2", &in.tmpl.dst));
	zs_policy_put(nlh, &in, true);
	/* replies carry the id the kernel assigned: add it to the nest */
	nest = (struct nlattr *)((char *)mnl_nlmsg_get_payload(nlh) + GENL_HDRLEN);
	mnl_attr_put_u32(nlh, ZONESEC_A_POLICY_ID, 42);
	nest->nla_len = (uint16_t)((char *)mnl_nlmsg_get_payload_tail(nlh) -
				   (char *)nest);

	ASSERT_EQ(0, zs_policy_parse(nlh, &out, &err));
	EXPECT_EQ(42, out.id);
	EXPECT_EQ(ZONESEC_DIR_OUT, out.dir);
	EXPECT_EQ(24, out.src_plen);
	EXPECT_EQ(24, out.dst_plen);
	EXPECT_EQ(6, out.proto);
	EXPECT_TRUE(out.has_ports);
	EXPECT_EQ(0, out.sport_min);
	EXPECT_EQ(65535, out.sport_max);
	EXPECT_EQ(443, out.dport_min);
	EXPECT_EQ(443, out.dport_max);
	EXPECT_EQ(ZS_ICMP_ANY, out.icmp_type);
	EXPECT_EQ(9, out.priority);
	EXPECT_EQ(ZONESEC_ACTION_PROTECT, out.action);
	EXPECT_TRUE(out.has_tmpl);
	EXPECT_EQ(ZONESEC_MODE_TUNNEL, out.tmpl.mode);
	EXPECT_EQ(4, out.tmpl.reqid);
	EXPECT_EQ(0, memcmp(&in.tmpl.dst, &out.tmpl.dst, sizeof(in.tmpl.dst)));
}

TEST(policy_by_id)
{
	char buf[BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = start(buf, ZONESEC_CMD_POLICY_DEL);
	const struct nlattr *nest, *attr;
	struct zs_policy in;
	int n = 0;

	zs_policy_init(&in);
	in.id = 5;
	in.dir = ZONESEC_DIR_IN;
	zs_policy_put(nlh, &in, false);
	nest = (const struct nlattr *)((char *)mnl_nlmsg_get_payload(nlh) +
				       GENL_HDRLEN);
	mnl_attr_for_each_nested(attr, nest) {
		EXPECT_EQ(ZONESEC_A_POLICY_ID, mnl_attr_get_type(attr));
		n++;
	}
	EXPECT_EQ(1, n);
}

TEST(event_expire)
{
	char buf[BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = start(buf, ZONESEC_CMD_SA_EXPIRE_NTF);
	struct nlattr *nest;
	struct zs_error err;
	struct zs_event ev;

	nest = mnl_attr_nest_start(nlh, ZONESEC_A_SA);
	mnl_attr_put_u32(nlh, ZONESEC_A_SA_SPI, 0x7001);
	mnl_attr_put_u32(nlh, ZONESEC_A_SA_PROTO, ZONESEC_PROTO_ESP);
	mnl_attr_put(nlh, ZONESEC_A_SA_DST, 4, "\xc0\x00\x02\x02");
	mnl_attr_put_u32(nlh, ZONESEC_A_SA_EXPIRE, ZONESEC_EXPIRE_HARD);
	mnl_attr_nest_end(nlh, nest);
	ASSERT_EQ(1, zs_event_parse(nlh, 0x20, &ev, &err));
	EXPECT_EQ(ZONESEC_CMD_SA_EXPIRE_NTF, ev.cmd);
	EXPECT_EQ(0x7001, ev.sa.spi);
	EXPECT_EQ(ZONESEC_EXPIRE_HARD, ev.sa.expire);
	/* another family's message, or a command we do not know: skipped */
	EXPECT_EQ(0, zs_event_parse(nlh, 0x21, &ev, &err));
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd = 200;
	EXPECT_EQ(0, zs_event_parse(nlh, 0x20, &ev, &err));
}

TEST(event_acquire_malformed)
{
	char buf[BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = start(buf, ZONESEC_CMD_ACQUIRE_NTF);
	struct zs_error err;
	struct zs_event ev;

	/* no policy nest at all */
	EXPECT_GT(0, zs_event_parse(nlh, 0x20, &ev, &err));
}

TEST_HARNESS_MAIN
