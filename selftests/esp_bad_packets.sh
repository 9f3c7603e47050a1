#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input against zonesec's ESP, with Linux XFRM as the honest peer:
# every bad packet is dropped and counted once, by its reason, on the SA
# it names and in the namespace's sums (`zonesec stats`); the SAs keep
# working. The sequence numbers start just below 2^32 with ESN on both
# sides and in both directions, so the traffic crosses the boundary.
#
#   [h] eth0 198.51.100.2            198.51.100.0/24
#        |
#   eth1 198.51.100.1
#   [zs]  eth0 192.0.2.1 ==== ESP ==== eth0 192.0.2.2  [xfrm]
#   zonesec, forwarding        tcpdump, scapy    ip xfrm, scapy
#   SPI 0x1000 zs -> xfrm, SPI 0x2000 xfrm -> zs, reqid 1, transport
#   fwd policy on zs: 203.0.113.0/24 -> 198.51.100.0/24 must come
#   through a tunnel from xfrm (reqid 2)
#
# Packets, each crafted on xfrm's side and sent on a packet socket
# (selftests/esp_craft.py):
#   tampered (a captured packet, byte flipped) -> drop-auth
#   replayed (a captured packet again)         -> drop-replay
#   too short for an SPI                       -> drop-malformed (namespace)
#   SPI 0x2000 but truncated                   -> drop-malformed (SA)
#   unknown SPI                                -> drop-no-sa (namespace)
#   valid ICV, padding 5 6 instead of 1 2      -> drop-bad-padding (SA)
#   clear ICMP 192.0.2.2 -> 192.0.2.1          -> drop-clear-text (in policy)
#   clear ICMP 203.0.113.5 -> 198.51.100.2     -> drop-clear-text (fwd
#                                                 policy), not forwarded

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping tcpdump /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"
/usr/bin/python3 -c 'import scapy, cryptography' 2>/dev/null ||
	skip "needs python3-scapy and python3-cryptography"

readonly A_ZS=192.0.2.1 A_XF=192.0.2.2 H_GW=198.51.100.1 H=198.51.100.2
readonly AEAD='rfc4106(gcm(aes))'
readonly CRAFT="$ZS_LIB_DIR/esp_craft.py"
# 32 below 2^32: 64 pings each way cross it
readonly SEQ0=0xffffffe0

setup_ns NS_ZS NS_XF NS_H
zonesec_load
veth_link "$NS_ZS" eth0 "$NS_XF" eth0
veth_link "$NS_ZS" eth1 "$NS_H" eth0
addr_add "$NS_ZS" eth0 $A_ZS/24
addr_add "$NS_XF" eth0 $A_XF/24
addr_add "$NS_ZS" eth1 $H_GW/24
addr_add "$NS_H" eth0 $H/24
check "h: default route" ip -n "$NS_H" route add default via $H_GW
check "xfrm: route to h" ip -n "$NS_XF" route add 198.51.100.0/24 via $A_ZS
check "zs: route to the branch prefix" ip -n "$NS_ZS" route add \
	203.0.113.0/24 via $A_XF
ns_sysctl "$NS_ZS" net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
	net.ipv4.conf.eth0.rp_filter=0

check "zs: outbound SA, ESN, next seq 2^32 - 31" zs "$NS_ZS" sa add \
	src $A_ZS dst $A_XF proto esp spi 0x1000 reqid 1 mode transport \
	aead "$AEAD" "$KEY_GCM128" 128 flag esn replay-oseq $SEQ0
check "zs: inbound SA, ESN, seen up to 2^32 - 48" zs "$NS_ZS" sa add \
	src $A_XF dst $A_ZS proto esp spi 0x2000 reqid 1 mode transport \
	aead "$AEAD" "$KEY_GCM128_B" 128 replay-window 1024 flag esn \
	replay-seq 0xffffffd0
check "zs: policy out" zs "$NS_ZS" policy add src $A_ZS dst $A_XF dir out \
	tmpl proto esp reqid 1 mode transport
check "zs: policy in" zs "$NS_ZS" policy add src $A_XF dst $A_ZS dir in \
	tmpl proto esp reqid 1 mode transport
check "zs: policy fwd" zs "$NS_ZS" policy add src 203.0.113.0/24 \
	dst 198.51.100.0/24 dir fwd tmpl src $A_XF dst $A_ZS proto esp \
	reqid 2 mode tunnel

check "xfrm: states and policies, ESN, near 2^32" ip_batch "$NS_XF" <<-END
	xfrm state add src $A_ZS dst $A_XF proto esp spi 0x1000 reqid 1 mode transport flag esn replay-window 1024 replay-seq 0xffffffd0 aead $AEAD $KEY_GCM128 128
	xfrm state add src $A_XF dst $A_ZS proto esp spi 0x2000 reqid 1 mode transport flag esn replay-window 1024 replay-oseq $SEQ0 aead $AEAD $KEY_GCM128_B 128
	xfrm policy add src $A_XF dst $A_ZS dir out tmpl proto esp reqid 1 mode transport
	xfrm policy add src $A_ZS dst $A_XF dir in tmpl proto esp reqid 1 mode transport
END

zs_mac=$(ip -n "$NS_ZS" -br link show eth0 | awk '{print $3}')
craft() {
	ns_run "$NS_XF" /usr/bin/python3 "$CRAFT" eth0 "$zs_mac" "$@"
}
# ctr WHERE NAME: a counter of the namespace (WHERE = ns) or of the SA
# whose SPI is WHERE, from `zonesec -j stats`
ctr() {
	"$ZONESEC" -n "$NS_ZS" -j stats | "$ZS_PYTHON" -c '
import json, sys
s = json.load(sys.stdin)
where, name = sys.argv[1], sys.argv[2]
if where == "ns":
    print({**s["counters"], **s["drops"]}[name])
else:
    print([a for a in s["sa"] if a["spi"] == int(where, 0)][0]["drops"][name])' "$1" "$2"
}
sa_json() {	# sa_json SPI DST KEY
	"$ZONESEC" -n "$NS_ZS" -j sa get dst "$2" proto esp spi "$1" |
		"$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$3"
}

tmp=$(mktemp -d)
defer rm -rf "$tmp"
pcap_start "$NS_XF" eth0 "$tmp/wire.pcap"

# ---- ESN across 2^32 --------------------------------------------------------
check "64 pings zs -> xfrm across 2^32, none lost" \
	ns_run "$NS_ZS" ping -c 64 -i 0.02 -W 2 -q $A_XF
check "64 pings xfrm -> zs across 2^32, none lost" \
	ns_run "$NS_XF" ping -c 64 -i 0.02 -W 2 -q $A_ZS
out_seq=$(sa_json 0x1000 $A_XF seq_out)
in_seq=$(sa_json 0x2000 $A_ZS seq_in)
printf 'zs seq_out %#x, seq_in %#x\n' "$out_seq" "$in_seq"
check "zs sent past 2^32" test "$out_seq" -gt $((1 << 32))
check "zs received past 2^32" test "$in_seq" -gt $((1 << 32))
xf=$(ip -n "$NS_XF" -s xfrm state get src $A_ZS dst $A_XF proto esp spi 0x1000)
printf '%s\n' "$xf"
zs_check_match "xfrm's window is past 2^32 too" "$xf" "seq-hi 0x1"
tcp_xfer "$NS_ZS" "$NS_XF" $A_XF 300000
tcp_xfer "$NS_XF" "$NS_ZS" $A_ZS 300000

pcap_stop "$tmp/wire.pcap"
for r in auth replay malformed crypto too-big seq-overflow policy nomem \
	bad-padding; do
	check_eq "no drop-$r so far (SA 0x2000)" "$(ctr 0x2000 drop-$r)" 0
done
"$ZONESEC" -n "$NS_ZS" stats

# ---- bad packets, all sent by one scapy run ---------------------------------
top=$(sa_json 0x2000 $A_ZS seq_in)
declare -A sa0 ns0
for r in auth replay malformed bad-padding; do
	sa0[$r]=$(ctr 0x2000 drop-$r)
done
for r in auth replay malformed bad-padding no-sa clear-text; do
	ns0[$r]=$(ctr ns drop-$r)
done
echos() {	# ICMP echo requests h has received
	ip netns exec "$NS_H" "$ZS_PYTHON" -c '
lines = [l.split() for l in open("/proc/net/snmp") if l.startswith("Icmp:")]
print(lines[1][lines[0].index("InEchos")])'
}
check "a clear packet no fwd policy covers is forwarded" \
	ns_run "$NS_XF" ping -c 1 -W 2 $H
e=$(echos)
"$ZONESEC" -n "$NS_ZS" -j stats >"$tmp/before.json"

# a few of xfrm's packets are enough for scapy to read
run_cmd tcpdump -r "$tmp/wire.pcap" -w "$tmp/few.pcap" -c 16 \
	"esp and src $A_XF" 2>/dev/null
check "send the bad packets" craft \
	tamper "$tmp/few.pcap" 0x2000 $((top + 50)) -- \
	replay "$tmp/few.pcap" 0x2000 -- \
	short $A_XF $A_ZS -- \
	truncated $A_XF $A_ZS 0x2000 $(((top + 60) & 0xffffffff)) -- \
	unknown $A_XF $A_ZS 0x9999 -- \
	badpad $A_XF $A_ZS 0x2000 $((top + 70)) "$KEY_GCM128_B" 1 -- \
	clear $A_XF $A_ZS -- \
	clear 203.0.113.5 $H
sleep 0.5
"$ZONESEC" -n "$NS_ZS" stats

# expect WHERE NAME BEFORE N: the counter grew by exactly N
expect() {
	check_eq "$2: +$4 ($1)" "$(ctr "$1" "$2")" $(($3 + $4))
}
expect 0x2000 drop-auth "${sa0[auth]}" 1
expect ns drop-auth "${ns0[auth]}" 1
expect 0x2000 drop-replay "${sa0[replay]}" 1
expect ns drop-replay "${ns0[replay]}" 1
# one too short to name an SA, one truncated after the SPI of 0x2000
expect 0x2000 drop-malformed "${sa0[malformed]}" 1
expect ns drop-malformed "${ns0[malformed]}" 2
expect ns drop-no-sa "${ns0[no-sa]}" 1
expect 0x2000 drop-bad-padding "${sa0[bad-padding]}" 1
expect ns drop-bad-padding "${ns0[bad-padding]}" 1
# one for this host (in policy), one to forward (fwd policy)
expect ns drop-clear-text "${ns0[clear-text]}" 2
check_eq "the covered clear packet was not forwarded" "$(echos)" "$e"

# ---- the SAs still work, nothing else was counted ---------------------------
check "the SAs still work" ns_run "$NS_XF" ping -c 3 -i 0.2 -W 2 $A_ZS
"$ZONESEC" -n "$NS_ZS" sa show
"$ZONESEC" -n "$NS_ZS" -j stats >"$tmp/after.json"
# (the TCP transfers may have counted drop-too-big: PMTU discovery)
others=$("$ZS_PYTHON" - "$tmp/before.json" "$tmp/after.json" <<-'PY'
	import json, sys
	b, a = (json.load(open(f)) for f in sys.argv[1:3])
	sent = {"drop-auth", "drop-replay", "drop-malformed", "drop-no-sa",
	        "drop-bad-padding", "drop-clear-text"}
	moved = [k for k in a["drops"] if k not in sent and a["drops"][k] != b["drops"][k]]
	sa = lambda s, spi: [x for x in s["sa"] if x["spi"] == spi][0]["drops"]
	moved += ["sa 0x1000 " + k for k, v in sa(a, 0x1000).items() if v != sa(b, 0x1000)[k]]
	print(" ".join(moved) or "none")
PY
)
check_eq "no other counter moved" "$others" none

# ---- the same counters through the kernel's YNL client and our spec ----------
YNL_DIR=${YNL_DIR:-$ZS_TOP_DIR/build/ynl}
if [ -f "$YNL_DIR/tools/net/ynl/cli.py" ]; then
	ynl() {
		printf '+ cli.py --spec zonesec.yaml %s\n' "$*" >&2
		ip netns exec "$NS_ZS" /usr/bin/python3 \
			"$YNL_DIR/tools/net/ynl/cli.py" \
			--spec "$ZS_TOP_DIR/Documentation/netlink/specs/zonesec.yaml" \
			--schema "$YNL_DIR/Documentation/netlink/genetlink-c.yaml" "$@"
	}
	ynl --do stats-get --output-json >"$tmp/ynl.json"
	"$ZONESEC" -n "$NS_ZS" -j stats >"$tmp/zs.json"
	check "cli.py stats-get agrees with zonesec stats" "$ZS_PYTHON" -c '
import json, sys
y = json.load(open(sys.argv[1]))["stats"]
z = json.load(open(sys.argv[2]))
z = {**z["counters"], **z["drops"]}
bad = {k: (y.get(k), v) for k, v in z.items() if y.get(k) != v}
print(bad or "same")
sys.exit(1 if bad else 0)' "$tmp/ynl.json" "$tmp/zs.json"
	out=$(ynl --do stats-get --json '{"stats": {"drop-auth": 7}}' 2>&1) &&
		log_fail "a request with the reply-only stats nest was accepted"
	check_match "stats in a request refused with the reason" "$out" \
		"stats are reply-only"
else
	log_info "no YNL cli.py under $YNL_DIR: the spec's stats-get not driven"
fi
