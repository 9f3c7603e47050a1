#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make check` runs: host unit tests first, then, for each kernel
# named on the command line ("6.1", "6.12" or a full release), the module
# built against it with W=1 and the selftests in a QEMU guest booting it.
#
# Every stage prints kselftest output; this script adds up its counts and
# ends with the line
#	N passed, N failed[, N skipped]
# exiting non-zero when anything failed.

set -uo pipefail

TOP_DIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$TOP_DIR/build
cd "$TOP_DIR" || exit 1

passed=0 failed=0 skipped=0

# count LOG: add the kselftest totals LOG holds.  A stage that prints a
# summary line ("N passed, N failed[, N skipped]", with an optional
# "# word:" before it, as run-tests.sh and userspace's check do) is
# counted by it; otherwise by the harness's "# Totals: pass:N fail:N ..."
# lines, indented or not.
count()
{
	local p f s
	read -r p f s < <(awk '
		/^[[:space:]]*# Totals: / {
			for (i = 1; i <= NF; i++)
				if (split($i, kv, ":") == 2 && kv[2] ~ /^[0-9]+$/) n[kv[1]] += kv[2]
		}
		/^(# [a-z-]+: )?[0-9]+ passed, [0-9]+ failed/ {
			sub(/^# [a-z-]+: /, "")
			sp = $1; sf = $3; ss = (NF >= 5) ? $5 : 0; summary = 1
		}
		END {
			if (summary) print sp, sf, ss
			else print n["pass"] + 0, n["fail"] + n["error"], n["skip"] + 0
		}' "$1")
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	counted=$((p + f + s))
}

# stage NAME CMD...: run CMD, stream and keep its output, count its tests.
# A stage that fails without reporting any failed test counts as one.
stage()
{
	local name=$1 log rc=0 before=$failed
	shift
	log=$BUILD/check-$name.log
	echo "=== $name: $*"
	"$@" 2>&1 | tee "$log" || rc=$?
	count "$log"
	if [ "$rc" -ne 0 ] && [ "$failed" -eq "$before" ]; then
		echo "not ok $name exited $rc"
		failed=$((failed + 1))
	elif [ "$counted" -eq 0 ]; then
		echo "not ok $name ran no test"
		failed=$((failed + 1))
	fi
	return "$rc"
}

# One test: a build without a single warning.
build_kmod()
{
	local kver=$1 log
	log=$BUILD/kmod-$kver.log
	make -s -C kmod KVER="$kver" clean >/dev/null
	if make -C kmod KVER="$kver" W=1 ZONESEC_VERSION="${ZONESEC_VERSION:-0.1.0}" >"$log" 2>&1 &&
	   ! grep -E 'warning:|error:' "$log"; then
		mkdir -p "$BUILD/kmod/$kver"
		cp kmod/zonesec.ko "$BUILD/kmod/$kver/"
		echo "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0"
		echo "ok 1 kmod builds with W=1 and no warning for $kver"
	else
		cat "$log"
		echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
		echo "not ok 1 kmod builds with W=1 and no warning for $kver"
		return 1
	fi
}

# "6.1" -> "6.1.0-56-amd64": the newest installed release with headers.
full_kver()
{
	local v
	for v in /lib/modules/"$1"/build /lib/modules/"$1".*/build; do
		[ -d "$v" ] && basename "$(dirname "$v")"
	done | sort -V | tail -n 1
}

mkdir -p "$BUILD"
make -s userspace || { echo "0 passed, 1 failed"; exit 1; }
make -s -C selftests KSFT_DIR="$BUILD/kselftest" || { echo "0 passed, 1 failed"; exit 1; }

stage host-unit make -s -C userspace check
stage ike-unit make -s -C userspace/daemon check
stage spec-check selftests/host/spec-check.py

# The module for each kernel first, then the guests, one per kernel, run
# side by side: most of a guest's time is waiting (timeouts that prove a
# drop, daemons starting, transfers paced by the clock), so two guests on
# two cores finish well before two in a row would.  Each guest's output
# goes to its log and is printed, and counted, in order once all are done.
# ZONESEC_CHECK_SERIAL=1 runs them one after the other, streamed.
guests=()
for k in "${@:-6.1}"; do
	kver=$(full_kver "$k")
	if [ -z "$kver" ]; then
		echo "not ok no kernel headers for \"$k\" (make deps installs 6.1 and 6.12)"
		failed=$((failed + 1))
		continue
	fi
	stage "kmod-$kver" build_kmod "$kver" && guests+=("$kver")
done

# guest KVER: the selftests in a guest booting KVER.  The limit is for the
# whole list of tests (each has its own, in run-tests.sh).
guest()
{
	selftests/vm/run.sh --kernel "$1" --timeout 4800 \
		--module "$BUILD/kmod/$1/zonesec.ko" -- selftests/vm/run-tests.sh
}

# replay KVER: a finished guest's output and exit status.
replay()
{
	cat "$BUILD/guest-$1.out"
	return "$(cat "$BUILD/guest-$1.rc")"
}

if [ "${ZONESEC_CHECK_SERIAL:-0}" = 1 ] || [ "${#guests[@]}" -le 1 ]; then
	for kver in "${guests[@]}"; do
		stage "guest-$kver" guest "$kver"
	done
else
	pids=()
	for kver in "${guests[@]}"; do
		echo "=== guest-$kver: started, output in $BUILD/guest-$kver.out"
		guest "$kver" >"$BUILD/guest-$kver.out" 2>&1 &
		pids+=($!)
	done
	for i in "${!guests[@]}"; do
		rc=0
		wait "${pids[$i]}" || rc=$?
		echo "$rc" >"$BUILD/guest-${guests[$i]}.rc"
	done
	for kver in "${guests[@]}"; do
		stage "guest-$kver" replay "$kver"
	done
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
