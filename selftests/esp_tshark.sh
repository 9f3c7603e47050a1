#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tshark as a second, independent verifier of zonesec's ESP: what crosses
# the link between zonesec and Linux XFRM is captured, and tshark, given
# the SAs' keys, decrypts every ESP packet of both directions and checks
# its ICV. Every ESP packet must verify (no ICV failure), and the
# decrypted packets must be the ICMP echoes and the TCP connection the
# test sent. For rfc4106(gcm(aes)) and cbc(aes) + hmac(sha256)-128, in
# transport mode.
#
#   [zs]  eth0 192.0.2.1 ==== ESP ==== eth0 192.0.2.2  [xfrm]
#   zonesec sa/policy         tcpdump -w  ip xfrm state/policy
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping tcpdump tshark /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly A_ZS=192.0.2.1 A_XF=192.0.2.2
readonly PORT=5201

setup_ns NS_ZS NS_XF
zonesec_load
veth_link "$NS_ZS" eth0 "$NS_XF" eth0
addr_add "$NS_ZS" eth0 $A_ZS/24
addr_add "$NS_XF" eth0 $A_XF/24
check "zs: policies" zs "$NS_ZS" policy add src $A_ZS dst $A_XF dir out \
	tmpl proto esp reqid 1 mode transport &&
	zs "$NS_ZS" policy add src $A_XF dst $A_ZS dir in \
		tmpl proto esp reqid 1 mode transport
check "xfrm: policies" ip_batch "$NS_XF" <<-END
	xfrm policy add src $A_XF dst $A_ZS dir out tmpl proto esp reqid 1 mode transport
	xfrm policy add src $A_ZS dst $A_XF dir in tmpl proto esp reqid 1 mode transport
END

tmp=$(mktemp -d)
defer rm -rf "$tmp"

# tcp_to NAME: one TCP connection from zs to xfrm, port PORT, 20 kB
tcp_to() {
	ip netns exec "$NS_XF" "$ZS_PYTHON" -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1); s.settimeout(60)
c, _ = s.accept(); n = 0
while True:
    b = c.recv(65536)
    if not b: break
    n += len(b)
print(n)' $A_XF $PORT >"$tmp/got" &
	local srv=$!
	ip netns exec "$NS_ZS" "$ZS_PYTHON" -c '
import socket, sys, time
for _ in range(100):
    try:
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=60); break
    except ConnectionRefusedError:
        time.sleep(0.1)
s.sendall(b"z" * 20000); s.close()' $A_XF $PORT
	wait "$srv"
	check_eq "$1: 20000 bytes over TCP" "$(cat "$tmp/got")" 20000
}

# one_case NAME N ZS_WORDS_OUT ZS_WORDS_IN XFRM_OUT XFRM_IN UAT_OUT UAT_IN
one_case() {
	local name=$1 n=$2 zout=$3 zin=$4 xout=$5 xin=$6 uout=$7 uin=$8
	local so=$((0x1000 + n)) si=$((0x2000 + n)) fields
	# shellcheck disable=SC2086	# the words are meant to split
	check "$name: zs SAs" zs "$NS_ZS" sa add src $A_ZS dst $A_XF \
		proto esp spi $so reqid 1 mode transport $zout &&
		zs "$NS_ZS" sa add src $A_XF dst $A_ZS proto esp spi $si \
			reqid 1 mode transport replay-window 128 $zin
	check "$name: xfrm SAs" ip_batch "$NS_XF" <<-END
		xfrm state add src $A_ZS dst $A_XF proto esp spi $so reqid 1 mode transport replay-window 128 $xin
		xfrm state add src $A_XF dst $A_ZS proto esp spi $si reqid 1 mode transport $xout
	END

	pcap_start "$NS_XF" eth0 "$tmp/$n.pcap"
	check "$name: 4 pings zs -> xfrm" \
		ns_run "$NS_ZS" ping -c 4 -i 0.2 -W 2 -q $A_XF
	check "$name: 4 pings xfrm -> zs" \
		ns_run "$NS_XF" ping -c 4 -i 0.2 -W 2 -q $A_ZS
	tcp_to "$name"
	pcap_stop "$tmp/$n.pcap"

	printf '+ tshark -r %s.pcap (with the keys of SPI %#x and %#x)\n' \
		"$n" $so $si
	tshark -r "$tmp/$n.pcap" -n \
		-o esp.enable_encryption_decode:TRUE \
		-o esp.enable_authentication_check:TRUE \
		-o "uat:esp_sa:\"IPv4\",\"$A_ZS\",\"$A_XF\",\"$(printf '0x%08x' $so)\",$uout" \
		-o "uat:esp_sa:\"IPv4\",\"$A_XF\",\"$A_ZS\",\"$(printf '0x%08x' $si)\",$uin" \
		-Y esp -T fields -E separator=, -e esp.spi -e esp.icv_good \
		-e esp.icv_bad -e icmp.type -e tcp.srcport -e tcp.dstport \
		>"$tmp/$n.txt" 2>"$tmp/$n.tshark.err"
	head -5 "$tmp/$n.txt"
	fields=$("$ZS_PYTHON" - "$tmp/$n.txt" $so $si $PORT <<-'PY'
		import sys
		rows = [l.rstrip("\n").split(",") for l in open(sys.argv[1]) if l.strip()]
		so, si, port = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
		good = sum(r[1] == "1" for r in rows)
		bad = sum(r[2] == "1" for r in rows)
		echo = lambda spi, t: sum(int(r[0], 16) == spi and r[3] == t for r in rows)
		tcp = sum(port in (r[4], r[5]) for r in rows)
		other = sum(not r[3] and port not in (r[4], r[5]) for r in rows)
		print(len(rows), good, bad, echo(so, "8"), echo(si, "0"),
		      echo(si, "8"), echo(so, "0"), tcp, other)
	PY
	)
	printf 'esp good bad req-out rep-in req-in rep-out tcp other: %s\n' "$fields"
	read -r esp good bad req_out rep_in req_in rep_out tcp other <<<"$fields"
	zs_check_match "$name: ESP captured ($esp)" "$esp" '^[1-9][0-9]+$'
	check_eq "$name: no IPv4 packet in clear on the wire" \
		"$(tcpdump -r "$tmp/$n.pcap" -nn 'ip and not esp' 2>/dev/null | wc -l)" 0
	check_eq "$name: tshark verified every ICV" "$good" "$esp"
	check_eq "$name: tshark saw no ICV failure" "$bad" 0
	check_eq "$name: zs's echo requests decrypted" "$req_out" 4
	check_eq "$name: xfrm's echo replies decrypted" "$rep_in" 4
	check_eq "$name: xfrm's echo requests decrypted" "$req_in" 4
	check_eq "$name: zs's echo replies decrypted" "$rep_out" 4
	zs_check_match "$name: the TCP connection decrypted ($tcp)" "$tcp" \
		'^[1-9][0-9]*$'
	check_eq "$name: nothing else inside" "$other" 0
	check "$name: flush" zs "$NS_ZS" sa flush &&
		ip -n "$NS_XF" xfrm state flush
}

G1=0x0102030405060708090a0b0c0d0e0f1011121314
G2=0x2122232425262728292a2b2c2d2e2f3031323334
G="aead rfc4106(gcm(aes))"
TG='"AES-GCM with 16 octet ICV [RFC4106]"'
one_case gcm 1 "$G $G1 128" "$G $G2 128" "$G $G2 128" "$G $G1 128" \
	"$TG,\"$G1\",\"NULL\",\"\"" "$TG,\"$G2\",\"NULL\",\"\""

E1=0x00112233445566778899aabbccddeeff
E2=0xffeeddccbbaa99887766554433221100
H1=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
H2=0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
C="enc cbc(aes)"
H="auth-trunc hmac(sha256)"
TC='"AES-CBC [RFC3602]"'
TH='"HMAC-SHA-256-128 [RFC4868]"'
one_case cbc-sha256 2 "$C $E1 $H $H1 128" "$C $E2 $H $H2 128" \
	"$C $E2 $H $H2 128" "$C $E1 $H $H1 128" \
	"$TC,\"$E1\",$TH,\"$H1\"" "$TC,\"$E2\",$TH,\"$H2\""
