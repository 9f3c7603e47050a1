# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The two-host topology and helpers of the AH and ESP-null tests against
# Linux XFRM (ah4_xfrm.sh, ah4_tunnel_xfrm.sh, ah6_xfrm.sh,
# ah6_tunnel_xfrm.sh, esp4_null_xfrm.sh), IPv4 and IPv6 on the same link:
#
#   [zs]  eth0 192.0.2.1   ===== AH ===== eth0 192.0.2.2    [xfrm]
#         eth0 2001:db8::1    tcpdump     eth0 2001:db8::2
#   lo 198.51.100.1, 2001:db8:1::1        lo 203.0.113.1, 2001:db8:2::1
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1
#
# ah_family OUTER [INNER] picks the family of the AH header's IP header
# (and of the tunnelled packets): A_ZS, A_XF are the outer addresses, I_ZS,
# I_XF the inner ones (tunnel mode); IPv4 both unless a test says else.
#
# XFRM's AH states over IPv4 get "flag align4": RFC 4302 2.6 pads AH to
# 32 bits over IPv4, as zonesec sends it; Linux XFRM pads to 64 bits
# without that flag and refuses other paddings. Over IPv6 both pad to 64
# bits. Windows of 1024: veth may reorder under TCG (see
# esp4_transport_xfrm.sh). Neighbours are static: a transport policy
# between the two hosts covers neighbour discovery too.
#
#   source "$(dirname "$0")/lib.sh"
#   source "$(dirname "$0")/lib_ipsec.sh"
#   source "$(dirname "$0")/lib_ah.sh"
#   ah_topology

# shellcheck disable=SC2034	# used by the test scripts
{
readonly A4_ZS=192.0.2.1 A4_XF=192.0.2.2
readonly I4_ZS=198.51.100.1 I4_XF=203.0.113.1
readonly A6_ZS=2001:db8::1 A6_XF=2001:db8::2
readonly I6_ZS=2001:db8:1::1 I6_XF=2001:db8:2::1
readonly MAC_ZS=02:00:00:00:00:01 MAC_XF=02:00:00:00:00:02
}

# ah_family OUTER [INNER]: 4 or 6; INNER defaults to OUTER. Sets A_ZS,
# A_XF, I_ZS, I_XF, the XFRM state flag (XFLAG), and for a tunnel of
# another family inside, the words both tools need (ZS_INNER, XF_SEL).
ah_family() {
	local inner=${2:-$1}
	AH_OUTER=$1
	AH_INNER=$inner
	if [[ $1 == 6 ]]; then
		A_ZS=$A6_ZS A_XF=$A6_XF XFLAG=''
	else
		A_ZS=$A4_ZS A_XF=$A4_XF XFLAG="flag align4"
	fi
	if [[ $inner == 6 ]]; then
		I_ZS=$I6_ZS I_XF=$I6_XF
	else
		I_ZS=$I4_ZS I_XF=$I4_XF
	fi
	ZS_INNER='' XF_SEL=''
	if [[ $inner != "$1" ]]; then
		# XFRM gives a state without a selector its own family's
		if [[ $inner == 6 ]]; then
			ZS_INNER="inner-family inet6"
			XF_SEL="sel src ::/0 dst ::/0"
		else
			ZS_INNER="inner-family inet"
			XF_SEL="sel src 0.0.0.0/0 dst 0.0.0.0/0"
		fi
	fi
}
ah_family 4

# ah_require: what the AH tests (and esp4_null_xfrm.sh) need: skip if
# it is missing.
ah_require() {
	require_root
	require_cmd ip ping tcpdump /usr/bin/python3
	[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"
	/usr/bin/python3 -c 'import scapy' 2>/dev/null || skip "needs python3-scapy"
}

# ah_topology: the namespaces, the link, the addresses of both families,
# the module, a scratch directory in $tmp.
ah_topology() {
	setup_ns NS_ZS NS_XF
	zonesec_load
	veth_link "$NS_ZS" eth0 "$NS_XF" eth0
	check "zs: addresses, routes, static neighbour" ip_batch "$NS_ZS" <<-END
		link set eth0 address $MAC_ZS
		addr add $A4_ZS/24 dev eth0
		addr add $A6_ZS/64 dev eth0 nodad
		addr add $I4_ZS/32 dev lo
		addr add $I6_ZS/128 dev lo nodad
		route add $I4_XF/32 via $A4_XF src $I4_ZS
		route add $I6_XF/128 via $A6_XF src $I6_ZS
		neigh add $A6_XF lladdr $MAC_XF dev eth0 nud permanent
	END
	check "xfrm: addresses, routes, static neighbour" ip_batch "$NS_XF" <<-END
		link set eth0 address $MAC_XF
		addr add $A4_XF/24 dev eth0
		addr add $A6_XF/64 dev eth0 nodad
		addr add $I4_XF/32 dev lo
		addr add $I6_XF/128 dev lo nodad
		route add $I4_ZS/32 via $A4_ZS src $I4_XF
		route add $I6_ZS/128 via $A6_ZS src $I6_XF
		neigh add $A6_ZS lladdr $MAC_ZS dev eth0 nud permanent
	END
	tmp=$(mktemp -d)
	defer rm -rf "$tmp"
}

# key_of BYTES SEED: a fixed key of BYTES bytes.
key_of() {
	local i k=0x
	for ((i = 0; i < $1; i++)); do
		printf -v k '%s%02x' "$k" $((($2 + i * 7) % 256))
	done
	printf '%s\n' "$k"
}

sa_field() {	# sa_field PROTO SPI DST PYTHON-EXPRESSION-ON-s
	"$ZONESEC" -n "$NS_ZS" -j sa get dst "$3" proto "$1" spi "$2" |
		"$ZS_PYTHON" -c 'import json,sys; s = json.load(sys.stdin); print(eval(sys.argv[1]))' "$4"
}

drops() {	# drops PROTO SPI DST: all drop counters of a zs SA, summed
	sa_field "$1" "$2" "$3" 'sum(v for k, v in s["stats"].items() if k.startswith("drop"))'
}

# XPROTO: the protocol of the SAs setup and traffic speak of; esp for
# the ESP tests that share this topology.
XPROTO=ah
# the algorithm words of the cases that are not about algorithms
H="auth-trunc hmac(sha256)"

# setup N MODE ALGWORDS_OUT ALGWORDS_IN [XFRM-FLAG-WORDS [SEQ-OUT SEQ-IN]]:
# SAs (of XPROTO) and policies for case N on both sides. ALGWORDS are the
# algorithm words (same for both tools) of the zs -> xfrm and xfrm -> zs
# SAs; SEQ-OUT is "replay-oseq N" for zs's outbound SA, SEQ-IN
# "replay-seq N" for its inbound one (XFRM's states get the mirror).
setup() {
	local n=$1 mode=$2 aout=$3 ain=$4 xflag=${5-$XFLAG}
	local zo=${6-} zi=${7-} sel_o sel_i t_o t_i
	if [[ $mode == tunnel ]]; then
		sel_o="src $I_ZS dst $I_XF"
		sel_i="src $I_XF dst $I_ZS"
		t_o="src $A_ZS dst $A_XF"
		t_i="src $A_XF dst $A_ZS"
	else
		sel_o="src $A_ZS dst $A_XF"
		sel_i="src $A_XF dst $A_ZS"
		t_o=
		t_i=
	fi
	# The word "" is the empty key of ecb(cipher_null): the CLI gets an
	# empty argument, ip -batch below reads the quotes itself.
	local -a zw_out zw_in
	read -ra zw_out <<<"$aout"
	read -ra zw_in <<<"$ain"
	zw_out=("${zw_out[@]/#\"\"/}")
	zw_in=("${zw_in[@]/#\"\"/}")
	# shellcheck disable=SC2086	# the words are meant to split
	check "case $n: zs SAs and policies" zs "$NS_ZS" sa add src $A_ZS \
		dst $A_XF proto $XPROTO spi $((0x1000 + n)) reqid 1 mode $mode \
		$ZS_INNER "${zw_out[@]}" replay-window 1024 $zo &&
		zs "$NS_ZS" sa add src $A_XF dst $A_ZS proto $XPROTO \
			spi $((0x2000 + n)) reqid 1 mode $mode $ZS_INNER \
			"${zw_in[@]}" replay-window 1024 $zi &&
		zs "$NS_ZS" policy add $sel_o dir out tmpl $t_o proto $XPROTO \
			reqid 1 mode $mode &&
		zs "$NS_ZS" policy add $sel_i dir in tmpl $t_i proto $XPROTO \
			reqid 1 mode $mode
	check "case $n: xfrm states and policies" ip_batch "$NS_XF" <<-END
		xfrm state add src $A_ZS dst $A_XF proto $XPROTO spi $((0x1000 + n)) reqid 1 mode $mode $aout replay-window 1024 $xflag ${zo/oseq/seq} $XF_SEL
		xfrm state add src $A_XF dst $A_ZS proto $XPROTO spi $((0x2000 + n)) reqid 1 mode $mode $ain replay-window 1024 $xflag ${zi/seq/oseq} $XF_SEL
		xfrm policy add $sel_i dir out tmpl $t_i proto $XPROTO reqid 1 mode $mode
		xfrm policy add $sel_o dir in tmpl $t_o proto $XPROTO reqid 1 mode $mode
	END
}

teardown() {
	check "case $1: flush" zs "$NS_ZS" sa flush
	run_cmd "$ZONESEC" -n "$NS_ZS" policy flush
	run_cmd ip -n "$NS_XF" xfrm state flush
	run_cmd ip -n "$NS_XF" xfrm policy flush
}

# traffic N MODE: pings (plain, with TOS bits, with record route) and
# TCP both ways; no drops; XFRM verified every packet zs sent.
traffic() {
	local n=$1 mode=$2 zs=$A_ZS xf=$A_XF src=() xs
	if [[ $mode == tunnel ]]; then
		zs=$I_ZS
		xf=$I_XF
		src=(-I "$I_ZS")
	fi
	check "case $n: ping zs -> xfrm" ns_run "$NS_ZS" ping "${src[@]}" -c 2 -i 0.2 -W 2 $xf
	check "case $n: ping xfrm -> zs" ns_run "$NS_XF" ping -c 2 -i 0.2 -W 2 $zs
	check "case $n: ping zs -> xfrm, DSCP and ECN set" \
		ns_run "$NS_ZS" ping "${src[@]}" -Q 0xb9 -c 2 -i 0.2 -W 2 $xf
	check "case $n: ping xfrm -> zs, DSCP and ECN set" \
		ns_run "$NS_XF" ping -Q 0xb9 -c 2 -i 0.2 -W 2 $zs
	if [[ $mode == transport && $AH_OUTER == 4 ]]; then
		check "case $n: ping zs -> xfrm, record-route option" \
			ns_run "$NS_ZS" ping -R -c 2 -i 0.2 -W 2 $xf
		check "case $n: ping xfrm -> zs, record-route option" \
			ns_run "$NS_XF" ping -R -c 2 -i 0.2 -W 2 $zs
	fi
	tcp_xfer "$NS_ZS" "$NS_XF" $xf 200000
	tcp_xfer "$NS_XF" "$NS_ZS" $zs 200000
	[[ $mode == transport && $AH_OUTER == 6 ]] && exthdr_udp "$n"
	check_eq "case $n: no drops on zs's inbound SA" \
		"$(drops $XPROTO $((0x2000 + n)) $A_ZS)" 0
	zs_check_match "case $n: zs verified packets" \
		"$(sa_field $XPROTO $((0x2000 + n)) $A_ZS 's["stats"]["packets-in"]')" \
		'^[1-9][0-9]{2,}$'
	xs=$(ip -n "$NS_XF" -s xfrm state get src $A_ZS dst $A_XF proto $XPROTO spi $((0x1000 + n)))
	zs_check_match "case $n: xfrm verified every packet zs sent" "$xs" \
		" $(sa_field $XPROTO $((0x1000 + n)) $A_XF 's["stats"]["packets-out"]')\\(packets\\)"
	zs_check_match "case $n: xfrm counted no integrity failure" "$xs" \
		'replay [0-9]+ failed 0'
}

# capture_start FILE [NS] / capture_stop: tcpdump on the eth0 of NS
# (default xfrm's). In tunnel mode capture on zonesec's side: XFRM
# re-injects decapsulated packets through the device, where a capture
# on its side would see them in clear.
capture_start() {
	ah_capture=$1
	pcap_start "${2:-$NS_XF}" eth0 "$ah_capture"
}

capture_stop() {
	pcap_stop "$ah_capture"
}

# exthdr_udp N: a UDP datagram each way whose IPv6 header carries a
# hop-by-hop header and destination options, each with option 0x3e: skip
# if unknown, "may change en route" (RFC 8200 4.2), three bytes of
# non-zero data. With no routing header both stay in front of AH (as
# ip6_find_1stfragopt() says, for XFRM and zonesec alike), so a sender's
# ICV covers those bytes zeroed; had either side not zeroed them, the
# other would fail to verify the packet, and it would not arrive.
exthdr_udp() {
	local n=$1
	check "case $n: UDP with hop-by-hop and destination options, zs -> xfrm" \
		exthdr_send "$NS_ZS" "$NS_XF" "$A_XF"
	check "case $n: UDP with hop-by-hop and destination options, xfrm -> zs" \
		exthdr_send "$NS_XF" "$NS_ZS" "$A_ZS"
}

# exthdr_send FROM_NS TO_NS TO_ADDR: the datagram of exthdr_udp arrives.
exthdr_send() {
	local port=$((30000 + RANDOM % 10000)) srv got
	rm -f "$tmp/exthdr.ready"
	ip netns exec "$2" "$ZS_PYTHON" -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2]))); s.settimeout(10)
open(sys.argv[3], "w").close()
print(s.recv(100).decode())' "$3" "$port" "$tmp/exthdr.ready" >"$tmp/exthdr.got" &
	srv=$!
	# under TCG python takes a while to start: send once it listens
	for _ in $(seq 100); do
		[[ -e "$tmp/exthdr.ready" ]] && break
		sleep 0.1
	done
	ip netns exec "$1" "$ZS_PYTHON" -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
# next header (the kernel sets it), length 0: 8 bytes; option 0x3e, 3
# bytes of data, Pad1
opts = bytes([0, 0, 0x3e, 3, 0xaa, 0xbb, 0xcc, 0])
s.setsockopt(socket.IPPROTO_IPV6, getattr(socket, "IPV6_HOPOPTS", 54), opts)
s.setsockopt(socket.IPPROTO_IPV6, getattr(socket, "IPV6_DSTOPTS", 59), opts)
for _ in range(3):
    s.sendto(b"exthdr ok", (sys.argv[1], int(sys.argv[2])))' "$3" "$port"
	wait "$srv"
	got=$(cat "$tmp/exthdr.got")
	printf 'received: %s\n' "$got"
	[[ $got == "exthdr ok" ]]
}

# wire_check FILE: no packet of the test's addresses in clear, AH on the
# wire; sets $dump to the decoded AH packets (one tcpdump run: each costs
# seconds under TCG). Link-local IPv6 (neighbour discovery, MLD) is not
# the test's traffic.
wire_check() {
	local all clear ah re
	re="^[0-9:.]+ IP6? ($A_ZS|$A_XF|$I_ZS|$I_XF)[. ]"
	all=$(tcpdump -r "$1" -nn 2>/dev/null)
	dump=$(grep 'AH(spi=' <<<"$all")
	clear=$(grep -E "$re" <<<"$all" | grep -vc 'AH(spi=')
	ah=$(grep -c . <<<"$dump")
	check_eq "no packet of the test's addresses in clear on the wire" "$clear" 0
	zs_check_match "AH (protocol 51) on the wire ($ah packets)" "$ah" '^[0-9]{3,}$'
	grep -m 2 'ICMP6\? echo request' <<<"$dump"
}

# tamper_check N PCAP: a captured xfrm -> zs AH packet of case N (SPI
# 0x2000 + N), with a new sequence number (so the window lets it through)
# and one payload bit flipped, sent to zs: the ICV fails, drop-auth + 1.
tamper_check() {
	local n=$1 spi=$((0x2000 + $1))
	check "case $n: send a changed AH packet" ip netns exec "$NS_XF" /usr/bin/python3 -c '
import sys
from scapy.all import rdpcap, sendp, Raw
from scapy.layers.ipsec import AH
pkts = [p for p in rdpcap(sys.argv[1]) if p.haslayer(AH) and p[AH].spi == int(sys.argv[2])]
bad = pkts[-1].copy()
bad[AH].seq = 500
raw = bytearray(bytes(bad[AH].payload))
raw[-1] ^= 0x01
bad[AH].remove_payload()
bad = bad / Raw(bytes(raw))
sendp(bad, iface="eth0", verbose=False)' "$2" "$spi"
	sleep 0.5
	check_eq "case $n: drop-auth counted it" \
		"$(sa_field ah $spi "$A_ZS" 's["stats"]["drop-auth"]')" 1
}

# ah_algorithms MODE: cases 1-3, hmac(sha256) at 128 bits, hmac(sha512)
# at 256, hmac(sha1) at 96, each set up, through traffic, torn down.
ah_algorithms() {
	local n=0 alg name len bits
	for alg in "hmac(sha256) 32 128" "hmac(sha512) 64 256" "hmac(sha1) 20 96"; do
		read -r name len bits <<<"$alg"
		n=$((n + 1))
		setup "$n" "$1" "auth-trunc $name $(key_of "$len" "$n") $bits" \
			"auth-trunc $name $(key_of "$len" $((n + 100))) $bits"
		traffic "$n" "$1"
		teardown "$n"
	done
}

# ah_esn N: transport case N with ESN, both directions starting at
# 2^32 - 16: the sequence numbers go past 2^32 (their high half is in
# the ICV) and nothing is dropped.
ah_esn() {
	local n=$1 s=0xfffffff0
	setup "$n" transport "$H $(key_of 32 "$n") 128 flag esn" \
		"$H $(key_of 32 $((n + 100))) 128 flag esn" "$XFLAG" \
		"replay-oseq $s" "replay-seq $s"
	check "esn: 40 pings zs -> xfrm" ns_run "$NS_ZS" ping -c 40 -i 0.05 -W 2 -q "$A_XF"
	check "esn: 20 pings xfrm -> zs" ns_run "$NS_XF" ping -c 20 -i 0.05 -W 2 -q "$A_ZS"
	check_eq "esn: sent past 2^32" \
		"$(sa_field ah $((0x1000 + n)) "$A_XF" 's["seq_out"] > 2**32')" True
	check_eq "esn: received past 2^32" \
		"$(sa_field ah $((0x2000 + n)) "$A_ZS" 's["seq_in"] > 2**32')" True
	check_eq "esn: no drops" "$(drops ah $((0x2000 + n)) "$A_ZS")" 0
	teardown "$n"
}

# ah_transport_in_clear: after wire_check of the transport cases, the
# ICMP echo request of case 1 and the TCP of case 2 in clear after the
# AH header.
ah_transport_in_clear() {
	local icmp=ICMP echo="ICMP echo request"
	if [[ $AH_OUTER == 6 ]]; then
		icmp=ICMPv6 echo="ICMP6, echo request"
	fi
	zs_check_match "$icmp in clear after the AH header" "$dump" \
		"$A_ZS > $A_XF: AH\\(spi=0x00001001,[^)]*\\): $echo"
	zs_check_match "TCP in clear after the AH header" "$dump" \
		"AH\\(spi=0x00001002,[^)]*\\): .*Flags \\["
}

# ah_tamper N MODE: case N, xfrm -> zs pings captured (on zs's side in
# tunnel mode: capture_start), one of them sent again changed
# (tamper_check), and the SA still works.
ah_tamper() {
	local n=$1 mode=$2 to=$A_ZS on=$NS_XF
	if [[ $mode == tunnel ]]; then
		to=$I_ZS on=$NS_ZS
	fi
	setup "$n" "$mode" "$H $(key_of 32 "$n") 128" "$H $(key_of 32 $((n + 100))) 128"
	capture_start "$tmp/tamper.pcap" "$on"
	check "tamper: the SA works" ns_run "$NS_XF" ping -c 3 -i 0.2 -W 2 "$to"
	capture_stop
	tamper_check "$n" "$tmp/tamper.pcap"
	check "tamper: the SA still works" ns_run "$NS_XF" ping -c 1 -W 2 "$to"
	teardown "$n"
}
