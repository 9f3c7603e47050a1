// SPDX-License-Identifier: GPL-2.0-or-later
/* The JSON writer: escaping, UTF-8, structure, misuse. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kselftest_harness.h"
#include "libzonesec.h"

FIXTURE(json) {
	char *buf;
	size_t len;
	FILE *f;
	struct zs_json j;
};

FIXTURE_SETUP(json)
{
	self->buf = NULL;
	self->f = open_memstream(&self->buf, &self->len);
	ASSERT_NE(NULL, self->f);
	zs_json_init(&self->j, self->f);
}

FIXTURE_TEARDOWN(json)
{
	fclose(self->f);
	free(self->buf);
}

/* What has been written so far. */
static const char *output(FIXTURE_DATA(json) *self)
{
	fflush(self->f);
	return self->buf;
}

TEST_F(json, quote_and_backslash)
{
	zs_json_string(&self->j, "a\"b\\c");
	EXPECT_STREQ("\"a\\\"b\\\\c\"", output(self));
}

TEST_F(json, control_characters)
{
	zs_json_string(&self->j, "\n\t\r\b\f\x01\x1f\x7f.");
	EXPECT_STREQ("\"\\n\\t\\r\\b\\f\\u0001\\u001f\x7f.\"",
		     output(self));
}

TEST_F(json, utf8_passes_through)
{
	const char *s = "z\xc3\xbcrich \xe2\x80\x93 \xe6\x9d\xb1\xe4\xba\xac "
			"\xf0\x9f\x94\x90";
	char want[64];

	snprintf(want, sizeof(want), "\"%s\"", s);
	zs_json_string(&self->j, s);
	EXPECT_STREQ(want, output(self));
}

TEST_F(json, invalid_utf8_becomes_replacement)
{
	/* stray continuation, overlong '/', surrogate, cut-off sequence */
	zs_json_string(&self->j, "\x80|\xc0\xaf|\xed\xa0\x80|\xff|\xe2\x82");
	EXPECT_STREQ("\"\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|\\ufffd|"
		     "\\ufffd\\ufffd\"", output(self));
}

TEST_F(json, keys_are_escaped_too)
{
	zs_json_object_begin(&self->j);
	zs_json_kv_u64(&self->j, "a\"\n", 1);
	zs_json_object_end(&self->j);
	EXPECT_STREQ("{\"a\\\"\\n\":1}\n", output(self));
}

TEST_F(json, document)
{
	zs_json_object_begin(&self->j);
	zs_json_kv_string(&self->j, "module_version", "0.1.0");
	zs_json_kv_u64(&self->j, "max", UINT64_MAX);
	zs_json_key(&self->j, "min");
	zs_json_i64(&self->j, INT64_MIN);
	zs_json_key(&self->j, "list");
	zs_json_array_begin(&self->j);
	zs_json_bool(&self->j, true);
	zs_json_null(&self->j);
	zs_json_object_begin(&self->j);
	zs_json_object_end(&self->j);
	zs_json_array_begin(&self->j);
	zs_json_array_end(&self->j);
	zs_json_array_end(&self->j);
	zs_json_object_end(&self->j);
	EXPECT_EQ(0, zs_json_end(&self->j));
	EXPECT_STREQ("{\"module_version\":\"0.1.0\","
		     "\"max\":18446744073709551615,"
		     "\"min\":-9223372036854775808,"
		     "\"list\":[true,null,{},[]]}\n", output(self));
}

TEST_F(json, unclosed_document_fails)
{
	zs_json_object_begin(&self->j);
	EXPECT_EQ(-1, zs_json_end(&self->j));
}

TEST_F(json, key_without_value_fails)
{
	zs_json_object_begin(&self->j);
	zs_json_key(&self->j, "k");
	zs_json_object_end(&self->j);
	EXPECT_EQ(-1, zs_json_end(&self->j));
}

TEST_F(json, close_without_open_fails)
{
	zs_json_array_end(&self->j);
	EXPECT_EQ(-1, zs_json_end(&self->j));
	output(self);
	EXPECT_EQ(0, self->len);
}

TEST_F(json, too_deep_fails)
{
	for (int i = 0; i <= ZS_JSON_MAX_DEPTH; i++)
		zs_json_array_begin(&self->j);
	EXPECT_EQ(-1, zs_json_end(&self->j));
}

TEST_HARNESS_MAIN
