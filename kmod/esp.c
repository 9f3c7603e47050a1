// SPDX-License-Identifier: GPL-2.0
/*
 * ESP, RFC 4303, transport and tunnel mode, IPv4 and IPv6 (4in4, 6in6,
 * 4in6, 6in4): the wire format Linux XFRM (esp4.c, esp6.c) produces and
 * accepts, byte for byte.
 *
 *   | IP header | SPI | seq | IV | payload | padding | pad len | next | ICV |
 *                \_____________ encrypted: payload .. next ____/
 *
 * In transport mode "IP header" is the IPv4 header, or the IPv6 header
 * with the extension headers that stay in front (ipfam.c says which). In
 * tunnel mode it is a new outer header of the SA's family and the payload
 * is the whole inner packet (next header 4, IPIP, or 41, IPv6). The IP
 * header itself is ipfam.c's business: this file does not tell the
 * families apart.
 *
 * The crypto API sees a scatterlist of the associated data, built apart
 * (SPI and sequence number, the high half too with ESN: RFC 4106 5,
 * RFC 4303 2.2.1), then the packet from the IV on. The AEAD's assoclen
 * counts the IV, which the rfc4106, rfc7539esp and authenc(esn)
 * templates take from req->iv: so the layout is the same for all of them.
 * In-place, synchronous or asynchronous: an -EINPROGRESS completion ends
 * in the caller's resume function, and what it needs stays until it has
 * returned (async.c).
 */

#include <crypto/aead.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <net/esp.h>

#include "async.h"
#include "esp.h"
#include "ipfam.h"
#include "sa.h"

#define ZS_IV_MAX	16
#define ZS_AAD_MAX	12

/*
 * Per-packet state, allocated with the request: this struct, then the
 * IV, the request with its context, the scatterlist.
 */
struct esp_tmp {
	struct sk_buff *skb;
	struct zs_sa *sa;
	zs_esp_resume_t resume;
	struct zs_async async;
	u64 seq;
	unsigned int elen;		/* input: encrypted bytes */
	struct zs_ip_loc loc;		/* input: where ESP sits */
	__be32 aad[ZS_AAD_MAX / 4];
};

static unsigned int tmp_req_off(struct crypto_aead *aead)
{
	return zs_async_req_off(sizeof(struct esp_tmp),
				crypto_aead_alignmask(aead), ZS_IV_MAX);
}

static unsigned int tmp_sg_off(struct crypto_aead *aead)
{
	return zs_async_sg_off(tmp_req_off(aead), sizeof(struct aead_request) +
			       crypto_aead_reqsize(aead));
}

static struct esp_tmp *tmp_alloc(struct crypto_aead *aead, int nsg)
{
	return zs_async_tmp_alloc(tmp_sg_off(aead), nsg);
}

static u8 *tmp_iv(struct crypto_aead *aead, struct esp_tmp *tmp)
{
	return (u8 *)tmp + zs_async_iv_off(sizeof(struct esp_tmp),
					   crypto_aead_alignmask(aead));
}

static struct aead_request *tmp_req(struct crypto_aead *aead,
				    struct esp_tmp *tmp)
{
	return (void *)((u8 *)tmp + tmp_req_off(aead));
}

static struct scatterlist *tmp_sg(struct crypto_aead *aead,
				  struct esp_tmp *tmp)
{
	return (void *)((u8 *)tmp + tmp_sg_off(aead));
}

/* SPI, [seq high,] seq low: the associated data. Return: its length. */
static unsigned int aad_fill(struct esp_tmp *tmp, const struct zs_sa *sa)
{
	tmp->aad[0] = sa->key.spi;
	if (sa->flags & ZONESEC_SA_FLAG_ESN) {
		tmp->aad[1] = htonl(upper_32_bits(tmp->seq));
		tmp->aad[2] = htonl(lower_32_bits(tmp->seq));
		return 12;
	}
	tmp->aad[1] = htonl(lower_32_bits(tmp->seq));
	return 8;
}

/**
 * zs_esp_mtu() - the largest packet that still fits once protected
 * @sa: the SA
 * @mtu: what the link takes
 * @ihl: the length of the IP header in front of ESP (the outer one in
 *	tunnel mode, the IPv6 extension headers included)
 *
 * Return: the packet size that fits (in tunnel mode, @ihl included),
 * not below 68, the IPv4 minimum.
 */
unsigned int zs_esp_mtu(const struct zs_sa *sa, unsigned int mtu,
			unsigned int ihl)
{
	const struct zs_xform *xf = &sa->xf;
	unsigned int over = ihl + sizeof(struct ip_esp_hdr) + xf->iv_len +
			    xf->icv_len;

	if (mtu <= over + xf->block_len + 2)
		return 68;
	return max(ihl + rounddown(mtu - over, xf->block_len) - 2, 68U);
}

static void output_done(void *data, int err)
{
	struct esp_tmp *tmp = data;
	struct sk_buff *skb = tmp->skb;
	struct zs_sa *sa = tmp->sa;
	zs_esp_resume_t resume = tmp->resume;
	struct zs_async async = tmp->async;

	kfree(tmp);
	if (err)
		zs_sa_stat_add(sa, ZS_SA_DROP_CRYPTO, 1);
	resume(skb, sa, err);
	zs_async_done(&async);
}

ZS_CRYPTO_DONE(output_done)

/* Next outbound sequence number, 0 when they are exhausted. */
static u64 seq_next(struct zs_sa *sa)
{
	u64 seq = atomic64_inc_return(&sa->seq_out);

	if (!seq || (!(sa->flags & ZONESEC_SA_FLAG_ESN) && seq > U32_MAX))
		return 0;
	return seq;
}

/* Padding 1, 2, 3, ... (RFC 4303 2.4), pad length, next header. */
static void trailer_fill(u8 *tail, unsigned int padlen, u8 next)
{
	unsigned int i;

	for (i = 0; i < padlen; i++)
		tail[i] = i + 1;
	tail[padlen] = padlen;
	tail[padlen + 1] = next;
}

/*
 * Make room for the ESP header (and a tunnel's outer header) in front of
 * the payload; set the headers' protocol and length. Return: where ESP
 * starts.
 */
static unsigned int out_headers(struct sk_buff *skb, const struct zs_sa *sa,
				const struct zs_ip_loc *loc,
				unsigned int hdrlen)
{
	unsigned int hl = loc->hl;

	skb_push(skb, hdrlen);
	if (sa->mode == ZONESEC_MODE_TUNNEL) {
		skb_reset_network_header(skb);
		hl = zs_ip_hdr_len(sa->key.af);
		zs_ip_tunnel_hdr(skb, sa, skb->data + hdrlen, IPPROTO_ESP);
	} else {
		memmove(skb->data, skb->data + hdrlen, hl);
		skb_reset_network_header(skb);
		skb_network_header(skb)[loc->nhoff] = IPPROTO_ESP;
	}
	skb_set_transport_header(skb, hl);
	zs_ip_set_len(skb);
	return hl;
}

/**
 * zs_esp_output() - protect a packet, transport or tunnel mode
 * @sa: the outbound SA; the caller holds a reference
 * @skb: the packet, not GSO, from its IP header on; in tunnel mode one of
 *	@sa's inner family
 * @resume: called if the crypto completes asynchronously
 *
 * In tunnel mode the caller routes the outer packet.
 *
 * Return: 0 when @skb is ready to go, -EINPROGRESS when @resume will be
 * called (with the SA reference), or another negative errno: the drop
 * was counted and the caller frees @skb.
 */
int zs_esp_output(struct zs_sa *sa, struct sk_buff *skb,
		  zs_esp_resume_t resume)
{
	const struct zs_xform *xf = &sa->xf;
	struct crypto_aead *aead = xf->aead;
	unsigned int hl, plen, clen, hdrlen, aadlen;
	struct zs_ip_loc loc = {};
	struct ip_esp_hdr *esph;
	bool tunnel;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	struct aead_request *req;
	struct esp_tmp *tmp;
	int nfrags, err;
	u8 *tail, *iv, next;
	u64 seq;

	seq = seq_next(sa);
	if (!seq) {
		zs_sa_stat_add(sa, ZS_SA_DROP_SEQ_OVERFLOW, 1);
		return -EOVERFLOW;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto err_nomem;

	tunnel = sa->mode == ZONESEC_MODE_TUNNEL;
	/* the payload: the whole packet, or what follows loc.hl */
	if (tunnel) {
		next = zs_ip_tunnel_proto(sa->inner_af);
	} else {
		if (zs_ip_out_loc(skb, &loc))
			goto err_malformed;
		next = skb_network_header(skb)[loc.nhoff];
	}
	plen = skb->len - loc.hl;
	zs_sa_used(sa);
	zs_sa_stat_add(sa, ZS_SA_PACKETS_OUT, 1);
	zs_sa_stat_add(sa, ZS_SA_BYTES_OUT, skb->len);
	clen = ALIGN(plen + 2, xf->block_len);
	hdrlen = sizeof(*esph) + xf->iv_len +
		 (tunnel ? zs_ip_hdr_len(sa->key.af) : 0);
	if (skb_cow_head(skb, hdrlen))
		goto err_nomem;
	nfrags = skb_cow_data(skb, clen - plen + xf->icv_len, &trailer);
	if (nfrags < 0)
		goto err_nomem;
	tmp = tmp_alloc(aead, nfrags + 1);
	if (!tmp)
		goto err_nomem;

	tail = pskb_put(skb, trailer, clen - plen + xf->icv_len);
	trailer_fill(tail, clen - plen - 2, next);
	hl = out_headers(skb, sa, &loc, hdrlen);

	tmp->skb = skb;
	tmp->sa = sa;
	tmp->resume = resume;
	tmp->seq = seq;
	esph = ip_esp_hdr(skb);
	esph->spi = sa->key.spi;
	esph->seq_no = htonl(lower_32_bits(seq));
	iv = tmp_iv(aead, tmp);
	/* counter-mode AEADs take the sequence number (RFC 4106 3.1) */
	if (xf->aead_alg) {
		__be64 be = cpu_to_be64(seq);

		memcpy(iv, &be, sizeof(be));
	} else {
		get_random_bytes(iv, xf->iv_len);
	}
	memcpy(esph + 1, iv, xf->iv_len);

	sg = tmp_sg(aead, tmp);
	sg_init_table(sg, nfrags + 1);
	aadlen = aad_fill(tmp, sa);
	sg_set_buf(sg, tmp->aad, aadlen);
	err = skb_to_sgvec(skb, sg + 1, hl + sizeof(*esph),
			   xf->iv_len + clen + xf->icv_len);
	if (unlikely(err < 0)) {
		kfree(tmp);
		goto err_crypto;
	}
	req = tmp_req(aead, tmp);
	aead_request_set_tfm(req, aead);
	aead_request_set_callback(req, 0, ZS_CRYPTO_CB(output_done), tmp);
	aead_request_set_crypt(req, sg, sg, clen, iv);
	aead_request_set_ad(req, aadlen + xf->iv_len);

	if (zs_async_begin(&tmp->async, skb, false)) {
		kfree(tmp);
		goto err_crypto;
	}
	err = crypto_aead_encrypt(req);
	if (zs_async_pending(&tmp->async, err))
		return -EINPROGRESS;
	kfree(tmp);
	if (err)
		goto err_crypto;
	return 0;

err_malformed:
	zs_sa_stat_add(sa, ZS_SA_DROP_MALFORMED, 1);
	return -EINVAL;
err_nomem:
	zs_sa_stat_add(sa, ZS_SA_DROP_NOMEM, 1);
	return -ENOMEM;
err_crypto:
	zs_sa_stat_add(sa, ZS_SA_DROP_CRYPTO, 1);
	return -EINVAL;
}

/* The padding must read 1, 2, 3, ... (RFC 4303 2.4). */
static bool padding_ok(struct sk_buff *skb, unsigned int off,
		       unsigned int padlen)
{
	u8 pad[255];
	unsigned int i;

	if (skb_copy_bits(skb, off, pad, padlen))
		return false;
	for (i = 0; i < padlen; i++)
		if (pad[i] != i + 1)
			return false;
	return true;
}

/* Transport mode: the ESP header out, the IP header names the payload. */
static void transport_decap(struct sk_buff *skb, const struct zs_ip_loc *loc,
			    unsigned int hdrlen, u8 next)
{
	/* where the stack will go on parsing, relative to the IP header */
	unsigned int toff = skb_transport_header(skb) -
			    skb_network_header(skb);

	memmove(skb->data + hdrlen, skb->data, loc->hl);
	__skb_pull(skb, hdrlen);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, toff);
	skb_network_header(skb)[loc->nhoff] = next;
	zs_ip_set_len(skb);
}

/* After the ICV checked out: window, trailer, header. */
static int input_finish(struct sk_buff *skb, struct zs_sa *sa, u64 seq,
			unsigned int elen, const struct zs_ip_loc *loc)
{
	const struct zs_xform *xf = &sa->xf;
	unsigned int hdrlen = sizeof(struct ip_esp_hdr) + xf->iv_len;
	unsigned int padlen, off;
	bool fresh;
	u8 nt[2];

	spin_lock_bh(&sa->lock);
	fresh = zs_replay_advance(&sa->replay, seq);
	spin_unlock_bh(&sa->lock);
	if (!fresh) {
		zs_sa_stat_add(sa, ZS_SA_DROP_REPLAY, 1);
		return -EALREADY;
	}
	off = loc->hl + hdrlen + elen - 2;
	if (skb_copy_bits(skb, off, nt, 2))
		goto malformed;
	padlen = nt[0];
	/* authentic, so the sender's own bug, or a key known to an attacker */
	if (padlen + 2 > elen || !padding_ok(skb, off - padlen, padlen)) {
		zs_sa_stat_add(sa, ZS_SA_DROP_BAD_PADDING, 1);
		return -EINVAL;
	}
	if (pskb_trim(skb, off - padlen))
		goto malformed;

	if (sa->mode == ZONESEC_MODE_TUNNEL) {
		if (zs_ip_tunnel_decap(skb, loc->hl + hdrlen, nt[1],
				       sa->inner_af))
			goto malformed;
	} else {
		transport_decap(skb, loc, hdrlen, nt[1]);
	}
	/* whatever the link said about checksums was about ESP */
	skb->ip_summed = CHECKSUM_NONE;
	zs_sa_used(sa);
	zs_sa_stat_add(sa, ZS_SA_PACKETS_IN, 1);
	zs_sa_stat_add(sa, ZS_SA_BYTES_IN, skb->len);
	return 0;

malformed:
	zs_sa_stat_add(sa, ZS_SA_DROP_MALFORMED, 1);
	return -EINVAL;
}

static int input_crypto_err(struct zs_sa *sa, int err)
{
	if (err == -EBADMSG) {
		zs_sa_stat_add(sa, ZS_SA_DROP_AUTH, 1);
		return -EBADMSG;
	}
	zs_sa_stat_add(sa, ZS_SA_DROP_CRYPTO, 1);
	return -EINVAL;
}

static void input_done(void *data, int err)
{
	struct esp_tmp *tmp = data;
	struct sk_buff *skb = tmp->skb;
	struct zs_sa *sa = tmp->sa;
	zs_esp_resume_t resume = tmp->resume;
	u64 seq = tmp->seq;
	unsigned int elen = tmp->elen;
	struct zs_ip_loc loc = tmp->loc;
	struct zs_async async = tmp->async;

	kfree(tmp);
	if (err)
		err = input_crypto_err(sa, err);
	else
		err = input_finish(skb, sa, seq, elen, &loc);
	resume(skb, sa, err);
	zs_async_done(&async);
}

ZS_CRYPTO_DONE(input_done)

/**
 * zs_esp_input() - verify and decrypt an ESP packet
 * @sa: the SA its SPI names; the caller holds a reference
 * @skb: the packet, from its IP header on, ESP header pulled
 * @loc: where the ESP header sits
 * @resume: called if the crypto completes asynchronously
 *
 * On success the packet is what the peer protected: in transport mode
 * its IP header names the inner protocol; in tunnel mode it is the inner
 * packet (of @sa's inner family, checked), with the outer route still
 * attached.
 *
 * Return: 0, -EINPROGRESS (@resume will be called), or another negative
 * errno: the drop was counted by reason and the caller frees @skb.
 */
int zs_esp_input(struct zs_sa *sa, struct sk_buff *skb,
		 const struct zs_ip_loc *loc, zs_esp_resume_t resume)
{
	const struct zs_xform *xf = &sa->xf;
	struct crypto_aead *aead = xf->aead;
	unsigned int hl = loc->hl, hdrlen, aadlen;
	struct sk_buff *trailer;
	struct aead_request *req;
	struct scatterlist *sg;
	struct esp_tmp *tmp;
	int elen, nfrags, err;
	u64 seq;
	u8 *iv;

	hdrlen = sizeof(struct ip_esp_hdr) + xf->iv_len;
	elen = skb->len - hl - hdrlen - xf->icv_len;
	if (!pskb_may_pull(skb, hl + hdrlen) || elen <= 0 ||
	    elen % xf->block_len) {
		zs_sa_stat_add(sa, ZS_SA_DROP_MALFORMED, 1);
		return -EINVAL;
	}
	seq = zs_replay_infer(&sa->replay,
			      ntohl(((struct ip_esp_hdr *)(skb->data + hl))->seq_no));
	if (!zs_replay_check(&sa->replay, seq)) {
		zs_sa_stat_add(sa, ZS_SA_DROP_REPLAY, 1);
		return -EALREADY;
	}
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto err_nomem;
	tmp = tmp_alloc(aead, nfrags + 1);
	if (!tmp)
		goto err_nomem;
	tmp->skb = skb;
	tmp->sa = sa;
	tmp->resume = resume;
	tmp->seq = seq;
	tmp->elen = elen;
	tmp->loc = *loc;
	iv = tmp_iv(aead, tmp);
	memcpy(iv, skb->data + hl + sizeof(struct ip_esp_hdr), xf->iv_len);

	sg = tmp_sg(aead, tmp);
	sg_init_table(sg, nfrags + 1);
	aadlen = aad_fill(tmp, sa);
	sg_set_buf(sg, tmp->aad, aadlen);
	err = skb_to_sgvec(skb, sg + 1, hl + sizeof(struct ip_esp_hdr),
			   xf->iv_len + elen + xf->icv_len);
	if (unlikely(err < 0)) {
		kfree(tmp);
		return input_crypto_err(sa, err);
	}
	req = tmp_req(aead, tmp);
	aead_request_set_tfm(req, aead);
	aead_request_set_callback(req, 0, ZS_CRYPTO_CB(input_done), tmp);
	aead_request_set_crypt(req, sg, sg, elen + xf->icv_len, iv);
	aead_request_set_ad(req, aadlen + xf->iv_len);

	if (zs_async_begin(&tmp->async, skb, true)) {
		kfree(tmp);
		return input_crypto_err(sa, -ENODEV);
	}
	err = crypto_aead_decrypt(req);
	if (zs_async_pending(&tmp->async, err))
		return -EINPROGRESS;
	kfree(tmp);
	if (err)
		return input_crypto_err(sa, err);
	return input_finish(skb, sa, seq, elen, loc);

err_nomem:
	zs_sa_stat_add(sa, ZS_SA_DROP_NOMEM, 1);
	return -ENOMEM;
}
