#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What `make bench` runs: for each kernel named on the command line ("6.1",
# "6.12" or a full release), build the module against it, boot one guest,
# run the selected benchmarks in it (through vm/run-tests.sh, so a splat,
# a leak or a leftover still fails the run), then print the tables.
#
#   selftests/bench/bench.sh [KERNEL...]
#
# Environment: BENCH, the parts to run, space or '|' separated, from
# "datapath fw ike" (default: all three); ZONESEC_BENCH_REPS (default 3),
# ZONESEC_BENCH_TIME (iperf3 seconds, default 3), ZONESEC_BENCH_SAS
# (default "1000 100000"), ZONESEC_BENCH_TUNNELS (default "1 10 100").
#
# Outputs, under build/bench/:
#   <kver>.log          the guest's console (every command echoed)
#   <kver>.tsv          the records (see lib_bench.sh), machine-readable
#   <kver>.txt          the tables, as printed
# A benchmark reports: the exit status is non-zero only when a part is
# broken (no traffic, a refused SA, a tunnel that does not come up, a
# kernel splat), never because of a figure.

set -uo pipefail

TOP_DIR=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$TOP_DIR/build/bench
cd "$TOP_DIR" || exit 1

parts=${BENCH:-datapath fw ike}
parts=${parts//|/ }
tests=()
for p in $parts; do
	case "$p" in
	datapath|fw|ike) tests+=("bench/$p.sh") ;;
	*) echo "bench: unknown part '$p' (BENCH=datapath|fw|ike)" >&2; exit 2 ;;
	esac
done

full_kver() {
	local v
	for v in /lib/modules/"$1"/build /lib/modules/"$1".*/build; do
		[[ -d "$v" ]] && basename "$(dirname "$v")"
	done | sort -V | tail -n 1
}

mkdir -p "$OUT"
make -s userspace || exit 1

rc=0
for k in "${@:-6.1}"; do
	kver=$(full_kver "$k")
	[[ -n "$kver" ]] || { echo "bench: no kernel headers for '$k' (make deps)"; rc=1; continue; }
	echo "=== bench: kernel $kver: building the module"
	# kmod/ holds one kernel's objects at a time: start clean.
	make -s -C kmod KVER="$kver" clean >/dev/null 2>&1
	if ! make -s -C kmod KVER="$kver" >"$OUT/kmod-$kver.log" 2>&1; then
		cat "$OUT/kmod-$kver.log"
		rc=1
		continue
	fi
	mkdir -p "$OUT/kmod/$kver"
	cp kmod/zonesec.ko "$OUT/kmod/$kver/"

	date=$(date -u '+%Y-%m-%d %H:%M UTC')
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	echo "=== bench: kernel $kver: ${tests[*]} in one guest (progress below; all of it in $OUT/$kver.log)"
	# A generous per-part limit: the whole run aims at ~20 minutes.
	selftests/vm/run.sh --kernel "$kver" --module "$OUT/kmod/$kver/zonesec.ko" \
		--timeout 3000 --env ZONESEC_TEST_TIMEOUT=1500 -- \
		selftests/vm/run-tests.sh "${tests[@]}" >"$OUT/$kver.log" 2>&1 &
	guest=$!
	# Progress: the measurements and the verdicts, not every command.
	tail -n +1 -s 1 --pid="$guest" -f "$OUT/$kver.log" |
		grep --line-buffered -E '^# # (zonesec|xfrm|clear|wireguard|fw|ike|---)|^(not )?ok |FAIL:|^# zonesec: '
	wait "$guest"
	grc=$?
	load1=$(cut -d' ' -f1-3 /proc/loadavg)
	{
		printf 'meta\tdate\t%s\n' "$date"
		printf 'meta\tcommand\tmake bench KVERS="%s" BENCH="%s"\n' "$*" "$parts"
		printf 'meta\thost\t%s, %s CPUs; shared with other work: load average %s at start, %s at end\n' \
			"$(hostname)" "$(nproc)" "$load0" "$load1"
		printf 'meta\tload\tfigures compare only within one run: other jobs on the host load it unevenly\n'
		sed -n 's/\r$//; s/^.*BENCH\t//p' "$OUT/$kver.log"
	} >"$OUT/$kver.tsv"
	"$TOP_DIR/selftests/bench/report.py" "$OUT/$kver.tsv" | tee "$OUT/$kver.txt"
	if ((grc != 0)); then
		echo "bench: kernel $kver: the guest run failed (exit $grc): see $OUT/$kver.log"
		rc=1
	fi
done
echo "bench: tables in $OUT/*.txt, records in $OUT/*.tsv"
exit "$rc"
