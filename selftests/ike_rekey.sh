#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rekeying under traffic, Linux XFRM backend (no zonesec module needed):
#
#     ns a (zonesecd)                           ns b (zonesecd)              
#     lo 192.0.2.129/32                         lo 192.0.2.130/32
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#
# zonesecd <-> zonesecd: a rekeys the child SA every 6 s, b the IKE SA
# every 12 s.  A paced TCP transfer (25 s) between the inner addresses
# arrives whole (byte count and SHA-256), across the child rekeys and IKE
# rekeys; afterwards each side holds one SA pair and one set of policies.
# (ike_rekey_strongswan.sh: the same against charon.)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ZONESECD=${ZONESECD:-$ZS_LIB_DIR/../userspace/daemon/zonesecd}
export PSK="zonesec rekey psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}
XFER_S=${ZS_REKEY_XFER_S:-25}

require_root
require_cmd ip
[[ -x "$ZONESECD" ]] || die "$ZONESECD not built (make -C userspace/daemon)"

# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"
ike_topology ike_rekey

conf a a.example 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 load \
	"rekey_time = 6" "ike_rekey_time = 0"
conf b b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 wait \
	"rekey_time = 100" "ike_rekey_time = 12"
start "$NS_B" b
sleep 0.5
start "$NS_A" a
# 2 SAs, or 4 while an old pair waits out its grace period
pairs_ok() {
	[[ "$(states "$NS_A")" =~ ^[24]$ && "$(states "$NS_B")" =~ ^[24]$ ]]
}
if check "SAs on both sides within ${WAIT_UP}s" wait_for "$WAIT_UP" pairs_ok; then
	paced_xfer "transfer" "$XFER_S"
	check_match "a rekeyed the child SA, 3 times or more" \
		"$(count 'rekeying the child SA' "$DIR/a.log")" '^([3-9]|[1-9][0-9]+)$'
	check_match "b answered them" \
		"$(count 'the peer rekeys the child SA' "$DIR/b.log")" '^([3-9]|[1-9][0-9]+)$'
	check_match "b rekeyed the IKE SA, a followed" \
		"$(count 'rekeying the IKE SA' "$DIR/b.log") $(count 'IKE SA rekeyed' "$DIR/a.log")" \
		'^[1-9][0-9]* [1-9][0-9]*$'
	check "no SA piles up: 2 SAs, or 4 during a grace period" pairs_ok
	check_eq "a's policies unchanged" "$(policies "$NS_A")" 3
	check_eq "nothing failed in a's log" \
		"$(count 'error:' "$DIR/a.log")" 0
fi
check "a exits 0 on SIGTERM" stop a
check "b exits 0 on SIGTERM" stop b
check_eq "nothing left on b" "$(states "$NS_B")$(policies "$NS_B")" 00
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a.log" "$DIR/b.log"
fi

