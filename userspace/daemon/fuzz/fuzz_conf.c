// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the zonesec.conf loader: any text either loads
 * or is refused with a "name:line: " message, never both, never a crash.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[ZS_CONF_ERR_MAX] = "";
	struct zs_conf *c = NULL;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (zs_conf_load_string("fuzz.conf", text, &c, err, sizeof(err)) == 0) {
		if (!c || err[0])
			abort();
		zs_conf_free(c);
	} else if (c || strncmp(err, "fuzz.conf:", 10)) {
		abort();
	}
	free(text);
	return 0;
}
