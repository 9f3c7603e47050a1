#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Rekeying against a stock strongSwan under traffic, Linux XFRM backend:
#
#     ns a (zonesecd)                           ns b (charon)
#     lo 192.0.2.129/32                         lo 192.0.2.130/32
#        a0 192.0.2.1/25 -------- veth -------- b0 192.0.2.2/25
#
#   1. a-slow: charon rekeys (child every 5-6 s, IKE every 10-12 s), we
#      answer;
#   2. a-fast: we rekey at the same pace, charon answers.
# Each time a paced TCP transfer between the inner addresses arrives whole
# (byte count and SHA-256), and at the end charon shows one IKE SA and one
# installed child, we one SA pair.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ike.sh
source "$(dirname "$0")/lib_ike.sh"

export PSK="zonesec rekey psk 0123456789"
WAIT_UP=${ZS_IKE_WAIT:-40}
XFER_S=${ZS_REKEY_XFER_S:-25}
# ZS_REKEY_PFS=1 (ike_rekey_strongswan_pfs.sh): every child rekey with a
# key exchange of its own, charon's esp_proposals naming x25519
PFS=${ZS_REKEY_PFS:-0}
SW_PFS=()
((PFS)) && SW_PFS=(pfs)

require_root
require_cmd ip
ike_require charon

ike_topology ike_rekey_sw

charon_etc "$NS_B" chd
# sw_conn NAME IKE-REKEY CHILD-REKEY: charon's connection for our tunnel
# NAME (case2); TCG is slow: no hard expiry while a rekey is under way.
sw_conn() {
	charon_conn "zs-${1#a-}" "$1.example" "${SW_PFS[@]}" \
		rekey_time="$2" rand_time=2s over_time=60s \
		child.rekey_time="$3" child.rand_time=1s child.life_time=7200s
}
{
	sw_conn a-slow 12s 6s
	sw_conn a-fast 1h 1h
} | charon_conf a-slow.example a-fast.example

charon_start

# shellcheck disable=SC2317	# through check and wait_for
sw_up() {	# ours: 2 SAs, or 4 in a grace period; charon's installed
	[[ "$(states "$NS_A")" =~ ^[24]$ ]] && charon_installed
}

# case2 NAME WHO OUR-REKEY OUR-IKE-REKEY: one run against charon
case2() {
	local n=$1 who=$2
	local pfs=no
	((PFS)) && pfs=yes
	conf "$n" "$n.example" 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 \
		load "rekey_time = $3" "ike_rekey_time = $4" "pfs = $pfs"
	start "$NS_A" "$n"
	if check "$n: tunnel to charon up within ${WAIT_UP}s" wait_for "$WAIT_UP" sw_up; then
		paced_xfer "$n" "$XFER_S"
		if [[ "$who" == us ]]; then
			check_match "$n: we rekeyed the child SA, 3 times or more" \
				"$(count 'rekeying the child SA' "$DIR/$n.log")" '^([3-9]|[1-9][0-9]+)$'
			check_match "$n: we rekeyed the IKE SA" \
				"$(count 'rekeying the IKE SA' "$DIR/$n.log")" '^[1-9][0-9]*$'
		else
			check_match "$n: charon rekeyed the child SA, 3 times or more" \
				"$(count 'the peer rekeys the child SA' "$DIR/$n.log")" '^([3-9]|[1-9][0-9]+)$'
		fi
		if ((PFS)); then
			# ours log "(PFS)", charon's requests carry a KE
			check_eq "$n: no child rekey without a key exchange in our log" \
				"$(grep 'rekeying the child SA\|the peer rekeys the child SA' "$DIR/$n.log" | grep -vc '(PFS)')" 0
			check_match "$n: charon saw KE payloads in CREATE_CHILD_SA, 3 or more" \
				"$(count 'CREATE_CHILD_SA request [0-9]* \[.*KE' "$DIR/charon.log")" \
				'^([3-9]|[1-9][0-9]+)$'
		fi
		check_match "$n: the IKE SA was rekeyed" \
			"$(count 'IKE SA rekeyed' "$DIR/$n.log")" '^[1-9][0-9]*$'
		check "$n: no SA piles up on our side (2, or 4 in a grace period)" \
			wait_for 10 sw_up
		check_match "$n: charon: one IKE SA, one installed child" \
			"$(charon_sas | grep -c ESTABLISHED) $(charon_sas | grep -c INSTALLED)" '^1 1$'
		check_eq "$n: nothing failed in our log" \
			"$(count 'error:' "$DIR/$n.log")" 0
	fi
	check "$n: exits 0 on SIGTERM" stop "$n"
	check "$n: charon's SAs deleted too" wait_for 10 charon_down
}

# charon rekeys (child 5-6 s, IKE 10-12 s), ours only every 100 s
case2 a-slow charon 100 100
# we rekey (child 5.4-6 s, IKE 11-12 s), charon only every hour
case2 a-fast us 6 12
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a-slow.log" "$DIR/a-fast.log" "$DIR/charon.log"
fi
