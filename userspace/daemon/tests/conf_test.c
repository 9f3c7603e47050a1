// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec.conf: a good file loads with its defaults; each bad one is
 * refused whole, with the file name and the line of the fault.
 */
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "fwparse.h"
#include "kernel.h"
#include "kselftest_harness.h"

static const char good[] =
	"# a comment\n"
	"[global]\n"
	"id = fqdn:gw-hq.example\n"
	"psk = a shared secret\n"
	"\n"
	"[tunnel branch]\n"
	"peer = 2001:db8:ff02::2\n"
	"peer_id = ip:2001:db8:ff02::2\n"
	"local_prefix = 2001:db8:1::/64\n"
	"remote_prefix = 2001:db8:2::/64\n"
	"ike_proposals = aes256gcm16-prfsha256-ecp256\n"
	"child_lifetime = 600\n"
	"start = traffic\n";

TEST(good_file_and_defaults)
{
	char err[ZS_CONF_ERR_MAX] = "";
	struct zs_conf *c = NULL;
	const struct zs_tunnel_conf *t;

	ASSERT_EQ(0, zs_conf_load_string("good.conf", good, &c, err, sizeof(err)));
	EXPECT_STREQ("auto", c->kernel);
	EXPECT_EQ(IKEV2_ID_FQDN, c->id.type);
	ASSERT_EQ(1, c->n_tun);
	t = &c->tun[0];
	EXPECT_STREQ("branch", t->name);
	EXPECT_EQ(6, t->line);
	EXPECT_EQ(ZS_AUTH_PSK, t->auth);	/* from [global] */
	EXPECT_EQ(15, t->psk_len);
	EXPECT_EQ(IKEV2_ID_IPV6_ADDR, t->peer_id.type);
	EXPECT_EQ(IKE_PORT, t->peer.port);
	EXPECT_EQ(1, t->n_ike);
	EXPECT_EQ(IKEV2_DH_ECP_256, t->ike[0].id[IKEV2_XF_DH]);
	EXPECT_EQ(256, t->ike[0].encr_keylen);
	EXPECT_EQ(3, t->n_esp);			/* the default list */
	EXPECT_EQ(600, t->child_lifetime);
	EXPECT_EQ(14400, t->ike_lifetime);
	EXPECT_EQ(ZS_START_TRAFFIC, t->start);
	EXPECT_EQ(64, t->local_ts.plen);
	zs_conf_free(c);
}

static const struct {
	const char *text;
	const char *want;	/* prefix of the message */
} bad[] = {
	{ "[global]\nid = a.example\nfrobnicate = 1\n",
	  "bad.conf:3: unknown key 'frobnicate' in [global]" },
	{ "[global]\nid = a.example\n[tunnel x]\npeer = 192.0.2.300\n",
	  "bad.conf:4: peer: '192.0.2.300' is not an address" },
	{ "[global]\nid = a.example\n[tunnel x]\npeer = 192.0.2.2\n"
	  "local_prefix = 192.0.2.1/24\n",
	  "bad.conf:5: local_prefix: '192.0.2.1/24' is not a prefix" },
	{ "[global]\nid = a.example\n[tunnel x]\n\n\nike_proposals = aes128gcm16-prfsha256-modp1024\n",
	  "bad.conf:6: ike_proposals 'aes128gcm16-prfsha256-modp1024': unknown algorithm" },
	{ "[global]\nid = a.example\n[tunnel x]\nike_proposals = aes128gcm16-prfsha256\n",
	  "bad.conf:4: ike_proposals 'aes128gcm16-prfsha256': IKE proposal without a key exchange" },
	{ "[global]\nid = a.example\n[tunnel x]\nstart = sometimes\n",
	  "bad.conf:4: start: 'sometimes': load, traffic or wait" },
	{ "[global]\nid = a.example\npsk = short\n",
	  "bad.conf:3: psk: 8 to 128 characters" },
	{ "[global]\nid = a.example\nkernel = bsd\n",
	  "bad.conf:3: kernel: 'bsd': auto, zonesec or xfrm" },
	{ "[global]\nid = keyid:abc\n", "bad.conf:2: id 'keyid:abc': keyid:" },
	{ "[global]\nid = a.example\n[zone lan]\n", "bad.conf:3: unknown section [zone lan]" },
	{ "[global]\nid = a.example\nthis line is not ini\n", "bad.conf:3: syntax error" },
	{ "[global]\nid = a.example\n[tunnel x]\npeer = 192.0.2.2\n[tunnel x]\n",
	  "bad.conf:5: tunnel x defined twice (first on line 3)" },
	/* whole-section checks name the section's line */
	{ "[global]\nid = a.example\n\n[tunnel x]\npeer_id = b.example\n",
	  "bad.conf:4: tunnel x: no peer address" },
	{ "[global]\nid = a.example\n[tunnel x]\npeer = 192.0.2.2\npeer_id = b\n"
	  "local_prefix = 192.0.2.0/25\nremote_prefix = 192.0.2.128/25\n",
	  "bad.conf:3: tunnel x: neither psk nor peer_key" },
	{ "[global]\nid = a.example\n[tunnel x]\npeer = 192.0.2.2\npeer_id = b\n"
	  "local_prefix = 192.0.2.0/25\nremote_prefix = 2001:db8::/64\npsk = 12345678\n",
	  "bad.conf:3: tunnel x: local_prefix and remote_prefix differ in family" },
	{ "[global]\nid = a.example\n[tunnel x]\npeer_key = /nonexistent.pub\n",
	  "bad.conf:4: peer_key /nonexistent.pub: No such file" },
	{ "[tunnel x]\npeer = 192.0.2.2\n", "bad.conf:1: [global] has no id" },
};

TEST(bad_files_name_their_line)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[ZS_CONF_ERR_MAX] = "";
		struct zs_conf *c = NULL;

		EXPECT_EQ(-1, zs_conf_load_string("bad.conf", bad[i].text, &c,
						  err, sizeof(err)));
		EXPECT_EQ(NULL, c);
		EXPECT_EQ(0, strncmp(err, bad[i].want, strlen(bad[i].want)))
			TH_LOG("case %zu: got '%s'", i, err);
	}
}

TEST(missing_file)
{
	char err[ZS_CONF_ERR_MAX];
	struct zs_conf *c = NULL;

	EXPECT_EQ(-1, zs_conf_load("/nonexistent/zonesec.conf", &c, err,
				   sizeof(err)));
	EXPECT_STREQ("/nonexistent/zonesec.conf: No such file or directory", err);
}

TEST(identities)
{
	struct zs_id id;

	EXPECT_EQ(NULL, zs_conf_parse_id("192.0.2.1", &id));
	EXPECT_EQ(IKEV2_ID_IPV4_ADDR, id.type);
	EXPECT_EQ(4, id.len);
	EXPECT_EQ(NULL, zs_conf_parse_id("ip:2001:db8::1", &id));
	EXPECT_EQ(IKEV2_ID_IPV6_ADDR, id.type);
	EXPECT_EQ(NULL, zs_conf_parse_id("keyid:00ff", &id));
	EXPECT_EQ(IKEV2_ID_KEY_ID, id.type);
	EXPECT_EQ(2, id.len);
	EXPECT_EQ(0xff, id.data[1]);
	EXPECT_EQ(NULL, zs_conf_parse_id("fqdn:gw.example", &id));
	EXPECT_EQ(10, id.len);
	EXPECT_NE(NULL, zs_conf_parse_id("ip:gw.example", &id));
	EXPECT_NE(NULL, zs_conf_parse_id("gw example", &id));
}

TEST(kernel_backends)
{
	const char *why = NULL;

	EXPECT_EQ(&kernel_xfrm_ops, kernel_lookup("xfrm", &why));
	EXPECT_EQ(&kernel_zonesec_ops, kernel_lookup("zonesec", &why));
	/* no module on the build host: auto falls back to XFRM */
	if (!kernel_zonesec_present())
		EXPECT_EQ(&kernel_xfrm_ops, kernel_lookup("auto", &why));
	EXPECT_EQ(NULL, kernel_lookup("bsd", &why));
	EXPECT_NE(NULL, strstr(why, "unknown"));
}

/* [firewall] holds `zonesec fw load` lines; an error names its line. */
TEST(firewall_section)
{
	static const char text[] =
		"[global]\nid = a.example\n"
		"[firewall]\n"
		"# the DMZ\n"
		"zone add dmz dev eth1\n"
		"zone add lan prefix 192.0.2.0/25\n"
		"zone policy from lan to dmz accept\n"
		"rule add from dmz to lan proto tcp dport 5432 action accept\n";
	static const char bad[] =
		"[global]\nid = a.example\n[firewall]\n"
		"zone add dmz dev eth1\n"
		"rule add from dmz to nowhere action accept\n";
	char err[ZS_CONF_ERR_MAX] = "";
	struct zs_conf *c = NULL;

	ASSERT_EQ(0, zs_conf_load_string("fw.conf", text, &c, err, sizeof(err)));
	ASSERT_NE(NULL, c->fw);
	EXPECT_EQ(3, c->fw->n_zones);	/* self, dmz, lan */
	EXPECT_EQ(1, c->fw->n_rules);
	zs_conf_free(c);
	c = NULL;
	EXPECT_EQ(-1, zs_conf_load_string("bad.conf", bad, &c, err, sizeof(err)));
	EXPECT_EQ(NULL, c);
	EXPECT_EQ(0, strncmp(err, "bad.conf:5: [firewall]: ", 24));
	TH_LOG("%s", err);
	/* without the section, the firewall is not ours to touch */
	ASSERT_EQ(0, zs_conf_load_string("g.conf", "[global]\nid = a\n", &c,
					  err, sizeof(err)));
	EXPECT_EQ(NULL, c->fw);
	zs_conf_free(c);
}

TEST_HARNESS_MAIN
