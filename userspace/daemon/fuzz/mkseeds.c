// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writes a seed corpus for fuzz_msg: valid messages of each kind, built
 * with the codec itself, so the fuzzer starts past the header checks.
 */
#include <stdio.h>
#include <string.h>

#include "../tests/testutil.h"
#include "sk.h"

static int write_seed(const char *dir, const char *name, const uint8_t *p,
		      size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len) {
		perror(path);
		return 1;
	}
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[IKE_MSG_MAX];
	static struct ike_msg m;
	static const uint8_t km[36] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ike_sk_layout l;
	struct ike_aead a;
	size_t len = 0;
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	sample_sa_init(&m);
	err |= ike_msg_build(&m, NULL, buf, sizeof(buf), &len) ||
	       write_seed(argv[1], "sa_init", buf, len);
	sample_auth(&m);
	err |= ike_msg_build(&m, NULL, buf, sizeof(buf), &len) ||
	       write_seed(argv[1], "auth_clear", buf, len);
	/* sealed with the key fuzz_msg tries, so one seed opens */
	ike_aead_init(&a, IKEV2_ENCR_AES_GCM_16, 256, km, sizeof(km));
	err |= ike_msg_build(&m, &l, buf, sizeof(buf), &len) ||
	       ike_sk_seal(&a, buf, &l) ||
	       write_seed(argv[1], "auth_sk", buf, len);
	ike_aead_wipe(&a);
	memset(&m, 0, sizeof(m));
	m.hdr.exchange = IKEV2_EXCH_INFORMATIONAL;
	err |= ike_msg_build(&m, NULL, buf, sizeof(buf), &len) ||
	       write_seed(argv[1], "informational", buf, len);
	return err ? 1 : 0;
}
