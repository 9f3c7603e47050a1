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

ah_require

ah_family 6
ah_topology

capture_start "$tmp/ah.pcap"

# ---- 1-3: the algorithms -------------------------------------------------
ah_algorithms transport

# ---- 4: ESN across 2^32 --------------------------------------------------
ah_esn 4

capture_stop
wire_check "$tmp/ah.pcap"
ah_transport_in_clear
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
ah_tamper 5 transport
