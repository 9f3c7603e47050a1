# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The measuring part of the zone firewall's scale test, shared by
# fw_scale.sh (a selftest) and bench/fw.sh (make bench):
#
#   [c] c0 ── g0 [gw] g1 ── s0 [s]
#   192.0.2.1/25      198.51.100.2/25
#        zone out       zone in
#
# Every UDP packet of a measurement is made to go through the rules: an
# nftables raw-priority "notrack" in the gateway marks it untracked, so
# no conntrack entry short-cuts the lookup (zonesec evaluates untracked
# packets like NEW ones).  The rules are "udp dport P accept" for 1..N-1
# other ports, then the one iperf3's data uses; the way back (iperf3's
# UDP hello reply) is accepted by the in -> out policy and its nftables
# twin.  Sourced after lib.sh.

[[ -z "${ZS_LIB_FW_SCALE_SOURCED:-}" ]] || return 0
ZS_LIB_FW_SCALE_SOURCED=1

# fw_scale_topology VAR_C VAR_GW VAR_S TMPDIR: the three namespaces (names
# in the variables), links, addresses, the notrack table in the gateway
# and an iperf3 server in s (killed at exit).
fw_scale_topology() {
	local vc=$1 vg=$2 vs=$3 tmp=$4 c g s i
	setup_ns "$vc" "$vg" "$vs" || return
	c=${!vc} g=${!vg} s=${!vs}
	ip_batch "" <<-EOF || return
		link add c0 netns $c type veth peer name g0 netns $g
		link add s0 netns $s type veth peer name g1 netns $g
	EOF
	ip_batch "$c" <<-EOF || return
		addr add 192.0.2.1/25 dev c0
		link set c0 up
		route add default via 192.0.2.2
	EOF
	ip_batch "$s" <<-EOF || return
		addr add 198.51.100.2/25 dev s0
		link set s0 up
		route add default via 198.51.100.1
	EOF
	ip_batch "$g" <<-EOF || return
		addr add 192.0.2.2/25 dev g0
		addr add 198.51.100.1/25 dev g1
		link set g0 up
		link set g1 up
	EOF
	ns_sysctl "$g" net.ipv4.ip_forward=1 || return

	ns_run "$s" iperf3 -s -D -p 5201 -I "$tmp/iperf3-$s.pid" \
		--logfile "$tmp/iperf3-$s.log" || return
	for ((i = 0; i < 100; i++)); do
		[[ -s "$tmp/iperf3-$s.pid" ]] && break
		sleep 0.05
	done
	defer kill "$(cat "$tmp/iperf3-$s.pid")"

	# Untracked UDP: every packet meets the rules.
	ns_run "$g" nft -f - <<-EOF
		table inet zsbench_raw {
			chain pre {
				type filter hook prerouting priority raw; policy accept;
				meta l4proto udp notrack
			}
		}
	EOF
}

# fw_zs_file N: a zonesec rule set with N rules, the last one the match.
fw_zs_file() {
	awk -v n="$1" 'BEGIN {
		print "zone add out dev g0"
		print "zone add in dev g1"
		print "zone policy from in to out accept"
		print "rule add from out to in proto tcp dport 5201 action accept"
		for (i = 1; i < n - 1; i++)
			printf "rule add from out to in proto udp dport %d action accept\n", 10000 + i
		print "rule add from out to in proto udp dport 5201 action accept"
	}'
}

# fw_nft_file N: the same for nftables, in a forward chain that drops by
# default (table inet zsbench).
fw_nft_file() {
	awk -v n="$1" 'BEGIN {
		print "table inet zsbench {"
		print "  chain forward_filter {"
		print "    type filter hook forward priority filter; policy drop;"
		print "    ct state established,related accept"
		print "    tcp dport 5201 accept"
		print "    iifname \"g1\" accept"
		for (i = 1; i < n - 1; i++)
			printf "    udp dport %d accept\n", 10000 + i
		print "    udp dport 5201 accept"
		print "  }"
		print "}"
	}'
}

# fw_rate NS_C [SECONDS]: UDP packets per second (64-byte payloads, as
# fast as iperf3 sends) received through the gateway by s; 0 when
# nothing arrived.
fw_rate() {
	local ns=$1 t=${2:-3} out pps
	out=$(ip netns exec "$ns" iperf3 -c 198.51.100.2 -u -l 64 -b 0 \
		-t "$t" -J 2>&1)
	pps=$(printf '%s' "$out" | "$ZS_PYTHON" -c '
import json, sys
j = json.load(sys.stdin)
s = j["end"]["sum"]
print(int(s["packets"] - s["lost_packets"]) // int(sys.argv[1]) if "packets" in s else 0)' "$t" 2>/dev/null) || pps=0
	printf '%s' "$pps"
}
