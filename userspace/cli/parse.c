// SPDX-License-Identifier: GPL-2.0-or-later
/* Words of the sa and policy commands: numbers, keys, addresses. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parse.h"

/* The value after keyword argv[*i]; NULL (and a message) at the end. */
const char *arg_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		cli_error("'%s' needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;

	if (parse_u64(s, UINT32_MAX, &v))
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "0x" and an even number of hex digits, as ip-xfrm takes keys. */
int parse_key(const char *s, uint8_t *key, size_t max, size_t *len)
{
	size_t n;

	if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2))
		return -EINVAL;
	s += 2;
	n = strlen(s);
	if (!n || n % 2 || n / 2 > max)
		return -EINVAL;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		key[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

/* "N" or "N-M", both within 0..65535. */
int parse_port_range(const char *s, uint32_t *min, uint32_t *max)
{
	char buf[32], *dash;
	uint64_t a, b;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (parse_u64(buf, 65535, &a))
		return -EINVAL;
	b = a;
	if (dash && parse_u64(dash + 1, 65535, &b))
		return -EINVAL;
	*min = (uint32_t)a;
	*max = (uint32_t)b;
	return 0;
}

int parse_word(const char *s, const struct word *words, uint32_t *out)
{
	for (; words->name; words++) {
		if (!strcmp(s, words->name)) {
			*out = words->value;
			return 0;
		}
	}
	return -EINVAL;
}

/* "is not a ..." for a word that does not parse: the offending word quoted. */
int bad_value(const char *what, const char *word)
{
	cli_error("invalid %s '%s'", what, word);
	return EXIT_USAGE;
}

bool is_help(const char *s)
{
	return !strcmp(s, "-h") || !strcmp(s, "--help") || !strcmp(s, "help");
}
