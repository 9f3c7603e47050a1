// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec sa: Security Associations, in the words of ip-xfrm(8).
 *
 *   zonesec sa add src A dst B proto esp|ah spi SPI [reqid N]
 *       [mode transport|tunnel] [inner-family inet|inet6]
 *       { aead NAME KEY ICV-BITS | enc NAME KEY auth-trunc NAME KEY BITS |
 *         auth-trunc NAME KEY BITS (ah) }
 *       [replay-window N] [flag esn] [limit WHAT N]...
 *   zonesec sa [show]
 *   zonesec sa get|del [src A] dst B proto esp|ah spi SPI
 *   zonesec sa flush
 *
 * Keys are read from the command line into one buffer that is wiped
 * after the request; no reply carries them back.
 */
#include <inttypes.h>
#include <string.h>

#include <linux/zonesec.h>

#include "cli.h"
#include "ipsec.h"
#include "parse.h"

static const struct word proto_words[] = {
	{ "esp", ZONESEC_PROTO_ESP }, { "ah", ZONESEC_PROTO_AH }, { NULL, 0 },
};

static const struct word mode_words[] = {
	{ "transport", ZONESEC_MODE_TRANSPORT },
	{ "tunnel", ZONESEC_MODE_TUNNEL }, { NULL, 0 },
};

static const struct word af_words[] = {
	{ "inet", ZONESEC_AF_IPV4 }, { "inet6", ZONESEC_AF_IPV6 }, { NULL, 0 },
};

static const struct word flag_words[] = {
	{ "esn", ZONESEC_SA_FLAG_ESN }, { NULL, 0 },
};

/* ip-xfrm's limit words, in enum zonesec_a_lifetime order. */
static const struct word limit_words[] = {
	{ "byte-soft", 0 }, { "byte-hard", 1 },
	{ "packet-soft", 2 }, { "packet-hard", 3 },
	{ "time-soft", 4 }, { "time-hard", 5 },
	{ "time-use-soft", 6 }, { "time-use-hard", 7 }, { NULL, 0 },
};

void sa_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] [-n NETNS] sa [show]\n"
		"       " PROG_NAME " sa add src ADDR dst ADDR proto esp|ah spi SPI [reqid N]\n"
		"               [mode transport|tunnel] [inner-family inet|inet6]\n"
		"               { aead NAME KEY ICV-BITS | enc NAME KEY auth-trunc NAME KEY BITS\n"
		"                 | auth-trunc NAME KEY BITS }\n"
		"               [replay-window N] [replay-seq N] [replay-oseq N]\n"
		"               [flag esn] [limit LIMIT N]...\n"
		"       " PROG_NAME " [-j] sa get [src ADDR] dst ADDR proto esp|ah spi SPI\n"
		"       " PROG_NAME " sa del [src ADDR] dst ADDR proto esp|ah spi SPI\n"
		"       " PROG_NAME " sa flush\n"
		"\n"
		"Security Associations, in the words of ip-xfrm(8). KEY is 0x and hex\n"
		"digits (for rfc4106 and rfc7539esp the 4-byte salt follows the key);\n"
		"\"\" for ecb(cipher_null), ESP without encryption. An hmac key is as\n"
		"long as its digest (32, 64 or 20 bytes for sha256, sha512, sha1).\n"
		"LIMIT is byte-soft, byte-hard, packet-soft, packet-hard, time-soft,\n"
		"time-hard, time-use-soft or time-use-hard. replay-oseq is the last\n"
		"sequence number sent, replay-seq the highest received (64-bit with\n"
		"flag esn). Keys are never shown.\n");
}

static int parse_alg(int argc, char **argv, int *i, struct zs_sa_alg *alg,
		     bool bits)
{
	const char *kw = argv[*i], *name, *key, *b = NULL;

	if (*i + 2 + bits >= argc) {
		cli_error("'%s' needs NAME KEY%s", kw, bits ? " BITS" : "");
		return EXIT_USAGE;
	}
	name = argv[++*i];
	key = argv[++*i];
	if (bits)
		b = argv[++*i];
	if (strlen(name) >= sizeof(alg->name))
		return bad_value("algorithm name", name);
	strcpy(alg->name, name);
	/* "" is the empty key of ecb(cipher_null), as ip-xfrm takes it */
	if (!*key)
		alg->keylen = 0;
	else if (parse_key(key, alg->key, sizeof(alg->key), &alg->keylen))
		return bad_value("key (0x and an even number of hex digits)",
				 key);
	if (b && parse_u32(b, &alg->bits))
		return bad_value("ICV length in bits", b);
	alg->set = true;
	return -1;
}

/* One keyword (and its values) of sa add/get/del; -1 to go on. */
static int parse_one(int argc, char **argv, int *i, struct zs_sa *sa)
{
	const char *kw = argv[*i], *v;
	uint32_t u, w;
	uint64_t n;

	if (!strcmp(kw, "aead"))
		return parse_alg(argc, argv, i, &sa->aead, true);
	if (!strcmp(kw, "enc"))
		return parse_alg(argc, argv, i, &sa->enc, false);
	if (!strcmp(kw, "auth-trunc"))
		return parse_alg(argc, argv, i, &sa->auth, true);
	if (!strcmp(kw, "limit")) {
		v = arg_value(argc, argv, i);
		if (!v)
			return EXIT_USAGE;
		if (parse_word(v, limit_words, &w))
			return bad_value("limit", v);
		v = arg_value(argc, argv, i);
		if (!v)
			return EXIT_USAGE;
		if (parse_u64(v, UINT64_MAX, &n))
			return bad_value("limit value", v);
		sa->life[w] = n;
		return -1;
	}
	v = arg_value(argc, argv, i);
	if (!v)
		return EXIT_USAGE;
	if (!strcmp(kw, "src") || !strcmp(kw, "dst")) {
		if (zs_addr_parse(v, kw[0] == 's' ? &sa->src : &sa->dst))
			return bad_value("address", v);
	} else if (!strcmp(kw, "proto")) {
		if (parse_word(v, proto_words, &sa->proto))
			return bad_value("proto (esp or ah)", v);
	} else if (!strcmp(kw, "spi")) {
		if (parse_u32(v, &sa->spi))
			return bad_value("spi", v);
	} else if (!strcmp(kw, "reqid")) {
		if (parse_u32(v, &sa->reqid))
			return bad_value("reqid", v);
	} else if (!strcmp(kw, "mode")) {
		if (parse_word(v, mode_words, &sa->mode))
			return bad_value("mode (transport or tunnel)", v);
	} else if (!strcmp(kw, "inner-family")) {
		if (parse_word(v, af_words, &sa->inner_af))
			return bad_value("family (inet or inet6)", v);
	} else if (!strcmp(kw, "replay-window")) {
		if (parse_u32(v, &sa->replay_window))
			return bad_value("replay window", v);
	} else if (!strcmp(kw, "replay-oseq") || !strcmp(kw, "replay-seq")) {
		if (parse_u64(v, UINT64_MAX, &n))
			return bad_value("sequence number", v);
		if (kw[7] == 'o')
			sa->seq_out = n;
		else
			sa->seq_in = n;
	} else if (!strcmp(kw, "flag")) {
		if (parse_word(v, flag_words, &u))
			return bad_value("flag", v);
		sa->flags |= u;
	} else {
		cli_error("sa: unknown word '%s'", kw);
		return EXIT_USAGE;
	}
	return -1;
}

static int parse_sa(int argc, char **argv, struct zs_sa *sa, bool add)
{
	int ret;

	memset(sa, 0, sizeof(*sa));
	for (int i = 1; i < argc; i++) {
		ret = parse_one(argc, argv, &i, sa);
		if (ret >= 0)
			return ret;
	}
	if (!sa->dst.af || !sa->proto || !sa->spi || (add && !sa->src.af)) {
		cli_error("sa %s: needs %sdst, proto and spi", argv[0],
			  add ? "src, " : "");
		return EXIT_USAGE;
	}
	return -1;
}

static void print_alg(const char *kw, const struct zs_sa_alg *alg)
{
	if (!alg->set)
		return;
	printf("\t%s %s", kw, alg->name);
	if (alg->bits)
		printf(" %" PRIu32, alg->bits);
	if (alg->driver[0])
		printf(" (%s)", alg->driver);
	printf("\n");
}

static void print_human(const struct zs_sa *sa)
{
	char s[64], d[64];

	printf("src %s dst %s\n", zs_addr_str(&sa->src, s, sizeof(s)),
	       zs_addr_str(&sa->dst, d, sizeof(d)));
	printf("\tproto %s spi 0x%08" PRIx32 " reqid %" PRIu32 " mode %s\n",
	       zs_proto_name(sa->proto), sa->spi, sa->reqid,
	       zs_mode_name(sa->mode));
	printf("\treplay-window %" PRIu32 " replay-seq 0x%" PRIx64
	       " replay-oseq 0x%" PRIx64 "%s%s\n", sa->replay_window,
	       sa->seq_in, sa->seq_out,
	       sa->flags & ZONESEC_SA_FLAG_ESN ? " flag esn" : "",
	       sa->inner_af && sa->inner_af != sa->dst.af ?
	       (sa->inner_af == ZONESEC_AF_IPV6 ? " inner-family inet6" :
						  " inner-family inet") : "");
	print_alg("aead", &sa->aead);
	print_alg("enc", &sa->enc);
	print_alg(sa->proto == ZONESEC_PROTO_AH || sa->enc.set ?
		  "auth-trunc" : "auth", &sa->auth);
	for (unsigned int i = 0; i < ZS_LIFE_NUM; i++)
		if (sa->life[i])
			printf("\tlimit %s %" PRIu64 "\n", zs_life_name(i),
			       sa->life[i]);
	if (!sa->has_stats)
		return;
	printf("\tstats:");
	for (unsigned int i = 0; i < ZS_SA_STATS_NUM; i++)
		printf(" %s %" PRIu64, zs_stat_name(i), sa->stats[i]);
	printf("\n");
}

static void json_alg(struct zs_json *j, const char *kw,
		     const struct zs_sa_alg *alg)
{
	if (!alg->set)
		return;
	zs_json_key(j, kw);
	zs_json_object_begin(j);
	zs_json_kv_string(j, "name", alg->name);
	if (alg->bits)
		zs_json_kv_u64(j, "bits", alg->bits);
	zs_json_kv_string(j, "driver", alg->driver);
	zs_json_object_end(j);
}

void sa_print_json(struct zs_json *j, const struct zs_sa *sa)
{
	char buf[64];

	zs_json_object_begin(j);
	zs_json_kv_string(j, "src", zs_addr_str(&sa->src, buf, sizeof(buf)));
	zs_json_kv_string(j, "dst", zs_addr_str(&sa->dst, buf, sizeof(buf)));
	zs_json_kv_string(j, "proto", zs_proto_name(sa->proto));
	zs_json_kv_u64(j, "spi", sa->spi);
	zs_json_kv_u64(j, "reqid", sa->reqid);
	zs_json_kv_string(j, "mode", zs_mode_name(sa->mode));
	zs_json_kv_string(j, "inner_family",
			  sa->inner_af == ZONESEC_AF_IPV6 ? "inet6" : "inet");
	zs_json_kv_u64(j, "replay_window", sa->replay_window);
	zs_json_kv_u64(j, "seq_in", sa->seq_in);
	zs_json_kv_u64(j, "seq_out", sa->seq_out);
	zs_json_key(j, "esn");
	zs_json_bool(j, sa->flags & ZONESEC_SA_FLAG_ESN);
	json_alg(j, "aead", &sa->aead);
	json_alg(j, "enc", &sa->enc);
	json_alg(j, "auth", &sa->auth);
	zs_json_key(j, "limits");
	zs_json_object_begin(j);
	for (unsigned int i = 0; i < ZS_LIFE_NUM; i++)
		if (sa->life[i])
			zs_json_kv_u64(j, zs_life_name(i), sa->life[i]);
	zs_json_object_end(j);
	zs_json_key(j, "stats");
	zs_json_object_begin(j);
	for (unsigned int i = 0; i < ZS_SA_STATS_NUM; i++)
		zs_json_kv_u64(j, zs_stat_name(i), sa->stats[i]);
	zs_json_object_end(j);
	zs_json_object_end(j);
}

static int show_cb(const struct zs_sa *sa, void *data)
{
	if (data)
		sa_print_json(data, sa);
	else
		print_human(sa);
	return 0;
}

static int dump_all(struct zs_sock *sock, void *json, struct zs_error *err)
{
	return zs_sa_dump(sock, show_cb, json, err);
}

static int sa_get(int argc, char **argv)
{
	struct zs_sa key, sa;
	struct zs_sock *sock;
	struct zs_error err;
	struct zs_json j;
	int ret;

	ret = parse_sa(argc, argv, &key, false);
	if (ret >= 0)
		return ret;
	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_sa_get(sock, &key, &sa, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	if (cli.json) {
		zs_json_init(&j, stdout);
		sa_print_json(&j, &sa);
		zs_json_end(&j);
	} else {
		print_human(&sa);
	}
	return cli_finish_output();
}

/* add and del: a request without a reply. */
static int sa_change(int argc, char **argv, bool add)
{
	struct zs_sock *sock;
	struct zs_error err;
	struct zs_sa sa;
	int ret;

	ret = parse_sa(argc, argv, &sa, add);
	if (ret >= 0) {
		zs_sa_wipe(&sa);
		return ret;
	}
	ret = cli_open(&sock);
	if (ret) {
		zs_sa_wipe(&sa);
		return ret;
	}
	ret = add ? zs_sa_new(sock, &sa, &err) : zs_sa_del(sock, &sa, &err);
	zs_sa_wipe(&sa);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

static int sa_flush(int argc, char **argv)
{
	struct zs_sock *sock;
	struct zs_error err;
	int ret;

	if (argc > 1) {
		cli_error("sa flush: unexpected argument '%s'", argv[1]);
		return EXIT_USAGE;
	}
	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_sa_flush(sock, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

int sa_main(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "show";

	if (is_help(sub)) {
		sa_help(stdout);
		return cli_finish_output();
	}
	if (argc > 1) {
		argc--;
		argv++;
	}
	if (!strcmp(sub, "show") || !strcmp(sub, "list"))
		return cli_show_dump("sa", argc, argv, dump_all);
	if (!strcmp(sub, "add"))
		return sa_change(argc, argv, true);
	if (!strcmp(sub, "del") || !strcmp(sub, "delete"))
		return sa_change(argc, argv, false);
	if (!strcmp(sub, "get"))
		return sa_get(argc, argv);
	if (!strcmp(sub, "flush"))
		return sa_flush(argc, argv);
	cli_error("sa: unknown subcommand '%s'", sub);
	sa_help(stderr);
	return EXIT_USAGE;
}
