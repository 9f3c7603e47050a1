// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsing INFO_GET replies, built by hand as the module would send them,
 * and a few it must never be fooled by.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/zonesec.h>

#include "kselftest_harness.h"
#include "libzonesec.h"

#define FAKE_FAMILY_ID	0x1d
#define COOKIE		0x1122334455667788ULL

struct alg_spec {
	const char *name;
	uint32_t kind;
	const char *driver;
};

static const struct alg_spec algs[] = {
	{ "rfc4106(gcm(aes))", ZONESEC_ALG_KIND_AEAD, "rfc4106-gcm-aesni" },
	{ "cbc(aes)", ZONESEC_ALG_KIND_CIPHER, "cbc-aes-aesni" },
	{ "hmac(sha256)", ZONESEC_ALG_KIND_AUTH, "hmac(sha256-avx2)" },
};

/* What to break in the message built. */
enum mangle {
	GOOD,
	ABI_AS_U16,		/* wrong type: 2 bytes where 4 are due */
	KIND_AS_STRING,		/* wrong type, inside an ALG nest */
	VERSION_NOT_NUL,	/* string without its NUL */
	NO_COOKIE,		/* a required attribute missing */
	UNKNOWN_ATTRS,		/* attributes from a newer module */
	UNKNOWN_KIND,		/* an algorithm kind from a newer module */
	NO_ALGS,
};

static struct nlmsghdr *start(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = FAKE_FAMILY_ID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = ZONESEC_CMD_INFO_GET;
	genl->version = ZONESEC_FAMILY_VERSION;
	return nlh;
}

static void put_alg(struct nlmsghdr *nlh, const struct alg_spec *a,
		    enum mangle m)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, ZONESEC_A_INFO_ALG);

	mnl_attr_put_strz(nlh, ZONESEC_A_ALG_NAME, a->name);
	if (m == KIND_AS_STRING)
		mnl_attr_put_strz(nlh, ZONESEC_A_ALG_KIND, "aead");
	else
		mnl_attr_put_u32(nlh, ZONESEC_A_ALG_KIND,
				 m == UNKNOWN_KIND ? 42 : a->kind);
	if (m == UNKNOWN_ATTRS)
		mnl_attr_put_u64(nlh, ZONESEC_A_ALG_MAX + 7, 7);
	mnl_attr_put_strz(nlh, ZONESEC_A_ALG_DRIVER, a->driver);
	mnl_attr_nest_end(nlh, nest);
}

static void put_info(struct nlmsghdr *nlh, enum mangle m)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, ZONESEC_A_INFO);

	if (m == VERSION_NOT_NUL)
		mnl_attr_put_str(nlh, ZONESEC_A_INFO_MODULE_VERSION, "0.1.0");
	else
		mnl_attr_put_strz(nlh, ZONESEC_A_INFO_MODULE_VERSION, "0.1.0");
	if (m == ABI_AS_U16)
		mnl_attr_put_u16(nlh, ZONESEC_A_INFO_ABI_VERSION, 1);
	else
		mnl_attr_put_u32(nlh, ZONESEC_A_INFO_ABI_VERSION, 1);
	if (m == UNKNOWN_ATTRS)
		mnl_attr_put_strz(nlh, ZONESEC_A_INFO_MAX + 3, "future");
	/* as nla_put_u64_64bit() does: an empty PAD, then the u64 */
	mnl_attr_put(nlh, ZONESEC_A_INFO_PAD, 0, NULL);
	if (m != NO_COOKIE)
		mnl_attr_put_u64(nlh, ZONESEC_A_INFO_NETNS_COOKIE, COOKIE);
	for (size_t i = 0; m != NO_ALGS && i < ARRAY_SIZE(algs); i++)
		put_alg(nlh, &algs[i], m);
	mnl_attr_nest_end(nlh, nest);
}

static struct nlmsghdr *build(char *buf, enum mangle m)
{
	struct nlmsghdr *nlh = start(buf);

	if (m == UNKNOWN_ATTRS)
		mnl_attr_put_u32(nlh, ZONESEC_A_MAX + 1, 0xdead);
	put_info(nlh, m);
	return nlh;
}

FIXTURE(info) {
	char buf[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct zs_info info;
	struct zs_error err;
};

FIXTURE_SETUP(info)
{
	memset(self->buf, 0, sizeof(self->buf));
}

FIXTURE_TEARDOWN(info)
{
	zs_info_free(&self->info);
}

static void expect_empty(struct __test_metadata *_metadata,
			 const struct zs_info *info)
{
	EXPECT_EQ(NULL, info->module_version);
	EXPECT_EQ(NULL, info->algs);
	EXPECT_EQ(0, info->n_algs);
}

TEST_F(info, good_reply)
{
	struct nlmsghdr *nlh = build(self->buf, GOOD);

	ASSERT_EQ(0, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_STREQ("0.1.0", self->info.module_version);
	EXPECT_EQ(1, self->info.abi_version);
	EXPECT_EQ(COOKIE, self->info.netns_cookie);
	ASSERT_EQ(ARRAY_SIZE(algs), self->info.n_algs);
	for (size_t i = 0; i < ARRAY_SIZE(algs); i++) {
		EXPECT_STREQ(algs[i].name, self->info.algs[i].name);
		EXPECT_EQ(algs[i].kind, self->info.algs[i].kind);
		EXPECT_STREQ(algs[i].driver, self->info.algs[i].driver);
	}
	EXPECT_STREQ("aead", zs_alg_kind_name(self->info.algs[0].kind));
	EXPECT_STREQ("cipher", zs_alg_kind_name(self->info.algs[1].kind));
	EXPECT_STREQ("auth", zs_alg_kind_name(self->info.algs[2].kind));
}

TEST_F(info, no_algorithms)
{
	struct nlmsghdr *nlh = build(self->buf, NO_ALGS);

	ASSERT_EQ(0, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_EQ(0, self->info.n_algs);
	EXPECT_EQ(NULL, self->info.algs);
}

TEST_F(info, wrong_type_rejected)
{
	struct nlmsghdr *nlh = build(self->buf, ABI_AS_U16);

	EXPECT_EQ(-EBADMSG, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_STREQ("malformed attribute 'abi-version' in kernel reply",
		     self->err.msg);
	expect_empty(_metadata, &self->info);
}

TEST_F(info, wrong_type_in_nest_rejected)
{
	struct nlmsghdr *nlh = build(self->buf, KIND_AS_STRING);

	EXPECT_EQ(-EBADMSG, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_STREQ("malformed attribute 'kind' in kernel reply",
		     self->err.msg);
	expect_empty(_metadata, &self->info);
}

TEST_F(info, string_without_nul_rejected)
{
	struct nlmsghdr *nlh = build(self->buf, VERSION_NOT_NUL);

	EXPECT_EQ(-EBADMSG, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_STREQ("malformed attribute 'module-version' in kernel reply",
		     self->err.msg);
}

TEST_F(info, missing_required_rejected)
{
	struct nlmsghdr *nlh = build(self->buf, NO_COOKIE);

	EXPECT_EQ(-EBADMSG, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_STREQ("kernel reply lacks attribute 'netns-cookie'",
		     self->err.msg);
}

/* Cut anywhere inside the INFO nest: every cut must be refused. */
TEST_F(info, truncated_rejected)
{
	struct nlmsghdr *nlh = build(self->buf, GOOD);
	uint32_t full = nlh->nlmsg_len;
	uint32_t first = MNL_NLMSG_HDRLEN + GENL_HDRLEN + 1;

	for (uint32_t len = first; len < full; len++) {
		nlh->nlmsg_len = len;
		EXPECT_GT(0, zs_info_parse(nlh, &self->info, &self->err))
			TH_LOG("accepted a reply cut to %u of %u bytes",
			       len, full);
		expect_empty(_metadata, &self->info);
	}
}

TEST_F(info, no_genl_header_rejected)
{
	struct nlmsghdr *nlh = build(self->buf, GOOD);

	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	EXPECT_EQ(-EBADMSG, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_STREQ("truncated generic netlink message", self->err.msg);
}

TEST_F(info, unknown_attributes_ignored)
{
	struct nlmsghdr *nlh = build(self->buf, UNKNOWN_ATTRS);

	ASSERT_EQ(0, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_STREQ("0.1.0", self->info.module_version);
	EXPECT_EQ(COOKIE, self->info.netns_cookie);
	ASSERT_EQ(ARRAY_SIZE(algs), self->info.n_algs);
	EXPECT_STREQ("hmac(sha256)", self->info.algs[2].name);
	EXPECT_STREQ("hmac(sha256-avx2)", self->info.algs[2].driver);
}

TEST_F(info, unknown_kind_kept)
{
	struct nlmsghdr *nlh = build(self->buf, UNKNOWN_KIND);

	ASSERT_EQ(0, zs_info_parse(nlh, &self->info, &self->err));
	EXPECT_EQ(42, self->info.algs[0].kind);
	EXPECT_STREQ("unknown", zs_alg_kind_name(42));
}

TEST_HARNESS_MAIN
