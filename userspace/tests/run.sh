#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run kselftest-harness test programs as one KTAP document: each program's
# TAP output nested as a subtest, then a totals line that `make check`
# relies on: "N passed, N failed, N skipped". Exits 1 if anything failed.
#
#   ZONESEC_BIN=/path/to/zonesec tests/run.sh build-san/tests/*_test

set -u

pass=0 fail=0 skip=0 n=0
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT

# sanitizer findings must fail the run, not scroll by
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

echo "KTAP version 1"
echo "1..$#"
for t in "$@"; do
	n=$((n + 1))
	name=$(basename "$t")
	"$t" >"$tmp" 2>&1
	rc=$?
	sed 's/^/    /' "$tmp"
	# "# Totals: pass:P fail:F xfail:X xpass:Y skip:S error:E"
	totals=$(sed -n 's/^# Totals: //p' "$tmp")
	p=$(echo "$totals" | sed -n 's/^pass:\([0-9]*\).*/\1/p')
	f=$(echo "$totals" | sed -n 's/.* fail:\([0-9]*\).*/\1/p')
	s=$(echo "$totals" | sed -n 's/.*skip:\([0-9]*\).*/\1/p')
	e=$(echo "$totals" | sed -n 's/.*error:\([0-9]*\).*/\1/p')
	if [ -z "$totals" ]; then
		# crashed before its totals: count the program as one failure
		p=0 f=1 s=0 e=0
	fi
	pass=$((pass + p)) fail=$((fail + f + e)) skip=$((skip + s))
	if [ "$rc" -eq 0 ] && [ -n "$totals" ]; then
		echo "ok $n $name"
	else
		[ "$f" -eq 0 ] && [ "$e" -eq 0 ] && fail=$((fail + 1))
		echo "not ok $n $name # exit status $rc"
	fi
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
