#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ESP with null encryption (RFC 2410) and hmac(sha256) at 128 bits,
# transport mode over IPv4, against Linux XFRM: ping and TCP both ways,
# only ESP on the wire, the ping pattern readable inside ESP in both
# directions. Then the refusals of AH and null SAs: AH with an enc or
# aead algorithm, ICV lengths the algorithm does not allow, wrong key
# lengths; each one line from the kernel, nothing changed.
#
#   [zs]  eth0 192.0.2.1 ==== ESP ==== eth0 192.0.2.2  [xfrm]
#   SPI 0x100a zs -> xfrm, SPI 0x200a xfrm -> zs, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ah.sh
source "$(dirname "$0")/lib_ah.sh"

ah_require

ah_topology

# ---- ESP with null encryption ---------------------------------------
NUL=(enc "ecb(cipher_null)" "" auth-trunc "hmac(sha256)")
K1=$(key_of 32 10)
K2=$(key_of 32 110)
check "null: zs SAs and policies" zs "$NS_ZS" sa add src $A_ZS dst $A_XF \
	proto esp spi 0x100a reqid 1 mode transport "${NUL[@]}" "$K1" 128 &&
	zs "$NS_ZS" sa add src $A_XF dst $A_ZS proto esp spi 0x200a reqid 1 \
		mode transport "${NUL[@]}" "$K2" 128 replay-window 1024 &&
	zs "$NS_ZS" policy add src $A_ZS dst $A_XF dir out tmpl proto esp \
		reqid 1 mode transport &&
	zs "$NS_ZS" policy add src $A_XF dst $A_ZS dir in tmpl proto esp \
		reqid 1 mode transport
check "null: xfrm states" ip -n "$NS_XF" xfrm state add src $A_ZS dst $A_XF \
	proto esp spi 0x100a reqid 1 mode transport replay-window 1024 \
	"${NUL[@]}" "$K1" 128 &&
	ip -n "$NS_XF" xfrm state add src $A_XF dst $A_ZS proto esp \
		spi 0x200a reqid 1 mode transport "${NUL[@]}" "$K2" 128
check "null: xfrm policies" ip_batch "$NS_XF" <<-END
	xfrm policy add src $A_XF dst $A_ZS dir out tmpl proto esp reqid 1 mode transport
	xfrm policy add src $A_ZS dst $A_XF dir in tmpl proto esp reqid 1 mode transport
END
capture_start "$tmp/null.pcap"
check "null: ping zs -> xfrm" ns_run "$NS_ZS" ping -p 5a6f6e6553656321 -c 3 -i 0.2 -W 2 $A_XF
check "null: ping xfrm -> zs" ns_run "$NS_XF" ping -p 5a6f6e6553656321 -c 3 -i 0.2 -W 2 $A_ZS
tcp_xfer "$NS_ZS" "$NS_XF" $A_XF 300000
tcp_xfer "$NS_XF" "$NS_ZS" $A_ZS 300000
check_eq "null: no drops on zs's inbound SA" "$(drops esp 0x200a $A_ZS)" 0
capture_stop
clear=$(tcpdump -r "$tmp/null.pcap" -nn 'ip and not esp' 2>/dev/null | wc -l)
check_eq "null: no IPv4 packet outside ESP" "$clear" 0
# the ping pattern ("ZoneSec!") readable in ESP packets of both directions
readable=$(/usr/bin/python3 -c '
import sys
from scapy.all import rdpcap, IP
n = {0x100a: 0, 0x200a: 0}
for p in rdpcap(sys.argv[1]):
    if p.haslayer(IP) and p[IP].proto == 50:
        raw = bytes(p[IP].payload)
        spi = int.from_bytes(raw[:4], "big")
        if spi in n and b"ZoneSec!" in raw:
            n[spi] += 1
print(min(n.values()))' "$tmp/null.pcap")
zs_check_match "null: the payload is readable inside ESP, both ways ($readable)" \
	"$readable" '^[1-9][0-9]*$'

# ---- refusals ------------------------------------------------------------
K=$(key_of 32 1)
expect_refused "$NS_ZS" "AH with an enc algorithm" 'ah takes an auth algorithm only' \
	sa add src $A_ZS dst $A_XF proto ah spi 0x3001 enc 'cbc(aes)' \
	0x00112233445566778899aabbccddeeff auth-trunc 'hmac(sha256)' "$K" 128
expect_refused "$NS_ZS" "AH with an aead" 'ah takes an auth algorithm only' \
	sa add src $A_ZS dst $A_XF proto ah spi 0x3002 aead 'rfc4106(gcm(aes))' \
	"$KEY_GCM128" 128
expect_refused "$NS_ZS" "AH ICV of 64 bits" 'ICV length not allowed' \
	sa add src $A_ZS dst $A_XF proto ah spi 0x3003 auth-trunc 'hmac(sha256)' "$K" 64
expect_refused "$NS_ZS" "AH ICV of 100 bits" 'ICV length not allowed' \
	sa add src $A_ZS dst $A_XF proto ah spi 0x3004 auth-trunc 'hmac(sha1)' \
	"$(key_of 20 1)" 100
expect_refused "$NS_ZS" "AH hmac(sha256) with a 16-byte key" 'key length' \
	sa add src $A_ZS dst $A_XF proto ah spi 0x3005 auth-trunc 'hmac(sha256)' \
	"$(key_of 16 1)" 128
expect_refused "$NS_ZS" "null cipher with a key" 'key length' \
	sa add src $A_ZS dst $A_XF proto esp spi 0x3006 enc 'ecb(cipher_null)' \
	0x0011 auth-trunc 'hmac(sha256)' "$K" 128
