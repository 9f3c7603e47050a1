// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's tunnels and the kernel's events (zsd_tunnel.c), with two
 * instances in one process over a queue of datagrams and the fake
 * kernel: two tunnels to one peer told apart by their selectors, one
 * reqid per tunnel, a trap and its ACQUIRE, a hard EXPIRE that brings a
 * new child, and the control socket's requests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ike_sa.h"
#include "kselftest_harness.h"

enum { QMAX = 64 };

struct pkt {
	int to;
	struct zsd_addr from, dst;
	size_t len;
	uint8_t buf[IKE_MSG_MAX];
};

struct net {
	struct pkt q[QMAX];
	unsigned int n;
};

struct node {
	struct net *w;
	int self;
	struct zsd_addr addr;
	struct zs_conf *conf;
	void *kctx;
	struct zsd d;
};

static void q_send(void *ctx, const struct zsd_addr *local,
		   const struct zsd_addr *remote, const uint8_t *buf, size_t len)
{
	struct node *n = ctx;
	struct pkt *p;

	if (n->w->n == QMAX || len > IKE_MSG_MAX)
		return;
	p = &n->w->q[n->w->n++];
	p->to = !n->self;
	p->from = *local;
	p->dst = *remote;
	p->len = len;
	memcpy(p->buf, buf, len);
}

static int q_source(void *ctx, const struct zsd_addr *remote,
		    struct zsd_addr *local)
{
	(void)remote;
	*local = ((struct node *)ctx)->addr;
	return 0;
}

static void pump(struct node n[2])
{
	static struct pkt p;

	while (n[0].w->n) {
		p = n[0].w->q[0];
		memmove(&n[0].w->q[0], &n[0].w->q[1],
			(n[0].w->n - 1) * sizeof(p));
		n[0].w->n--;
		zsd_input(&n[p.to].d, &p.dst, &p.from, p.buf, p.len);
	}
}

/* The fake kernel, with an event fd: traps are installed. */
static int no_fd(void *ctx)
{
	(void)ctx;
	return -1;
}

static struct kernel_ops fake_ev;

static void node_init(struct node *n, struct net *w, int self,
		      const char *text)
{
	char err[ZS_CONF_ERR_MAX];
	struct zs_transport io = { q_send, q_source, n };

	fake_ev = kernel_fake_ops;
	fake_ev.event_fd = no_fd;
	memset(n, 0, sizeof(*n));
	n->w = w;
	n->self = self;
	zsd_addr_parse(self ? "192.0.2.2" : "192.0.2.1", &n->addr);
	n->addr.port = IKE_PORT;
	if (zs_conf_load_string("t.conf", text, &n->conf, err, sizeof(err))) {
		fprintf(stderr, "# %s\n", err);
		abort();
	}
	fake_ev.open(&n->kctx);
	zsd_init(&n->d, n->conf, &fake_ev, n->kctx, &io, 1000);
}

static void node_fini(struct node *n)
{
	zsd_shutdown(&n->d, false);
	fake_ev.close(n->kctx);
	zs_conf_free(n->conf);
}

#define TUN(name, peer, peer_id, lp, rp, start)				\
	"[tunnel " name "]\npeer = " peer "\npeer_id = " peer_id "\n"	\
	"local_prefix = " lp "\nremote_prefix = " rp "\nstart = " start "\n"

/* the branch (a) and the HQ (b): two tunnels, one per HQ network */
static const char conf_branch[] =
	"[global]\nkernel = fake\nid = br.example\npsk = branch and hq psk\n"
	TUN("hq-lan", "192.0.2.2", "hq.example", "10.9.0.0/24", "10.1.0.0/24", "load")
	TUN("hq-dmz", "192.0.2.2", "hq.example", "10.9.0.0/24", "10.2.0.0/24", "load");
static const char conf_hq[] =
	"[global]\nkernel = fake\nid = hq.example\npsk = branch and hq psk\n"
	TUN("br-lan", "192.0.2.1", "br.example", "10.1.0.0/24", "10.9.0.0/24", "wait")
	TUN("br-dmz", "192.0.2.1", "br.example", "10.2.0.0/24", "10.9.0.0/24", "wait");

/* The installed policy of dir with dst (dst's first octets). */
static const struct zs_policy_params *pol(void *kctx, enum zs_dir dir,
					  uint8_t dst_octet)
{
	for (unsigned int i = 0; i < kernel_fake_n_policy(kctx); i++) {
		const struct zs_policy_params *p = kernel_fake_policy(kctx, i);

		if (p->dir == dir && p->dst.a.ip[1] == dst_octet)
			return p;
	}
	return NULL;
}

TEST(two_tunnels_to_one_peer)
{
	struct net w = { 0 };
	struct node n[2];
	const struct zs_policy_params *lan, *dmz;

	node_init(&n[0], &w, 0, conf_branch);
	node_init(&n[1], &w, 1, conf_hq);
	zsd_start(&n[0].d);
	zsd_start(&n[1].d);
	pump(n);
	/* both IKE_SA_INITs reach b before either IKE_AUTH */
	EXPECT_EQ(2, n[0].d.n_children);
	EXPECT_EQ(2, n[1].d.n_children);
	EXPECT_EQ(4, kernel_fake_n_sa(n[1].kctx));
	EXPECT_EQ(6, kernel_fake_n_policy(n[1].kctx));
	EXPECT_NE(NULL, zsd_tunnel_ike(&n[1].d, "br-lan"));
	EXPECT_NE(NULL, zsd_tunnel_ike(&n[1].d, "br-dmz"));
	/* each tunnel its reqid, the policies carry it */
	lan = pol(n[0].kctx, ZS_DIR_OUT, 1);
	dmz = pol(n[0].kctx, ZS_DIR_OUT, 2);
	ASSERT_NE(NULL, lan);
	ASSERT_NE(NULL, dmz);
	EXPECT_EQ(zsd_tunnel_find(&n[0].d, "hq-lan")->reqid, lan->reqid);
	EXPECT_EQ(zsd_tunnel_find(&n[0].d, "hq-dmz")->reqid, dmz->reqid);
	EXPECT_NE(lan->reqid, dmz->reqid);
	node_fini(&n[0]);
	node_fini(&n[1]);
}

static const char conf_trap[] =
	"[global]\nkernel = fake\nid = br.example\npsk = branch and hq psk\n"
	TUN("hq-lan", "192.0.2.2", "hq.example", "10.9.0.0/24", "10.1.0.0/24", "traffic");
static const char conf_hq1[] =
	"[global]\nkernel = fake\nid = hq.example\npsk = branch and hq psk\n"
	TUN("br-lan", "192.0.2.1", "br.example", "10.1.0.0/24", "10.9.0.0/24", "wait");

TEST(trap_acquire_and_hard_expire)
{
	struct net w = { 0 };
	struct node n[2];
	struct kernel_event ev = { .type = KEV_ACQUIRE };
	const struct zsd_tunnel *t;
	struct zs_ike *ike;

	node_init(&n[0], &w, 0, conf_trap);
	node_init(&n[1], &w, 1, conf_hq1);
	zsd_start(&n[0].d);
	pump(n);
	/* the trap: the outbound policy alone, no IKE SA */
	EXPECT_EQ(1, kernel_fake_n_policy(n[0].kctx));
	EXPECT_EQ(0, n[0].d.n_sas);
	t = zsd_tunnel_find(&n[0].d, "hq-lan");
	ASSERT_NE(NULL, t);
	EXPECT_TRUE(t->trapped);
	/* an ACQUIRE for another reqid is not ours */
	ev.reqid = t->reqid + 100;
	zsd_kernel_event(&n[0].d, &ev);
	EXPECT_EQ(0, n[0].d.n_sas);
	ev.reqid = t->reqid;
	zsd_kernel_event(&n[0].d, &ev);
	pump(n);
	EXPECT_EQ(1, n[0].d.n_children);
	/* the trap and the child share the outbound policy: 3, not 4 */
	EXPECT_EQ(3, kernel_fake_n_policy(n[0].kctx));
	EXPECT_EQ(t->reqid, pol(n[0].kctx, ZS_DIR_OUT, 1)->reqid);
	EXPECT_NE(0, t->last_up);
	/* hard EXPIRE of the inbound SA: the IKE SA goes, the trap stays */
	ike = zsd_tunnel_ike(&n[0].d, "hq-lan");
	ASSERT_NE(NULL, ike);
	ev = (struct kernel_event){ .type = KEV_EXPIRE_HARD,
				    .sa = { .src = ike->remote,
					    .dst = ike->local,
					    .spi = ike->child.spi_in } };
	zsd_kernel_event(&n[0].d, &ev);
	pump(n);
	zsd_tick(&n[0].d, 2000);
	EXPECT_EQ(NULL, zsd_tunnel_ike(&n[0].d, "hq-lan"));
	EXPECT_EQ(1, kernel_fake_n_policy(n[0].kctx));
	EXPECT_EQ(0, kernel_fake_n_sa(n[0].kctx) > 1);
	node_fini(&n[0]);
	node_fini(&n[1]);
}

/*
 * Branch (start = traffic) and HQ, the tunnel brought up by an ACQUIRE
 * on the branch: its IKE SA, NULL if it did not come up with a child.
 */
static struct zs_ike *up_on_traffic(struct node n[2], struct net *w)
{
	struct kernel_event ev = { .type = KEV_ACQUIRE };
	const struct zsd_tunnel *t;
	struct zs_ike *ike;

	node_init(&n[0], w, 0, conf_trap);
	node_init(&n[1], w, 1, conf_hq1);
	zsd_start(&n[0].d);
	t = zsd_tunnel_find(&n[0].d, "hq-lan");
	if (!t)
		return NULL;
	ev.reqid = t->reqid;
	zsd_kernel_event(&n[0].d, &ev);
	pump(n);
	ike = zsd_tunnel_ike(&n[0].d, "hq-lan");
	return ike && zs_child_live(&ike->child) ? ike : NULL;
}

/*
 * The module's soft EXPIRE starts a CREATE_CHILD_SA rekey (make before
 * break); the hard EXPIRE of the pair it replaced changes nothing else;
 * that of the current pair, with no rekey under way, takes the IKE SA.
 */
TEST(soft_expire_rekeys_hard_expire_of_old_pair_stays)
{
	struct net w = { 0 };
	struct node n[2];
	struct kernel_event ev;
	struct zs_ike *ike;
	uint32_t old_in, old_out;
	uint64_t now = 1000;

	ike = up_on_traffic(n, &w);
	ASSERT_NE(NULL, ike);
	old_in = ike->child.spi_in;
	old_out = ike->child.spi_out;
	/* soft EXPIRE of the outbound SA: the rekey goes out at the tick */
	ev = (struct kernel_event){ .type = KEV_EXPIRE_SOFT,
				    .sa = { .src = ike->local,
					    .dst = ike->remote,
					    .spi = old_out } };
	zsd_tick(&n[0].d, now);
	zsd_kernel_event(&n[0].d, &ev);
	zsd_tick(&n[0].d, now);
	pump(n);
	EXPECT_EQ(ike, zsd_tunnel_ike(&n[0].d, "hq-lan"));
	EXPECT_NE(old_in, ike->child.spi_in);
	EXPECT_TRUE(zs_child_live(&ike->child));
	EXPECT_EQ(old_in, ike->old.spi_in);
	/* the old pair's policies are the new pair's: still 3 */
	EXPECT_EQ(3, kernel_fake_n_policy(n[0].kctx));
	/* the replaced pair's hard EXPIRE: the tunnel stays */
	ev.type = KEV_EXPIRE_HARD;
	ev.sa = (struct zs_sa_id){ .src = ike->remote, .dst = ike->local,
				   .spi = old_in };
	zsd_kernel_event(&n[0].d, &ev);
	EXPECT_EQ(ike, zsd_tunnel_ike(&n[0].d, "hq-lan"));
	EXPECT_EQ(IKE_S_ESTABLISHED, ike->state);
	EXPECT_TRUE(zs_child_live(&ike->child));
	EXPECT_EQ(3, kernel_fake_n_policy(n[0].kctx));
	/* the current pair's: the IKE SA goes, the trap stays */
	ev.sa.spi = ike->child.spi_in;
	zsd_kernel_event(&n[0].d, &ev);
	pump(n);
	zsd_tick(&n[0].d, now + 5000);
	EXPECT_EQ(NULL, zsd_tunnel_ike(&n[0].d, "hq-lan"));
	EXPECT_EQ(1, kernel_fake_n_policy(n[0].kctx));
	node_fini(&n[0]);
	node_fini(&n[1]);
}

static int never(void *arg, char *err, size_t len)
{
	(void)arg;
	snprintf(err, len, "t.conf:3: no");
	return -1;
}

/* what add and del were asked, for the request parsing checks */
static char got[512];

static int add_rec(void *arg, const char *name, const char *lines,
		   char *err, size_t len)
{
	(void)arg;
	snprintf(got, sizeof(got), "add %s|%s", name, lines);
	snprintf(err, len, "tunnel add %s: peer: 'x' is not an address\nmore", name);
	return -1;
}

static int del_rec(void *arg, const char *name, char *err, size_t len)
{
	(void)arg;
	(void)err;
	(void)len;
	snprintf(got, sizeof(got), "del %s", name);
	return 0;
}

static char *ctl(struct zsd *d, const char *req)
{
	static const struct zs_ctl_ops ops = { never, add_rec, del_rec, NULL };
	char line[256], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	snprintf(line, sizeof(line), "%s", req);
	zs_ctl_handle(d, &ops, line, f);
	fclose(f);
	return buf;
}

TEST(control_requests)
{
	struct net w = { 0 };
	struct node n[2];
	char *out;

	node_init(&n[0], &w, 0, conf_branch);
	node_init(&n[1], &w, 1, conf_hq);
	zsd_start(&n[0].d);
	pump(n);
	out = ctl(&n[0].d, "show-json hq-lan");
	EXPECT_EQ(0, strncmp(out, "ok\n[{\"name\":\"hq-lan\",\"state\":\"established\"", 42));
	EXPECT_NE(NULL, strstr(out, "\"sa_in\":{\"spi\":"));
	free(out);
	out = ctl(&n[0].d, "show");
	EXPECT_NE(NULL, strstr(out, "tunnel hq-dmz: established"));
	free(out);
	out = ctl(&n[0].d, "show nosuch");
	EXPECT_STREQ("error: no tunnel 'nosuch'\n", out);
	free(out);
	out = ctl(&n[0].d, "up nosuch");
	EXPECT_STREQ("error: no tunnel 'nosuch'\n", out);
	free(out);
	out = ctl(&n[0].d, "frobnicate");
	EXPECT_STREQ("error: unknown request 'frobnicate'\n", out);
	free(out);
	out = ctl(&n[0].d, "reload");
	EXPECT_STREQ("error: t.conf:3: no\n", out);
	free(out);
	out = ctl(&n[0].d, "down hq-lan");
	EXPECT_STREQ("ok\n", out);
	free(out);
	pump(n);
	zsd_tick(&n[0].d, 2000);
	out = ctl(&n[0].d, "show hq-lan");
	EXPECT_EQ(0, strncmp(out, "ok\ntunnel hq-lan: down\n", 23));
	free(out);
	out = ctl(&n[0].d, "up hq-lan");
	EXPECT_STREQ("ok\n", out);
	free(out);
	pump(n);
	EXPECT_NE(NULL, zsd_tunnel_ike(&n[0].d, "hq-lan"));

	/* add: the section's lines up to the empty one; the refusal is one
	 * line whatever the reason holds */
	out = ctl(&n[0].d, "add t9\npeer = x\npsk = a b c\n\nignored\n");
	EXPECT_STREQ("error: tunnel add t9: peer: 'x' is not an address\n", out);
	EXPECT_STREQ("add t9|peer = x\npsk = a b c\n", got);
	free(out);
	got[0] = '\0';
	out = ctl(&n[0].d, "add hq-lan\npeer = 192.0.2.9\n\n");
	EXPECT_STREQ("error: tunnel 'hq-lan' exists (del it first)\n", out);
	EXPECT_STREQ("", got);
	free(out);
	out = ctl(&n[0].d, "add\n\n");
	EXPECT_STREQ("error: add needs a tunnel name\n", out);
	free(out);
	out = ctl(&n[0].d, "del nosuch");
	EXPECT_STREQ("error: no tunnel 'nosuch'\n", out);
	EXPECT_STREQ("", got);
	free(out);
	out = ctl(&n[0].d, "del hq-lan");
	EXPECT_STREQ("ok\n", out);
	EXPECT_STREQ("del hq-lan", got);
	free(out);
	node_fini(&n[0]);
	node_fini(&n[1]);
}

/*
 * The child's hard EXPIRE while a liveness check to a silent peer is
 * unanswered: the child goes at once, the IKE SA's DELETE waits for the
 * window, and the retransmissions keep their clock (the peer is
 * declared dead 63 s after the check, not 63 s after the EXPIRE).
 */
TEST(hard_expire_during_an_unanswered_check_keeps_the_window)
{
	struct net w = { 0 };
	struct node n[2];
	struct kernel_event ev;
	struct zs_ike *ike;
	uint32_t msgid;
	uint64_t now = 1000, sent;

	ike = up_on_traffic(n, &w);
	ASSERT_NE(NULL, ike);
	/* 30 s of silence: the check goes out, and is lost */
	now += 31000;
	zsd_tick(&n[0].d, now);
	zsd_tick(&n[0].d, now);
	ASSERT_NE(NULL, ike->req);
	sent = now;
	msgid = ike->req_msgid;
	w.n = 0;
	/* 10 s later, the check retransmitted meanwhile, the child's hard
	 * lifetime ends */
	for (now += 1000; now <= sent + 10000; now += 1000) {
		zsd_tick(&n[0].d, now);
		w.n = 0;
	}
	now -= 1000;
	ev = (struct kernel_event){ .type = KEV_EXPIRE_HARD,
				    .sa = { .src = ike->remote,
					    .dst = ike->local,
					    .spi = ike->child.spi_in } };
	zsd_kernel_event(&n[0].d, &ev);
	EXPECT_FALSE(zs_child_live(&ike->child));
	EXPECT_EQ(IKE_S_ESTABLISHED, ike->state);
	EXPECT_EQ(msgid, ike->req_msgid);
	EXPECT_EQ(0, w.n);
	EXPECT_TRUE(ike->tasks & ZS_TASK_IKE_DELETE);
	/* still retransmitting the check just before its 63 s are up... */
	for (now += 1000; now < sent + 62000; now += 1000) {
		zsd_tick(&n[0].d, now);
		w.n = 0;
	}
	EXPECT_EQ(ike, zsd_tunnel_ike(&n[0].d, "hq-lan"));
	EXPECT_EQ(msgid, ike->req_msgid);
	/* ... and the peer is dead when they are */
	zsd_tick(&n[0].d, sent + 64000);
	zsd_tick(&n[0].d, sent + 64000);
	EXPECT_EQ(NULL, zsd_tunnel_ike(&n[0].d, "hq-lan"));
	node_fini(&n[0]);
	node_fini(&n[1]);
}

/* N_MANY tunnels to one peer, told apart by their remote prefix. */
enum { N_MANY = 20 };

static char *many_conf(const char *id, const char *peer, const char *peer_id,
		       const char *start, bool branch)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fprintf(f, "[global]\nkernel = fake\nid = %s\npsk = many tunnels psk\n",
		id);
	for (int k = 1; k <= N_MANY; k++)
		fprintf(f, "[tunnel t%d]\npeer = %s\npeer_id = %s\n"
			"local_prefix = 10.%d.0.0/24\nremote_prefix = 10.%d.0.0/24\n"
			"start = %s\n", k, peer, peer_id,
			branch ? 200 : k, branch ? k : 200, start);
	fclose(f);
	return buf;
}

/*
 * Many tunnels started at once: no more than eight initiations in
 * flight (the peer's COOKIE threshold), the others shown as waiting and
 * started by the ticks as the first finish; all come up, and the peer
 * never had to ask for a COOKIE nor drop a request.
 */
TEST(many_tunnels_start_a_few_at_a_time)
{
	char *ca = many_conf("br.example", "192.0.2.2", "hq.example", "load",
			     true);
	char *cb = many_conf("hq.example", "192.0.2.1", "br.example", "wait",
			     false);
	struct net w = { 0 };
	struct node n[2];
	uint64_t now = 1000;
	char *out;

	node_init(&n[0], &w, 0, ca);
	node_init(&n[1], &w, 1, cb);
	zsd_start(&n[0].d);
	EXPECT_EQ(8, zsd_initiations(&n[0].d));
	EXPECT_EQ(N_MANY - 8, n[0].d.n_init_waiting);
	out = ctl(&n[0].d, "show t20");
	EXPECT_EQ(0, strncmp(out, "ok\ntunnel t20: waiting to initiate\n", 35));
	free(out);
	/* a tunnel taken down no longer waits; up again, it waits again */
	out = ctl(&n[0].d, "down t19");
	free(out);
	EXPECT_EQ(N_MANY - 9, n[0].d.n_init_waiting);
	out = ctl(&n[0].d, "up t19");
	free(out);
	EXPECT_EQ(N_MANY - 8, n[0].d.n_init_waiting);
	for (int round = 0; round < 10 && n[0].d.n_init_waiting; round++) {
		pump(n);
		EXPECT_EQ(0, zsd_initiations(&n[0].d));
		zsd_tick(&n[0].d, now);
		EXPECT_GE(8, zsd_initiations(&n[0].d));
		if (n[0].d.n_init_waiting)
			EXPECT_EQ(8, zsd_initiations(&n[0].d));
	}
	pump(n);
	EXPECT_EQ(0, n[0].d.n_init_waiting);
	EXPECT_EQ(N_MANY, n[0].d.n_children);
	EXPECT_EQ(N_MANY, n[1].d.n_children);
	for (int k = 1; k <= N_MANY; k++) {
		char name[8];
		struct zs_ike *ike;

		snprintf(name, sizeof(name), "t%d", k);
		ike = zsd_tunnel_ike(&n[0].d, name);
		ASSERT_NE(NULL, ike);
		EXPECT_EQ(IKE_S_ESTABLISHED, ike->state);
	}
	EXPECT_EQ(0, n[1].d.n_cookies_sent);
	EXPECT_EQ(0, n[1].d.drops[ZS_DROP_HALF_OPEN]);
	EXPECT_GE(8, n[1].d.half_open_peak);
	node_fini(&n[0]);
	node_fini(&n[1]);
	free(ca);
	free(cb);
}

/*
 * What `tunnel del` does to the instance: a configuration without the
 * tunnel deletes its IKE SA (the peer is told), its child SAs and
 * policies on both sides; the other tunnel stays up; forgetting it lets
 * a tunnel of that name start afresh.
 */
TEST(del_tears_the_tunnel_down)
{
	static const char only_dmz[] =
		"[global]\nkernel = fake\nid = br.example\npsk = branch and hq psk\n"
		TUN("hq-dmz", "192.0.2.2", "hq.example", "10.9.0.0/24", "10.2.0.0/24", "load");
	char err[ZS_CONF_ERR_MAX];
	struct net w = { 0 };
	struct node n[2];
	struct zs_conf *c;

	node_init(&n[0], &w, 0, conf_branch);
	node_init(&n[1], &w, 1, conf_hq);
	zsd_start(&n[0].d);
	pump(n);
	ASSERT_EQ(4, kernel_fake_n_sa(n[0].kctx));
	ASSERT_EQ(0, zsd_tunnel_down(&n[0].d, "hq-lan") ? -1 : 0);
	pump(n);
	ASSERT_EQ(0, zsd_tunnel_up(&n[0].d, "hq-lan"));
	pump(n);
	ASSERT_EQ(4, kernel_fake_n_sa(n[1].kctx));
	ASSERT_EQ(0, zs_conf_load_string("t.conf", only_dmz, &c, err, sizeof(err)));
	zsd_reconfigure(&n[0].d, c);
	zs_conf_free(n[0].conf);
	n[0].conf = c;
	zsd_tunnel_forget(&n[0].d, "hq-lan");
	pump(n);
	zsd_tick(&n[0].d, 2000);
	zsd_tick(&n[1].d, 2000);
	EXPECT_EQ(NULL, zsd_tunnel_ike(&n[0].d, "hq-lan"));
	EXPECT_EQ(NULL, zsd_tunnel_find(&n[0].d, "hq-lan"));
	EXPECT_EQ(NULL, zsd_tunnel_ike(&n[1].d, "br-lan"));
	EXPECT_NE(NULL, zsd_tunnel_ike(&n[0].d, "hq-dmz"));
	/* the dmz pair is all that is left, on both sides */
	EXPECT_EQ(2, kernel_fake_n_sa(n[0].kctx));
	EXPECT_EQ(2, kernel_fake_n_sa(n[1].kctx));
	EXPECT_EQ(3, kernel_fake_n_policy(n[0].kctx));
	EXPECT_EQ(3, kernel_fake_n_policy(n[1].kctx));
	node_fini(&n[0]);
	node_fini(&n[1]);
}

TEST_HARNESS_MAIN
