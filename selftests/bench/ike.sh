#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IKE benchmark (issue 4): time to establish 1, 10 and 100 tunnels, from
# the initiator's start to every child SA installed on both sides,
# zonesecd to zonesecd against charon to charon (strongSwan) in the same
# guest, PSK, aes128gcm16-prfsha256-x25519 / aes128gcm16; and the
# responder's memory per IKE SA (RSS delta over the tunnels).
#
#     ns i (initiator)                               ns r (responder)
#     i0: 203.0.113.K/32, K = 1..N  ----- veth -----  r0: 198.51.100.K/32
#     route 198.51.100.K via i0 src 203.0.113.K       route 203.0.113.0/24 dev r0
#
# Tunnel K runs between 203.0.113.K and 198.51.100.K (a responder tells
# its tunnels apart by the peer's address), child SA 192.0.2.K/32 <->
# 192.0.2.(128+K)/32 in tunnel mode.  Both daemons install child SAs into
# Linux XFRM (zonesecd with kernel = xfrm): the same kernel work on both
# sides, so that the times compare the IKE daemons.
#
# charon's connections say unique = never: all of them share the two IDs
# (as zonesecd's do), and without it the INITIAL_CONTACT of one IKE SA
# makes the responder delete the others that came up in parallel.
#
# What each time covers, the same for both: both daemons already running,
# the responder configured, the clock starts at one command on the
# initiator that loads the connections and starts them, and stops when
# every child SA is installed on both sides.  zonesecd: the initiator
# runs with its tunnels at start = wait, the file is rewritten with
# start = load, and `zonesec reload` (control socket) starts them; charon:
# `swanctl --load-conns` with start_action = start.  zonesecd's process
# start and configuration load are measured apart (zonesecd -t).  Memory
# per IKE SA: the responder's RSS growth while the N tunnels come up,
# divided by N (and, as before, between the smallest and a larger N).
# Fails only when tunnels do not come up.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=selftests/bench/lib_bench.sh
source "$(dirname "$0")/lib_bench.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/../lib_ike.sh"

PSK="zonesec bench psk 0123456789abcdef"
read -r -a COUNTS <<<"${ZONESEC_BENCH_TUNNELS:-1 10 100}"
MAX=0
for n in "${COUNTS[@]}"; do
	((n > MAX)) && MAX=$n
done
((MAX <= 126)) || die "at most 126 tunnels (addresses of a /25)"
# Seconds allowed for MAX tunnels to come up before the run is broken.
WAIT_UP=$((60 + MAX))

require_root
require_cmd ip
ike_require charon

DIR=$(mktemp -d /tmp/bench_ike.XXXXXX)
defer rm -rf "$DIR"

setup_ns NS_I NS_R || die "namespaces"
veth_link "$NS_I" i0 "$NS_R" r0 || die "veth"
{
	for ((k = 1; k <= MAX; k++)); do
		echo "addr add 203.0.113.$k/32 dev i0"
		echo "route add 198.51.100.$k/32 dev i0 src 203.0.113.$k"
	done
} | ip_batch "$NS_I" >/dev/null || die "addresses in i"
{
	for ((k = 1; k <= MAX; k++)); do
		echo "addr add 198.51.100.$k/32 dev r0"
	done
	echo "route add 203.0.113.0/24 dev r0"
} | ip_batch "$NS_R" >/dev/null || die "addresses in r"
check "the namespaces reach each other" ping_ok "$NS_I" "198.51.100.$MAX" ||
	die "no connectivity"

bench_meta kernel "$(uname -r)"
bench_meta ike_reps "$BENCH_REPS"

# The kernel's first ESP SA with this AEAD loads esp4 and the crypto
# modules behind rfc4106(gcm(aes)) (gcm, ghash, ctr, ..., one modprobe
# each from the 9p root, and their self-tests): seconds under TCG, paid
# by whichever run installs the first child SA.  That was zonesecd's
# 1-tunnel run, the first of a round: 20 s on 6.1 where the runs after
# it took 4-5 (1.5 s with this warm-up, which took 6 s).  One SA added
# and flushed here, outside the clock, pays it for everybody; its time
# is reported.
kernel_warm() {
	local t0 us key
	key=0x$(printf '%040d' 0)
	t0=$(bench_now)
	ip -n "$NS_I" xfrm state add src 203.0.113.1 dst 198.51.100.1 \
		proto esp spi 0x100 reqid 1 mode tunnel \
		aead 'rfc4106(gcm(aes))' "$key" 128 ||
		die "the kernel refuses an rfc4106(gcm(aes)) SA"
	ip -n "$NS_I" xfrm state flush
	us=$(($(bench_now) - t0))
	bench_meta ike_warmup "$(awk -v u="$us" 'BEGIN { printf "%.3f", u / 1e6 }') s: the kernel's first rfc4106(gcm(aes)) SA (module loads), before any timed run"
	log_info "# ike: the kernel's first rfc4106(gcm(aes)) SA took $((us / 1000)) ms (outside the timed runs)"
}
kernel_warm

# ---- zonesecd -----------------------------------------------------------------

# zs_conf FILE SIDE N [START]: N tunnels; SIDE i initiates (start =
# START, load by default), r waits.
zs_conf() {
	local file=$1 side=$2 n=$3 istart=${4:-load} k me peer pid lp rp start
	{
		printf '[global]\nkernel = xfrm\nid = %s.example\npsk = %s\n' \
			"$side" "$PSK"
		printf 'control = %s/zs-%s.sock\n' "$DIR" "$side"
		for ((k = 1; k <= n; k++)); do
			if [[ "$side" == i ]]; then
				me=203.0.113.$k peer=198.51.100.$k pid=r.example
				lp=192.0.2.$k rp=192.0.2.$((128 + k)) start=$istart
			else
				me=198.51.100.$k peer=203.0.113.$k pid=i.example
				lp=192.0.2.$((128 + k)) rp=192.0.2.$k start=wait
			fi
			printf '\n[tunnel t%d]\npeer = %s\nlocal = %s\npeer_id = %s\n' \
				"$k" "$peer" "$me" "$pid"
			printf 'local_prefix = %s/32\nremote_prefix = %s/32\n' "$lp" "$rp"
			printf 'ike_proposals = aes128gcm16-prfsha256-x25519\n'
			printf 'esp_proposals = aes128gcm16\nstart = %s\n' "$start"
		done
	} >"$file"
}

sad_count() {	# NS: XFRM states in NS
	ip -n "$1" xfrm state count | awk '{ print $NF }'
}

# wait_states N: poll until both sides hold 2N states; prints nothing,
# returns 1 after WAIT_UP seconds.
wait_states() {
	local want=$((2 * $1)) deadline=$(($(bench_now) + WAIT_UP * 1000000))
	while (($(bench_now) < deadline)); do
		[[ "$(sad_count "$NS_I")" == "$want" && "$(sad_count "$NS_R")" == "$want" ]] &&
			return 0
		sleep 0.1
	done
	return 1
}

rss_kib() {	# PID
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

flush_xfrm() {
	local ns
	for ns in "$NS_I" "$NS_R"; do
		ip -n "$ns" xfrm state flush
		ip -n "$ns" xfrm policy flush
	done
}

bench_meta ike_backend "Linux XFRM (zonesecd kernel = xfrm, charon kernel-netlink)"

# ZONESEC_BENCH_IKE_LOG=1: the daemons log at -vv, each line stamped as
# it is read (late by as long as the reader waits for a CPU), and every
# zonesecd run prints its timeline (ms from the clock's start): where a
# slow run waits.  Off by default: the logging is work of its own under
# TCG.
IKE_LOG=${ZONESEC_BENCH_IKE_LOG:-}
declare -A ZPID=()

stamp() {	# each line of stdin after its bench_now
	local l
	while IFS= read -r l; do
		printf '%s %s\n' "$(bench_now)" "$l"
	done
}

# zs_spawn SIDE NS: zonesecd with $DIR/zs-SIDE.conf in the background,
# its log in $DIR/zs-SIDE.log (stamped when tracing), its PID in ZPID.
zs_spawn() {
	local side=$1 ns=$2
	if [[ -n "$IKE_LOG" ]]; then
		ip netns exec "$ns" "$ZONESECD" -f -vv -c "$DIR/zs-$side.conf" \
			2> >(stamp >"$DIR/zs-$side.log") &
	else
		ip netns exec "$ns" "$ZONESECD" -f -c "$DIR/zs-$side.conf" \
			2>"$DIR/zs-$side.log" &
	fi
	ZPID[$side]=$!
}

zs_timeline() {	# T0: both daemons' logs, ms from T0
	local t0=$1 s
	[[ -n "$IKE_LOG" ]] || return 0
	for s in i r; do
		awk -v t0="$t0" -v s="$s" '$1 ~ /^[0-9]+$/ {
			$1 = sprintf("# %s %+9.1f ms", s, ($1 - t0) / 1000); print }' \
			"$DIR/zs-$s.log"
	done | sort -k3,3g -s
}

# kill_all ARRAY: each process of the associative ARRAY (SIDE -> PID)
# gets SIGTERM and is reaped; ARRAY ends empty.
kill_all() {
	local -n pids=$1
	local s
	for s in "${!pids[@]}"; do
		kill_wait "${pids[$s]}"
		unset "pids[$s]"
	done
}

zs_stop() {
	kill_all ZPID
}
defer zs_stop

zs_run() {	# N: one timed zonesecd run
	local n=$1 t0 rss0 rc=0
	zs_conf "$DIR/zs-i.conf" i "$n"
	zs_conf "$DIR/zs-r.conf" r "$n"
	# What the process start and the configuration cost on their own
	# (OpenSSL and the other libraries load from the 9p root under TCG):
	# zonesecd -t, same file.  A count the build refuses is reported,
	# not failed.
	t0=$(bench_now)
	if ! ip netns exec "$NS_I" "$ZONESECD" -t -c "$DIR/zs-i.conf" >"$DIR/zs-t.log" 2>&1; then
		bench_note ike "$n" zonesecd "not supported by this build: $(head -n1 "$DIR/zs-t.log")"
		log_info "# ike zonesecd: $n tunnels refused: $(head -n1 "$DIR/zs-t.log")"
		return 2
	fi
	bench_sample ike_start "$n" zonesecd seconds \
		"$(awk -v u=$(($(bench_now) - t0)) 'BEGIN { printf "%.3f", u / 1e6 }')"
	zs_spawn r "$NS_R"
	# The responder is ready when its IKE socket is bound.
	for _ in $(seq 100); do
		ip netns exec "$NS_R" ss -uln 2>/dev/null | grep -q ':500 ' && break
		sleep 0.1
	done
	# The initiator runs, its tunnels waiting; ready when it answers.
	zs_conf "$DIR/zs-i.conf" i "$n" wait
	zs_spawn i "$NS_I"
	for _ in $(seq 100); do
		ZONESEC_CONTROL=$DIR/zs-i.sock "$ZONESEC" tunnel show >/dev/null 2>&1 && break
		sleep 0.1
	done
	zs_conf "$DIR/zs-i.conf" i "$n" load
	rss0=$(rss_kib "${ZPID[r]}")
	t0=$(bench_now)
	ZONESEC_CONTROL=$DIR/zs-i.sock "$ZONESEC" reload >/dev/null ||
		log_fail "zonesec reload (initiator) failed"
	ike_record zonesecd "$n" "$t0" "$rss0" "${ZPID[r]}" \
		"$DIR/zs-i.log" "$DIR/zs-r.log" || rc=1
	zs_stop
	zs_timeline "$t0"
	flush_xfrm
	return "$rc"
}

# ike_record IMPL N T0 RSS0 PID LOG...: once N tunnels are up on both
# sides, the time since T0 and the memory of the responder (PID; RSS0
# before); if they do not come up, fail with the LOGs' last lines.
ike_record() {
	local impl=$1 n=$2 t0=$3 rss0=$4 pid=$5 t1 rss1
	shift 5
	if ! wait_states "$n"; then
		log_fail "$impl: $n tunnels not up within ${WAIT_UP}s (i: $(sad_count "$NS_I") states, r: $(sad_count "$NS_R"))"
		tail -n 5 "$@" 2>/dev/null | sed 's/^/#   /'
		return 1
	fi
	t1=$(bench_now)
	rss1=$(rss_kib "$pid")
	bench_sample ike "$n" "$impl" seconds "$(awk -v u=$((t1 - t0)) 'BEGIN { printf "%.3f", u / 1e6 }')"
	ike_mem "$impl" "$n" "$rss1" "$rss0"
	log_info "# ike $impl: $n tunnels in $(((t1 - t0) / 1000)) ms, responder RSS $rss0 -> $rss1 KiB"
}

# ike_mem IMPL N RSS RSS0: the responder's RSS with N tunnels up (RSS0
# before they came up); per IKE SA, the growth during this run over N,
# and the growth from the smallest count to each larger one of a round
# (the first tunnel also pays for the daemon's lazy start-up: libraries,
# OpenSSL's tables), per tunnel.
declare -A RSS_FIRST=()
ike_mem() {
	local impl=$1 n=$2 rss=$3 rss0=$4
	bench_sample ike_mem "$n tunnels" "$impl" rss_kib "$rss"
	bench_sample ike_mem "per IKE SA, growth while $n come up" "$impl" kib_per_sa \
		"$(awk -v d=$((rss - rss0)) -v n="$n" 'BEGIN { printf "%.2f", d / n }')"
	((n != COUNTS[0])) || RSS_FIRST[$impl]=$rss
	if ((n > COUNTS[0])) && [[ -n "${RSS_FIRST[$impl]:-}" ]]; then
		bench_sample ike_mem "per IKE SA, $((COUNTS[0])) -> $n" "$impl" kib_per_sa \
			"$(awk -v d=$((rss - RSS_FIRST[$impl])) -v n=$((n - COUNTS[0])) 'BEGIN { printf "%.2f", d / n }')"
	fi
}

# ---- charon ---------------------------------------------------------------------

# Each charon in its namespace, with /etc/netns/NS/{strongswan.conf,swanctl}
# (bind-mounted by ip netns exec) and a /run of its own (the pid file and
# the vici socket are at fixed paths there).  strongswan.conf, the same
# for every run: charon_etc, logging at level 0 only.
charon_etc "$NS_I" path="$DIR/charon-i.log" default=0 ike=0
charon_etc "$NS_R" path="$DIR/charon-r.log" default=0 ike=0

sw_files() {	# SIDE NS N: swanctl.conf for N tunnels
	local side=$1 n=$3 etc=/etc/netns/$2 k me peer lid rid lts rts act
	{
		echo "connections {"
		for ((k = 1; k <= n; k++)); do
			if [[ "$side" == i ]]; then
				me=203.0.113.$k peer=198.51.100.$k lid=i.example rid=r.example
				lts=192.0.2.$k rts=192.0.2.$((128 + k)) act=start
			else
				me=198.51.100.$k peer=203.0.113.$k lid=r.example rid=i.example
				lts=192.0.2.$((128 + k)) rts=192.0.2.$k act=none
			fi
			cat <<-EOF
				t$k {
					version = 2
					mobike = no
					unique = never
					local_addrs = $me
					remote_addrs = $peer
					proposals = aes128gcm16-prfsha256-x25519
					local { auth = psk
						id = $lid }
					remote { auth = psk
						id = $rid }
					children { c$k {
						local_ts = $lts/32
						remote_ts = $rts/32
						esp_proposals = aes128gcm16
						start_action = $act } }
				}
			EOF
		done
		echo "}"
		cat <<-EOF
			secrets { ike-1 {
				id-1 = i.example
				id-2 = r.example
				secret = "$PSK" } }
		EOF
	} >"$etc/swanctl/swanctl.conf"
}

declare -A CPID=()
sw_start() {	# SIDE NS
	local side=$1 ns=$2
	# A socket left by the previous charon would look ready.
	rm -rf "$DIR/run-$side"
	mkdir -p "$DIR/run-$side"
	# shellcheck disable=SC2016	# expanded by the inner bash
	ip netns exec "$ns" bash -c 'mount --bind "$1" /run && exec "$2"' _ \
		"$DIR/run-$side" "$CHARON" >"$DIR/charon-$side.out" 2>&1 &
	CPID[$side]=$!
	for _ in $(seq 100); do
		[[ -S "$DIR/run-$side/charon.vici" ]] && return 0
		sleep 0.1
	done
	return 1
}
sw_stop() {
	kill_all CPID
}
defer sw_stop

swanctl_in() {	# SIDE NS ARGS...
	local side=$1 ns=$2
	shift 2
	ip netns exec "$ns" swanctl "$@" --uri "unix://$DIR/run-$side/charon.vici" \
		2>>"$DIR/swanctl.err"
}

sw_run() {	# N: one timed charon run
	local n=$1 t0 rss0 rc=0
	sw_files i "$NS_I" "$n"
	sw_files r "$NS_R" "$n"
	if ! sw_start r "$NS_R" || ! sw_start i "$NS_I"; then
		log_fail "charon did not start"
		tail -n 5 "$DIR"/charon-*.out | sed 's/^/#   /'
		sw_stop
		return 1
	fi
	swanctl_in r "$NS_R" --load-all --noprompt >/dev/null ||
		log_fail "swanctl --load-all (responder): $(grep -v 'opening directory' "$DIR/swanctl.err" | tail -n 2)"
	# The initiator's secrets first, so that only its connections start
	# the clock.
	swanctl_in i "$NS_I" --load-creds --noprompt >/dev/null
	rss0=$(rss_kib "${CPID[r]}")
	t0=$(bench_now)
	swanctl_in i "$NS_I" --load-conns >/dev/null ||
		log_fail "swanctl --load-conns (initiator): $(tail -n 2 "$DIR/swanctl.err")"
	ike_record charon "$n" "$t0" "$rss0" "${CPID[r]}" \
		"$DIR/charon-i.log" "$DIR/charon-r.log" || rc=1
	sw_stop
	flush_xfrm
	return "$rc"
}

# ---- measure, interleaved ----------------------------------------------------------

declare -A BROKEN=()
for ((rep = 1; rep <= BENCH_REPS; rep++)); do
	log_info "# ---- round $rep of $BENCH_REPS"
	for n in "${COUNTS[@]}"; do
		[[ -n "${BROKEN[zs$n]:-}" ]] || zs_run "$n" || BROKEN[zs$n]=1	# 2: refused
		[[ -n "${BROKEN[sw$n]:-}" ]] || sw_run "$n" || BROKEN[sw$n]=1
	done
done
