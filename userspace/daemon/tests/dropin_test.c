// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Drop-in tunnels (zonesec tunnel add/del): the loader reads tunnels_dir
 * after the main file, an add's text loads as one more drop-in and is
 * written whole (0600, never over a file), a del's file is left out; and
 * the tunnel table is not bounded by a small array.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "kselftest_harness.h"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static const char section[] =
	"peer = 192.0.2.2\npeer_id = b.example\n"
	"local_prefix = 10.0.0.0/24\nremote_prefix = 10.0.1.0/24\n";

FIXTURE(dir) {
	char dir[64];
	char main[128];
	char d[128];
};

FIXTURE_SETUP(dir)
{
	char text[512];

	snprintf(self->dir, sizeof(self->dir), "/tmp/zs-dropin.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->main, sizeof(self->main), "%s/zonesec.conf", self->dir);
	snprintf(self->d, sizeof(self->d), "%s/tunnels.d", self->dir);
	snprintf(text, sizeof(text), "[global]\nid = a.example\n"
		 "psk = a shared secret\n\n[tunnel main]\n%s", section);
	put(self->main, text);
}

FIXTURE_TEARDOWN(dir)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	if (system(cmd))
		TH_LOG("cannot remove %s", self->dir);
}

TEST_F(dir, default_dir_missing_is_empty)
{
	char err[ZS_CONF_ERR_MAX];
	struct zs_conf *c = NULL;

	ASSERT_EQ(0, zs_conf_load(self->main, &c, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_STREQ(self->d, c->tunnels_dir);
	EXPECT_EQ(1, c->n_tun);
	EXPECT_EQ(0, c->tun[0].src);
	zs_conf_free(c);
}

TEST_F(dir, dropins_in_name_order_hidden_ignored)
{
	char err[ZS_CONF_ERR_MAX], p[256];
	struct zs_conf *c = NULL;

	ASSERT_EQ(0, mkdir(self->d, 0700));
	snprintf(p, sizeof(p), "%s/b.conf", self->d);
	put(p, "[tunnel b]\npeer = 192.0.2.3\npeer_id = c.example\n"
	       "local_prefix = 10.0.0.0/24\nremote_prefix = 10.0.2.0/24\n");
	snprintf(p, sizeof(p), "%s/a.conf", self->d);
	put(p, "[tunnel a]\npeer = 192.0.2.4\npeer_id = d.example\n"
	       "local_prefix = 10.0.0.0/24\nremote_prefix = 10.0.3.0/24\n");
	/* a write in progress, and a file not ending in .conf */
	snprintf(p, sizeof(p), "%s/.c.conf.tmp", self->d);
	put(p, "garbage\n");
	snprintf(p, sizeof(p), "%s/README", self->d);
	put(p, "garbage\n");
	ASSERT_EQ(0, zs_conf_load(self->main, &c, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(3, c->n_tun);
	EXPECT_STREQ("main", c->tun[0].name);
	EXPECT_STREQ("a", c->tun[1].name);
	EXPECT_STREQ("b", c->tun[2].name);
	snprintf(p, sizeof(p), "%s/a.conf", self->d);
	EXPECT_STREQ(p, c->src[c->tun[1].src].path);
	/* the global PSK reaches drop-in tunnels too */
	EXPECT_EQ(ZS_AUTH_PSK, c->tun[2].auth);
	zs_conf_free(c);
}

TEST_F(dir, dropin_errors_name_their_file)
{
	char err[ZS_CONF_ERR_MAX], p[256], want[512];
	struct zs_conf *c = NULL;

	ASSERT_EQ(0, mkdir(self->d, 0700));
	snprintf(p, sizeof(p), "%s/x.conf", self->d);
	put(p, "[tunnel x]\npeer = 192.0.2.3\n[global]\nid = z.example\n");
	EXPECT_EQ(-1, zs_conf_load(self->main, &c, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:3: [global] belongs in the main file", p);
	EXPECT_EQ(0, strncmp(err, want, strlen(want))) TH_LOG("%s", err);

	put(p, "[tunnel main]\npeer = 192.0.2.3\n");
	EXPECT_EQ(-1, zs_conf_load(self->main, &c, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:1: tunnel main defined twice (first in %s:5)",
		 p, self->main);
	EXPECT_STREQ(want, err);

	/* whole-section checks name the drop-in's line too */
	put(p, "\n[tunnel x]\npeer = 192.0.2.3\n");
	EXPECT_EQ(-1, zs_conf_load(self->main, &c, err, sizeof(err)));
	snprintf(want, sizeof(want), "%s:2: tunnel x: no peer_id", p);
	EXPECT_STREQ(want, err);
	EXPECT_EQ(NULL, c);
}

TEST_F(dir, add_text_then_write_then_del)
{
	char err[ZS_CONF_ERR_MAX], path[PATH_MAX], lines[512];
	struct zs_conf *c = NULL;
	struct zs_conf_extra x = { 0 };
	struct stat st;
	char *text, buf[1024] = "";
	FILE *f;

	snprintf(lines, sizeof(lines), "%sstart = wait\n", section);
	text = zs_conf_dropin_text("t1", lines, err, sizeof(err));
	ASSERT_NE(NULL, text) TH_LOG("%s", err);
	ASSERT_EQ(0, zs_conf_dropin_path(self->d, "t1", path));
	x = (struct zs_conf_extra){ .text = text, .label = "tunnel add t1",
				    .path = path };
	ASSERT_EQ(0, zs_conf_load_extra(self->main, &x, &c, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(2, c->n_tun);
	EXPECT_STREQ("t1", c->tun[1].name);
	EXPECT_EQ(ZS_START_WAIT, c->tun[1].start);
	EXPECT_STREQ(path, c->src[c->tun[1].src].path);
	zs_conf_free(c);

	/* written whole, 0600, and read back as the same tunnel */
	ASSERT_EQ(0, zs_conf_dropin_write(self->d, "t1", text, err, sizeof(err)))
		TH_LOG("%s", err);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0600, st.st_mode & 0777);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(strlen(text), fread(buf, 1, sizeof(buf) - 1, f));
	fclose(f);
	EXPECT_STREQ(text, buf);
	ASSERT_EQ(0, zs_conf_load(self->main, &c, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(2, c->n_tun);
	zs_conf_free(c);

	/* never over an existing file, and no temporary left behind */
	EXPECT_EQ(-1, zs_conf_dropin_write(self->d, "t1", "[tunnel t1]\n", err,
					   sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "File exists")) TH_LOG("%s", err);
	snprintf(buf, sizeof(buf), "%s/.t1.conf.tmp", self->d);
	EXPECT_NE(0, access(buf, F_OK));

	/* del: loaded without it, then removed */
	x = (struct zs_conf_extra){ .skip = path };
	ASSERT_EQ(0, zs_conf_load_extra(self->main, &x, &c, err, sizeof(err)));
	EXPECT_EQ(1, c->n_tun);
	zs_conf_free(c);
	EXPECT_EQ(0, zs_conf_dropin_remove(path, err, sizeof(err)));
	EXPECT_NE(0, access(path, F_OK));
	EXPECT_EQ(-1, zs_conf_dropin_remove(path, err, sizeof(err)));
	free(text);
}

TEST_F(dir, bad_add_names_the_command_not_a_line)
{
	char err[ZS_CONF_ERR_MAX], path[PATH_MAX];
	struct zs_conf *c = NULL;
	struct zs_conf_extra x = { .label = "tunnel add u" };
	char *text;

	text = zs_conf_dropin_text("u", "peer = 192.0.2.300\n", err, sizeof(err));
	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, zs_conf_dropin_path(self->d, "u", path));
	x.text = text;
	x.path = path;
	EXPECT_EQ(-1, zs_conf_load_extra(self->main, &x, &c, err, sizeof(err)));
	EXPECT_STREQ("tunnel add u: peer: '192.0.2.300' is not an address", err);
	free(text);

	/* the name of a tunnel in the main file */
	text = zs_conf_dropin_text("main", section, err, sizeof(err));
	ASSERT_NE(NULL, text);
	x.text = text;
	EXPECT_EQ(-1, zs_conf_load_extra(self->main, &x, &c, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "tunnel main defined twice")) TH_LOG("%s", err);
	EXPECT_EQ(NULL, c);
	free(text);
}

TEST(dropin_text_refuses_what_is_not_a_key_line)
{
	static const char *const bad[] = {
		"[global]\n", "peer 192.0.2.1\n", " peer = 192.0.2.1\n",
		"= 192.0.2.1\n", "Peer = x\n", "psk = a\tb\n", "psk = \x01\n",
	};
	char err[256], *t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = zs_conf_dropin_text("t", bad[i], err, sizeof(err));
		EXPECT_EQ(NULL, t) TH_LOG("case %zu accepted", i);
		free(t);
		EXPECT_EQ(0, strncmp(err, "tunnel add t: ", 14)) TH_LOG("%s", err);
	}
	EXPECT_EQ(NULL, zs_conf_dropin_text("../t", "", err, sizeof(err)));
	EXPECT_EQ(NULL, zs_conf_dropin_text(".t", "", err, sizeof(err)));
	EXPECT_EQ(NULL, zs_conf_dropin_text("t u", "", err, sizeof(err)));
	EXPECT_FALSE(zs_conf_dropin_name_ok("0123456789012345678901234567890123"));
	EXPECT_TRUE(zs_conf_dropin_name_ok("branch-1.example_2"));
	t = zs_conf_dropin_text("t", "peer = 192.0.2.1\n\npsk = x y z ; w\n", err,
				sizeof(err));
	ASSERT_NE(NULL, t) TH_LOG("%s", err);
	EXPECT_NE(NULL, strstr(t, "\n[tunnel t]\npeer = 192.0.2.1\npsk = x y z ; w\n"));
	free(t);
}

/* Far more than the old array of 32; lookups by address and by name. */
TEST(thousand_tunnels)
{
	enum { N = 1000 };
	char err[ZS_CONF_ERR_MAX];
	struct zs_conf *c = NULL;
	struct zsd_addr a;
	size_t cap = (size_t)N * 200 + 256, len;
	char *text = malloc(cap);

	ASSERT_NE(NULL, text);
	len = (size_t)snprintf(text, cap, "[global]\nid = a.example\n"
			       "psk = a shared secret\n");
	for (int k = 0; k < N; k++)
		len += (size_t)snprintf(text + len, cap - len,
			"[tunnel t%d]\npeer = 10.%d.%d.1\npeer_id = b.example\n"
			"local_prefix = 192.0.2.0/24\nremote_prefix = 10.%d.%d.0/24\n",
			k, k / 256, k % 256, k / 256, k % 256);
	ASSERT_EQ(0, zs_conf_load_string("many.conf", text, &c, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_EQ(N, c->n_tun);
	ASSERT_TRUE(zsd_addr_parse("10.3.231.1", &a));	/* t999 */
	a.port = IKE_PORT;
	ASSERT_NE(NULL, zs_conf_tunnel_by_addr(c, &a));
	EXPECT_STREQ("t999", zs_conf_tunnel_by_addr(c, &a)->name);
	EXPECT_EQ(&c->tun[500], zs_conf_tunnel(c, "t500"));
	zs_conf_free(c);
	free(text);
}

TEST_HARNESS_MAIN
