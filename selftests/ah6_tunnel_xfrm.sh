#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# AH (RFC 4302) tunnel mode with IPv6 outside, inside or both, against
# Linux XFRM:
#
#   1-3. 6in6 with hmac(sha256) at 128 bits, hmac(sha512) at 256,
#        hmac(sha1) at 96
#   4.   4in6, hmac(sha256)-128
#   5.   6in4, hmac(sha256)-128
#
# between the lo addresses over the eth0 ones: ping both ways, with
# DSCP+ECN bits set (copied to the outer header, mutable there), TCP both
# ways with the bytes checked; no drops, zonesec counted packets in; XFRM
# verified every packet zonesec sent. Then 6. a captured 6in6 AH packet
# with a flipped bit: dropped, drop-auth + 1. On the wire (captured on
# zonesec's side, see lib_ah.sh): nothing of the four addresses in clear,
# AH of the outer family, the inner packet in clear after the AH header.
#
#   [zs]  eth0 192.0.2.1   ===== AH ===== eth0 192.0.2.2    [xfrm]
#         eth0 2001:db8::1    tcpdump     eth0 2001:db8::2
#   lo 198.51.100.1, 2001:db8:1::1        lo 203.0.113.1, 2001:db8:2::1
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ah.sh
source "$(dirname "$0")/lib_ah.sh"

ah_require

ah_topology

capture_start "$tmp/ah.pcap" "$NS_ZS"

# ---- 1-3: 6in6, the algorithms --------------------------------------------
ah_family 6
ah_algorithms tunnel

# ---- 4-5: 4in6, 6in4 -------------------------------------------------------
for fam in "4 6 4" "5 4 6"; do
	read -r n outer inner <<<"$fam"
	ah_family "$outer" "$inner"
	setup "$n" tunnel "$H $(key_of 32 "$n") 128" "$H $(key_of 32 $((n + 100))) 128"
	traffic "$n" tunnel
	teardown "$n"
done

capture_stop
# the addresses of all the cases
ah_family 6
wire_check "$tmp/ah.pcap"
ah_family 4
wire_check "$tmp/ah.pcap"
zs_check_match "6in6: the inner packet in clear after the AH header" "$dump" \
	"$A6_ZS > $A6_XF: AH\\(spi=0x00001001,[^)]*\\): IP6 $I6_ZS > $I6_XF: ICMP6, echo request"
zs_check_match "6in6: TCP in clear after the AH header" "$dump" \
	"AH\\(spi=0x00001002,[^)]*\\): IP6 $I6_ZS\\.[0-9]+ > $I6_XF\\.[0-9]+: Flags \\["
zs_check_match "4in6: IPv4 inside AH over IPv6" "$dump" \
	"IP6 $A6_ZS > $A6_XF: AH\\(spi=0x00001004,[^)]*\\): IP $I4_ZS > $I4_XF: ICMP echo request"
zs_check_match "6in4: IPv6 inside AH over IPv4" "$dump" \
	"IP $A4_ZS > $A4_XF: AH\\(spi=0x00001005,[^)]*\\): IP6 $I6_ZS > $I6_XF: ICMP6, echo request"

# ---- 6: a tampered packet --------------------------------------------------
ah_family 6
ah_tamper 6 tunnel
