#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where the time of one protected TCP stream goes (issue 5): perf's
# cpu-clock samples (no PMU under TCG), whole guest, while iperf3 runs
# through zonesec and through Linux XFRM with the same SA, one after the
# other.  A tool for the datapath work, not part of make bench:
#
#   selftests/vm/run.sh --module kmod/zonesec.ko -- \
#       selftests/vm/run-tests.sh bench/profile.sh
#
#   [l] l0 192.0.2.1/24 ======= r0 192.0.2.2/24 [r]   iperf3 -s in r
#
# ZONESEC_PROFILE_ALG: the algorithm words (default rfc4106(gcm(aes)) 128).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=selftests/bench/lib_bench.sh
source "$(dirname "$0")/lib_bench.sh"

require_root
require_cmd ip iperf3 perf

readonly A=192.0.2.1 B=192.0.2.2
read -r -a WORDS <<<"${ZONESEC_PROFILE_ALG:-aead rfc4106(gcm(aes)) 0x0102030405060708090a0b0c0d0e0f1011121314 128}"
PROTO=${ZONESEC_PROFILE_PROTO:-esp}
TMP=$(mktemp -d)
defer rm -rf "$TMP"
zonesec_load || exit
for m in aesni_intel ghash_clmulni_intel sha256_ssse3 chacha_x86_64 poly1305_x86_64; do
	modprobe -q "$m"
done

pair() {	# KEY: sets L R
	local vl=NS_L_$1 vr=NS_R_$1
	setup_ns "$vl" "$vr" || return
	L=${!vl} R=${!vr}
	ip link add l0 netns "$L" type veth peer name r0 netns "$R"
	ip -n "$L" addr add $A/24 dev l0 && ip -n "$L" link set l0 up
	ip -n "$R" addr add $B/24 dev r0 && ip -n "$R" link set r0 up
	bench_iperf_server "$R" "$TMP"
}

# shellcheck disable=SC2317	# called through check
zs_side() {	# NS SRC DST OUT_SPI IN_SPI
	"$ZONESEC" -n "$1" sa add src "$2" dst "$3" proto "$PROTO" spi "$4" \
		reqid 1 mode transport "${WORDS[@]}" &&
		"$ZONESEC" -n "$1" sa add src "$3" dst "$2" proto "$PROTO" spi "$5" \
			reqid 1 mode transport "${WORDS[@]}" &&
		"$ZONESEC" -n "$1" policy add src "$2" dst "$3" dir out \
			tmpl proto "$PROTO" reqid 1 mode transport &&
		"$ZONESEC" -n "$1" policy add src "$3" dst "$2" dir in \
			tmpl proto "$PROTO" reqid 1 mode transport
}
# shellcheck disable=SC2317	# called through check
xf_side() {	# NS SRC DST OUT_SPI IN_SPI
	ip -n "$1" xfrm state add src "$2" dst "$3" proto "$PROTO" spi "$4" \
		reqid 1 mode transport "${WORDS[@]}" &&
		ip -n "$1" xfrm state add src "$3" dst "$2" proto "$PROTO" spi "$5" \
			reqid 1 mode transport "${WORDS[@]}" &&
		ip -n "$1" xfrm policy add src "$2" dst "$3" dir out \
			tmpl proto "$PROTO" reqid 1 mode transport &&
		ip -n "$1" xfrm policy add src "$3" dst "$2" dir in \
			tmpl proto "$PROTO" reqid 1 mode transport
}

pair zs
check "zonesec l" zs_side "$L" $A $B 0x1000 0x2000
check "zonesec r" zs_side "$R" $B $A 0x2000 0x1000
ZL=$L
pair xf
check "xfrm l" xf_side "$L" $A $B 0x1000 0x2000
check "xfrm r" xf_side "$R" $B $A 0x2000 0x1000
XL=$L

STEPS='zs_|xfrm|esp|ah_|skb_gso_segment|skb_cow|__pskb_pull|pskb_expand|kmalloc|kfree|tcp_sendmsg|tcp_recvmsg|tcp_v4_rcv|tcp_ack|tcp_write_xmit|__tcp_transmit|ip_output|ip_finish|ip_rcv|ip_local|nf_hook_slow|nf_conntrack_in|__netif_receive|net_rx_action|process_backlog|veth_xmit|dev_queue_xmit|crypto|gcm|aesni|copy_user|csum|memcpy|memmove|native_safe_halt|do_idle|handle_softirqs|neigh|ksoftirqd|worker_thread'

for impl in ${ZONESEC_PROFILE_IMPLS:-zonesec xfrm}; do
	ns=$ZL
	[[ "$impl" == zonesec ]] || ns=$XL
	perf record -q -a -e cpu-clock -F 499 -g -o "$TMP/perf.data" -- \
		ip netns exec "$ns" iperf3 -c $B -t 4 -f m >"$TMP/iperf" 2>&1
	log_info "# $impl: $(awk '/receiver$/ { print $(NF-2), $(NF-1) }' "$TMP/iperf")"
	perf report -q -i "$TMP/perf.data" --no-children --sort sym \
		--percent-limit 0.7 -g none --stdio 2>/dev/null | head -n 45 |
		sed "s/^/# $impl /"
	# inclusive time of the steps of the path
	perf report -q -i "$TMP/perf.data" --children --sort sym -g none \
		--stdio 2>/dev/null | grep -E "$STEPS" | head -n 60 |
		sed "s/^/# $impl incl /"
done
"$ZONESEC" -n "$ZL" stats 2>&1 | head -n 20
exit 0
