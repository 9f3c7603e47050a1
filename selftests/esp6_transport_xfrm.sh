#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ESP transport mode over IPv6 against Linux XFRM, with each AEAD and the
# cipher + auth pair:
#
#   1. rfc4106(gcm(aes)) 128      3. rfc7539esp(chacha20,poly1305)
#   2. rfc4106(gcm(aes)) 256      4. cbc(aes) + hmac(sha256) at 128 bits
#
# For each: ping6 both ways and a TCP transfer both ways whose bytes are
# checked (at full size: the MSS comes down through our own "packet too
# big" to the local socket), no drops on zonesec's inbound SA, and XFRM
# decrypted what zonesec sent. On the wire (tcpdump on XFRM's side) only
# ESP between the two hosts. Then: what the kernel refuses for IPv6
# (families transport mode cannot carry), and the CLI's IPv6 words.
#
# The neighbours are static: a policy covering every packet between the
# two hosts covers neighbour discovery too (XFRM would encrypt its
# neighbour advertisements), and that is not what this test is about.
# Windows of 1024 packets: veth may reorder (see esp4_transport_xfrm.sh).
#
#   [zs]  eth0 2001:db8::1 ==== ESP ==== eth0 2001:db8::2  [xfrm]
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping tcpdump /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly A_ZS=2001:db8::1 A_XF=2001:db8::2
readonly MAC_ZS=02:00:00:00:00:01 MAC_XF=02:00:00:00:00:02

setup_ns NS_ZS NS_XF
zonesec_load
veth_link "$NS_ZS" eth0 "$NS_XF" eth0
check "zs: address, static neighbour" ip_batch "$NS_ZS" <<-END
	link set eth0 address $MAC_ZS
	addr add $A_ZS/64 dev eth0 nodad
	neigh add $A_XF lladdr $MAC_XF dev eth0 nud permanent
END
check "xfrm: address, static neighbour" ip_batch "$NS_XF" <<-END
	link set eth0 address $MAC_XF
	addr add $A_XF/64 dev eth0 nodad
	neigh add $A_ZS lladdr $MAC_ZS dev eth0 nud permanent
END

check "zs: policy out" zs "$NS_ZS" policy add src $A_ZS dst $A_XF dir out \
	tmpl proto esp reqid 1 mode transport
check "zs: policy in" zs "$NS_ZS" policy add src $A_XF dst $A_ZS dir in \
	tmpl proto esp reqid 1 mode transport
check "xfrm: policies" ip_batch "$NS_XF" <<-END
	xfrm policy add src $A_XF dst $A_ZS dir out tmpl proto esp reqid 1 mode transport
	xfrm policy add src $A_ZS dst $A_XF dir in tmpl proto esp reqid 1 mode transport
END

tmp=$(mktemp -d)
defer rm -rf "$tmp"
pcap_start "$NS_XF" eth0 "$tmp/wire.pcap"

# sa_stats OUT_SPI IN_SPI: one line, "OUT-PACKETS OUT-TOO-BIG IN-PACKETS
# IN-DROPS" (IN-DROPS: all drop counters summed), from one dump.
sa_stats() {
	"$ZONESEC" -n "$NS_ZS" -j sa show | "$ZS_PYTHON" -c '
import json, sys
sas = {s["spi"]: s["stats"] for s in json.load(sys.stdin)}
o, i = sas[int(sys.argv[1], 0)], sas[int(sys.argv[2], 0)]
print(o["packets-out"], o["drop-too-big"], i["packets-in"],
      sum(v for k, v in i.items() if k.startswith("drop")))' "$1" "$2"
}

# case N NAME BYTES ZS_OUT ZS_IN: SAs on both sides (XFRM's in and out are
# zonesec's out and in), traffic both ways, counters; flushed after.
case_run() {
	local n=$1 name=$2 bytes=$3 zout=$4 zin=$5 out_spi in_spi xf
	out_spi=$(printf '0x%x' $((0x1000 + n)))
	in_spi=$(printf '0x%x' $((0x2000 + n)))
	# shellcheck disable=SC2086	# the words are meant to split
	check "$name: zs SAs" zs "$NS_ZS" sa add src $A_ZS dst $A_XF \
		proto esp spi "$out_spi" reqid 1 mode transport $zout &&
		zs "$NS_ZS" sa add src $A_XF dst $A_ZS proto esp \
			spi "$in_spi" reqid 1 mode transport $zin replay-window 1024
	check "$name: xfrm SAs" ip_batch "$NS_XF" <<-END
		xfrm state add src $A_ZS dst $A_XF proto esp spi $out_spi reqid 1 mode transport replay-window 1024 $zout
		xfrm state add src $A_XF dst $A_ZS proto esp spi $in_spi reqid 1 mode transport $zin
	END
	check "$name: ping6 zs -> xfrm" ns_run "$NS_ZS" ping -6 -c 2 -i 0.2 -W 2 $A_XF
	check "$name: ping6 xfrm -> zs" ns_run "$NS_XF" ping -6 -c 2 -i 0.2 -W 2 $A_ZS
	tcp_xfer "$NS_ZS" "$NS_XF" $A_XF "$bytes"
	tcp_xfer "$NS_XF" "$NS_ZS" $A_ZS "$bytes"
	local st out_pkts too_big in_pkts in_drops
	st=$(sa_stats "$out_spi" "$in_spi")
	read -r out_pkts too_big in_pkts in_drops <<<"$st"
	check_eq "$name: no drops on zs's inbound SA" "$in_drops" 0
	# the transfer to zs alone takes that many full-size segments
	check_eq "$name: zs received (packets-in $in_pkts > $((bytes / 1500)))" \
		"$((in_pkts > bytes / 1500))" 1
	# the first case meets the link's MTU first: "packet too big" to
	# our own socket, which lowers its path MTU
	((n != 1)) || zs_check_match "$name: TCP learnt the MTU from zs's ICMPv6" \
		"$too_big" '^[1-9]'
	xf=$(ip -n "$NS_XF" -s xfrm state get src $A_ZS dst $A_XF proto esp spi "$out_spi")
	zs_check_match "$name: xfrm decrypted what zs sent ($out_pkts)" "$xf" \
		" $out_pkts\\(packets\\)"
	check "$name: flush" zs "$NS_ZS" sa flush
	check "$name: xfrm flush" ip -n "$NS_XF" xfrm state flush
}

G="aead rfc4106(gcm(aes))"
case_run 1 gcm128 600000 "$G $KEY_GCM128 128" "$G $KEY_GCM128_B 128"
G1=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223
G2=0x303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253
case_run 2 gcm256 200000 "$G $G1 128" "$G $G2 128"
K1=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223
K2=0x404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263
C="aead rfc7539esp(chacha20,poly1305)"
case_run 3 chacha 200000 "$C $K1 128" "$C $K2 128"
E1=0x00112233445566778899aabbccddeeff
E2=0xffeeddccbbaa99887766554433221100
H1=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
H2=0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
case_run 4 cbc-sha256 200000 "enc cbc(aes) $E1 auth-trunc hmac(sha256) $H1 128" \
	"enc cbc(aes) $E2 auth-trunc hmac(sha256) $H2 128"

pcap_stop "$tmp/wire.pcap"
clear=$(tcpdump -r "$tmp/wire.pcap" -nn "ip6 host $A_ZS and ip6 host $A_XF and not esp" 2>/dev/null | wc -l)
esp=$(tcpdump -r "$tmp/wire.pcap" -nn "ip6 and esp" 2>/dev/null | wc -l)
check_eq "no packet in clear between the hosts" "$clear" 0
zs_check_match "ESP over IPv6 on the wire ($esp packets)" "$esp" '^[0-9]{4,}$'
tcpdump -r "$tmp/wire.pcap" -nn 2>/dev/null | head -4

# ---- refusals and the CLI's IPv6 words ------------------------------------
expect_refused "$NS_ZS" "transport SA with another inner family" \
	'transport mode cannot carry another inner family' \
	sa add src $A_ZS dst $A_XF proto esp spi 0x3000 mode transport \
	inner-family inet aead 'rfc4106(gcm(aes))' "$KEY_GCM128" 128
expect_refused "$NS_ZS" "SA with src and dst of two families" \
	'src and dst differ in family' \
	sa add src 192.0.2.1 dst $A_XF proto esp spi 0x3000 \
	aead 'rfc4106(gcm(aes))' "$KEY_GCM128" 128
expect_refused "$NS_ZS" "transport template of another family" \
	'transport mode cannot carry another family' \
	policy add src 2001:db8:1::/64 dst 2001:db8:2::/64 dir out \
	tmpl src 192.0.2.1 dst 192.0.2.2 proto esp mode transport
zs_check_match "the CLI refuses an IPv6 prefix longer than 128" \
	"$("$ZONESEC" -n "$NS_ZS" policy add src 2001:db8:1::/129 \
		dst 2001:db8:2::/64 dir out 2>&1)" "invalid prefix '2001:db8:1::/129'"
check "tunnel SA 4in6" zs "$NS_ZS" sa add src $A_ZS dst $A_XF proto esp \
	spi 0x3001 mode tunnel inner-family inet aead 'rfc4106(gcm(aes))' \
	"$KEY_GCM128" 128
zs_check_match "sa get shows the inner family" \
	"$("$ZONESEC" -n "$NS_ZS" sa get dst $A_XF proto esp spi 0x3001)" \
	"src $A_ZS dst $A_XF.*mode tunnel.*inner-family inet"
check "policy with IPv6 prefixes and a 6in4 template" zs "$NS_ZS" policy add \
	src 2001:db8:1::/64 dst 2001:db8:2::/64 proto tcp dport 443 dir out \
	tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 7 mode tunnel
zs_check_match "policy get by IPv6 selector" \
	"$("$ZONESEC" -n "$NS_ZS" -j policy get src 2001:db8:1::/64 \
		dst 2001:db8:2::/64 proto tcp dport 443 dir out)" \
	'"src":"2001:db8:1::/64","dst":"2001:db8:2::/64"'
check "policy del by IPv6 selector" zs "$NS_ZS" policy del \
	src 2001:db8:1::/64 dst 2001:db8:2::/64 proto tcp dport 443 dir out
check "sa del by IPv6 dst" zs "$NS_ZS" sa del dst $A_XF proto esp spi 0x3001
