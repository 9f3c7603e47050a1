#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs each unit test binary, shows its KTAP output, and sums the
# harness's "# Totals:" lines into the project's last line:
#   N passed, N failed[, N skipped]
pass=0 fail=0 skip=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	totals=$(printf '%s\n' "$out" | grep '^# Totals:' | tail -n 1)
	if [ -z "$totals" ]; then
		echo "# $t: no Totals line (exit $rc)"
		fail=$((fail + 1))
		continue
	fi
	p=$(echo "$totals" | sed -n 's/.*Totals: pass:\([0-9]*\).*/\1/p')
	f=$(echo "$totals" | sed -n 's/.* fail:\([0-9]*\).*/\1/p')
	s=$(echo "$totals" | sed -n 's/.*skip:\([0-9]*\).*/\1/p')
	e=$(echo "$totals" | sed -n 's/.*error:\([0-9]*\).*/\1/p')
	pass=$((pass + p)) fail=$((fail + f + e)) skip=$((skip + s))
	# a crash after the Totals line still counts
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && [ "$e" -eq 0 ] && fail=$((fail + 1))
done
echo "# Totals: pass:$pass fail:$fail skip:$skip (all daemon unit tests)"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
