#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# AH (RFC 4302) transport mode over IPv6 against Linux XFRM:
#
#   1-3. hmac(sha256) at 128 bits, hmac(sha512) at 256, hmac(sha1) at 96:
#        ping6 both ways, with traffic class bits set (-Q: DSCP and ECN,
#        mutable, zeroed for the ICV), TCP both ways with the bytes
#        checked, and a UDP datagram each way with a hop-by-hop header
#        and destination options in front of AH, both holding an option
#        with the "may change en route" bit and non-zero data (zeroed for
#        the ICV: XFRM verifies what zonesec hashed and the other way
#        round); no drops on zonesec's inbound SA, which counted
#        packets; XFRM verified every packet zonesec sent
#   4.   ESN, both directions starting at 2^32 - 16
#   5.   a captured AH packet with a flipped bit: dropped, drop-auth + 1
#
# On the wire (tcpdump on xfrm's eth0): next header 51 and nothing of the
# two hosts in clear, AH padded to 64 bits (RFC 4302 2.6), the hop-by-hop
# and destination options headers in front of AH where both put them, the
# ICMPv6 and TCP in clear after the AH header.
#
#   [zs]  eth0 2001:db8::1 ====== AH ====== eth0 2001:db8::2  [xfrm]
#                               tcpdump
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1
#
# Neighbours are static (lib_ah.sh): the policies cover every packet
# between the two hosts, neighbour discovery too.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ah.sh
source "$(dirname "$0")/lib_ah.sh"

require_root
require_cmd ip ping tcpdump /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"
/usr/bin/python3 -c 'import scapy' 2>/dev/null || skip "needs python3-scapy"

ah_family 6
ah_topology
H="auth-trunc hmac(sha256)"

capture_start "$tmp/ah.pcap"

# ---- 1-3: the algorithms -------------------------------------------------
n=0
for alg in "hmac(sha256) 32 128" "hmac(sha512) 64 256" "hmac(sha1) 20 96"; do
	read -r name len bits <<<"$alg"
	n=$((n + 1))
	setup $n transport "auth-trunc $name $(key_of "$len" $n) $bits" \
		"auth-trunc $name $(key_of "$len" $((n + 100))) $bits"
	traffic $n transport
	teardown $n
done

# ---- 4: ESN across 2^32 --------------------------------------------------
S=0xfffffff0
setup 4 transport "$H $(key_of 32 4) 128 flag esn" \
	"$H $(key_of 32 104) 128 flag esn" "" "replay-oseq $S" "replay-seq $S"
check "esn: 40 pings zs -> xfrm" ns_run "$NS_ZS" ping -c 40 -i 0.05 -W 2 -q $A_XF
check "esn: 20 pings xfrm -> zs" ns_run "$NS_XF" ping -c 20 -i 0.05 -W 2 -q $A_ZS
check_eq "esn: sent past 2^32" "$(sa_field ah 0x1004 $A_XF 's["seq_out"] > 2**32')" True
check_eq "esn: received past 2^32" "$(sa_field ah 0x2004 $A_ZS 's["seq_in"] > 2**32')" True
check_eq "esn: no drops" "$(drops ah 0x2004 $A_ZS)" 0
teardown 4

capture_stop
wire_check "$tmp/ah.pcap"
zs_check_match "ICMPv6 in clear after the AH header" "$dump" \
	"$A_ZS > $A_XF: AH\\(spi=0x00001001,[^)]*\\): ICMP6, echo request"
zs_check_match "TCP in clear after the AH header" "$dump" \
	"AH\\(spi=0x00001002,[^)]*\\): .*Flags \\["
zs_check_match "zs -> xfrm: hop-by-hop, destination options, then AH" "$dump" \
	"$A_ZS > $A_XF: HBH [^A]*DSTOPT [^A]*AH\\(spi=0x00001001,"
zs_check_match "xfrm -> zs: hop-by-hop, destination options, then AH" "$dump" \
	"$A_XF > $A_ZS: HBH [^A]*DSTOPT [^A]*AH\\(spi=0x00002001,"
# RFC 4302 2.6: 64-bit alignment over IPv6, in AH's length field (32-bit
# words minus 2): 12 + 16 bytes of hmac(sha256)-128 padded to 32 (6),
# 12 + 32 of hmac(sha512)-256 to 48 (10), 12 + 12 of hmac(sha1)-96 is 24 (4)
check_eq "AH padded to 64 bits both ways, each algorithm" "$(tcpdump -r "$tmp/ah.pcap" -nn \
	'ip6[6] = 51 and (ip6[44:4] & 0xfff) < 4 and
	 not ((ip6[44:4] & 0xfff) = 1 and ip6[41] = 6) and
	 not ((ip6[44:4] & 0xfff) = 2 and ip6[41] = 10) and
	 not ((ip6[44:4] & 0xfff) = 3 and ip6[41] = 4)' 2>/dev/null | wc -l)" 0

# ---- 5: a tampered packet --------------------------------------------------
setup 5 transport "$H $(key_of 32 5) 128" "$H $(key_of 32 105) 128"
capture_start "$tmp/tamper.pcap"
check "tamper: the SA works" ns_run "$NS_XF" ping -c 3 -i 0.2 -W 2 $A_ZS
capture_stop
tamper_check 5 "$tmp/tamper.pcap"
check "tamper: the SA still works" ns_run "$NS_XF" ping -c 1 -W 2 $A_ZS
teardown 5
