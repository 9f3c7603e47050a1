# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the benchmarks under selftests/bench/, on top of lib.sh:
#
#   source "$(dirname "$0")/../lib.sh"
#   source "$(dirname "$0")/lib_bench.sh"
#
# A benchmark measures and reports; it never judges a time.  It fails
# only when something is broken (a configuration passes no traffic, a
# rule set does not load, a tunnel does not come up), through lib.sh's
# checks, so run-tests.sh still catches splats and leftovers.
#
# Every figure goes to stdout as one tab-separated record after the word
# BENCH, which the host (selftests/bench/bench.sh) picks out of the
# console log and selftests/bench/report.py turns into tables:
#
#   BENCH <tab> sample <tab> SECTION <tab> ROW <tab> IMPL <tab> METRIC <tab> VALUE
#   BENCH <tab> note   <tab> SECTION <tab> ROW <tab> IMPL <tab> TEXT
#   BENCH <tab> meta   <tab> KEY <tab> VALUE
#
# Samples of one (SECTION, ROW, IMPL, METRIC) are repetitions; the report
# takes their median.  A note stands in for a figure that could not be
# measured (e.g. "not supported by this build") and says why.

[[ -z "${ZS_LIB_BENCH_SOURCED:-}" ]] || return 0
ZS_LIB_BENCH_SOURCED=1

# Repetitions of each measurement, round-robin over the configurations
# (run-to-run spread under TCG reaches 40%: only interleaved figures
# compare).  ZONESEC_* variables cross from the host into the guest.
# shellcheck disable=SC2034	# used by the benchmarks
BENCH_REPS=${ZONESEC_BENCH_REPS:-3}
# Seconds of one iperf3 run (plus one omitted second of slow start).
BENCH_TIME=${ZONESEC_BENCH_TIME:-3}

bench_sample() {	# SECTION ROW IMPL METRIC VALUE
	printf 'BENCH\tsample\t%s\t%s\t%s\t%s\t%s\n' "$@"
}

bench_note() {		# SECTION ROW IMPL TEXT
	printf 'BENCH\tnote\t%s\t%s\t%s\t%s\n' "$@"
}

bench_meta() {		# KEY VALUE
	printf 'BENCH\tmeta\t%s\t%s\n' "$@"
}

# bench_now: microseconds since the epoch, no fork.
bench_now() {
	echo "${EPOCHREALTIME/[.,]/}"
}

# bench_iperf NS ADDR: one single-stream TCP run from NS to the iperf3
# server at ADDR; prints the receiver's Mbit/s (0 when nothing passed).
bench_iperf() {
	local ns=$1 addr=$2 out mbps
	out=$(ip netns exec "$ns" iperf3 -c "$addr" -t "$BENCH_TIME" -O 1 \
		-f m --connect-timeout 5000 2>&1)
	mbps=$(awk '/receiver$/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") v = $i }
		END { print v + 0 }' <<<"$out")
	[[ "$mbps" != 0 ]] || printf '# iperf3 %s -> %s:\n%s\n' "$ns" "$addr" "$out" >&2
	echo "$mbps"
}

# bench_ping NS ADDR: average RTT in ms of 10 echo requests (empty when
# none came back).
bench_ping() {
	ip netns exec "$1" ping -c 10 -i 0.05 -W 2 -q "$2" 2>&1 |
		awk -F'[/ ]+' '/^rtt|^round-trip/ { print $7 }'
}

# bench_iperf_server NS PIDFILE_DIR: an iperf3 server in NS, killed at exit.
bench_iperf_server() {
	local ns=$1 pidf=$2/iperf3-$1.pid i
	ns_run "$ns" iperf3 -s -D -I "$pidf" || return
	for ((i = 0; i < 100; i++)); do
		[[ -s "$pidf" ]] && break
		sleep 0.05
	done
	defer kill "$(cat "$pidf")"
}

# bench_meminfo FIELD: a /proc/meminfo field in kB.
bench_meminfo() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# bench_settle: let RCU callbacks and deferred frees run before memory
# is read, so a delta counts what stays allocated.
bench_settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
}
