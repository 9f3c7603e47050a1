// SPDX-License-Identifier: GPL-2.0-or-later
/* zonesec info: the module's version, ABI, namespace and algorithms. */
#include <inttypes.h>
#include <string.h>

#include <linux/zonesec.h>

#include "cli.h"

/* Known kinds first, in the order an ESP transform is described. */
static const uint32_t kind_order[] = {
	ZONESEC_ALG_KIND_AEAD,
	ZONESEC_ALG_KIND_CIPHER,
	ZONESEC_ALG_KIND_AUTH,
};

void info_help(FILE *f)
{
	fprintf(f,
		"Usage: " PROG_NAME " [-j] [-n NETNS] info\n"
		"\n"
		"Show the zonesec module's version, its netlink ABI version, the\n"
		"cookie of the network namespace that answered, and the algorithms\n"
		"the kernel crypto API provides, grouped by kind, with the driver\n"
		"chosen for each. With -j, print one JSON object.\n");
}

static bool kind_known(uint32_t kind)
{
	return strcmp(zs_alg_kind_name(kind), "unknown") != 0;
}

/* Algorithms of one kind; kind 0 stands for all kinds we do not know. */
static bool alg_in_group(const struct zs_alg *alg, uint32_t kind)
{
	return kind ? alg->kind == kind : !kind_known(alg->kind);
}

static void print_group(const struct zs_info *info, uint32_t kind,
			int width)
{
	bool header = false;

	for (size_t i = 0; i < info->n_algs; i++) {
		const struct zs_alg *alg = &info->algs[i];

		if (!alg_in_group(alg, kind))
			continue;
		if (!header)
			printf("%s algorithms:\n",
			       kind ? zs_alg_kind_name(kind) : "other");
		header = true;
		printf("  %-*s", width, alg->name);
		if (!kind)
			printf("  kind %" PRIu32, alg->kind);
		if (alg->driver[0])
			printf("  driver %s", alg->driver);
		printf("\n");
	}
}

static void print_human(const struct zs_info *info)
{
	int width = 0;

	printf("module version: %s\n", info->module_version);
	printf("ABI version:    %" PRIu32 "\n", info->abi_version);
	printf("netns cookie:   %" PRIu64 "\n", info->netns_cookie);
	if (!info->n_algs) {
		printf("algorithms:     none\n");
		return;
	}
	for (size_t i = 0; i < info->n_algs; i++) {
		int len = (int)strlen(info->algs[i].name);

		width = len > width ? len : width;
	}
	for (size_t k = 0; k < sizeof(kind_order) / sizeof(kind_order[0]); k++)
		print_group(info, kind_order[k], width);
	print_group(info, 0, width);
}

static void print_json(const struct zs_info *info)
{
	struct zs_json j;

	zs_json_init(&j, stdout);
	zs_json_object_begin(&j);
	zs_json_kv_string(&j, "module_version", info->module_version);
	zs_json_kv_u64(&j, "abi_version", info->abi_version);
	zs_json_kv_u64(&j, "netns_cookie", info->netns_cookie);
	zs_json_key(&j, "algorithms");
	zs_json_array_begin(&j);
	for (size_t i = 0; i < info->n_algs; i++) {
		zs_json_object_begin(&j);
		zs_json_kv_string(&j, "name", info->algs[i].name);
		zs_json_kv_string(&j, "kind",
				  zs_alg_kind_name(info->algs[i].kind));
		zs_json_kv_string(&j, "driver", info->algs[i].driver);
		zs_json_object_end(&j);
	}
	zs_json_array_end(&j);
	zs_json_object_end(&j);
}

int info_main(int argc, char **argv)
{
	struct zs_sock *sock;
	struct zs_info info;
	struct zs_error err;
	int ret;

	ret = cli_check_no_args(argc, argv, info_help);
	if (ret >= 0)
		return ret;
	ret = cli_open(&sock);
	if (ret)
		return ret;
	ret = zs_info_get(sock, &info, &err);
	zs_sock_close(sock);
	if (ret) {
		cli_lib_error(&err);
		return EXIT_ERROR;
	}
	/* show what we can: most of it is still right, the user decides */
	if (info.abi_version != ZONESEC_FAMILY_VERSION)
		cli_warn("the module speaks netlink ABI version %" PRIu32
			 " but this zonesec was built for version %d; some output may be wrong",
			 info.abi_version, ZONESEC_FAMILY_VERSION);
	if (cli.json)
		print_json(&info);
	else
		print_human(&info);
	zs_info_free(&info);
	return cli_finish_output();
}
