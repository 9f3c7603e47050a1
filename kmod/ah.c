// SPDX-License-Identifier: GPL-2.0
/*
 * AH, RFC 4302, transport and tunnel mode, IPv4 and IPv6 (4in4, 6in6,
 * 4in6, 6in4): the wire format Linux XFRM (ah4.c, ah6.c) produces and
 * accepts.
 *
 *   | IP header | next | len | 0 | SPI | seq | ICV | padding |
 *
 * In transport mode "IP header" is the IPv4 header, or the IPv6 header
 * with the extension headers that stay in front of AH: ipfam.c says
 * which, as it does for ESP. In tunnel mode it is a new outer header of
 * the SA's family (ipfam.c builds it, and checks the inner packet on the
 * way back) and the payload is the whole inner packet (next header 4,
 * IPIP, or 41, IPv6).
 *
 * The ICV is a keyed hash of the whole packet, with the IP header's
 * mutable fields and the ICV itself zero (ah_mutable.c), followed, with
 * ESN, by the high half of the sequence number (RFC 4302 2.5.1, 3.3.2.1).
 * The packet is not touched while it is hashed: the IP and AH headers are
 * copied into the request and zeroed there, and the hash reads that copy,
 * then the rest of the packet in place, then the high sequence bits.
 * Synchronous or asynchronous: an -EINPROGRESS completion ends in the
 * caller's resume function (what it needs stays: async.c).
 *
 * Padding (RFC 4302 2.6): the header is padded with zero bytes, which the
 * hash covers, to 32 bits over IPv4 and 64 bits over IPv6. Over IPv4
 * Linux XFRM pads to 64 bits unless its state has "flag align4"; we
 * accept both on input. Over IPv6 only 64 bits is valid, both ways.
 */

#include <crypto/hash.h>
#include <crypto/algapi.h>
#include <linux/ip.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <net/ip.h>

#include "ah.h"
#include "async.h"
#include "ipfam.h"
#include "sa.h"

/*
 * Per-packet state, allocated with the request: this struct, then the
 * request with its context, then the scatterlist.
 */
struct ah_tmp {
	struct sk_buff *skb;
	struct zs_sa *sa;
	zs_esp_resume_t resume;
	struct zs_async async;
	u64 seq;
	unsigned int ihl;		/* IP header bytes, in front of AH */
	unsigned int ahlen;		/* AH header bytes, ICV and padding */
	unsigned int nhoff;		/* input: the byte that names AH */
	__be32 seqhi;
	u8 hdr[ZS_AH_HDR_MAX] __aligned(8);	/* zeroed IP + AH headers */
	u8 digest[HASH_MAX_DIGESTSIZE];
};

static unsigned int tmp_req_off(void)
{
	return zs_async_req_off(sizeof(struct ah_tmp), 0, 0);
}

static unsigned int tmp_sg_off(struct crypto_ahash *tfm)
{
	return zs_async_sg_off(tmp_req_off(), sizeof(struct ahash_request) +
			       crypto_ahash_reqsize(tfm));
}

/* @nfrags: scatterlist entries the packet needs */
static struct ah_tmp *tmp_alloc(struct crypto_ahash *tfm, int nfrags)
{
	/* the header copy, the packet, the high sequence bits */
	return zs_async_tmp_alloc(tmp_sg_off(tfm), nfrags + 2);
}

static struct ahash_request *tmp_req(struct ah_tmp *tmp)
{
	return (void *)((u8 *)tmp + tmp_req_off());
}

static struct scatterlist *tmp_sg(struct crypto_ahash *tfm,
				  struct ah_tmp *tmp)
{
	return (void *)((u8 *)tmp + tmp_sg_off(tfm));
}

/**
 * zs_ah_mtu() - the largest packet that still fits once protected
 * @sa: the SA
 * @mtu: what the link takes
 * @ihl: the IP header length of the packet (unused: AH adds the same
 *	whatever the header)
 *
 * Return: the packet size to report in "fragmentation needed" or
 * "packet too big" (in tunnel mode, the outer header included).
 */
unsigned int zs_ah_mtu(const struct zs_sa *sa, unsigned int mtu,
		       unsigned int ihl)
{
	unsigned int ahlen = zs_ah_hdrlen(sa->xf.icv_len,
					  sa->key.af == ZONESEC_AF_IPV6);

	return mtu > ahlen + 68 ? mtu - ahlen : 68;
}

/*
 * Start the hash of tmp->hdr (the zeroed IP and AH headers), the packet
 * after them, and with ESN the high sequence bits, into tmp->digest.
 *
 * Return: 0 when done, -EINPROGRESS when @done will be called, or another
 * negative errno.
 */
static int ah_hash(struct ah_tmp *tmp, int nfrags, crypto_completion_t done,
		   bool in)
{
	struct zs_sa *sa = tmp->sa;
	struct crypto_ahash *tfm = sa->xf.ahash;
	struct sk_buff *skb = tmp->skb;
	unsigned int hlen = tmp->ihl + tmp->ahlen, len = skb->len;
	struct scatterlist *sg = tmp_sg(tfm, tmp);
	struct ahash_request *req;
	int n, err;

	sg_init_table(sg, nfrags + 2);
	sg_set_buf(sg, tmp->hdr, hlen);
	n = skb_to_sgvec(skb, sg + 1, hlen, skb->len - hlen);
	if (unlikely(n < 0))
		return n;
	/* sg[n] is the last entry used so far */
	if (sa->flags & ZONESEC_SA_FLAG_ESN) {
		tmp->seqhi = htonl(upper_32_bits(tmp->seq));
		sg_unmark_end(sg + n);
		sg_set_buf(sg + n + 1, &tmp->seqhi, sizeof(tmp->seqhi));
		sg_mark_end(sg + n + 1);
		len += sizeof(tmp->seqhi);
	} else {
		sg_mark_end(sg + n);
	}
	req = tmp_req(tmp);
	ahash_request_set_tfm(req, tfm);
	ahash_request_set_callback(req, 0, done, tmp);
	ahash_request_set_crypt(req, sg, tmp->digest, len);

	err = zs_async_begin(&tmp->async, skb, in);
	if (err)
		return err;
	err = crypto_ahash_digest(req);
	if (zs_async_pending(&tmp->async, err))
		return -EINPROGRESS;
	return err;
}

/* Next outbound sequence number, 0 when they are exhausted. */
static u64 seq_next(struct zs_sa *sa)
{
	u64 seq = atomic64_inc_return(&sa->seq_out);

	if (!seq || (!(sa->flags & ZONESEC_SA_FLAG_ESN) && seq > U32_MAX))
		return 0;
	return seq;
}

/*
 * The mutable fields of the copy of the headers zeroed (@out: as the
 * destination will see them). Return: 0 or a negative errno.
 */
static int zero_mutable(struct ah_tmp *tmp, bool v6, bool out)
{
	return v6 ? zs_ah_zero6(tmp->hdr, tmp->ihl, out) :
		    zs_ah_zero4(tmp->hdr, out);
}

/* The ICV into the packet's AH header. */
static void output_icv(struct ah_tmp *tmp)
{
	struct ip_auth_hdr *ah = (void *)(tmp->skb->data + tmp->ihl);

	memcpy(ah->auth_data, tmp->digest, tmp->sa->xf.icv_len);
}

static void output_done(void *data, int err)
{
	struct ah_tmp *tmp = data;
	struct sk_buff *skb = tmp->skb;
	struct zs_sa *sa = tmp->sa;
	zs_esp_resume_t resume = tmp->resume;
	struct zs_async async = tmp->async;

	if (err)
		zs_sa_stat_add(sa, ZS_SA_DROP_CRYPTO, 1);
	else
		output_icv(tmp);
	kfree(tmp);
	resume(skb, sa, err);
	zs_async_done(&async);
}

ZS_CRYPTO_DONE(output_done)

/*
 * Make room for the AH header (and a tunnel's outer header) in front of
 * the payload and fill them in; the ICV is zero. Return: where AH starts.
 */
static unsigned int output_hdrs(struct zs_sa *sa, struct sk_buff *skb,
				const struct zs_ip_loc *loc,
				unsigned int ahlen, u64 seq)
{
	unsigned int hl = loc->hl;
	struct ip_auth_hdr *ah;
	u8 next;

	if (sa->mode == ZONESEC_MODE_TUNNEL) {
		hl = zs_ip_hdr_len(sa->key.af);
		next = zs_ip_tunnel_proto(sa->inner_af);
		skb_push(skb, hl + ahlen);
		skb_reset_network_header(skb);
		zs_ip_tunnel_hdr(skb, sa, skb->data + hl + ahlen, IPPROTO_AH);
	} else {
		next = skb_network_header(skb)[loc->nhoff];
		skb_push(skb, ahlen);
		memmove(skb->data, skb->data + ahlen, hl);
		skb_reset_network_header(skb);
		skb_network_header(skb)[loc->nhoff] = IPPROTO_AH;
	}
	skb_set_transport_header(skb, hl);
	zs_ip_set_len(skb);

	ah = (struct ip_auth_hdr *)(skb->data + hl);
	ah->nexthdr = next;
	ah->hdrlen = ahlen / 4 - 2;
	ah->reserved = 0;
	ah->spi = sa->key.spi;
	ah->seq_no = htonl(lower_32_bits(seq));
	memset(ah->auth_data, 0, ahlen - sizeof(*ah));
	return hl;
}

/**
 * zs_ah_output() - authenticate a packet, transport or tunnel mode
 * @sa: the outbound SA; the caller holds a reference
 * @skb: the packet, not GSO, from its IP header on; in tunnel mode one of
 *	@sa's inner family
 * @resume: called if the hash completes asynchronously
 *
 * In tunnel mode the caller routes the outer packet.
 *
 * Return: 0 when @skb is ready to go, -EINPROGRESS when @resume will be
 * called (with the SA reference), or another negative errno: the drop
 * was counted and the caller frees @skb.
 */
int zs_ah_output(struct zs_sa *sa, struct sk_buff *skb,
		 zs_esp_resume_t resume)
{
	bool v6 = sa->key.af == ZONESEC_AF_IPV6;
	bool tunnel = sa->mode == ZONESEC_MODE_TUNNEL;
	unsigned int ahlen = zs_ah_hdrlen(sa->xf.icv_len, v6);
	struct zs_ip_loc loc = {};
	struct sk_buff *trailer;
	struct ah_tmp *tmp;
	int nfrags, err;
	u64 seq;

	seq = seq_next(sa);
	if (!seq) {
		zs_sa_stat_add(sa, ZS_SA_DROP_SEQ_OVERFLOW, 1);
		return -EOVERFLOW;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto err_nomem;
	/* what stays in front of AH must fit the copy that is hashed */
	if (tunnel)
		loc.hl = zs_ip_hdr_len(sa->key.af);
	else if (zs_ip_out_loc(skb, &loc))
		goto err_malformed;
	if (loc.hl > ZS_AH_IP_MAX)
		goto err_malformed;
	zs_sa_used(sa);
	zs_sa_stat_add(sa, ZS_SA_PACKETS_OUT, 1);
	zs_sa_stat_add(sa, ZS_SA_BYTES_OUT, skb->len);
	if (skb_cow_head(skb, ahlen + (tunnel ? loc.hl : 0)))
		goto err_nomem;
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto err_nomem;
	tmp = tmp_alloc(sa->xf.ahash, nfrags);
	if (!tmp)
		goto err_nomem;
	tmp->skb = skb;
	tmp->sa = sa;
	tmp->resume = resume;
	tmp->seq = seq;
	tmp->ahlen = ahlen;
	tmp->ihl = output_hdrs(sa, skb, &loc, ahlen, seq);
	memcpy(tmp->hdr, skb->data, tmp->ihl + ahlen);
	if (zero_mutable(tmp, v6, true)) {
		kfree(tmp);
		goto err_malformed;
	}
	err = ah_hash(tmp, nfrags, ZS_CRYPTO_CB(output_done), false);
	if (err == -EINPROGRESS)
		return err;
	if (!err)
		output_icv(tmp);
	kfree(tmp);
	if (err) {
		zs_sa_stat_add(sa, ZS_SA_DROP_CRYPTO, 1);
		return -EINVAL;
	}
	return 0;

err_malformed:
	zs_sa_stat_add(sa, ZS_SA_DROP_MALFORMED, 1);
	return -EINVAL;
err_nomem:
	zs_sa_stat_add(sa, ZS_SA_DROP_NOMEM, 1);
	return -ENOMEM;
}

/* Transport mode: the AH header out, the IP header names the payload. */
static void transport_decap(struct sk_buff *skb, unsigned int hl,
			    unsigned int nhoff, unsigned int ahlen, u8 next)
{
	/* where the stack will go on parsing, relative to the IP header */
	unsigned int toff = skb_transport_header(skb) -
			    skb_network_header(skb);

	memmove(skb->data + ahlen, skb->data, hl);
	__skb_pull(skb, ahlen);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, toff);
	skb_network_header(skb)[nhoff] = next;
	zs_ip_set_len(skb);
}

/* After the ICV checked out: window, then the AH header goes. */
static int input_finish(struct ah_tmp *tmp)
{
	struct sk_buff *skb = tmp->skb;
	struct zs_sa *sa = tmp->sa;
	unsigned int ihl = tmp->ihl, ahlen = tmp->ahlen;
	struct ip_auth_hdr *ah = (void *)(skb->data + ihl);
	u8 next = ah->nexthdr;
	bool fresh;

	if (crypto_memneq(tmp->digest, ah->auth_data, sa->xf.icv_len)) {
		zs_sa_stat_add(sa, ZS_SA_DROP_AUTH, 1);
		return -EBADMSG;
	}
	spin_lock_bh(&sa->lock);
	fresh = zs_replay_advance(&sa->replay, tmp->seq);
	spin_unlock_bh(&sa->lock);
	if (!fresh) {
		zs_sa_stat_add(sa, ZS_SA_DROP_REPLAY, 1);
		return -EALREADY;
	}
	if (sa->mode == ZONESEC_MODE_TUNNEL) {
		if (zs_ip_tunnel_decap(skb, ihl + ahlen, next, sa->inner_af)) {
			zs_sa_stat_add(sa, ZS_SA_DROP_MALFORMED, 1);
			return -EINVAL;
		}
	} else {
		transport_decap(skb, ihl, tmp->nhoff, ahlen, next);
	}
	/* whatever the link said about checksums covered AH too */
	skb->ip_summed = CHECKSUM_NONE;
	zs_sa_used(sa);
	zs_sa_stat_add(sa, ZS_SA_PACKETS_IN, 1);
	zs_sa_stat_add(sa, ZS_SA_BYTES_IN, skb->len);
	return 0;
}

static void input_done(void *data, int err)
{
	struct ah_tmp *tmp = data;
	struct sk_buff *skb = tmp->skb;
	struct zs_sa *sa = tmp->sa;
	zs_esp_resume_t resume = tmp->resume;
	struct zs_async async = tmp->async;

	if (err) {
		zs_sa_stat_add(sa, ZS_SA_DROP_CRYPTO, 1);
		err = -EINVAL;
	} else {
		err = input_finish(tmp);
	}
	kfree(tmp);
	resume(skb, sa, err);
	zs_async_done(&async);
}

ZS_CRYPTO_DONE(input_done)

/*
 * The header length the peer chose: over IPv4 our 32-bit padding or
 * Linux's 64-bit one; over IPv6 64-bit only.
 */
static bool ahlen_ok(const struct zs_sa *sa, unsigned int ahlen)
{
	unsigned int icv = sa->xf.icv_len;

	return ahlen == zs_ah_hdrlen(icv, true) ||
	       (sa->key.af == ZONESEC_AF_IPV4 &&
		ahlen == zs_ah_hdrlen(icv, false));
}

/**
 * zs_ah_input() - verify an AH packet and take its AH header off
 * @sa: the SA its SPI names (of the packet's family); the caller holds a
 *	reference
 * @skb: the packet, from its IP header on, AH's fixed fields pulled
 * @loc: where AH sits: behind the IPv4 header, or behind the IPv6 header
 *	and the extension headers in front of it
 * @resume: called if the hash completes asynchronously
 *
 * On success the packet is what the peer protected: in transport mode
 * its IP header names the inner protocol; in tunnel mode it is the
 * inner packet, with the outer route still attached.
 *
 * Return: 0, -EINPROGRESS (@resume will be called), or another negative
 * errno: the drop was counted by reason and the caller frees @skb.
 */
int zs_ah_input(struct zs_sa *sa, struct sk_buff *skb,
		const struct zs_ip_loc *loc, zs_esp_resume_t resume)
{
	bool v6 = sa->key.af == ZONESEC_AF_IPV6;
	unsigned int ihl = loc->hl, ahlen;
	struct sk_buff *trailer;
	struct ip_auth_hdr *ah;
	struct ah_tmp *tmp;
	int nfrags, err;
	u64 seq;

	if (ihl > ZS_AH_IP_MAX || !pskb_may_pull(skb, ihl + sizeof(*ah)))
		goto malformed;
	ah = (struct ip_auth_hdr *)(skb->data + ihl);
	ahlen = (ah->hdrlen + 2) * 4;
	if (!ahlen_ok(sa, ahlen) || !pskb_may_pull(skb, ihl + ahlen))
		goto malformed;
	ah = (struct ip_auth_hdr *)(skb->data + ihl);
	seq = zs_replay_infer(&sa->replay, ntohl(ah->seq_no));
	if (!zs_replay_check(&sa->replay, seq)) {
		zs_sa_stat_add(sa, ZS_SA_DROP_REPLAY, 1);
		return -EALREADY;
	}
	/* private data: the AH header is taken out in place afterwards */
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto err_nomem;
	tmp = tmp_alloc(sa->xf.ahash, nfrags);
	if (!tmp)
		goto err_nomem;
	tmp->skb = skb;
	tmp->sa = sa;
	tmp->resume = resume;
	tmp->seq = seq;
	tmp->ihl = ihl;
	tmp->ahlen = ahlen;
	tmp->nhoff = loc->nhoff;
	memcpy(tmp->hdr, skb->data, ihl + ahlen);
	memset(tmp->hdr + ihl + sizeof(*ah), 0, sa->xf.icv_len);
	if (zero_mutable(tmp, v6, false)) {
		kfree(tmp);
		goto malformed;
	}
	err = ah_hash(tmp, nfrags, ZS_CRYPTO_CB(input_done), true);
	if (err == -EINPROGRESS)
		return err;
	if (err) {
		zs_sa_stat_add(sa, ZS_SA_DROP_CRYPTO, 1);
		err = -EINVAL;
	} else {
		err = input_finish(tmp);
	}
	kfree(tmp);
	return err;

malformed:
	zs_sa_stat_add(sa, ZS_SA_DROP_MALFORMED, 1);
	return -EINVAL;
err_nomem:
	zs_sa_stat_add(sa, ZS_SA_DROP_NOMEM, 1);
	return -ENOMEM;
}
