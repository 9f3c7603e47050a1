// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A small streaming JSON writer for every `-j` output.
 *
 * It writes compact JSON (one document per line) and keeps only the
 * comma state of each open container. Strings are escaped per RFC 8259;
 * valid UTF-8 passes through, and bytes that are not valid UTF-8 become
 * U+FFFD so that the output is always valid JSON whatever the kernel or a
 * user put into a name.
 */
#include <inttypes.h>
#include <stdio.h>

#include "libzonesec.h"

void zs_json_init(struct zs_json *j, FILE *f)
{
	*j = (struct zs_json){ .f = f };
}

/* A comma before every value but the first of a container. */
static void separate(struct zs_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->depth)
		return;
	if (j->need_comma[j->depth - 1])
		fputc(',', j->f);
	j->need_comma[j->depth - 1] = true;
}

static void open_container(struct zs_json *j, char c)
{
	if (j->depth == ZS_JSON_MAX_DEPTH) {
		j->failed = true;
		return;
	}
	separate(j);
	fputc(c, j->f);
	j->need_comma[j->depth++] = false;
}

static void close_container(struct zs_json *j, char c)
{
	if (!j->depth || j->after_key) {
		j->failed = true;
		return;
	}
	fputc(c, j->f);
	if (--j->depth == 0)
		fputc('\n', j->f);
}

void zs_json_object_begin(struct zs_json *j) { open_container(j, '{'); }
void zs_json_object_end(struct zs_json *j)   { close_container(j, '}'); }
void zs_json_array_begin(struct zs_json *j)  { open_container(j, '['); }
void zs_json_array_end(struct zs_json *j)    { close_container(j, ']'); }

/* Length of the valid UTF-8 sequence at p, 0 if it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		lo = p[0] == 0xe0 ? 0xa0 : lo;	/* overlong */
		hi = p[0] == 0xed ? 0x9f : hi;	/* surrogates */
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		lo = p[0] == 0xf0 ? 0x90 : lo;	/* overlong */
		hi = p[0] == 0xf4 ? 0x8f : hi;	/* above U+10FFFF */
	} else {
		return 0;
	}
	/* a NUL fails each test, so nothing past the string is read */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static void put_ascii(FILE *f, unsigned char c)
{
	switch (c) {
	case '"':  fputs("\\\"", f); break;
	case '\\': fputs("\\\\", f); break;
	case '\b': fputs("\\b", f); break;
	case '\f': fputs("\\f", f); break;
	case '\n': fputs("\\n", f); break;
	case '\r': fputs("\\r", f); break;
	case '\t': fputs("\\t", f); break;
	default:
		if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

static void put_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
		} else if (n == 1) {
			put_ascii(f, *p++);
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
	fputc('"', f);
}

void zs_json_key(struct zs_json *j, const char *key)
{
	if (j->after_key) {
		j->failed = true;
		return;
	}
	separate(j);
	put_string(j->f, key);
	fputc(':', j->f);
	j->after_key = true;
}

void zs_json_string(struct zs_json *j, const char *s)
{
	separate(j);
	put_string(j->f, s ? s : "");
}

void zs_json_u64(struct zs_json *j, uint64_t v)
{
	separate(j);
	fprintf(j->f, "%" PRIu64, v);
}

void zs_json_i64(struct zs_json *j, int64_t v)
{
	separate(j);
	fprintf(j->f, "%" PRId64, v);
}

void zs_json_bool(struct zs_json *j, bool v)
{
	separate(j);
	fputs(v ? "true" : "false", j->f);
}

void zs_json_null(struct zs_json *j)
{
	separate(j);
	fputs("null", j->f);
}

void zs_json_kv_string(struct zs_json *j, const char *key, const char *s)
{
	zs_json_key(j, key);
	zs_json_string(j, s);
}

void zs_json_kv_u64(struct zs_json *j, const char *key, uint64_t v)
{
	zs_json_key(j, key);
	zs_json_u64(j, v);
}

/* 0 if a complete document was written without a write error. */
int zs_json_end(struct zs_json *j)
{
	if (j->failed || j->depth || j->after_key || ferror(j->f))
		return -1;
	return 0;
}
