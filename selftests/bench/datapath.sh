#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Datapath benchmark (issue 5): single-stream TCP throughput (iperf3) and
# ping RTT through clear text, zonesec, Linux XFRM with the same
# algorithm and mode, and WireGuard; then throughput with 1, 1,000 and
# 100,000 SAs installed, and kernel memory per SA.
#
# Every configuration has namespaces of its own, all built first, so the
# repetitions can go round-robin over them (under TCG the spread run to
# run reaches 40%: only interleaved figures compare).  Both ends of a
# configuration run the same implementation.
#
# Transport mode, one pair per configuration (same addresses in each):
#
#   [l] l0 192.0.2.1/24 ======= r0 192.0.2.2/24 [r]   iperf3 -s in r
#
# Tunnel mode, gateway to gateway (rfc4106(gcm(aes)) 128):
#
#   [hl] 192.0.2.10/25 -- 192.0.2.1/25 [gl] 203.0.113.1 ==ESP== 203.0.113.2
#        [gr] 198.51.100.1/24 -- 198.51.100.10/24 [hr]
#
# WireGuard: wg0 10.x inside over the same veth pair (198.51.100.1/2).
#
# The benchmark fails only when a configuration passes no traffic or an
# SA cannot be installed.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/../lib_ipsec.sh"
# shellcheck source=selftests/bench/lib_bench.sh
source "$(dirname "$0")/lib_bench.sh"

require_root
require_cmd ip iperf3 ping wg
[[ -x "$ZONESEC" ]] || die "no $ZONESEC (make userspace)"

# Extra SAs for the scale rows (ZONESEC_BENCH_SAS="1000 100000").
read -r -a SA_LEVELS <<<"${ZONESEC_BENCH_SAS:-1000 100000}"

readonly A=192.0.2.1 B=192.0.2.2
readonly K_GCM=0x0102030405060708090a0b0c0d0e0f1011121314
readonly K_CHACHA=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223
readonly K_CBC=0x00112233445566778899aabbccddeeff
readonly K_SHA=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

# ROW label -> algorithm words (the same for zonesec and ip xfrm).
declare -A ALG=(
	["ESP rfc4106(gcm(aes)) 128"]="proto esp|aead rfc4106(gcm(aes)) $K_GCM 128"
	["ESP rfc7539esp(chacha20,poly1305)"]="proto esp|aead rfc7539esp(chacha20,poly1305) $K_CHACHA 128"
	["ESP cbc(aes)+hmac(sha256)"]="proto esp|enc cbc(aes) $K_CBC auth-trunc hmac(sha256) $K_SHA 128"
	["AH hmac(sha256)"]="proto ah|auth-trunc hmac(sha256) $K_SHA 128"
)
readonly ROWS=("ESP rfc4106(gcm(aes)) 128" "ESP rfc7539esp(chacha20,poly1305)"
	"ESP cbc(aes)+hmac(sha256)" "AH hmac(sha256)")
readonly TUN_ROW="ESP rfc4106(gcm(aes)) 128, tunnel gw-gw"

TMP=$(mktemp -d)
defer rm -rf "$TMP"

zonesec_load || exit
bench_meta kernel "$(uname -r)"
bench_meta cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
bench_meta datapath_reps "$BENCH_REPS"
bench_meta iperf_seconds "$BENCH_TIME"
crypto=
for m in aesni_intel ghash_clmulni_intel sha256_ssse3 chacha_x86_64 poly1305_x86_64; do
	[[ -d /sys/module/$m ]] && crypto+=" $m"
done
bench_meta crypto_modules "${crypto# }"

# Configurations to measure: key -> "ROW|IMPL|CLIENT_NS|SERVER_ADDR"
declare -A CONF=()
ORDER=()
add_conf() {	# KEY ROW IMPL CLIENT_NS SERVER_ADDR
	CONF[$1]="$2|$3|$4|$5"
	ORDER+=("$1")
}

# pair KEY: namespaces l_KEY and r_KEY joined by l0/r0; sets L and R.
pair() {
	local key=$1
	local vl=NS_L_$key vr=NS_R_$key
	setup_ns "$vl" "$vr" || return
	L=${!vl} R=${!vr}
	ip_batch "" <<-EOF || return
		link add l0 netns $L type veth peer name r0 netns $R
	EOF
	ip_batch "$L" <<-EOF || return
		addr add $A/24 dev l0
		link set l0 up
	EOF
	ip_batch "$R" <<-EOF || return
		addr add $B/24 dev r0
		link set r0 up
	EOF
	bench_iperf_server "$R" "$TMP"
}

# zs_side NS SRC DST ALGWORDS...: zonesec SAs and policies for one end;
# SPI 0x1000 from l to r, 0x2000 back.
zs_side() {
	local ns=$1 src=$2 dst=$3 proto=$4 out=0x1000 in=0x2000
	shift 4
	[[ "$src" == "$A" ]] || { out=0x2000; in=0x1000; }
	"$ZONESEC" -n "$ns" sa add src "$src" dst "$dst" proto "$proto" spi $out \
		reqid 1 mode transport "$@" &&
		"$ZONESEC" -n "$ns" sa add src "$dst" dst "$src" proto "$proto" \
			spi $in reqid 1 mode transport "$@" &&
		zs "$ns" policy add src "$src" dst "$dst" dir out \
			tmpl proto "$proto" reqid 1 mode transport &&
		zs "$ns" policy add src "$dst" dst "$src" dir in \
			tmpl proto "$proto" reqid 1 mode transport
}

xf_side() {
	local ns=$1 src=$2 dst=$3 proto=$4 out=0x1000 in=0x2000
	shift 4
	[[ "$src" == "$A" ]] || { out=0x2000; in=0x1000; }
	ip_batch "$ns" <<-EOF
		xfrm state add src $src dst $dst proto $proto spi $out reqid 1 mode transport $*
		xfrm state add src $dst dst $src proto $proto spi $in reqid 1 mode transport $*
		xfrm policy add src $src dst $dst dir out tmpl proto $proto reqid 1 mode transport
		xfrm policy add src $dst dst $src dir in tmpl proto $proto reqid 1 mode transport
	EOF
}

# ---- transport-mode configurations -----------------------------------------

pair clear
add_conf clear "clear text" clear "$L" $B
NS_CLEAR=$L

n=0
for row in "${ROWS[@]}"; do
	n=$((n + 1))
	proto=${ALG[$row]%%|*}
	proto=${proto#proto }
	read -r -a words <<<"${ALG[$row]#*|}"

	pair "zs$n"
	printf '+ %s\n' "$(zs_quote "$ZONESEC" -n "$L" sa add src $A dst $B proto "$proto" spi 0x1000 "${words[@]}")"
	if ! err=$("$ZONESEC" -n "$L" sa add src $A dst $B proto "$proto" \
		spi 0x1000 reqid 1 mode transport "${words[@]}" 2>&1); then
		echo "$err"
		log_fail "zonesec refused the $row SA: $err"
	else
		run_cmd "$ZONESEC" -n "$L" sa flush
		check "zonesec $row: l side" zs_side "$L" $A $B "$proto" "${words[@]}" &&
			check "zonesec $row: r side" zs_side "$R" $B $A "$proto" "${words[@]}" &&
			add_conf "zs$n" "$row" zonesec "$L" $B
	fi

	pair "xf$n"
	check "xfrm $row: l side" xf_side "$L" $A $B "$proto" "${words[@]}" &&
		check "xfrm $row: r side" xf_side "$R" $B $A "$proto" "${words[@]}" &&
		add_conf "xf$n" "$row" xfrm "$L" $B
done

# ---- the scale pairs ---------------------------------------------------------

# The extra SAs of the scale rows go into pairs of their own (rfc4106,
# as zs1 and xf1), so that every round measures the same algorithm with
# and without them, side by side: a difference then shows within one
# round rather than across minutes of a shared host.
read -r -a words <<<"${ALG[${ROWS[0]}]#*|}"
declare -A SCALE_KEY=() BASE_KEY=()
for impl in zonesec xfrm; do
	key=zsS fn=zs_side
	[[ "$impl" == zonesec ]] || { key=xfS fn=xf_side; }
	pair "$key"
	check "$impl scale pair: l side" $fn "$L" $A $B esp "${words[@]}" &&
		check "$impl scale pair: r side" $fn "$R" $B $A esp "${words[@]}" &&
		check "$impl scale pair: ping passes" ping_ok "$L" $B &&
		CONF[$key]="${ROWS[0]}|$impl|$L|$B" SCALE_KEY[$impl]=$key &&
		BASE_KEY[$impl]=${key%S}1
done

# ---- WireGuard ---------------------------------------------------------------

pair wg
for side in l r; do
	wg genkey >"$TMP/wg-$side.key"
	wg pubkey <"$TMP/wg-$side.key" >"$TMP/wg-$side.pub"
done
wg_side() {	# NS OWN PEER PEER_UNDERLAY WG_ADDR PEER_WG_ADDR
	ip -n "$1" link add wg0 type wireguard &&
		ns_run "$1" wg set wg0 private-key "$TMP/wg-$2.key" listen-port 51820 \
			peer "$(cat "$TMP/wg-$3.pub")" allowed-ips "$6/32" endpoint "$4:51820" &&
		ip -n "$1" addr add "$5/24" dev wg0 &&
		ip -n "$1" link set wg0 up
}
check "wireguard: l side" wg_side "$L" l r $B 198.51.100.1 198.51.100.2 &&
	check "wireguard: r side" wg_side "$R" r l $A 198.51.100.2 198.51.100.1 &&
	add_conf wg WireGuard wireguard "$L" 198.51.100.2

# ---- tunnel mode, gateway to gateway ---------------------------------------

# quad KEY: hl - gl - gr - hr; sets HL GL GR HR.
quad() {
	local key=$1 v
	local -a vars=("NS_HL_$key" "NS_GL_$key" "NS_GR_$key" "NS_HR_$key")
	setup_ns "${vars[@]}" || return
	v=${vars[0]} HL=${!v}
	v=${vars[1]} GL=${!v}
	v=${vars[2]} GR=${!v}
	v=${vars[3]} HR=${!v}
	ip_batch "" <<-EOF || return
		link add e0 netns $HL type veth peer name l0 netns $GL
		link add w0 netns $GL type veth peer name w0 netns $GR
		link add l0 netns $GR type veth peer name e0 netns $HR
	EOF
	ip_batch "$HL" <<-EOF || return
		addr add 192.0.2.10/25 dev e0
		link set e0 up
		route add default via 192.0.2.1
	EOF
	ip_batch "$GL" <<-EOF || return
		addr add 192.0.2.1/25 dev l0
		addr add 203.0.113.1/24 dev w0
		link set l0 up
		link set w0 up
		route add 198.51.100.0/24 via 203.0.113.2
	EOF
	ip_batch "$GR" <<-EOF || return
		addr add 198.51.100.1/24 dev l0
		addr add 203.0.113.2/24 dev w0
		link set l0 up
		link set w0 up
		route add 192.0.2.0/25 via 203.0.113.1
	EOF
	ip_batch "$HR" <<-EOF || return
		addr add 198.51.100.10/24 dev e0
		link set e0 up
		route add default via 198.51.100.1
	EOF
	ns_sysctl "$GL" net.ipv4.ip_forward=1 && ns_sysctl "$GR" net.ipv4.ip_forward=1 &&
		bench_iperf_server "$HR" "$TMP"
}

readonly T_GCM="rfc4106(gcm(aes))"
# zs_gw NS SELF PEER LOCAL_NET REMOTE_NET SPI_OUT SPI_IN
zs_gw() {
	zs "$1" sa add src "$2" dst "$3" proto esp spi "$6" reqid 2 mode tunnel \
		aead "$T_GCM" "$K_GCM" 128 &&
		zs "$1" sa add src "$3" dst "$2" proto esp spi "$7" reqid 2 mode tunnel \
			aead "$T_GCM" "$K_GCM" 128 &&
		zs "$1" policy add src "$4" dst "$5" dir out tmpl src "$2" dst "$3" \
			proto esp reqid 2 mode tunnel &&
		zs "$1" policy add src "$5" dst "$4" dir fwd tmpl src "$3" dst "$2" \
			proto esp reqid 2 mode tunnel
}
xf_gw() {
	ip_batch "$1" <<-EOF
		xfrm state add src $2 dst $3 proto esp spi $6 reqid 2 mode tunnel aead $T_GCM $K_GCM 128
		xfrm state add src $3 dst $2 proto esp spi $7 reqid 2 mode tunnel aead $T_GCM $K_GCM 128
		xfrm policy add src $4 dst $5 dir out tmpl src $2 dst $3 proto esp reqid 2 mode tunnel
		xfrm policy add src $5 dst $4 dir fwd tmpl src $3 dst $2 proto esp reqid 2 mode tunnel
		xfrm policy add src $5 dst $4 dir in tmpl src $3 dst $2 proto esp reqid 2 mode tunnel
	EOF
}
for impl in zonesec xfrm; do
	quad "t${impl:0:2}"
	fn=zs_gw
	[[ "$impl" == zonesec ]] || fn=xf_gw
	check "$impl tunnel: gl" $fn "$GL" 203.0.113.1 203.0.113.2 192.0.2.0/25 198.51.100.0/24 0x3001 0x3002 &&
		check "$impl tunnel: gr" $fn "$GR" 203.0.113.2 203.0.113.1 198.51.100.0/24 192.0.2.0/25 0x3002 0x3001 &&
		add_conf "t${impl:0:2}" "$TUN_ROW" "$impl" "$HL" 198.51.100.10
done

# ---- measure, round-robin ----------------------------------------------------

# ping asks for receive timestamps, which turns a static key on when the
# first such socket opens and off when the last closes: the kernel patches
# its text (__netif_receive_skb_core) each time.  Under multi-threaded TCG
# that patching once ended in "Oops: int3" on 6.12 during this benchmark
# (the other vCPU ran the half-patched site).  One socket held open for
# the whole run keeps the key on, so no ping patches anything.
ip netns exec "$NS_CLEAR" "$ZS_PYTHON" -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)  # SO_TIMESTAMP (not in Python)
time.sleep(86400)' &
defer kill "$!"

# Prove every configuration passes traffic before timing any: a broken
# one fails the benchmark (and is left out of the timing).
declare -A BROKEN=()
for key in "${ORDER[@]}"; do
	IFS='|' read -r row impl ns addr <<<"${CONF[$key]}"
	if ! check "$impl, $row: ping passes" ping_ok "$ns" "$addr"; then
		BROKEN[$key]=1
	fi
done

# measure KEY [SECTION ROW [IMPL]]: one iperf3 run and one ping series;
# LAST_MBPS is the throughput.
measure() {
	local key=$1 row impl ns addr mbps rtt
	IFS='|' read -r row impl ns addr <<<"${CONF[$key]}"
	local section=${2:-datapath}
	row=${3:-$row}
	impl=${4:-$impl}
	mbps=$(bench_iperf "$ns" "$addr")
	LAST_MBPS=$mbps
	if [[ "$mbps" == 0 ]]; then
		log_fail "$impl, $row: iperf3 passed no traffic"
		return 1
	fi
	bench_sample "$section" "$row" "$impl" mbps "$mbps"
	if [[ "$section" != datapath ]]; then
		log_info "# $impl, $row: $mbps Mbit/s"
		return 0
	fi
	rtt=$(bench_ping "$ns" "$addr")
	[[ -n "$rtt" ]] || { log_fail "$impl, $row: no echo reply"; return 1; }
	bench_sample "$section" "$row" "$impl" rtt_ms "$rtt"
	log_info "# $impl, $row: $mbps Mbit/s, rtt $rtt ms"
}

for ((rep = 1; rep <= BENCH_REPS; rep++)); do
	log_info "# ---- round $rep of $BENCH_REPS"
	for key in "${ORDER[@]}"; do
		[[ -z "${BROKEN[$key]:-}" ]] || continue
		measure "$key" || BROKEN[$key]=1
	done
done

# ---- 1, 1,000, 100,000 SAs -----------------------------------------------------

# The extra SAs go into the receiving end (r) of the scale pair of each
# implementation: other SPIs, one destination each in 198.18.0.0/15 (as
# many peers as SAs), a reqid no policy uses.
# r looks up the SA of every data packet it receives and the outbound SA
# of every ACK it sends among them.  Memory is read around each install.
# zonesec's are added by sa_bulk.py over our netlink ABI (batched);
# XFRM's by one `ip -batch`, about 2 ms per SA under TCG, so XFRM stops
# at ZONESEC_BENCH_XFRM_MAX SAs (default 1,000) to keep make bench short.
XFRM_MAX=${ZONESEC_BENCH_XFRM_MAX:-1000}
# Seconds one zonesec install may take before it stops at the count it
# reached (that count is then the row's): adding an SA gets dearer as the
# table grows in this build, and make bench must stay short.
SA_BUDGET=${ZONESEC_BENCH_SA_BUDGET:-240}

xf_bulk() {	# NS COUNT FIRST_SPI
	awk -v n="$2" -v s="$3" 'BEGIN {
		for (i = 0; i < n; i++) {
			spi = s + i
			k = sprintf("%08x", spi)
			d = spi % 131072
			printf "xfrm state add src 192.0.2.200 dst 198.%d.%d.%d proto esp spi %d reqid 4000 mode transport aead rfc4106(gcm(aes)) 0x%s%s%s%s%s 128\n",
				18 + int(d / 65536), int(d / 256) % 256, d % 256, spi, k, k, k, k, k
		}
	}' >"$TMP/xf.batch"
	ip -n "$1" -batch "$TMP/xf.batch"
}
zs_bulk() {	# NS COUNT FIRST_SPI: sets BULK_DONE
	local out
	out=$(ip netns exec "$1" "$ZS_PYTHON" "$ZS_LIB_DIR/bench/sa_bulk.py" "$2" "$3" \
		'rfc4106(gcm(aes))' "$SA_BUDGET") || return
	log_info "# sa_bulk: $out (SAs, seconds) in ${1%%-*}"
	BULK_DONE=${out%% *}
}

scale_row() {	# COUNT -> "1 SA", "1,000 SAs"
	local n=$1 out=
	while ((n >= 1000)); do
		printf -v out ',%03d%s' $((n % 1000)) "$out"
		n=$((n / 1000))
	done
	out=$n$out
	[[ "$out" == 1 ]] && echo "1 SA" || echo "$out SAs"
}

declare -A MEM=() SLAB=() ADDED=() HAS=([zonesec]=1 [xfrm]=1)
# scale_measure LEVEL: the scale pairs; beyond one SA, each sample beside
# one of the same algorithm without the extra SAs (section sa_scale_rel).
scale_measure() {
	local row=${LABEL:-$(scale_row "$1")} impl key base
	for ((rep = 1; rep <= BENCH_REPS; rep++)); do
		for impl in zonesec xfrm; do
			key=${SCALE_KEY[$impl]:-} base=${BASE_KEY[$impl]:-}
			[[ -n "$key" && -n "${HAS[$impl]}" && -z "${BROKEN[$key]:-}" ]] || continue
			measure "$key" sa_scale "$row" || continue
			[[ "$1" != 1 && -n "${CONF[$base]:-}" && -z "${BROKEN[$base]:-}" ]] || continue
			bench_sample sa_scale_rel "$row" "$impl" mbps "$LAST_MBPS"
			measure "$base" sa_scale_rel "$row" "${impl}_1sa"
		done
	done
}

scale_measure 1
installed=1
spi=$((0x100000))
for level in "${SA_LEVELS[@]}"; do
	add=$((level - installed))
	((level <= XFRM_MAX)) || HAS[xfrm]=
	LABEL=
	for impl in zonesec xfrm; do
		key=${SCALE_KEY[$impl]:-}
		[[ -n "$key" && -n "${HAS[$impl]}" && -z "${BROKEN[$key]:-}" ]] || continue
		IFS='|' read -r _ _ ns _ <<<"${CONF[$key]}"
		rns=${ns/#l_/r_}
		bench_settle
		m0=$(bench_meminfo MemAvailable) s0=$(bench_meminfo Slab)
		t0=$(bench_now)
		fn=zs_bulk
		[[ "$impl" == zonesec ]] || fn=xf_bulk
		BULK_DONE=$add n=$add
		if ! check "$impl: $add more SAs in ${rns%%-*}" $fn "$rns" "$add" "$spi"; then
			BROKEN[$key]=1
			continue
		fi
		t1=$(bench_now)
		if ((BULK_DONE < add)); then
			LABEL="$(scale_row $((installed + BULK_DONE))) ($(scale_row "$level") asked)"
			bench_note sa_scale "$LABEL" "$impl" \
				"the install stopped at its ${SA_BUDGET}s budget: adding an SA gets dearer as the table grows"
			n=$BULK_DONE STOPPED=1
		fi
		bench_settle
		m1=$(bench_meminfo MemAvailable) s1=$(bench_meminfo Slab)
		MEM[$impl]=$((${MEM[$impl]:-0} + m0 - m1))
		SLAB[$impl]=$((${SLAB[$impl]:-0} + s1 - s0))
		ADDED[$impl]=$((${ADDED[$impl]:-0} + n))
		bench_sample sa_install "$(scale_row "$n")" "$impl" \
			us_per_sa $(((t1 - t0) / n))
	done
	spi=$((spi + add))
	scale_measure "$level"
	installed=$level
	[[ -z "${STOPPED:-}" ]] || break
done
[[ -n "${HAS[xfrm]}" ]] ||
	bench_note sa_scale "$(scale_row "${SA_LEVELS[-1]}")" xfrm "not measured: ~2 ms per SA to install under TCG (ZONESEC_BENCH_XFRM_MAX=$XFRM_MAX)"

for impl in zonesec xfrm; do
	[[ -n "${ADDED[$impl]:-}" ]] || continue
	row="over $(scale_row "${ADDED[$impl]}")"
	bench_sample sa_mem "$row" "$impl" memavail_bytes_per_sa \
		$((MEM[$impl] * 1024 / ADDED[$impl]))
	bench_sample sa_mem "$row" "$impl" slab_bytes_per_sa \
		$((SLAB[$impl] * 1024 / ADDED[$impl]))
done

# Flush the many SAs here, timed in the log (netns exit would do it too).
for impl in zonesec xfrm; do
	key=${SCALE_KEY[$impl]:-}
	[[ -n "${ADDED[$impl]:-}" ]] || continue
	IFS='|' read -r _ _ ns _ <<<"${CONF[$key]}"
	if [[ "$impl" == zonesec ]]; then
		run_cmd "$ZONESEC" -n "${ns/#l_/r_}" sa flush
	else
		run_cmd ip -n "${ns/#l_/r_}" xfrm state flush
	fi
done
