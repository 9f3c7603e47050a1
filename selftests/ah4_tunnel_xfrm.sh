#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# AH (RFC 4302) tunnel mode (4in4) against Linux XFRM: hmac(sha256) at
# 128 bits, hmac(sha512) at 256, hmac(sha1) at 96, between 198.51.100.1
# and 203.0.113.1 over 192.0.2.1 <-> 192.0.2.2: ping both ways, with
# DSCP+ECN bits set, TCP both ways with the bytes checked; no drops; XFRM
# verified every packet zonesec sent. On the wire (captured on zonesec's
# side, see lib_ah.sh): protocol 51 only, the
# inner packet in clear after the AH header.
#
#   [zs]  eth0 192.0.2.1 ===== AH ===== eth0 192.0.2.2  [xfrm]
#   lo 198.51.100.1          tcpdump          lo 203.0.113.1
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1
#
# XFRM's states have "flag align4" (see lib_ah.sh).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ah.sh
source "$(dirname "$0")/lib_ah.sh"

ah_require

ah_topology

capture_start "$tmp/ah.pcap" "$NS_ZS"

# ---- 1-3: the algorithms -------------------------------------------------
ah_algorithms tunnel

capture_stop
wire_check "$tmp/ah.pcap"
zs_check_match "the inner packet in clear after the AH header" "$dump" \
	"$A_ZS > $A_XF: AH\\(spi=0x00001001,[^)]*\\): IP $I_ZS > $I_XF: ICMP echo request"
zs_check_match "TCP in clear after the AH header" "$dump" \
	"AH\\(spi=0x00001002,[^)]*\\): IP $I_ZS\\.[0-9]+ > $I_XF\\.[0-9]+: Flags \\["
