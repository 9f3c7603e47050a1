#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ESP transport mode over IPv4 against Linux XFRM with the other
# algorithms, and 64-bit sequence numbers across 2^32:
#
#   1. rfc7539esp(chacha20,poly1305): ping both ways, TCP zs -> xfrm
#   2. cbc(aes) + hmac(sha256) truncated to 128 bits: ping, TCP xfrm -> zs
#   3. rfc4106(gcm(aes)) with a 256-bit key and ESN, both directions
#      starting at sequence number 2^32 - 16: 40 pings cross the boundary
#
#   [zs]  eth0 192.0.2.1 ==== ESP ==== eth0 192.0.2.2  [xfrm]
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly A_ZS=192.0.2.1 A_XF=192.0.2.2

setup_ns NS_ZS NS_XF
zonesec_load
veth_link "$NS_ZS" eth0 "$NS_XF" eth0
addr_add "$NS_ZS" eth0 $A_ZS/24
addr_add "$NS_XF" eth0 $A_XF/24
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

# pair N ZS_OUT ZS_IN XF_OUT XF_IN: SAs for case N on both sides. Each
# argument is a string of algorithm (and sequence) words for one SA, the
# same words for zonesec and ip xfrm.
pair() {
	local n=$1 zout=$2 zin=$3 xout=$4 xin=$5
	# shellcheck disable=SC2086	# the words are meant to split
	check "case $n: zs SAs" zs "$NS_ZS" sa add src $A_ZS dst $A_XF \
		proto esp spi $((0x1000 + n)) reqid 1 mode transport $zout &&
		zs "$NS_ZS" sa add src $A_XF dst $A_ZS proto esp \
			spi $((0x2000 + n)) reqid 1 mode transport $zin
	check "case $n: xfrm SAs" ip_batch "$NS_XF" <<-END
		xfrm state add src $A_ZS dst $A_XF proto esp spi $((0x1000 + n)) reqid 1 mode transport $xin
		xfrm state add src $A_XF dst $A_ZS proto esp spi $((0x2000 + n)) reqid 1 mode transport $xout
	END
}

unpair() {
	check "case $1: flush" zs "$NS_ZS" sa flush
	check "case $1: xfrm flush" ip -n "$NS_XF" xfrm state flush
}


sa_field() {	# sa_field SPI DST PYTHON-EXPRESSION-ON-s
	"$ZONESEC" -n "$NS_ZS" -j sa get dst "$2" proto esp spi "$1" |
		"$ZS_PYTHON" -c 'import json,sys; s = json.load(sys.stdin); print(eval(sys.argv[1]))' "$3"
}

# ---- 1. ChaCha20-Poly1305 --------------------------------------------------
K1=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223
K2=0x404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263
A="aead rfc7539esp(chacha20,poly1305)"
pair 1 "$A $K1 128" "$A $K2 128" "$A $K2 128" "$A $K1 128"
check "chacha: ping zs -> xfrm" ns_run "$NS_ZS" ping -c 2 -i 0.2 -W 2 $A_XF
check "chacha: ping xfrm -> zs" ns_run "$NS_XF" ping -c 2 -i 0.2 -W 2 $A_ZS
tcp_xfer "$NS_ZS" "$NS_XF" $A_XF 300000
check_eq "chacha: no drops" "$(sa_field 0x2001 $A_ZS 'sum(v for k, v in s["stats"].items() if k.startswith("drop"))')" 0
unpair 1

# ---- 2. AES-CBC + HMAC-SHA256-128 ------------------------------------------
E1=0x00112233445566778899aabbccddeeff
E2=0xffeeddccbbaa99887766554433221100
H1=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
H2=0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
C="enc cbc(aes)"
H="auth-trunc hmac(sha256)"
pair 2 "$C $E1 $H $H1 128" "$C $E2 $H $H2 128" "$C $E2 $H $H2 128" "$C $E1 $H $H1 128"
check "cbc: ping zs -> xfrm" ns_run "$NS_ZS" ping -c 2 -i 0.2 -W 2 $A_XF
check "cbc: ping xfrm -> zs" ns_run "$NS_XF" ping -c 2 -i 0.2 -W 2 $A_ZS
tcp_xfer "$NS_XF" "$NS_ZS" $A_ZS 300000
check_eq "cbc: no drops" "$(sa_field 0x2002 $A_ZS 'sum(v for k, v in s["stats"].items() if k.startswith("drop"))')" 0
unpair 2

# ---- 3. AES-256-GCM with ESN across 2^32 -----------------------------------
G1=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223
G2=0x303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253
G="aead rfc4106(gcm(aes))"
S=0xfffffff0
pair 3 "$G $G1 128 flag esn replay-window 128 replay-oseq $S" \
	"$G $G2 128 flag esn replay-window 128 replay-seq $S" \
	"$G $G2 128 flag esn replay-window 128 replay-oseq $S" \
	"$G $G1 128 flag esn replay-window 128 replay-seq $S"
check "esn: 40 pings zs -> xfrm" ns_run "$NS_ZS" ping -c 40 -i 0.05 -W 2 -q $A_XF
check "esn: 20 pings xfrm -> zs" ns_run "$NS_XF" ping -c 20 -i 0.05 -W 2 -q $A_ZS
check_eq "esn: sent past 2^32" "$(sa_field 0x1003 $A_XF 's["seq_out"] > 2**32')" True
check_eq "esn: received past 2^32" "$(sa_field 0x2003 $A_ZS 's["seq_in"] > 2**32')" True
check_eq "esn: no drops" "$(sa_field 0x2003 $A_ZS 'sum(v for k, v in s["stats"].items() if k.startswith("drop"))')" 0
xf=$(ip -n "$NS_XF" xfrm state get src $A_ZS dst $A_XF proto esp spi 0x1003)
zs_check_match "esn: xfrm's window moved to the next 2^32" "$xf" 'seq-hi 0x1,'

check_fail "a sequence number past 2^32 needs flag esn" \
	"$ZONESEC" -n "$NS_ZS" sa add src $A_ZS dst $A_XF proto esp spi 0x1999 \
	aead 'rfc4106(gcm(aes))' "$KEY_GCM128" 128 replay-oseq 0x100000000
