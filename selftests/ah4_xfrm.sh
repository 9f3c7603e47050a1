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

require_root
require_cmd ip ping tcpdump /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"
/usr/bin/python3 -c 'import scapy' 2>/dev/null || skip "needs python3-scapy"

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
	"$H $(key_of 32 104) 128 flag esn" "flag align4" \
	"replay-oseq $S" "replay-seq $S"
check "esn: 40 pings zs -> xfrm" ns_run "$NS_ZS" ping -c 40 -i 0.05 -W 2 -q $A_XF
check "esn: 20 pings xfrm -> zs" ns_run "$NS_XF" ping -c 20 -i 0.05 -W 2 -q $A_ZS
check_eq "esn: sent past 2^32" "$(sa_field ah 0x1004 $A_XF 's["seq_out"] > 2**32')" True
check_eq "esn: received past 2^32" "$(sa_field ah 0x2004 $A_ZS 's["seq_in"] > 2**32')" True
check_eq "esn: no drops" "$(drops ah 0x2004 $A_ZS)" 0
teardown 4

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
zs_check_match "ICMP in clear after the AH header" "$dump" \
	"$A_ZS > $A_XF: AH\\(spi=0x00001001,[^)]*\\): ICMP echo request"
zs_check_match "TCP in clear after the AH header" "$dump" \
	"AH\\(spi=0x00001002,[^)]*\\): .*Flags \\["

# ---- 6: a tampered packet --------------------------------------------------
setup 6 transport "$H $(key_of 32 6) 128" "$H $(key_of 32 106) 128"
capture_start "$tmp/tamper.pcap"
check "tamper: the SA works" ns_run "$NS_XF" ping -c 3 -i 0.2 -W 2 $A_ZS
capture_stop
tamper_check 6 "$tmp/tamper.pcap"
check "tamper: the SA still works" ns_run "$NS_XF" ping -c 1 -W 2 $A_ZS
teardown 6
