// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Two zonesecd instances in one process: their state machines talk
 * through a fake transport (a queue of datagrams) and install into the
 * fake kernel.  IKE_SA_INIT + IKE_AUTH with PSK and with Ed25519, the
 * child keys both sides install, refusals (AUTHENTICATION_FAILED,
 * NO_PROPOSAL_CHOSEN) with nothing installed, retransmission, delete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "ike_sa.h"
#include "keyfile.h"
#include "log.h"
#include "kselftest_harness.h"

enum { QMAX = 64 };

struct pkt {
	int to;
	struct zsd_addr from, dst;
	size_t len;
	uint8_t buf[IKE_MSG_MAX];
};

struct wire {
	struct pkt q[QMAX];
	unsigned int n, sent;
	int drop_next;		/* drop the next N datagrams */
	struct pkt hist[8];	/* the first datagrams sent, for replays */
};

struct node {
	struct wire *w;
	int self;
	struct zsd_addr addr;
	struct zs_conf *conf;
	void *kctx;
	struct zsd d;
};

static void fake_send(void *ctx, const struct zsd_addr *local,
		      const struct zsd_addr *remote, const uint8_t *buf,
		      size_t len)
{
	struct node *n = ctx;
	struct pkt *p;

	if (n->w->sent < 8 && len <= IKE_MSG_MAX) {
		p = &n->w->hist[n->w->sent];
		p->to = !n->self;
		p->from = *local;
		p->dst = *remote;
		p->len = len;
		memcpy(p->buf, buf, len);
	}
	n->w->sent++;
	if (n->w->drop_next > 0) {
		n->w->drop_next--;
		return;
	}
	if (n->w->n == QMAX || len > IKE_MSG_MAX)
		return;
	p = &n->w->q[n->w->n++];
	p->to = !n->self;
	p->from = *local;
	p->dst = *remote;
	p->len = len;
	memcpy(p->buf, buf, len);
}

static int fake_source(void *ctx, const struct zsd_addr *remote,
		       struct zsd_addr *local)
{
	struct node *n = ctx;

	(void)remote;
	*local = n->addr;
	return 0;
}

/* Delivers queued datagrams until none is left. */
static void pump(struct node nodes[2])
{
	struct wire *w = nodes[0].w;

	while (w->n) {
		static struct pkt p;

		p = w->q[0];
		memmove(&w->q[0], &w->q[1], (w->n - 1) * sizeof(w->q[0]));
		w->n--;
		zsd_input(&nodes[p.to].d, &p.dst, &p.from, p.buf, p.len);
	}
}

/* Delivers the first n queued datagrams. */
static void deliver(struct node nodes[2], unsigned int n)
{
	struct wire *w = nodes[0].w;

	while (n-- && w->n) {
		static struct pkt p;

		p = w->q[0];
		memmove(&w->q[0], &w->q[1], (w->n - 1) * sizeof(w->q[0]));
		w->n--;
		zsd_input(&nodes[p.to].d, &p.dst, &p.from, p.buf, p.len);
	}
}

static const char conf_a_psk[] =
	"[global]\nkernel = fake\nid = fqdn:a.example\n"
	"[tunnel b]\npeer = 192.0.2.2\npeer_id = b.example\n"
	"psk = %s\nlocal_prefix = 192.0.2.128/26\n"
	"remote_prefix = 192.0.2.192/26\nike_proposals = %s\n"
	"esp_proposals = %s\nstart = load\n";
static const char conf_b_psk[] =
	"[global]\nkernel = fake\nid = fqdn:b.example\n"
	"[tunnel a]\npeer = 192.0.2.1\npeer_id = fqdn:a.example\n"
	"psk = %s\nlocal_prefix = %s\n"
	"remote_prefix = 192.0.2.128/26\nike_proposals = %s\n"
	"esp_proposals = %s\nstart = wait\n";

static void node_init(struct node *n, struct wire *w, int self,
		      const char *text)
{
	char err[ZS_CONF_ERR_MAX];
	struct zs_transport io = { fake_send, fake_source, n };

	memset(n, 0, sizeof(*n));
	n->w = w;
	n->self = self;
	zsd_addr_parse(self ? "192.0.2.2" : "192.0.2.1", &n->addr);
	n->addr.port = IKE_PORT;
	if (zs_conf_load_string(self ? "b.conf" : "a.conf", text, &n->conf,
				err, sizeof(err))) {
		fprintf(stderr, "# %s\n", err);
		abort();
	}
	kernel_fake_ops.open(&n->kctx);
	zsd_init(&n->d, n->conf, &kernel_fake_ops, n->kctx, &io, 1000);
}

static void node_fini(struct node *n)
{
	zsd_shutdown(&n->d, false);
	kernel_fake_ops.close(n->kctx);
	zs_conf_free(n->conf);
}

struct pair {
	struct wire w;
	struct node n[2];
};

static struct pair *pair_psk(const char *psk_a, const char *psk_b,
			     const char *ike_a, const char *ike_b,
			     const char *esp_a, const char *esp_b,
			     const char *b_local)
{
	struct pair *p = calloc(1, sizeof(*p));
	char a[1024], b[1024];

	snprintf(a, sizeof(a), conf_a_psk, psk_a, ike_a, esp_a);
	snprintf(b, sizeof(b), conf_b_psk, psk_b, b_local, ike_b, esp_b);
	node_init(&p->n[0], &p->w, 0, a);
	node_init(&p->n[1], &p->w, 1, b);
	return p;
}

static void pair_free(struct pair *p)
{
	node_fini(&p->n[0]);
	node_fini(&p->n[1]);
	free(p);
}

static const struct kernel_fake_sa *find_sa(void *kctx, uint32_t spi)
{
	for (unsigned int i = 0; i < kernel_fake_n_sa(kctx); i++)
		if (kernel_fake_sa(kctx, i)->p.spi == spi)
			return kernel_fake_sa(kctx, i);
	return NULL;
}

/* Each side's outbound SA is the other's inbound one, same key. */
static int same_child_keys(struct pair *p)
{
	for (int s = 0; s < 2; s++) {
		void *mine = p->n[s].kctx, *theirs = p->n[!s].kctx;

		if (kernel_fake_n_sa(mine) != 2)
			return 0;
		for (unsigned int i = 0; i < 2; i++) {
			const struct kernel_fake_sa *a = kernel_fake_sa(mine, i);
			const struct kernel_fake_sa *b = find_sa(theirs, a->p.spi);

			if (!b || b->p.key_len != a->p.key_len ||
			    !a->p.key_len ||
			    memcmp(a->key, b->key, a->p.key_len) ||
			    !zsd_addr_eq(&a->p.src, &b->p.src) ||
			    !zsd_addr_eq(&a->p.dst, &b->p.dst))
				return 0;
		}
	}
	return 1;
}

#define IKE_DEF "aes128gcm16-prfsha256-x25519"
#define ESP_DEF "aes128gcm16"
#define PSK "a test psk, long enough"

TEST(psk_establishes_and_keys_agree)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");

	zsd_start(&p->n[0].d);
	pump(p->n);
	EXPECT_EQ(1, p->n[0].d.n_established);
	EXPECT_EQ(1, p->n[1].d.n_established);
	EXPECT_EQ(1, p->n[0].d.n_children);
	EXPECT_EQ(1, p->n[1].d.n_children);
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[0].kctx));
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[1].kctx));
	EXPECT_TRUE(same_child_keys(p));
	EXPECT_EQ(20, kernel_fake_sa(p->n[0].kctx, 0)->p.key_len);
	/* four messages, nothing dropped */
	EXPECT_EQ(4, p->w.sent);
	for (int s = 0; s < 2; s++)
		for (unsigned int r = 0; r < ZS_DROP__MAX; r++)
			EXPECT_EQ(0, p->n[s].d.drops[r]);
	pair_free(p);
}

TEST(chacha_and_ecp256)
{
	struct pair *p = pair_psk(PSK, PSK,
				  "chacha20poly1305-prfsha256-ecp256",
				  "aes256gcm16-prfsha256-x25519, chacha20poly1305-prfsha256-ecp256",
				  "chacha20poly1305", "aes256gcm16, chacha20poly1305",
				  "192.0.2.192/26");

	zsd_start(&p->n[0].d);
	pump(p->n);
	EXPECT_EQ(1, p->n[1].d.n_children);
	EXPECT_TRUE(same_child_keys(p));
	EXPECT_EQ(36, kernel_fake_sa(p->n[0].kctx, 0)->p.key_len);
	pair_free(p);
}

TEST(invalid_ke_retries_with_the_wanted_group)
{
	/* A guesses x25519 first; B only does ecp256 */
	struct pair *p = pair_psk(PSK, PSK,
				  "aes128gcm16-prfsha256-x25519, aes128gcm16-prfsha256-ecp256",
				  "aes128gcm16-prfsha256-ecp256", ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");

	zsd_start(&p->n[0].d);
	pump(p->n);
	EXPECT_EQ(1, p->n[0].d.n_children);
	EXPECT_TRUE(same_child_keys(p));
	EXPECT_EQ(6, p->w.sent);
	pair_free(p);
}

TEST(wrong_psk_authentication_failed_nothing_installed)
{
	struct pair *p = pair_psk(PSK, "another psk, also long", IKE_DEF,
				  IKE_DEF, ESP_DEF, ESP_DEF, "192.0.2.192/26");
	struct zs_ike *a;

	zsd_start(&p->n[0].d);
	pump(p->n);
	a = p->n[0].d.sas;
	ASSERT_NE(NULL, a);
	EXPECT_EQ(IKEV2_N_AUTHENTICATION_FAILED, a->error);
	EXPECT_EQ(IKE_S_DEAD, a->state);
	EXPECT_EQ(1, p->n[1].d.n_auth_failed);
	EXPECT_EQ(1, p->n[0].d.n_auth_failed);
	EXPECT_EQ(0, p->n[0].d.n_established);
	EXPECT_EQ(0, p->n[1].d.n_established);
	for (int s = 0; s < 2; s++) {
		EXPECT_EQ(0, kernel_fake_n_sa(p->n[s].kctx));
		EXPECT_EQ(0, kernel_fake_n_policy(p->n[s].kctx));
	}
	/* both forget the SA at the next tick */
	zsd_tick(&p->n[0].d, 2000);
	zsd_tick(&p->n[1].d, 2000);
	EXPECT_EQ(0, p->n[0].d.n_sas);
	EXPECT_EQ(0, p->n[1].d.n_sas);
	pair_free(p);
}

TEST(no_common_ike_proposal)
{
	struct pair *p = pair_psk(PSK, PSK, "chacha20poly1305-prfsha256-x25519",
				  IKE_DEF, ESP_DEF, ESP_DEF, "192.0.2.192/26");

	zsd_start(&p->n[0].d);
	pump(p->n);
	ASSERT_NE(NULL, p->n[0].d.sas);
	EXPECT_EQ(IKEV2_N_NO_PROPOSAL_CHOSEN, p->n[0].d.sas->error);
	EXPECT_EQ(IKE_S_DEAD, p->n[0].d.sas->state);
	EXPECT_EQ(0, p->n[1].d.n_sas);	/* no state for a refused peer */
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[0].kctx));
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[1].kctx));
	pair_free(p);
}

TEST(no_common_esp_proposal_no_child)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF,
				  "chacha20poly1305", ESP_DEF, "192.0.2.192/26");

	zsd_start(&p->n[0].d);
	pump(p->n);
	EXPECT_EQ(1, p->n[0].d.n_established);
	EXPECT_EQ(0, p->n[0].d.n_children);
	EXPECT_EQ(0, p->n[1].d.n_children);
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[0].kctx));
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[1].kctx));
	pair_free(p);
}

TEST(traffic_selectors_narrowed)
{
	/* B only serves the upper half of what A asks for */
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.224/27");
	const struct zs_child *a, *b;
	char s[ZSD_ADDR_STRLEN];

	zsd_start(&p->n[0].d);
	pump(p->n);
	ASSERT_EQ(1, p->n[0].d.n_children);
	a = &p->n[0].d.sas->child;
	b = &p->n[1].d.sas->child;
	EXPECT_STREQ("192.0.2.224", zsd_addr_str(&a->ts_remote.a, s));
	EXPECT_EQ(27, a->ts_remote.plen);
	EXPECT_EQ(27, b->ts_local.plen);
	EXPECT_EQ(26, a->ts_local.plen);
	pair_free(p);
}

TEST(retransmission_recovers_a_lost_message)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");

	p->w.drop_next = 1;		/* A's IKE_SA_INIT is lost */
	zsd_start(&p->n[0].d);
	pump(p->n);
	EXPECT_EQ(0, p->n[0].d.n_established);
	/* not yet due */
	zsd_tick(&p->n[0].d, 1500);
	pump(p->n);
	EXPECT_EQ(0, p->n[0].d.n_established);
	zsd_tick(&p->n[0].d, 2000);
	pump(p->n);
	EXPECT_EQ(1, p->n[0].d.n_established);
	EXPECT_TRUE(same_child_keys(p));
	pair_free(p);
}

TEST(retransmitted_request_gets_the_same_answer)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");
	struct pkt *auth;

	zsd_start(&p->n[0].d);
	pump(p->n);
	ASSERT_EQ(1, p->n[1].d.n_children);
	ASSERT_EQ(4, p->w.sent);
	/* replay A's IKE_AUTH request: B answers from its cache, acts once */
	auth = &p->w.hist[2];
	zsd_input(&p->n[1].d, &auth->dst, &auth->from, auth->buf, auth->len);
	EXPECT_EQ(5, p->w.sent);
	pump(p->n);
	/* A has nothing outstanding: the answer is outside its window */
	EXPECT_EQ(1, p->n[0].d.drops[ZS_DROP_MSGID]);
	EXPECT_EQ(1, p->n[1].d.n_established);
	EXPECT_EQ(1, p->n[1].d.n_children);
	EXPECT_EQ(2, kernel_fake_n_sa(p->n[1].kctx));
	/* a replayed IKE_SA_INIT after that is not answered again */
	auth = &p->w.hist[0];
	zsd_input(&p->n[1].d, &auth->dst, &auth->from, auth->buf, auth->len);
	EXPECT_EQ(5, p->w.sent);
	pair_free(p);
}

TEST(peer_gives_up_after_backoff)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");
	uint64_t t = 1000;
	int next;

	p->w.drop_next = 100;
	zsd_start(&p->n[0].d);
	while ((next = zsd_tick(&p->n[0].d, t)) >= 0 && t < 100000)
		t += (uint64_t)next;
	EXPECT_EQ(0, p->n[0].d.n_sas);
	EXPECT_EQ(1 + IKE_RETX_TRIES, p->w.sent);
	/* 1 + 2 + 4 + 8 + 16 + 32 s */
	EXPECT_EQ(1000 + 63000, t);
	pair_free(p);
}

TEST(delete_removes_both_sides)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");

	zsd_start(&p->n[0].d);
	pump(p->n);
	ASSERT_EQ(2, kernel_fake_n_sa(p->n[1].kctx));
	zs_task_delete_start(p->n[0].d.sas);
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[0].kctx));
	pump(p->n);
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[1].kctx));
	EXPECT_EQ(0, kernel_fake_n_policy(p->n[1].kctx));
	zsd_tick(&p->n[0].d, 2000);
	zsd_tick(&p->n[1].d, 2000);
	EXPECT_EQ(0, p->n[0].d.n_sas);
	EXPECT_EQ(0, p->n[1].d.n_sas);
	pair_free(p);
}

TEST(a_new_ike_sa_replaces_the_old_one)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");

	zsd_start(&p->n[0].d);
	pump(p->n);
	ASSERT_EQ(1, p->n[1].d.n_children);
	/* as if A had restarted: a second IKE SA for the same tunnel */
	ASSERT_EQ(0, zsd_initiate(&p->n[0].d, "b"));
	pump(p->n);
	EXPECT_EQ(2, p->n[0].d.n_children);
	EXPECT_EQ(2, p->n[1].d.n_children);
	zsd_tick(&p->n[0].d, 2000);
	zsd_tick(&p->n[1].d, 2000);
	EXPECT_EQ(1, p->n[0].d.n_sas);
	EXPECT_EQ(1, p->n[1].d.n_sas);
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[0].kctx));
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[1].kctx));
	EXPECT_TRUE(same_child_keys(p));
	pair_free(p);
}

TEST(garbage_is_counted_not_fatal)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");
	uint8_t junk[64] = { 1, 2, 3 };

	zsd_input(&p->n[1].d, &p->n[1].addr, &p->n[0].addr, junk, 10);
	EXPECT_EQ(1, p->n[1].d.drops[IKE_ERR_TRUNCATED]);
	/* a well-formed header for an SA that does not exist */
	junk[17] = IKEV2_VERSION;
	junk[18] = IKEV2_EXCH_INFORMATIONAL;
	junk[27] = 28;
	zsd_input(&p->n[1].d, &p->n[1].addr, &p->n[0].addr, junk, 28);
	EXPECT_EQ(1, p->n[1].d.drops[ZS_DROP_NO_SA]);
	/* and it still serves */
	zsd_start(&p->n[0].d);
	pump(p->n);
	EXPECT_EQ(1, p->n[1].d.n_children);
	pair_free(p);
}

/* Ed25519: keys in files, as the daemon reads them. */
static char tmpdir[64];

static void write_pub(const char *priv, const char *pub)
{
	const char *why;
	EVP_PKEY *k = zs_key_load_private(priv, &why);
	FILE *f = fopen(pub, "w");

	PEM_write_PUBKEY(f, k);
	fclose(f);
	EVP_PKEY_free(k);
}

static void make_keys(void)
{
	char path[128], pub[128];
	const char *why;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/zsd-test-XXXXXX");
	if (!mkdtemp(tmpdir))
		abort();
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%c.key", tmpdir, 'a' + i);
		snprintf(pub, sizeof(pub), "%s/%c.pub", tmpdir, 'a' + i);
		if (zs_key_generate(path, &why))
			abort();
		write_pub(path, pub);
	}
}

static void rm_keys(void)
{
	char path[128];

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%c.key", tmpdir, 'a' + i);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%c.pub", tmpdir, 'a' + i);
		unlink(path);
	}
	rmdir(tmpdir);
}

static const char conf_key[] =
	"[global]\nkernel = fake\nid = %s\nprivate_key = %s/%s.key\n"
	"[tunnel t]\npeer = %s\npeer_id = %s\npeer_key = %s/%s.pub\n"
	"local_prefix = %s\nremote_prefix = %s\nstart = %s\n";

static struct pair *pair_key(const char *b_pins)
{
	struct pair *p = calloc(1, sizeof(*p));
	char a[1024], b[1024];

	snprintf(a, sizeof(a), conf_key, "keyid:0a0b", tmpdir, "a", "192.0.2.2",
		 "ip:192.0.2.2", tmpdir, "b", "2001:db8:1::/64",
		 "2001:db8:2::/64", "load");
	snprintf(b, sizeof(b), conf_key, "192.0.2.2", tmpdir, "b", "192.0.2.1",
		 "keyid:0a0b", tmpdir, b_pins, "2001:db8:2::/64",
		 "2001:db8:1::/64", "wait");
	node_init(&p->n[0], &p->w, 0, a);
	node_init(&p->n[1], &p->w, 1, b);
	return p;
}

TEST(ed25519_establishes_and_keys_agree)
{
	struct pair *p;

	make_keys();
	p = pair_key("a");
	zsd_start(&p->n[0].d);
	pump(p->n);
	EXPECT_EQ(1, p->n[0].d.n_children);
	EXPECT_EQ(1, p->n[1].d.n_children);
	EXPECT_TRUE(same_child_keys(p));
	EXPECT_EQ(AF_INET6, kernel_fake_policy(p->n[0].kctx, 0)->src.a.family);
	pair_free(p);
	rm_keys();
}

TEST(ed25519_wrong_pinned_key)
{
	struct pair *p;

	make_keys();
	p = pair_key("c");	/* B pins a key A does not hold */
	zsd_start(&p->n[0].d);
	pump(p->n);
	EXPECT_EQ(1, p->n[1].d.n_auth_failed);
	EXPECT_EQ(IKEV2_N_AUTHENTICATION_FAILED, p->n[0].d.sas->error);
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[0].kctx));
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[1].kctx));
	pair_free(p);
	rm_keys();
}


/* ---- rekeying and liveness ------------------------------------------- */

static struct zs_ike *live_sa(struct node *n)
{
	for (struct zs_ike *ike = n->d.sas; ike; ike = ike->next)
		if (ike->state == IKE_S_ESTABLISHED && !ike->rekeyed)
			return ike;
	return NULL;
}

/* Both nodes' clocks to t, then the wire drained, twice (tasks start on
 * a tick, their answers on the next). */
static void run_until(struct pair *p, uint64_t t)
{
	for (int i = 0; i < 4; i++) {
		zsd_tick(&p->n[0].d, t);
		zsd_tick(&p->n[1].d, t);
		pump(p->n);
	}
}

static struct pair *established(void)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");

	zsd_start(&p->n[0].d);
	pump(p->n);
	return p;
}

/* Rekeys the child from side `who`; checks make before break. */
static void child_rekey(struct __test_metadata *_metadata, struct pair *p,
			int who, uint64_t *t)
{
	struct zs_ike *a = live_sa(&p->n[who]), *b = live_sa(&p->n[!who]);
	uint32_t old_in, old_out;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	old_in = a->child.spi_in;
	old_out = a->child.spi_out;
	zsd_child_expire(&p->n[who].d, old_in, false);
	zsd_tick(&p->n[who].d, ++*t);
	pump(p->n);
	/* the answer put the new pair in; the delete of the old goes out */
	zsd_tick(&p->n[who].d, ++*t);
	pump(p->n);
	/* old and new pairs side by side, nothing dropped */
	EXPECT_EQ(4, kernel_fake_n_sa(p->n[0].kctx));
	EXPECT_EQ(4, kernel_fake_n_sa(p->n[1].kctx));
	EXPECT_NE(old_in, a->child.spi_in);
	EXPECT_NE(old_out, a->child.spi_out);
	EXPECT_EQ(a->child.spi_in, b->child.spi_out);
	EXPECT_EQ(a->child.spi_out, b->child.spi_in);
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[0].kctx));
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[1].kctx));
	/* after the grace period only the new pair is left */
	*t += ZS_CHILD_GRACE_MS + 1;
	run_until(p, *t);
	EXPECT_TRUE(same_child_keys(p));
	EXPECT_EQ(NULL, find_sa(p->n[who].kctx, old_in));
	for (int s = 0; s < 2; s++)
		for (unsigned int r = 0; r < ZS_DROP__MAX; r++)
			EXPECT_EQ(0, p->n[s].d.drops[r]);
}

TEST(child_rekey_initiator_and_responder)
{
	struct pair *p = established();
	uint64_t t = 1000;

	child_rekey(_metadata, p, 0, &t);
	child_rekey(_metadata, p, 1, &t);
	child_rekey(_metadata, p, 0, &t);
	EXPECT_EQ(1, p->n[0].d.n_sas);
	EXPECT_EQ(1, p->n[1].d.n_sas);
	pair_free(p);
}

/*
 * Both sides rekey the same child at once (RFC 7296 2.25.1, 2.8.1): each
 * answers the other's request as usual, and once both exchanges are done
 * the new pair made with the lowest of the four nonces is deleted by the
 * side that made it; the other side's pair survives and its maker
 * deletes the old one.  The orders in which answers, requests and
 * deletes can arrive, each checked for make before break at every step.
 */

/* Make before break, as the kernel sees it: each side's newest outbound
 * SA is one the other side receives on. */
static int sends_on_a_live_pair(struct pair *p)
{
	for (int s = 0; s < 2; s++) {
		const struct kernel_fake_sa *newest = NULL;

		for (unsigned int i = 0; i < kernel_fake_n_sa(p->n[s].kctx); i++) {
			const struct kernel_fake_sa *a = kernel_fake_sa(p->n[s].kctx, i);

			if (zsd_addr_eq(&a->p.src, &p->n[s].addr) &&
			    (!newest || a->added > newest->added))
				newest = a;
		}
		if (!newest || !find_sa(p->n[!s].kctx, newest->p.spi))
			return 0;
	}
	return 1;
}

/* Delivers n datagrams one at a time, checking make before break. */
static void step(struct __test_metadata *_metadata, struct pair *p,
		 unsigned int n)
{
	while (n--) {
		deliver(p->n, 1);
		EXPECT_TRUE(sends_on_a_live_pair(p));
	}
}

/* Swaps the first two queued datagrams. */
static void swap2(struct pair *p)
{
	static struct pkt t;

	t = p->w.q[0];
	p->w.q[0] = p->w.q[1];
	p->w.q[1] = t;
}

static uint16_t child_group(struct node *n);

struct collision {
	struct pair *p;
	uint32_t old_in[2];	/* each side's inbound SPI of the old pair */
	uint32_t new_in[2];	/* ...of the pair its own rekey makes */
	uint64_t t;
};

/* Both sides' rekey requests on the wire, neither delivered yet. */
static void both_rekey(struct __test_metadata *_metadata, struct collision *c)
{
	memset(c, 0, sizeof(*c));
	c->p = established();
	c->t = 1000;
	for (int s = 0; s < 2; s++) {
		ASSERT_NE(NULL, live_sa(&c->p->n[s]));
		c->old_in[s] = live_sa(&c->p->n[s])->child.spi_in;
		zsd_child_expire(&c->p->n[s].d, c->old_in[s], false);
	}
	zsd_tick(&c->p->n[0].d, ++c->t);
	zsd_tick(&c->p->n[1].d, c->t);
	ASSERT_EQ(2, c->p->w.n);
	for (int s = 0; s < 2; s++)
		c->new_in[s] = live_sa(&c->p->n[s])->rk.spi_in;
}

/*
 * Whose new pair is redundant, once both requests were answered: each
 * side noted the lower nonce of the other's exchange, so side 0's
 * exchange has the lowest of the four when the low that side 1 noted is
 * below the one side 0 noted.
 */
static int loser(struct collision *c)
{
	const struct zs_rekey *r0 = &live_sa(&c->p->n[0])->rk;
	const struct zs_rekey *r1 = &live_sa(&c->p->n[1])->rk;

	return zs_nonce_cmp(r1->peer_low, r1->peer_low_len, r0->peer_low,
			    r0->peer_low_len) < 0 ? 0 : 1;
}

/* The end: one pair, the winner's, on both sides, and nothing else. */
static void settled(struct __test_metadata *_metadata, struct collision *c,
		    int lost, unsigned int temp_failures)
{
	struct pair *p = c->p;
	struct zs_ike *w, *l;

	for (int i = 0; i < 3; i++) {
		run_until(p, c->t += 500);
		EXPECT_TRUE(sends_on_a_live_pair(p));
	}
	run_until(p, c->t += ZS_REDUNDANT_WAIT_MS + 1);
	w = live_sa(&p->n[!lost]);
	l = live_sa(&p->n[lost]);
	ASSERT_NE(NULL, w);
	ASSERT_NE(NULL, l);
	EXPECT_TRUE(same_child_keys(p));
	/* the survivor is the winner's own: its inbound SPI is the one
	 * the winner's request offered */
	EXPECT_EQ(c->new_in[!lost], w->child.spi_in);
	EXPECT_TRUE(w->child.initiator);
	EXPECT_FALSE(l->child.initiator);
	for (int s = 0; s < 2; s++) {
		void *k = p->n[s].kctx;

		EXPECT_EQ(NULL, find_sa(k, c->old_in[0]));
		EXPECT_EQ(NULL, find_sa(k, c->old_in[1]));
		/* the loser's pair: gone, its outbound never installed */
		EXPECT_EQ(NULL, find_sa(k, c->new_in[lost]));
		EXPECT_EQ(3, kernel_fake_n_policy(k));
		EXPECT_FALSE(zs_child_live(&live_sa(&p->n[s])->coll));
		EXPECT_FALSE(zs_child_live(&live_sa(&p->n[s])->pend));
		EXPECT_FALSE(zs_child_live(&live_sa(&p->n[s])->old));
		EXPECT_EQ(1, p->n[s].d.n_sas);
		for (unsigned int r = 0; r < ZS_DROP__MAX; r++)
			EXPECT_EQ(0, p->n[s].d.drops[r]);
	}
	EXPECT_EQ(temp_failures,
		  p->n[0].d.n_temp_failures + p->n[1].d.n_temp_failures);
	/* the winner's new pair is rekeyed later as usual */
	EXPECT_NE(0, w->child.rekey_at);
	pair_free(p);
}

/* The requests cross, the answers arrive in either order. */
static void crossing(struct __test_metadata *_metadata, bool swap,
		     unsigned int *lost_seen)
{
	struct collision c;
	int lost;

	both_rekey(_metadata, &c);
	step(_metadata, c.p, 2);		/* both requests answered */
	EXPECT_EQ(1, c.p->n[0].d.n_rekey_collisions);
	EXPECT_EQ(1, c.p->n[1].d.n_rekey_collisions);
	lost = loser(&c);
	lost_seen[lost]++;
	if (swap)
		swap2(c.p);
	step(_metadata, c.p, 2);		/* both answers */
	settled(_metadata, &c, lost, 0);
}

TEST(simultaneous_child_rekey_the_lowest_nonce_pair_goes)
{
	unsigned int lost_seen[2] = { 0, 0 };

	/* the nonces are random: until each side lost at least once */
	for (int i = 0; i < 64 && (lost_seen[0] < 2 || lost_seen[1] < 2); i++)
		crossing(_metadata, i & 1, lost_seen);
	EXPECT_LE(2, lost_seen[0]);
	EXPECT_LE(2, lost_seen[1]);
}

/*
 * The winner's answer, then its delete of the old pair, reach the loser
 * before the loser's own answer: the loser switches to the winner's
 * pair on that delete, and finds its own redundant when the answer
 * comes.
 */
TEST(simultaneous_child_rekey_old_deleted_before_our_answer)
{
	for (int i = 0; i < 4; i++) {
		struct collision c;
		struct pair *p;
		int lost;

		both_rekey(_metadata, &c);
		p = c.p;
		step(_metadata, p, 2);
		lost = loser(&c);
		/* queue: the answer to 0, the answer to 1 */
		if (lost == 0)
			swap2(p);
		/* the winner's answer: it installs, switches */
		step(_metadata, p, 1);
		/* its delete of the old pair goes out ahead of the
		 * loser's answer */
		zsd_tick(&p->n[!lost].d, ++c.t);
		ASSERT_EQ(2, p->w.n);
		swap2(p);
		step(_metadata, p, 1);
		EXPECT_EQ(c.new_in[!lost],
			  live_sa(&p->n[lost])->child.spi_out);
		step(_metadata, p, 1);		/* the loser's answer */
		settled(_metadata, &c, lost, 0);
	}
}

/*
 * The loser's delete of its redundant pair reaches the winner before
 * the winner's own answer: the winner drops the peer's pair, and its
 * answer completes a plain rekey.
 */
TEST(simultaneous_child_rekey_redundant_deleted_before_our_answer)
{
	for (int i = 0; i < 4; i++) {
		struct collision c;
		struct pair *p;
		int lost;

		both_rekey(_metadata, &c);
		p = c.p;
		step(_metadata, p, 2);
		lost = loser(&c);
		/* the loser's answer first */
		if (lost == 1)
			swap2(p);
		step(_metadata, p, 1);
		/* the loser never installed its pair */
		EXPECT_EQ(NULL, find_sa(p->n[lost].kctx, c.new_in[lost]));
		zsd_tick(&p->n[lost].d, ++c.t);	/* its delete goes out */
		ASSERT_EQ(2, p->w.n);
		swap2(p);
		step(_metadata, p, 1);		/* ... and arrives first */
		EXPECT_FALSE(zs_child_live(&live_sa(&p->n[!lost])->coll));
		step(_metadata, p, 2);		/* its answer; the winner's */
		settled(_metadata, &c, lost, 0);
	}
}

/*
 * One request is late (lost once, say): the other side's rekey
 * completed before it came, so it asks to rekey a pair that side is
 * closing, and gets TEMPORARY_FAILURE (2.25.1).  Its maker then lets
 * the other side's rekey go on, whichever of the refusal and the delete
 * of the old pair reaches it first.
 */
static void late_request(struct __test_metadata *_metadata, int late,
			 bool delete_first)
{
	struct collision c;
	struct pair *p;

	both_rekey(_metadata, &c);
	p = c.p;
	/* queue: the request of 0, the request of 1 */
	if (late == 0)
		swap2(p);
	step(_metadata, p, 1);		/* the early request, answered */
	swap2(p);			/* its answer ahead of the late one */
	step(_metadata, p, 1);
	EXPECT_EQ(c.new_in[!late], live_sa(&p->n[!late])->child.spi_in);
	step(_metadata, p, 1);		/* the late request: refused */
	EXPECT_EQ(1, p->n[!late].d.n_temp_failures);
	/* the early side's delete of the old pair */
	zsd_tick(&p->n[!late].d, ++c.t);
	ASSERT_EQ(2, p->w.n);
	if (delete_first)
		swap2(p);
	step(_metadata, p, 2);
	settled(_metadata, &c, late, 1);
}

TEST(simultaneous_child_rekey_late_request_temporary_failure)
{
	late_request(_metadata, 0, false);
	late_request(_metadata, 1, false);
	late_request(_metadata, 0, true);
	late_request(_metadata, 1, true);
}

/* With PFS: the answer to the peer's rekey uses a key exchange of its
 * own, the one our request carries stays ours. */
TEST(simultaneous_child_rekey_with_pfs)
{
	for (int i = 0; i < 4; i++) {
		struct collision c;
		int lost;

		memset(&c, 0, sizeof(c));
		c.p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
			       "192.0.2.192/26");
		c.p->n[0].conf->tun[0].pfs = true;
		c.p->n[1].conf->tun[0].pfs = true;
		zsd_start(&c.p->n[0].d);
		pump(c.p->n);
		c.t = 1000;
		for (int s = 0; s < 2; s++) {
			c.old_in[s] = live_sa(&c.p->n[s])->child.spi_in;
			zsd_child_expire(&c.p->n[s].d, c.old_in[s], false);
		}
		zsd_tick(&c.p->n[0].d, ++c.t);
		zsd_tick(&c.p->n[1].d, c.t);
		for (int s = 0; s < 2; s++)
			c.new_in[s] = live_sa(&c.p->n[s])->rk.spi_in;
		step(_metadata, c.p, 2);
		lost = loser(&c);
		step(_metadata, c.p, 2);
		run_until(c.p, c.t += 500);
		EXPECT_EQ(IKEV2_DH_CURVE25519, child_group(&c.p->n[0]));
		EXPECT_EQ(IKEV2_DH_CURVE25519, child_group(&c.p->n[1]));
		settled(_metadata, &c, lost, 0);
	}
}

/*
 * Both sides rekey the IKE SA at once (RFC 7296 2.25.2, 2.8.2): both
 * answered, the new IKE SA with the lowest of the four nonces deleted
 * by its maker, the child moved untouched to the survivor.
 */
struct ike_collision {
	struct pair *p;
	uint8_t new_spi_i[2][IKE_SPI_LEN];	/* each side's new SA's SPIi */
	uint32_t child_in;			/* side 0's child, untouched */
	uint64_t t;
};

static void both_rekey_ike(struct __test_metadata *_metadata,
			   struct ike_collision *c)
{
	memset(c, 0, sizeof(*c));
	c->p = established();
	c->t = 1000;
	ASSERT_NE(NULL, live_sa(&c->p->n[0]));
	c->child_in = live_sa(&c->p->n[0])->child.spi_in;
	for (int s = 0; s < 2; s++)
		live_sa(&c->p->n[s])->ike_rekey_at = c->t;
	zsd_tick(&c->p->n[0].d, ++c->t);
	zsd_tick(&c->p->n[1].d, c->t);
	ASSERT_EQ(2, c->p->w.n);
	for (int s = 0; s < 2; s++)
		memcpy(c->new_spi_i[s], live_sa(&c->p->n[s])->rk.spi,
		       IKE_SPI_LEN);
}

/* The new IKE SA side s made for the other's rekey. */
static struct zs_ike *crossed(struct node *n)
{
	struct zs_ike *old = live_sa(n);

	return old ? zs_ike_find(&n->d, old->rk.coll_spi, false) : NULL;
}

/* Once both requests are answered: whose new IKE SA is redundant.  Side
 * 1's crossed SA holds the nonces of side 0's exchange and vice versa. */
static int ike_loser(struct ike_collision *c)
{
	struct zs_ike *y0 = crossed(&c->p->n[0]), *y1 = crossed(&c->p->n[1]);
	struct ike_chunk a = { y1->ni, y1->ni_len }, b = { y1->nr, y1->nr_len };
	struct ike_chunk e = { y0->ni, y0->ni_len }, f = { y0->nr, y0->nr_len };
	const struct ike_chunk *l0 = zs_nonce_low(&a, &b);
	const struct ike_chunk *l1 = zs_nonce_low(&e, &f);

	return zs_nonce_cmp(l0->ptr, l0->len, l1->ptr, l1->len) < 0 ? 0 : 1;
}

/* no_sa: datagrams for an IKE SA deleted meanwhile, dropped */
static void ike_settled(struct __test_metadata *_metadata,
			struct ike_collision *c, int lost,
			unsigned int temp_failures, unsigned int no_sa)
{
	struct pair *p = c->p;
	struct zs_ike *a, *b;

	for (int i = 0; i < 4; i++)
		run_until(p, c->t += 1000);
	if (no_sa)	/* an SA the peer should delete and will not */
		run_until(p, c->t += ZS_OLD_IKE_LINGER_MS);
	a = live_sa(&p->n[0]);
	b = live_sa(&p->n[1]);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	/* the winner's new IKE SA, on both sides, the only one left */
	EXPECT_EQ(0, memcmp(a->spi_i, c->new_spi_i[!lost], IKE_SPI_LEN));
	EXPECT_EQ(0, memcmp(a->spi_i, b->spi_i, IKE_SPI_LEN));
	EXPECT_EQ(0, memcmp(a->spi_r, b->spi_r, IKE_SPI_LEN));
	EXPECT_EQ(0, memcmp(a->keys.sk_d, b->keys.sk_d, IKE_PRF_LEN));
	EXPECT_EQ(lost == 1, a->initiator);
	EXPECT_EQ(1, p->n[0].d.n_sas);
	EXPECT_EQ(1, p->n[1].d.n_sas);
	/* the child moved as it was */
	EXPECT_EQ(c->child_in, a->child.spi_in);
	EXPECT_TRUE(same_child_keys(p));
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[0].kctx));
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[1].kctx));
	EXPECT_NE(0, a->ike_rekey_at);
	EXPECT_EQ(temp_failures,
		  p->n[0].d.n_temp_failures + p->n[1].d.n_temp_failures);
	EXPECT_EQ(no_sa, p->n[lost].d.drops[ZS_DROP_NO_SA]);
	p->n[lost].d.drops[ZS_DROP_NO_SA] = 0;
	for (int s = 0; s < 2; s++)
		for (unsigned int r = 0; r < ZS_DROP__MAX; r++)
			EXPECT_EQ(0, p->n[s].d.drops[r]);
	/* and it works: a child rekey over it */
	child_rekey(_metadata, p, lost, &c->t);
	pair_free(p);
}

TEST(simultaneous_ike_rekey_the_lowest_nonce_sa_goes)
{
	unsigned int seen[2] = { 0, 0 };

	for (int i = 0; i < 64 && (seen[0] < 2 || seen[1] < 2); i++) {
		struct ike_collision c;
		int lost;

		both_rekey_ike(_metadata, &c);
		step(_metadata, c.p, 2);	/* both requests answered */
		EXPECT_EQ(1, c.p->n[0].d.n_rekey_collisions);
		EXPECT_EQ(1, c.p->n[1].d.n_rekey_collisions);
		lost = ike_loser(&c);
		seen[lost]++;
		if (i & 1)
			swap2(c.p);
		step(_metadata, c.p, 2);	/* both answers */
		ike_settled(_metadata, &c, lost, 0, 0);
	}
	EXPECT_LE(2, seen[0]);
	EXPECT_LE(2, seen[1]);
}

/* The winner's delete of the old IKE SA reaches the loser before the
 * loser's answer: the loser moves the child to the winner's SA then. */
TEST(simultaneous_ike_rekey_old_deleted_before_our_answer)
{
	for (int i = 0; i < 4; i++) {
		struct ike_collision c;
		int lost;

		both_rekey_ike(_metadata, &c);
		step(_metadata, c.p, 2);
		lost = ike_loser(&c);
		if (lost == 0)
			swap2(c.p);		/* the winner's answer first */
		step(_metadata, c.p, 1);
		zsd_tick(&c.p->n[!lost].d, ++c.t);	/* its delete */
		ASSERT_EQ(2, c.p->w.n);
		swap2(c.p);
		step(_metadata, c.p, 1);
		EXPECT_EQ(0, memcmp(live_sa(&c.p->n[lost])->spi_i,
				    c.new_spi_i[!lost], IKE_SPI_LEN));
		/* the loser forgot its request (2.25.2): the answer finds
		 * no SA, and the new SA the winner made for it is never
		 * deleted by the loser, so it lingers; then the answer to
		 * the winner's delete */
		step(_metadata, c.p, 2);
		ike_settled(_metadata, &c, lost, 0, 1);
	}
}

/* The loser's delete of its redundant IKE SA, sent over that SA,
 * reaches the winner before the winner's answer: a plain rekey then. */
TEST(simultaneous_ike_rekey_redundant_deleted_before_our_answer)
{
	for (int i = 0; i < 4; i++) {
		struct ike_collision c;
		int lost;

		both_rekey_ike(_metadata, &c);
		step(_metadata, c.p, 2);
		lost = ike_loser(&c);
		if (lost == 1)
			swap2(c.p);		/* the loser's answer first */
		step(_metadata, c.p, 1);
		zsd_tick(&c.p->n[lost].d, ++c.t);	/* its delete */
		ASSERT_EQ(2, c.p->w.n);
		swap2(c.p);
		step(_metadata, c.p, 1);
		EXPECT_EQ(NULL, crossed(&c.p->n[!lost]));
		step(_metadata, c.p, 2);	/* its answer, the winner's */
		ike_settled(_metadata, &c, lost, 0, 0);
	}
}

/* One request is late: the other side completed its rekey first and
 * refuses it (TEMPORARY_FAILURE, the old SA is being closed); its maker
 * lets the other's rekey go on. */
TEST(simultaneous_ike_rekey_late_request_temporary_failure)
{
	for (int late = 0; late < 2; late++) {
		struct ike_collision c;

		both_rekey_ike(_metadata, &c);
		if (late == 0)
			swap2(c.p);
		step(_metadata, c.p, 1);	/* the early request */
		swap2(c.p);
		step(_metadata, c.p, 1);	/* its answer */
		step(_metadata, c.p, 1);	/* the late one: refused */
		EXPECT_EQ(1, c.p->n[!late].d.n_temp_failures);
		step(_metadata, c.p, 1);	/* the refusal */
		ike_settled(_metadata, &c, late, 1, 0);
	}
}

TEST(nonce_order_is_octet_by_octet_shorter_first)
{
	const uint8_t a[] = { 1, 2, 3 }, b[] = { 1, 2, 4 }, c[] = { 1, 2 };
	const uint8_t d[] = { 0, 255, 255, 255 };

	EXPECT_GT(0, zs_nonce_cmp(a, 3, b, 3));
	EXPECT_LT(0, zs_nonce_cmp(b, 3, a, 3));
	EXPECT_GT(0, zs_nonce_cmp(c, 2, a, 3));	/* a prefix is lower */
	EXPECT_LT(0, zs_nonce_cmp(a, 3, c, 2));
	EXPECT_GT(0, zs_nonce_cmp(d, 4, c, 2));	/* not as integers */
	EXPECT_EQ(0, zs_nonce_cmp(a, 3, a, 3));
}

TEST(ike_rekey_moves_the_child)
{
	struct pair *p = established();
	struct zs_ike *a = live_sa(&p->n[0]), *b;
	uint8_t old_spi[IKE_SPI_LEN];
	uint32_t spi_in = a->child.spi_in;
	uint64_t t = 1000;

	memcpy(old_spi, a->spi_i, IKE_SPI_LEN);
	a->ike_rekey_at = ++t;
	run_until(p, ++t);
	run_until(p, t += 10);
	a = live_sa(&p->n[0]);
	b = live_sa(&p->n[1]);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	EXPECT_NE(0, memcmp(old_spi, a->spi_i, IKE_SPI_LEN));
	EXPECT_EQ(0, memcmp(a->spi_i, b->spi_i, IKE_SPI_LEN));
	EXPECT_EQ(0, memcmp(a->spi_r, b->spi_r, IKE_SPI_LEN));
	EXPECT_EQ(0, memcmp(a->keys.sk_d, b->keys.sk_d, IKE_PRF_LEN));
	/* the old IKE SA is gone, the child untouched */
	EXPECT_EQ(1, p->n[0].d.n_sas);
	EXPECT_EQ(1, p->n[1].d.n_sas);
	EXPECT_EQ(spi_in, a->child.spi_in);
	EXPECT_EQ(2, kernel_fake_n_sa(p->n[0].kctx));
	/* the new IKE SA works: a child rekey over it, from both sides;
	 * and the responder of the IKE rekey rekeys it again */
	child_rekey(_metadata, p, 1, &t);
	child_rekey(_metadata, p, 0, &t);
	b->ike_rekey_at = ++t;
	run_until(p, ++t);
	run_until(p, t += 10);
	EXPECT_EQ(1, p->n[0].d.n_sas);
	EXPECT_EQ(1, p->n[1].d.n_sas);
	EXPECT_TRUE(same_child_keys(p));
	pair_free(p);
}

TEST(dpd_declares_a_silent_peer_dead_and_restarts)
{
	struct pair *p = established();
	struct zs_ike *a = live_sa(&p->n[0]);
	uint64_t t = 1000;
	unsigned int sent;

	ASSERT_NE(NULL, a);
	ASSERT_EQ(30u, a->tun->dpd_delay);
	/* a live peer answers the liveness check */
	sent = p->w.sent;
	run_until(p, t += 30000);
	EXPECT_EQ(sent + 4, p->w.sent);	/* both sides check */
	EXPECT_EQ(a, live_sa(&p->n[0]));
	/* a silent one is declared dead after the back-off */
	p->w.drop_next = 1000;
	run_until(p, t += 30001);
	for (int i = 0; i < 70 && live_sa(&p->n[0]); i++)
		run_until(p, t += 1000);
	EXPECT_EQ(NULL, live_sa(&p->n[0]));
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[0].kctx));
	EXPECT_EQ(0, kernel_fake_n_policy(p->n[0].kctx));
	/* start = load: initiating again, and it comes up once the peer
	 * answers (b still holds the old SA: the new one replaces it) */
	ASSERT_NE(NULL, p->n[0].d.sas);
	EXPECT_EQ(IKE_S_INIT_SENT, p->n[0].d.sas->state);
	/* the event loop is told to come back for its retransmissions */
	EXPECT_LE(0, zsd_tick(&p->n[0].d, t));
	EXPECT_GE(1000, zsd_tick(&p->n[0].d, t));
	p->w.drop_next = 0;
	for (int i = 0; i < 40 && !live_sa(&p->n[0]); i++)
		run_until(p, t += 1000);
	EXPECT_NE(NULL, live_sa(&p->n[0]));
	run_until(p, t += 1000);
	EXPECT_TRUE(same_child_keys(p));
	pair_free(p);
}

/* The key exchange group of the child in use, 0 for none. */
static uint16_t child_group(struct node *n)
{
	const struct ike_choice *c = &live_sa(n)->child.esp.choice;

	return (c->types & (1u << IKEV2_XF_DH)) ? c->id[IKEV2_XF_DH] : 0;
}

TEST(child_rekey_with_pfs_both_ways)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");
	uint64_t t = 1000;

	p->n[0].conf->tun[0].pfs = true;
	p->n[1].conf->tun[0].pfs = true;
	zsd_start(&p->n[0].d);
	pump(p->n);
	/* IKE_AUTH keys the first child from SK_d: no key exchange */
	ASSERT_NE(NULL, live_sa(&p->n[0]));
	EXPECT_EQ(0, child_group(&p->n[0]));
	child_rekey(_metadata, p, 0, &t);
	EXPECT_EQ(IKEV2_DH_CURVE25519, child_group(&p->n[0]));
	EXPECT_EQ(IKEV2_DH_CURVE25519, child_group(&p->n[1]));
	child_rekey(_metadata, p, 1, &t);
	EXPECT_EQ(IKEV2_DH_CURVE25519, child_group(&p->n[0]));
	EXPECT_EQ(IKEV2_DH_CURVE25519, child_group(&p->n[1]));
	pair_free(p);
}

TEST(pfs_on_one_side_only_refused_tunnel_stays)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");
	struct zs_ike *a;
	uint32_t spi;
	uint64_t t = 1000;

	p->n[0].conf->tun[0].pfs = true;
	zsd_start(&p->n[0].d);
	pump(p->n);
	a = live_sa(&p->n[0]);
	ASSERT_NE(NULL, a);
	spi = a->child.spi_in;
	zsd_child_expire(&p->n[0].d, spi, false);
	run_until(p, ++t);
	/* b answers NO_PROPOSAL_CHOSEN: the pair in use stays, alone */
	EXPECT_EQ(spi, a->child.spi_in);
	EXPECT_EQ(2, kernel_fake_n_sa(p->n[0].kctx));
	EXPECT_EQ(2, kernel_fake_n_sa(p->n[1].kctx));
	EXPECT_NE(0, a->child.rekey_at);	/* tried again later */
	EXPECT_TRUE(same_child_keys(p));
	pair_free(p);
}

/* Node 0 reloads conf_a_psk with these proposals and extra lines. */
static void reload_a(struct __test_metadata *_metadata, struct pair *p,
		     const char *esp, const char *extra)
{
	char text[1024], err[ZS_CONF_ERR_MAX];
	struct zs_conf *c = NULL;
	int n;

	n = snprintf(text, sizeof(text), conf_a_psk, PSK, IKE_DEF, esp);
	snprintf(text + n, sizeof(text) - n, "%s", extra);
	ASSERT_EQ(0, zs_conf_load_string("a.conf", text, &c, err, sizeof(err)));
	zsd_reconfigure(&p->n[0].d, c);
	zs_conf_free(p->n[0].conf);
	p->n[0].conf = c;
}

TEST(reload_keeps_unchanged_renegotiates_changed)
{
	struct pair *p = established();
	struct zs_ike *a = live_sa(&p->n[0]), *b;
	uint8_t spi[IKE_SPI_LEN];
	uint32_t child_in;

	ASSERT_NE(NULL, a);
	memcpy(spi, a->spi_i, IKE_SPI_LEN);
	child_in = a->child.spi_in;
	/* only timers change: the same IKE SA and child, nothing sent */
	reload_a(_metadata, p, ESP_DEF, "dpd_delay = 10\nrekey_time = 500\n");
	pump(p->n);
	a = live_sa(&p->n[0]);
	ASSERT_NE(NULL, a);
	EXPECT_EQ(0, memcmp(spi, a->spi_i, IKE_SPI_LEN));
	EXPECT_EQ(child_in, a->child.spi_in);
	EXPECT_EQ(10u, a->tun->dpd_delay);
	EXPECT_EQ(1, p->n[0].d.n_established);
	/* the proposals change: deleted (b told), negotiated anew */
	reload_a(_metadata, p, "aes256gcm16, aes128gcm16", "");
	pump(p->n);
	zsd_tick(&p->n[0].d, 2000);
	zsd_tick(&p->n[1].d, 2000);
	a = live_sa(&p->n[0]);
	b = live_sa(&p->n[1]);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	EXPECT_NE(0, memcmp(spi, a->spi_i, IKE_SPI_LEN));
	EXPECT_EQ(0, memcmp(a->spi_i, b->spi_i, IKE_SPI_LEN));
	EXPECT_NE(child_in, a->child.spi_in);
	EXPECT_EQ(2, p->n[0].d.n_established);
	EXPECT_EQ(1, p->n[0].d.n_sas);
	EXPECT_EQ(1, p->n[1].d.n_sas);
	EXPECT_EQ(2, kernel_fake_n_sa(p->n[0].kctx));
	EXPECT_EQ(2, kernel_fake_n_sa(p->n[1].kctx));
	EXPECT_EQ(3, kernel_fake_n_policy(p->n[0].kctx));
	EXPECT_TRUE(same_child_keys(p));
	/* the peer's identity: the old SA goes, and b, still b.example,
	 * is not the peer a now wants */
	reload_a(_metadata, p, "aes256gcm16, aes128gcm16",
		 "peer_id = fqdn:other.example\n");
	pump(p->n);
	zsd_tick(&p->n[0].d, 3000);
	EXPECT_EQ(NULL, live_sa(&p->n[0]));
	EXPECT_EQ(0, kernel_fake_n_sa(p->n[0].kctx));
	EXPECT_EQ(0, kernel_fake_n_policy(p->n[0].kctx));
	pair_free(p);
}

TEST(dpd_not_needed_while_esp_arrives)
{
	struct pair *p = established();
	struct zs_ike *a = live_sa(&p->n[0]), *b = live_sa(&p->n[1]);
	uint64_t t = 1000;
	unsigned int sent = p->w.sent;

	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	/* ESP keeps coming both ways: three periods, not one check */
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(0, kernel_fake_count(p->n[0].kctx, a->child.spi_in, 5));
		ASSERT_EQ(0, kernel_fake_count(p->n[1].kctx, b->child.spi_in, 5));
		run_until(p, t += 30001);
	}
	EXPECT_EQ(sent, p->w.sent);
	EXPECT_EQ(0, p->n[0].d.n_dpd_sent);
	EXPECT_LE(3, p->n[0].d.n_dpd_skipped);
	/* only one way: the side that receives skips, the other checks */
	ASSERT_EQ(0, kernel_fake_count(p->n[0].kctx, a->child.spi_in, 5));
	run_until(p, t += 30001);
	EXPECT_EQ(0, p->n[0].d.n_dpd_sent);
	EXPECT_EQ(1, p->n[1].d.n_dpd_sent);
	EXPECT_EQ(sent + 2, p->w.sent);
	/* silence: the checks go out again, and are answered */
	run_until(p, t += 30001);
	EXPECT_EQ(1, p->n[0].d.n_dpd_sent);
	EXPECT_EQ(a, live_sa(&p->n[0]));
	EXPECT_EQ(b, live_sa(&p->n[1]));
	pair_free(p);
}

TEST(cookie_above_the_half_open_threshold)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");
	struct zs_ike *second;

	p->n[1].conf->cookie_threshold = 1;
	/* two IKE_SA_INITs on the wire: the second finds one half-open SA */
	ASSERT_EQ(0, zsd_initiate(&p->n[0].d, "b"));
	ASSERT_EQ(0, zsd_initiate(&p->n[0].d, "b"));
	second = p->n[0].d.sas;
	/* b: INIT 1 answered (one half-open), INIT 2 gets a COOKIE */
	deliver(p->n, 2);
	EXPECT_EQ(1, p->n[1].d.n_cookies_sent);
	EXPECT_EQ(1, p->n[1].d.n_sas);
	/* a: AUTH 1 and INIT 2 again, with the cookie */
	deliver(p->n, 2);
	EXPECT_EQ(ZS_COOKIE_LEN, second->cookie_len);
	/* b takes INIT 2 now, though one SA is still half-open */
	ASSERT_EQ(2, p->w.n);
	memmove(&p->w.q[0], &p->w.q[1], sizeof(p->w.q[0]));
	p->w.n = 1;
	deliver(p->n, 1);
	EXPECT_EQ(2, p->n[1].d.n_sas);
	EXPECT_EQ(1, p->n[1].d.n_cookies_sent);
	pump(p->n);
	zsd_tick(&p->n[0].d, 2000);
	zsd_tick(&p->n[1].d, 2000);
	EXPECT_TRUE(same_child_keys(p));
	pair_free(p);
}

TEST(cookie_is_stateless_and_checked)
{
	struct pair *p = pair_psk(PSK, PSK, IKE_DEF, IKE_DEF, ESP_DEF, ESP_DEF,
				  "192.0.2.192/26");
	struct zs_cookie_secret *s = &p->n[1].d.cookie;
	struct zsd_addr from = p->n[0].addr, other;
	uint8_t c[ZS_COOKIE_LEN], c2[ZS_COOKIE_LEN];
	struct ike_msg m;
	uint8_t ni[32] = { 1 };

	memset(&m, 0, sizeof(m));
	memset(m.hdr.spi_i, 7, IKE_SPI_LEN);
	m.nonce = (struct ike_chunk){ ni, sizeof(ni) };
	ASSERT_EQ(0, zs_cookie_make(s, 1000, &m, &from, c));
	/* the same inputs give the same cookie; nothing else does */
	ASSERT_EQ(0, zs_cookie_make(s, 2000, &m, &from, c2));
	EXPECT_EQ(0, memcmp(c, c2, sizeof(c)));
	m.notify[0] = (struct ike_notify){ .type = IKEV2_N_COOKIE,
					   .data = { c, sizeof(c) } };
	m.n_notify = 1;
	EXPECT_TRUE(zs_cookie_check(s, 3000, &m, &from));
	zsd_addr_parse("192.0.2.99", &other);
	EXPECT_FALSE(zs_cookie_check(s, 3000, &m, &other));
	c[5] ^= 1;
	EXPECT_FALSE(zs_cookie_check(s, 3000, &m, &from));
	c[5] ^= 1;
	/* one rotation later it still counts, two later it does not */
	EXPECT_TRUE(zs_cookie_check(s, 1000 + ZS_COOKIE_ROTATE_MS, &m, &from));
	EXPECT_FALSE(zs_cookie_check(s, 1000 + 2 * ZS_COOKIE_ROTATE_MS + 1,
				     &m, &from));
	EXPECT_EQ(0, p->n[1].d.n_sas);
	pair_free(p);
}

TEST_HARNESS_MAIN
