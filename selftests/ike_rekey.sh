#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rekeying under traffic; part 1 on Linux XFRM, part 2 on the zonesec
# module:
#
#     ns a (zonesecd)                           ns b (zonesecd)              
#     lo 192.0.2.129/32                         lo 192.0.2.130/32
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#
# zonesecd <-> zonesecd: a rekeys the child SA every 6 s, b the IKE SA
# every 12 s.  A paced TCP transfer (25 s) between the inner addresses
# arrives whole (byte count and SHA-256), across the child rekeys and IKE
# rekeys; afterwards each side holds one SA pair and one set of policies.
#
# Part 2, kernel = zonesec: a's child SAs live 20 s (the module's soft
# EXPIRE at 18 s) and a has no rekey timer of its own (rekey_time = 0),
# so only the module's soft EXPIRE can start its rekeys.  A paced TCP
# transfer (45 s) arrives whole across two or more of them; the old pair's
# hard EXPIRE (it may come before its grace period ends) tears nothing
# down: one IKE SA all along, no child SA lost before a rekey.
# (ike_rekey_strongswan.sh: the same against charon.)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

ZONESECD=${ZONESECD:-$ZS_LIB_DIR/../userspace/daemon/zonesecd}
export PSK="zonesec rekey psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}
XFER_S=${ZS_REKEY_XFER_S:-25}
EXPIRE_XFER_S=${ZS_REKEY_EXPIRE_XFER_S:-45}
# ZS_REKEY_PFS=1 (ike_rekey_pfs.sh): both sides pfs = yes, every child
# rekey with a key exchange of its own
PFS=no
[[ ${ZS_REKEY_PFS:-0} == 1 ]] && PFS=yes

require_root
require_cmd ip
[[ -x "$ZONESECD" ]] || die "$ZONESECD not built (make -C userspace/daemon)"

# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"
ike_topology ike_rekey

conf a a.example 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 load \
	"rekey_time = 6" "ike_rekey_time = 0" "pfs = $PFS"
conf b b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 wait \
	"rekey_time = 100" "ike_rekey_time = 12" "pfs = $PFS"
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
	if [[ $PFS == yes ]]; then
		check_eq "PFS: no child rekey of a or b without a key exchange" \
			"$(grep -h 'rekeying the child SA\|the peer rekeys the child SA' "$DIR/a.log" "$DIR/b.log" | grep -vc '(PFS)')" 0
		check_match "PFS: ... and a's and b's with one" \
			"$(count 'rekeying the child SA.*(PFS)' "$DIR/a.log") $(count 'the peer rekeys the child SA (PFS)' "$DIR/b.log")" \
			'^[1-9][0-9]* [1-9][0-9]*$'
	fi
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

# ---- part 2: the zonesec module's soft EXPIRE starts the rekeys ---------------
zonesec_load || die "module"
IKE_KERNEL=zonesec
mv "$DIR/a.log" "$DIR/a-xfrm.log"
mv "$DIR/b.log" "$DIR/b-xfrm.log"
CHILD_LIFETIME=20 conf a a.example 192.0.2.2 b.example 192.0.2.129/32 \
	192.0.2.130/32 load "rekey_time = 0" "ike_rekey_time = 0" "pfs = $PFS"
conf b b.example 192.0.2.1 a.example 192.0.2.130/32 192.0.2.129/32 wait \
	"rekey_time = 100" "ike_rekey_time = 0" "pfs = $PFS"
start "$NS_B" b
sleep 0.5
start "$NS_A" a
if check "zonesec: SAs on both sides within ${WAIT_UP}s" wait_for "$WAIT_UP" pairs_ok; then
	paced_xfer "zonesec: transfer across soft EXPIREs" "$EXPIRE_XFER_S"
	check_match "zonesec: the module's soft EXPIRE started a's rekeys, 2 or more" \
		"$(count 'soft-expired: rekeying' "$DIR/a.log")" '^([2-9]|[1-9][0-9]+)$'
	check_match "zonesec: a rekeyed the child SA with CREATE_CHILD_SA, 2 or more" \
		"$(count 'child SA rekeyed' "$DIR/a.log")" '^([2-9]|[1-9][0-9]+)$'
	check_match "zonesec: b answered them" \
		"$(count 'the peer rekeys the child SA' "$DIR/b.log")" '^([2-9]|[1-9][0-9]+)$'
	if [[ $PFS == yes ]]; then
		check_eq "zonesec: PFS: no child rekey of a or b without a key exchange" \
			"$(grep -h 'rekeying the child SA\|the peer rekeys the child SA' "$DIR/a.log" "$DIR/b.log" | grep -vc '(PFS)')" 0
		check_match "zonesec: PFS: ... and a's and b's with one" \
			"$(count 'rekeying the child SA.*(PFS)' "$DIR/a.log") $(count 'the peer rekeys the child SA (PFS)' "$DIR/b.log")" \
			'^[1-9][0-9]* [1-9][0-9]*$'
	fi
	check_eq "zonesec: no child SA reached its hard lifetime unreplaced" \
		"$(count 'hard-expired before a rekey' "$DIR/a.log")" 0
	check_eq "zonesec: one IKE SA all along" \
		"$(count 'IKE SA with .* established' "$DIR/a.log") $(count 'IKE SA with .* down:' "$DIR/a.log")" "1 0"
	check "zonesec: no SA piles up: 2 SAs, or 4 during a grace period" pairs_ok
	check_eq "zonesec: a's policies unchanged" "$(policies "$NS_A")" 3
	check_eq "zonesec: nothing failed in a's log" \
		"$(count 'error:' "$DIR/a.log")" 0
fi
check "zonesec: a exits 0 on SIGTERM" stop a
check "zonesec: b exits 0 on SIGTERM" stop b
check "zonesec: nothing left on b" \
	wait_for 5 test "$(states "$NS_B")$(policies "$NS_B")" = 00
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a-xfrm.log" "$DIR/b-xfrm.log" "$DIR/a.log" "$DIR/b.log"
fi

