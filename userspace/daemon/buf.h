// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounded big-endian reads and writes.  Every access to packet bytes in the
 * codec goes through these, so "no read past the buffer" is checked in one
 * place: a reader refuses to hand out bytes it does not have, a writer that
 * runs out of room only sets a flag that the caller tests once at the end.
 */
#ifndef ZS_BUF_H
#define ZS_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* A window on received bytes. */
struct rd {
	const uint8_t *p;
	size_t len;
	size_t off;
};

static inline size_t rd_left(const struct rd *r)
{
	return r->len - r->off;
}

/* Hands out n bytes, or NULL when fewer are left. */
static inline const uint8_t *rd_take(struct rd *r, size_t n)
{
	const uint8_t *p;

	if (n > rd_left(r))
		return NULL;
	p = r->p + r->off;
	r->off += n;
	return p;
}

/* Output under construction; overflow is sticky. */
struct wr {
	uint8_t *p;
	size_t cap;
	size_t off;
	bool overflow;
};

/* Room for n more bytes at the end, or NULL (and the flag) when full. */
static inline uint8_t *wr_put(struct wr *w, size_t n)
{
	uint8_t *p;

	if (w->overflow || n > w->cap - w->off) {
		w->overflow = true;
		return NULL;
	}
	p = w->p + w->off;
	w->off += n;
	return p;
}

static inline void wr_u8(struct wr *w, uint8_t v)
{
	uint8_t *p = wr_put(w, 1);

	if (p)
		*p = v;
}

static inline void wr_be16(struct wr *w, uint16_t v)
{
	uint8_t *p = wr_put(w, 2);

	if (p)
		put_be16(p, v);
}

static inline void wr_be32(struct wr *w, uint32_t v)
{
	uint8_t *p = wr_put(w, 4);

	if (p)
		put_be32(p, v);
}

static inline void wr_bytes(struct wr *w, const void *src, size_t n)
{
	uint8_t *p = wr_put(w, n);

	if (p && n)
		memcpy(p, src, n);
}

static inline void wr_zero(struct wr *w, size_t n)
{
	uint8_t *p = wr_put(w, n);

	if (p && n)
		memset(p, 0, n);
}

/* Back-patch a 16-bit length once the bytes it counts are written. */
static inline void wr_patch_be16(struct wr *w, size_t at, size_t v)
{
	if (w->overflow)
		return;
	if (v > UINT16_MAX) {
		w->overflow = true;
		return;
	}
	put_be16(w->p + at, (uint16_t)v);
}

#endif /* ZS_BUF_H */
