// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The zone firewall's words, shared by the command line (zone, rule) and
 * the rule set file (fw load): one parser, one printer, one model, so
 * that what `fw show` prints loads back unchanged.
 */
#ifndef ZS_CLI_FWPARSE_H
#define ZS_CLI_FWPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "libzonesec.h"

#define FW_ERR_MAX 200

/* A whole rule set, "self" first, with the file line of each object. */
struct fw_model {
	struct zs_zone *zones;
	size_t n_zones;
	struct zs_rule *rules;
	size_t n_rules;
	unsigned int line;		/* while loading: the current one */
	unsigned int *zone_lines;	/* per zone ("self": 0) */
	unsigned int (*policy_lines)[64];	/* per zone and policy */
	unsigned int *rule_lines;	/* per rule */
};

/* Each returns 0, or -1 with a one-line reason in err (FW_ERR_MAX). */
int fw_parse_zone(int argc, char **argv, struct zs_zone *z, char *err);
int fw_parse_policy(int argc, char **argv, char *from, char *to,
		    uint32_t *action, char *err);
int fw_parse_rule(int argc, char **argv, struct zs_rule *r, char *err);
int fw_parse_prefix(const char *word, struct zs_prefix *p, char *err);

/* The file format: returns 0, or -1 after printing FILE:LINE: reason. */
int fw_model_load_file(const char *path, struct fw_model *m);
/* The same a line at a time (zonesecd's [firewall]): a model that starts
 * with "self" (-1: out of memory), then each line with its number in the
 * file, for errors the kernel finds later: 0, or -1 with the reason in err
 * (FW_ERR_MAX). */
int fw_model_init(struct fw_model *m);
int fw_model_parse_line(struct fw_model *m, unsigned int lineno, char *line,
			char *err);
void fw_model_free(struct fw_model *m);
/* The file line of what a refused FW_LOAD pointed at; 0: unknown. */
unsigned int fw_model_line(const struct fw_model *m,
			   const struct zs_fw_culprit *c);

void fw_print_prefix(FILE *f, const struct zs_prefix *p);
void fw_print_zone(FILE *f, const struct zs_zone *z);
void fw_print_policies(FILE *f, const struct zs_zone *z);
void fw_print_rule(FILE *f, const struct zs_rule *r);
void fw_json_zone(struct zs_json *j, const struct zs_zone *z);
void fw_json_rule(struct zs_json *j, const struct zs_rule *r);
const char *fw_proto_name(uint32_t proto);

#endif /* ZS_CLI_FWPARSE_H */
