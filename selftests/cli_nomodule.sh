#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The CLI without the module: one line that says so and a non-zero exit;
# an unknown command: usage and exit 2.  Nothing here loads zonesec.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_root
if [ -d /sys/module/zonesec ]; then
	die "zonesec is loaded before the test; a test leaked it"
fi

# expect_exit WANT DESCRIPTION CMD...: run CMD, keep its stderr in $err.
expect_exit()
{
	local want=$1 what=$2 rc=0
	shift 2
	echo "# $*"
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	if [ "$rc" -ne "$want" ]; then
		log_fail "$what: exit $rc, want $want (stderr: $err)"
		return 1
	fi
	log_pass "$what: exit $rc"
}

expect_exit 1 "info without the module" "$ZONESEC" info &&
	check_match "one line saying the module is not loaded" \
		"$(printf '%s\n' "$err" | wc -l)" '^1$' &&
	check_match "the line names the module" "$err" 'not loaded'

expect_exit 1 "info -j without the module" "$ZONESEC" -j info

setup_ns NS_SOLO
expect_exit 1 "info in a namespace without the module" \
	ip netns exec "$NS_SOLO" "$ZONESEC" info
expect_exit 1 "-n NETNS without the module" "$ZONESEC" -n "$NS_SOLO" info

expect_exit 2 "unknown command" "$ZONESEC" frobnicate &&
	check_match "usage printed" "$err" '[Uu]sage'

expect_exit 2 "unknown option" "$ZONESEC" --frobnicate
expect_exit 2 "-n without a namespace" "$ZONESEC" -n
expect_exit 0 "--help" "$ZONESEC" --help

