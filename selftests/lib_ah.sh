# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The two-host topology and helpers of the AH and ESP-null tests against
# Linux XFRM (ah4_xfrm.sh, ah4_tunnel_xfrm.sh, esp4_null_xfrm.sh):
#
#   [zs]  eth0 192.0.2.1 ===== AH ===== eth0 192.0.2.2  [xfrm]
#   lo 198.51.100.1          tcpdump          lo 203.0.113.1
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1
#
# XFRM's AH states get "flag align4": RFC 4302 2.6 pads AH to 32 bits
# over IPv4, as zonesec sends it; Linux XFRM pads to 64 bits without that
# flag and refuses other paddings. Windows of 1024: veth may reorder
# under TCG (see esp4_transport_xfrm.sh).
#
#   source "$(dirname "$0")/lib.sh"
#   source "$(dirname "$0")/lib_ipsec.sh"
#   source "$(dirname "$0")/lib_ah.sh"
#   ah_topology

# shellcheck disable=SC2034	# used by the test scripts
{
readonly A_ZS=192.0.2.1 A_XF=192.0.2.2
readonly I_ZS=198.51.100.1 I_XF=203.0.113.1
}

# ah_topology: the namespaces, the link, the addresses, the module, a
# scratch directory in $tmp.
ah_topology() {
	setup_ns NS_ZS NS_XF
	zonesec_load
	veth_link "$NS_ZS" eth0 "$NS_XF" eth0
	addr_add "$NS_ZS" eth0 $A_ZS/24
	addr_add "$NS_XF" eth0 $A_XF/24
	addr_add "$NS_ZS" lo $I_ZS/32
	addr_add "$NS_XF" lo $I_XF/32
	run_cmd ip -n "$NS_ZS" route add $I_XF/32 via $A_XF src $I_ZS
	run_cmd ip -n "$NS_XF" route add $I_ZS/32 via $A_ZS src $I_XF
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

# setup N MODE ALGWORDS_OUT ALGWORDS_IN [XFRM-FLAG-WORDS [SEQ-OUT SEQ-IN]]:
# AH SAs and policies for case N on both sides. ALGWORDS are the
# algorithm words (same for both tools) of the zs -> xfrm and xfrm -> zs
# SAs; SEQ-OUT is "replay-oseq N" for zs's outbound SA, SEQ-IN
# "replay-seq N" for its inbound one (XFRM's states get the mirror).
setup() {
	local n=$1 mode=$2 aout=$3 ain=$4 xflag=${5-flag align4}
	local zo=${6-} zi=${7-} sel_o sel_i t_o t_i
	if [[ $mode == tunnel ]]; then
		sel_o="src $I_ZS/32 dst $I_XF/32"
		sel_i="src $I_XF/32 dst $I_ZS/32"
		t_o="src $A_ZS dst $A_XF"
		t_i="src $A_XF dst $A_ZS"
	else
		sel_o="src $A_ZS dst $A_XF"
		sel_i="src $A_XF dst $A_ZS"
		t_o=
		t_i=
	fi
	# shellcheck disable=SC2086	# the words are meant to split
	check "case $n: zs SAs and policies" zs "$NS_ZS" sa add src $A_ZS \
		dst $A_XF proto ah spi $((0x1000 + n)) reqid 1 mode $mode \
		$aout replay-window 1024 $zo &&
		zs "$NS_ZS" sa add src $A_XF dst $A_ZS proto ah \
			spi $((0x2000 + n)) reqid 1 mode $mode $ain \
			replay-window 1024 $zi &&
		zs "$NS_ZS" policy add $sel_o dir out tmpl $t_o proto ah \
			reqid 1 mode $mode &&
		zs "$NS_ZS" policy add $sel_i dir in tmpl $t_i proto ah \
			reqid 1 mode $mode
	check "case $n: xfrm states and policies" ip_batch "$NS_XF" <<-END
		xfrm state add src $A_ZS dst $A_XF proto ah spi $((0x1000 + n)) reqid 1 mode $mode $aout replay-window 1024 $xflag ${zo/oseq/seq}
		xfrm state add src $A_XF dst $A_ZS proto ah spi $((0x2000 + n)) reqid 1 mode $mode $ain replay-window 1024 $xflag ${zi/seq/oseq}
		xfrm policy add $sel_i dir out tmpl $t_i proto ah reqid 1 mode $mode
		xfrm policy add $sel_o dir in tmpl $t_o proto ah reqid 1 mode $mode
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
	if [[ $mode == transport ]]; then
		check "case $n: ping zs -> xfrm, record-route option" \
			ns_run "$NS_ZS" ping -R -c 2 -i 0.2 -W 2 $xf
		check "case $n: ping xfrm -> zs, record-route option" \
			ns_run "$NS_XF" ping -R -c 2 -i 0.2 -W 2 $zs
	fi
	tcp_xfer "$NS_ZS" "$NS_XF" $xf 200000
	tcp_xfer "$NS_XF" "$NS_ZS" $zs 200000
	check_eq "case $n: no drops on zs's inbound SA" \
		"$(drops ah $((0x2000 + n)) $A_ZS)" 0
	xs=$(ip -n "$NS_XF" -s xfrm state get src $A_ZS dst $A_XF proto ah spi $((0x1000 + n)))
	zs_check_match "case $n: xfrm verified every packet zs sent" "$xs" \
		" $(sa_field ah $((0x1000 + n)) $A_XF 's["stats"]["packets-out"]')\\(packets\\)"
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

# wire_check FILE: no IPv4 in clear, AH on the wire; sets $dump to the
# decoded AH packets (one tcpdump run: each costs seconds under TCG).
wire_check() {
	local all clear ah
	all=$(tcpdump -r "$1" -nn 2>/dev/null)
	dump=$(grep ': AH(' <<<"$all")
	clear=$(grep -E '^[0-9:.]+ IP ' <<<"$all" | grep -vc ': AH(')
	ah=$(grep -c . <<<"$dump")
	check_eq "no IPv4 packet in clear on the wire" "$clear" 0
	zs_check_match "AH (protocol 51) on the wire ($ah packets)" "$ah" '^[0-9]{3,}$'
	grep -m 2 'ICMP echo request' <<<"$dump"
}

