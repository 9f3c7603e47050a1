/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crypto requests of ESP and AH: the per-packet buffer each lives in, and
 * what one holds while it may complete asynchronously (async.c).
 */
#ifndef _ZS_ASYNC_H
#define _ZS_ASYNC_H

#include <linux/completion.h>
#include <linux/crypto.h>
#include <linux/netdevice.h>
#include <linux/percpu-refcount.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>

/*
 * Per namespace, in struct zs_net: one reference per request in flight,
 * and the namespace's exit waits for @done.
 */
struct zs_async_net {
	struct percpu_ref ref;
	struct completion done;
};

/**
 * struct zs_async - what one request holds until its completion returned
 * @an: its namespace's count (a reference on @an->ref)
 * @dev: input only, the device the packet came in on (held): the
 *	completion re-injects the packet through it
 * @dev_tracker: for @dev
 */
struct zs_async {
	struct zs_async_net *an;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
};

int zs_async_net_init(struct zs_async_net *an);
void zs_async_net_exit(struct zs_async_net *an);

int zs_async_begin(struct zs_async *a, struct sk_buff *skb, bool in);
void zs_async_end(struct zs_async *a);
void zs_async_done(struct zs_async *a);

/**
 * zs_async_pending() - after the crypto call: did the request go async?
 * @a: the request's bookkeeping, from zs_async_begin()
 * @err: what the crypto call returned
 *
 * Only -EINPROGRESS means a completion will come: the requests are made
 * without CRYPTO_TFM_REQ_MAY_BACKLOG, so -EBUSY is a refusal, as it is
 * for XFRM (esp4.c). Otherwise the bookkeeping ends here.
 *
 * Return: true when the completion will end it.
 */
static inline bool zs_async_pending(struct zs_async *a, int err)
{
	if (err == -EINPROGRESS)
		return true;
	zs_async_end(a);
	return false;
}

/*
 * The per-packet buffer, one kmalloc() for everything a request needs:
 *
 *   | the caller's state (@head bytes) | IV | request + its context | sg |
 *
 * The IV (none for AH) is aligned as the transform wants it, the request
 * as the crypto API wants its context, the scatterlist as its type.
 */
static inline unsigned int zs_async_iv_off(size_t head,
					   unsigned int alignmask)
{
	return ALIGN(head, alignmask + 1);
}

static inline unsigned int zs_async_req_off(size_t head,
					    unsigned int alignmask,
					    unsigned int iv_len)
{
	return ALIGN(zs_async_iv_off(head, alignmask) + iv_len,
		     crypto_tfm_ctx_alignment());
}

/* @req_len: the request struct and its tfm's request size */
static inline unsigned int zs_async_sg_off(unsigned int req_off,
					   unsigned int req_len)
{
	return ALIGN(req_off + req_len, __alignof__(struct scatterlist));
}

void *zs_async_tmp_alloc(unsigned int sg_off, unsigned int nsg);

#endif /* _ZS_ASYNC_H */
