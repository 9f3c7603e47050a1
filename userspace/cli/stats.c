// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zonesec stats: the namespace's counters, then each SA's drops, by
 * reason. Two requests (STATS_GET, then the SA dump), so the SA lines may
 * be a little newer than the namespace's sums.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/zonesec.h>

#include "cli.h"
#include "ipsec.h"

void stats_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] [-n NETNS] stats\n"
		"\n"
		"Show the namespace's IPsec counters: packets and bytes protected and\n"
		"verified, summed over its SAs, and every drop by reason (those of the\n"
		"SAs, and those no SA is to blame for: no SA for an SPI, clear text a\n"
		"protect policy covers, no SA for an out policy, discard policies).\n"
		"Then each SA's drops by reason. With -j, print one JSON object.\n");
}

static void print_counters(const uint64_t *v, unsigned int from,
			   unsigned int to)
{
	for (unsigned int i = from; i < to; i++)
		printf(" %s %" PRIu64, zs_stat_name(i), v[i]);
	printf("\n");
}

static int sa_human(const struct zs_sa *sa, void *data)
{
	char s[64], d[64];

	(void)data;
	printf("sa %s spi 0x%08" PRIx32 " src %s dst %s\n",
	       zs_proto_name(sa->proto), sa->spi,
	       zs_addr_str(&sa->src, s, sizeof(s)),
	       zs_addr_str(&sa->dst, d, sizeof(d)));
	printf("\tdrops:");
	print_counters(sa->stats, ZS_STATS_FIRST_DROP, ZS_SA_STATS_NUM);
	return 0;
}

static void json_counters(struct zs_json *j, const uint64_t *v,
			  unsigned int from, unsigned int to)
{
	zs_json_object_begin(j);
	for (unsigned int i = from; i < to; i++)
		zs_json_kv_u64(j, zs_stat_name(i), v[i]);
	zs_json_object_end(j);
}

static int sa_json(const struct zs_sa *sa, void *data)
{
	struct zs_json *j = data;
	char buf[64];

	zs_json_object_begin(j);
	zs_json_kv_string(j, "proto", zs_proto_name(sa->proto));
	zs_json_kv_u64(j, "spi", sa->spi);
	zs_json_kv_string(j, "src", zs_addr_str(&sa->src, buf, sizeof(buf)));
	zs_json_kv_string(j, "dst", zs_addr_str(&sa->dst, buf, sizeof(buf)));
	zs_json_key(j, "drops");
	json_counters(j, sa->stats, ZS_STATS_FIRST_DROP, ZS_SA_STATS_NUM);
	zs_json_object_end(j);
	return 0;
}

int stats_main(int argc, char **argv)
{
	uint64_t v[ZS_STATS_NUM];
	struct zs_sock *sock;
	struct zs_error err;
	struct zs_json j;
	int ret;

	ret = cli_check_no_args(argc, argv, stats_help);
	if (ret >= 0)
		return ret;
	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_stats_get(sock, v, &err);
	if (ret)
		goto err;
	if (cli.json) {
		zs_json_init(&j, stdout);
		zs_json_object_begin(&j);
		zs_json_key(&j, "counters");
		json_counters(&j, v, 0, ZS_STATS_FIRST_DROP);
		zs_json_key(&j, "drops");
		json_counters(&j, v, ZS_STATS_FIRST_DROP, ZS_STATS_NUM);
		zs_json_key(&j, "sa");
		zs_json_array_begin(&j);
		ret = zs_sa_dump(sock, sa_json, &j, &err);
		zs_json_array_end(&j);
		zs_json_object_end(&j);
		zs_json_end(&j);
	} else {
		printf("namespace:");
		print_counters(v, 0, ZS_STATS_FIRST_DROP);
		printf("\tdrops:");
		print_counters(v, ZS_STATS_FIRST_DROP, ZS_STATS_NUM);
		ret = zs_sa_dump(sock, sa_human, NULL, &err);
	}
	if (ret)
		goto err;
	zs_sock_close(sock);
	return cli_finish_output();

err:
	zs_sock_close(sock);
	cli_lib_error(&err);
	return EXIT_ERROR;
}
