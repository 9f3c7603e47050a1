// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the daemon's input path: a responder instance
 * (fake kernel, a transport that discards) takes each input as a
 * datagram from its configured peer.  Whatever comes in, nothing may be
 * installed (no AUTH can verify without the PSK), and the instance must
 * shut down cleanly.
 */
#include <stdlib.h>

#include "zsd.h"

static const char conf_text[] =
	"[global]\nkernel = fake\nid = b.example\n"
	"[tunnel a]\npeer = 192.0.2.1\npeer_id = a.example\n"
	"psk = fuzzing psk 0123\nlocal_prefix = 192.0.2.128/26\n"
	"remote_prefix = 192.0.2.192/26\nstart = wait\n";

static void discard(void *ctx, const struct zsd_addr *l,
		    const struct zsd_addr *r, const uint8_t *b, size_t n)
{
	(void)ctx; (void)l; (void)r; (void)b; (void)n;
}

static int no_source(void *ctx, const struct zsd_addr *r, struct zsd_addr *l)
{
	(void)ctx; (void)r; (void)l;
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct zs_conf *conf;
	static struct zsd d;
	struct zs_transport io = { discard, no_source, NULL };
	struct zsd_addr me, peer;
	char err[ZS_CONF_ERR_MAX];
	void *kctx;

	if (!conf && zs_conf_load_string("fuzz", conf_text, &conf, err,
					 sizeof(err)))
		abort();
	zsd_addr_parse("192.0.2.2", &me);
	zsd_addr_parse("192.0.2.1", &peer);
	me.port = peer.port = IKE_PORT;
	kernel_fake_ops.open(&kctx);
	zsd_init(&d, conf, &kernel_fake_ops, kctx, &io, 1000);
	zsd_input(&d, &me, &peer, data, size);
	/* the same datagram again: retransmission paths */
	zsd_input(&d, &me, &peer, data, size);
	zsd_tick(&d, 1000000);
	if (kernel_fake_n_sa(kctx) || kernel_fake_n_policy(kctx))
		abort();
	zsd_shutdown(&d, false);
	kernel_fake_ops.close(kctx);
	return 0;
}
