#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run zonesec selftests inside the test guest:
#
#   selftests/vm/run.sh [--kernel K] [--module KO] -- selftests/vm/run-tests.sh [TEST...]
#
# TESTs are paths relative to selftests/ as listed in selftests/TESTS (one
# per line, '#' starts a comment); without arguments every listed test
# runs.  Each runs from its own directory, with a timeout
# ($ZONESEC_TEST_TIMEOUT seconds, default 600).  Exit codes follow
# kselftest: 0 pass, 4 skip, anything else fail.  After every test the
# kernel log since the previous one is scanned; a WARNING, BUG, Oops,
# refcount, leak, KASAN/UBSAN report or call trace fails the test, as does
# leaving zonesec loaded, a network namespace or a process behind (they
# are removed so that the next test starts clean).
#
# Output format (KTAP), the part a host-side parser relies on:
#
#   TAP version 13
#   1..N
#   # <test output, every line prefixed with "# ">
#   ok 1 vm/smoke.sh
#   not ok 2 foo/bar.sh # exit=1
#   ok 3 foo/baz.sh # SKIP <reason: the test's last "SKIP: " line>
#   # zonesec: P passed, F failed, S skipped
#
# The summary matches ^# zonesec: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$
# in run.sh's output and log (run.sh strips the console's \r), e.g.
#   sed -n 's/^# zonesec: //p' build/vm/<kernel>/logs/latest.log
# Exit status: 0 when F is 0, else 1.  If the line is missing, the run did
# not finish (timeout, panic): count that as a failure.

set -uo pipefail

SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly SELFTESTS_DIR
readonly TEST_TIMEOUT=${ZONESEC_TEST_TIMEOUT:-600}
readonly KSFT_SKIP=4
# Kernel log lines that fail a test.  Case matters: "WARNING" is the
# kernel's, a lowercase "warning" from a driver is not a splat.
readonly KLOG_BAD='WARNING|BUG[: ]|Oops|refcount_t|leak|general protection|KASAN|UBSAN|[Cc]all [Tt]race|Kernel panic|soft lockup|hung task|blocked for more than'

passed=0 failed=0 skipped=0
declare -A netns_before=()

# The tests to run, in order: arguments, or the TESTS list without
# comments and blank lines.
list_tests() {
	local line
	if (($#)); then
		printf '%s\n' "$@"
		return
	fi
	while IFS= read -r line; do
		line=${line%%#*}
		line=${line//[[:space:]]/}
		[[ -z "$line" ]] || printf '%s\n' "$line"
	done <"$SELFTESTS_DIR/TESTS"
}

# Read and clear the kernel log in one syscall (syslog READ_CLEAR), so
# no line falls between reading and clearing.
klog_take() {
	dmesg --syslog --read-clear 2>/dev/null
}

# Everything a test left behind, given the process group its timeout(1)
# ran it in; prints one reason per line and removes what it reports, so
# that the next test starts clean.  Processes go first: they may hold the
# module or a namespace.
leftovers() {
	local pgid=$1 procs ns
	procs=$(pgrep -g "$pgid" -l | tr '\n' ' ')
	procs=${procs% }
	if [[ -n "$procs" ]]; then
		echo "test left processes running: $procs"
		kill -KILL -- "-$pgid" 2>/dev/null
		sleep 0.2
	fi
	if [[ -d /sys/module/zonesec ]]; then
		echo "test left zonesec loaded"
		rmmod zonesec >&2
	fi
	for ns in /run/netns/*; do
		[[ -e "$ns" && -z "${netns_before[${ns##*/}]:-}" ]] || continue
		echo "test left netns ${ns##*/}"
		ip netns del "${ns##*/}" >&2
	done
}

run_one() {
	local num=$1 name=$2 path=$SELFTESTS_DIR/$2 rc=0 pid out bad left reason start

	echo "# selftests: zonesec: $name"
	if [[ ! -f "$path" || ! -x "$path" ]]; then
		echo "not ok $num $name # no such executable"
		failed=$((failed + 1))
		return
	fi
	out=$(mktemp)
	start=$SECONDS
	# The output goes to a file, streamed from there, rather than through a
	# pipe: a daemon the test forgot would hold a pipe open and hang us.
	# timeout(1) puts the test in a process group of its own (pgid = its
	# pid), which finds such stragglers afterwards.
	(cd "$(dirname "$path")" &&
		exec timeout --kill-after=10 "$TEST_TIMEOUT" "./$(basename "$path")") \
		</dev/null >"$out" 2>&1 &
	pid=$!
	tail -n +1 -s 0.2 --pid="$pid" -f "$out" | sed -u 's/^/# /'
	wait "$pid"
	rc=$?
	# how long each test takes, to see where the suite's time goes
	echo "# $name: $((SECONDS - start)) s"

	bad=$(klog_take | grep -E "$KLOG_BAD")
	left=$(leftovers "$pid")
	if [[ -n "$bad" ]]; then
		echo "# kernel log during $name:"
		printf '%s\n' "$bad" | sed 's/^/# KERNEL: /'
	fi
	[[ -z "$left" ]] || printf '%s\n' "$left" | sed 's/^/# LEFTOVER: /'

	if ((rc == 124 || rc == 137)); then
		reason="timeout after $TEST_TIMEOUT s"
	elif ((rc != 0 && rc != KSFT_SKIP)); then
		reason="exit=$rc"
	elif [[ -n "$bad" ]]; then
		reason="kernel log: $(head -n1 <<<"$bad")"
	elif [[ -n "$left" ]]; then
		reason=$(head -n1 <<<"$left")
	elif ((rc == KSFT_SKIP)); then
		reason=$(grep -o 'SKIP: .*' "$out" | tail -n1)
		echo "ok $num $name # SKIP ${reason#SKIP: }"
		skipped=$((skipped + 1))
		rm -f "$out"
		return
	else
		echo "ok $num $name"
		passed=$((passed + 1))
		rm -f "$out"
		return
	fi
	echo "not ok $num $name # $reason"
	failed=$((failed + 1))
	rm -f "$out"
}

# This clears the kernel log and removes what tests leave behind: it
# belongs in the throw-away guest, not on a developer's machine.
guard_guest() {
	grep -q 'zsvm_run=' /proc/cmdline && return 0
	[[ "${ZONESEC_ALLOW_HOST:-}" == 1 ]] && return 0
	echo "run-tests.sh: runs in the test guest: selftests/vm/run.sh -- selftests/vm/run-tests.sh" >&2
	echo "run-tests.sh: (ZONESEC_ALLOW_HOST=1 to run here anyway: it clears dmesg)" >&2
	exit 2
}

# ping and tcpdump ask for packet timestamps, which turns a static key
# (netstamp_needed_key) on when the first such socket opens and off, a
# little later, when the last one closes; each flip patches the kernel's
# text (__netif_receive_skb_core).  Under multi-threaded TCG the other
# vCPU has run a half-patched site twice: "Oops: int3", then a panic, on
# 6.12 (once in the benchmark, once in CI under esp6_matrix_xfrm.sh's
# pings).  One socket that keeps timestamps on for the whole run keeps
# the key on, so that no test flips it.
hold_timestamps() {
	"${ZS_PYTHON:-/usr/bin/python3}" -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)  # SO_TIMESTAMP (not in Python)
time.sleep(86400)' &
	# shellcheck disable=SC2064	# the pid now
	trap "kill $! 2>/dev/null" EXIT
}

main() {
	local -a tests
	local i boot ns
	guard_guest
	hold_timestamps
	mapfile -t tests < <(list_tests "$@")
	for ns in /run/netns/*; do
		[[ ! -e "$ns" ]] || netns_before[${ns##*/}]=1
	done

	# Splats from boot are not a test's fault, but worth seeing.
	boot=$(klog_take | grep -E "$KLOG_BAD")
	[[ -z "$boot" ]] || printf '%s\n' "$boot" | sed 's/^/# kernel log before the tests: /'

	echo "TAP version 13"
	echo "1..${#tests[@]}"
	for i in "${!tests[@]}"; do
		run_one $((i + 1)) "${tests[i]}"
	done
	echo "# zonesec: $passed passed, $failed failed, $skipped skipped"
	((failed == 0))
}

main "$@"
