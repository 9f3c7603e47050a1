// SPDX-License-Identifier: GPL-2.0-or-later
/* Word parsers shared by the sa and policy commands. */
#ifndef ZS_CLI_PARSE_H
#define ZS_CLI_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct word {
	const char *name;
	uint32_t value;
};

const char *arg_value(int argc, char **argv, int *i);
int parse_u64(const char *s, uint64_t max, uint64_t *out);
int parse_u32(const char *s, uint32_t *out);
int parse_key(const char *s, uint8_t *key, size_t max, size_t *len);
int parse_port_range(const char *s, uint32_t *min, uint32_t *max);
int parse_word(const char *s, const struct word *words, uint32_t *out);
int bad_value(const char *what, const char *word);
bool is_help(const char *s);

#endif /* ZS_CLI_PARSE_H */
