// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec fw: the whole zone and rule set. load replaces it in one
 * kernel transaction; show prints it in the file format load reads;
 * check only parses a file; flush empties the set; stats shows counters.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fwparse.h"

void fw_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] [-n NETNS] fw [show]\n"
		"       " PROG_NAME " fw load FILE|-\n"
		"       " PROG_NAME " fw check FILE|-\n"
		"       " PROG_NAME " fw flush\n"
		"       " PROG_NAME " [-j] fw stats\n"
		"\n"
		"The zone firewall as a whole. FILE holds 'zone add', 'zone policy'\n"
		"and 'rule add' lines with the command line's words ('#' comments);\n"
		"'fw show' prints the current set that way, and it loads back\n"
		"unchanged. load replaces every zone and rule in one step: traffic\n"
		"sees the old set or the new one, never a mix. A file with an error\n"
		"is refused whole with FILE:LINE and the reason; nothing changes.\n"
		"check parses a file without touching the kernel.\n");
}

static int fw_fetch(struct fw_model *m, struct zs_fw_state *st)
{
	struct zs_sock *sock;
	struct zs_error err;
	int ret;

	memset(m, 0, sizeof(*m));
	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_zone_list(sock, &m->zones, &m->n_zones, &err);
	if (!ret)
		ret = zs_rule_list(sock, &m->rules, &m->n_rules, &err);
	if (!ret && st)
		ret = zs_fw_get(sock, st, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		fw_model_free(m);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

static void print_state_json(struct zs_json *j, const struct zs_fw_state *st)
{
	zs_json_object_begin(j);
	zs_json_kv_u64(j, "generation", st->generation);
	zs_json_kv_u64(j, "zones", st->zones);
	zs_json_kv_u64(j, "rules", st->rules);
	zs_json_kv_u64(j, "invalid", st->invalid);
	zs_json_kv_u64(j, "policy_accept", st->policy_accept);
	zs_json_kv_u64(j, "policy_drop", st->policy_drop);
	zs_json_object_end(j);
}

static int fw_show(void)
{
	struct zs_fw_state st;
	struct fw_model m;
	struct zs_json j;
	int ret;

	ret = fw_fetch(&m, cli.json ? &st : NULL);
	if (ret)
		return ret;
	if (cli.json) {
		zs_json_init(&j, stdout);
		zs_json_object_begin(&j);
		zs_json_key(&j, "zones");
		zs_json_array_begin(&j);
		for (size_t i = 0; i < m.n_zones; i++)
			fw_json_zone(&j, &m.zones[i]);
		zs_json_array_end(&j);
		zs_json_key(&j, "rules");
		zs_json_array_begin(&j);
		for (size_t i = 0; i < m.n_rules; i++)
			fw_json_rule(&j, &m.rules[i]);
		zs_json_array_end(&j);
		zs_json_key(&j, "state");
		print_state_json(&j, &st);
		zs_json_object_end(&j);
	} else {
		printf("# zonesec firewall\n");
		for (size_t i = 0; i < m.n_zones; i++)
			if (!m.zones[i].builtin)
				fw_print_zone(stdout, &m.zones[i]);
		for (size_t i = 0; i < m.n_zones; i++)
			fw_print_policies(stdout, &m.zones[i]);
		for (size_t i = 0; i < m.n_rules; i++) {
			printf("rule add ");
			fw_print_rule(stdout, &m.rules[i]);
			printf("\n");
		}
	}
	fw_model_free(&m);
	return cli_finish_output();
}

static int fw_stats(void)
{
	struct zs_fw_state st;
	struct zs_sock *sock;
	struct zs_error err;
	struct zs_json j;
	int ret;

	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_fw_get(sock, &st, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	if (cli.json) {
		zs_json_init(&j, stdout);
		print_state_json(&j, &st);
	} else {
		printf("generation:    %" PRIu64 "\n", st.generation);
		printf("zones:         %" PRIu32 "\n", st.zones);
		printf("rules:         %" PRIu32 "\n", st.rules);
		printf("invalid:       %" PRIu64 "\n", st.invalid);
		printf("policy accept: %" PRIu64 "\n", st.policy_accept);
		printf("policy drop:   %" PRIu64 "\n", st.policy_drop);
	}
	return cli_finish_output();
}

static int fw_load(const char *path, bool check_only)
{
	struct zs_fw_culprit culprit;
	struct zs_sock *sock;
	struct zs_error err;
	struct fw_model m;
	unsigned int line;
	int ret;

	if (fw_model_load_file(path, &m))
		return EXIT_ERROR;
	if (check_only) {
		fw_model_free(&m);
		return EXIT_OK;
	}
	ret = cli_open(&sock);
	if (!ret) {
		ret = zs_fw_load_at(sock, m.zones, m.n_zones, m.rules,
				    m.n_rules, &culprit, &err);
		zs_sock_close(sock);
		if (ret) {
			/* the kernel's reason, at the line it points to */
			line = fw_model_line(&m, &culprit);
			if (line)
				fprintf(stderr, "%s:%u: ", path, line);
			else
				fprintf(stderr, "%s: ", path);
			cli_lib_error(&err);
			ret = EXIT_ERROR;
		}
	}
	fw_model_free(&m);
	return ret;
}

static int fw_flush(void)
{
	struct zs_sock *sock;
	struct zs_error err;
	struct zs_zone self = { .name = "self", .builtin = true };
	int ret;

	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_fw_load(sock, &self, 0, NULL, 0, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int fw_main(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "show";

	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") ||
	    !strcmp(sub, "help")) {
		fw_help(stdout);
		return cli_finish_output();
	}
	if (!strcmp(sub, "load") || !strcmp(sub, "check")) {
		if (argc != 3) {
			cli_error("fw %s: needs one FILE (or -)", sub);
			return EXIT_USAGE;
		}
		return fw_load(argv[2], sub[0] == 'c');
	}
	if (argc > 2) {
		cli_error("fw %s: unexpected argument '%s'", sub, argv[2]);
		return EXIT_USAGE;
	}
	if (!strcmp(sub, "show"))
		return fw_show();
	if (!strcmp(sub, "flush"))
		return fw_flush();
	if (!strcmp(sub, "stats"))
		return fw_stats();
	cli_error("fw: unknown subcommand '%s'", sub);
	fw_help(stderr);
	return EXIT_USAGE;
}

/* The rule set file: every line through fw_model_parse_line(). */
int fw_model_load_file(const char *path, struct fw_model *m)
{
	char err[FW_ERR_MAX];
	char *line = NULL;
	size_t cap = 0;
	unsigned int n = 0;
	FILE *f;
	int ret = 0;

	if (fw_model_init(m)) {
		cli_error("out of memory");
		return -1;
	}

	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		cli_error("cannot open '%s': %s", path, strerror(errno));
		fw_model_free(m);
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		if (fw_model_parse_line(m, ++n, line, err)) {
			fprintf(stderr, "%s:%u: %s\n", path, n, err);
			ret = -1;
			break;
		}
	}
	if (!ret && ferror(f)) {
		cli_error("cannot read '%s'", path);
		ret = -1;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	if (ret)
		fw_model_free(m);
	return ret;
}
