#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# AH (RFC 4302) transport mode over IPv4 against Linux XFRM:
#
#   1-3. hmac(sha256) at 128 bits, hmac(sha512) at 256, hmac(sha1) at 96:
#        ping both ways, with DSCP+ECN bits set (-Q), with the record-route
#        option (-R, mutable: zeroed for the ICV), TCP both ways with the
#        bytes checked; no drops on zonesec's inbound SA; XFRM verified
#        every packet zonesec sent
#   4.   ESN, both directions starting at 2^32 - 16 (the high half of the
#        sequence number is in the ICV)
#   5.   XFRM's default 64-bit padding (no "flag align4") is accepted
#   6.   a captured AH packet with a flipped bit: dropped, drop-auth + 1
#
# On the wire (tcpdump on xfrm's eth0): protocol 51 and no clear IPv4, the
# ICMP and TCP in clear after the AH header.
#
#   [zs]  eth0 192.0.2.1 ===== AH ===== eth0 192.0.2.2  [xfrm]
#   lo 198.51.100.1          tcpdump          lo 203.0.113.1
#   SPI 0x1000 + n zs -> xfrm, SPI 0x2000 + n xfrm -> zs, reqid 1
#
# XFRM's states have "flag align4" (see lib_ah.sh) but in case 5.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ah.sh
source "$(dirname "$0")/lib_ah.sh"

ah_require

ah_topology

capture_start "$tmp/ah.pcap"

# ---- 1-3: the algorithms -------------------------------------------------
ah_algorithms transport

# ---- 4: ESN across 2^32 --------------------------------------------------
ah_esn 4

# ---- 5: XFRM's 64-bit padding ------------------------------------------
# hmac(sha256)-128: 28 bytes of AH, 32 with XFRM's default padding. Only
# xfrm -> zs can work: XFRM refuses zonesec's RFC 4302 padding then.
setup 5 transport "$H $(key_of 32 5) 128" "$H $(key_of 32 105) 128" ""
run_cmd ip netns exec "$NS_XF" ping -c 2 -i 0.2 -W 1 $A_ZS || true
check_eq "xfrm padding: zs verified XFRM's packets" \
	"$(sa_field ah 0x2005 $A_ZS 's["stats"]["packets-in"]')" 2
check_eq "xfrm padding: no drops on zs" "$(drops ah 0x2005 $A_ZS)" 0
teardown 5

capture_stop
wire_check "$tmp/ah.pcap"
ah_transport_in_clear

# ---- 6: a tampered packet --------------------------------------------------
ah_tamper 6 transport
