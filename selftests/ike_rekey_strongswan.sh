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
#   2. a-fast: we rekey at the same pace, charon answers;
#   3. a-coll: both rekey the child at the same moment (RFC 7296 2.25.1):
#      IKE (UDP 500, not ESP) takes 1 s each way (netem), we rekey after
#      5.4-6 s, charon after 7 s without jitter, so each first request
#      crosses the other's on the wire; both are answered, the nonces
#      decide which new pair goes (2.8.1);
#   4. a-collike: the same with the IKE SA (2.25.2, 2.8.2).
# Each time a paced TCP transfer between the inner addresses arrives whole
# (byte count and SHA-256), and at the end charon shows one IKE SA and one
# installed child, we one SA pair.  In 3 and 4 also: the collision seen
# on both sides, no TEMPORARY_FAILURE, one IKE SA and one pair left, the
# same on both sides (3: the same SPIs; 4: charon rekeys the child over
# the surviving IKE SA), traffic through it, and no packet dropped by
# XFRM for want of an SA.  ZS_REKEY_COLLIDE=0 leaves 3 and 4 out (the PFS
# variant does, to save time; ZS_REKEY_COLLIDE=1 runs them there too).

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
COLLIDE=${ZS_REKEY_COLLIDE:-$((!PFS))}

require_root
require_cmd ip
ike_require charon
((COLLIDE)) && require_cmd tc

ike_topology ike_rekey_sw

# charon's log line by line, not in blocks: the checks read it while
# charon runs
charon_etc "$NS_B" chd flush_line=yes
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
	# no jitter: charon rekeys the child (coll) or the IKE SA (collike)
	# 7 s after it came up
	charon_conn zs-coll a-coll.example "${SW_PFS[@]}" rekey_time=1h \
		over_time=60s child.rekey_time=7s child.rand_time=0s \
		child.life_time=7200s
	charon_conn zs-collike a-collike.example "${SW_PFS[@]}" rekey_time=7s \
		rand_time=0s over_time=60s child.rekey_time=1h \
		child.life_time=7200s
} | charon_conf a-slow.example a-fast.example a-coll.example a-collike.example

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

# ike_delay NS DEV MS: IKE messages (UDP 500) leaving DEV wait MS ms;
# the rest, ESP among it, goes as before
ike_delay() {
	run_cmd tc -n "$1" qdisc add dev "$2" root handle 1: prio &&
	run_cmd tc -n "$1" qdisc add dev "$2" parent 1:3 handle 30: \
		netem delay "${3}ms" &&
	run_cmd tc -n "$1" filter add dev "$2" parent 1: protocol ip prio 1 \
		u32 match ip protocol 17 0xff match ip dport 500 0xffff flowid 1:3
}

# Our daemon NAME's pair in use: "SPI-IN SPI-OUT" (hex), from
# `zonesec tunnel show -j`
zsd_pair() {
	ZONESEC_CONTROL="$DIR/$1.sock" "$ZONESEC" tunnel show -j peer |
		"$ZS_PYTHON" -c 'import json, sys
t = json.load(sys.stdin)[0]
print("%08x %08x" % (t["sa_in"]["spi"], t["sa_out"]["spi"]))'
}

# charon's installed child: "SPI-IN SPI-OUT"
sw_pair() {
	# shellcheck disable=SC2016 # awk's own fields
	charon_sas | awk '/: #[0-9]+, / { f = / INSTALLED, / }
		f && $1 == "in" { i = $2 } f && $1 == "out" { o = $2 }
		END { gsub(",", "", i); gsub(",", "", o); print i, o }'
}

# Our pair in use is charon's installed child, the other way round (the
# rekeys go on, so this is waited for)
same_pair() {
	local ours theirs
	ours=$(zsd_pair "$1") && theirs=$(sw_pair) || return 1
	[[ -n "${ours% *}" && "${ours% *} ${ours#* }" == "${theirs#* } ${theirs% *}" ]]
}

# XFRM's drops for want of an SA (inbound: no SA for the SPI; outbound:
# the policy found none), summed
xfrm_nostates() {
	# shellcheck disable=SC2016 # awk's own fields
	ip netns exec "$1" awk '$1 ~ /^Xfrm(In|Out)NoStates$/ { n += $2 }
		END { print n + 0 }' /proc/net/xfrm_stat
}

# charon_saw LINE PATTERN: charon logged PATTERN after line LINE
charon_saw() {
	tail -n "+$(($1 + 1))" "$DIR/charon.log" | grep -q -- "$2"
}

# Our daemon NAME holds N IKE SAs
ike_sas_are() {
	[[ "$(zsd_stat "$1" ike_sas)" == "$2" ]]
}

# charon holds one IKE SA, with one installed child (the rekeys go on,
# so this is waited for)
sw_one_one() {
	local out
	out=$(charon_sas)
	[[ "$(grep -c ESTABLISHED <<<"$out") $(grep -c INSTALLED <<<"$out")" == "1 1" ]]
}

ike_rekeyed_twice() {
	(($(count 'IKE SA rekeyed' "$DIR/$1.log") >= 2))
}

# collide NAME child|ike: ours after 5.4-6 s, charon's after 7 s
collide() {
	local n=$1 what=$2 a0 b0 l0 sw child=100 ike=100 t0=$SECONDS
	if [[ $what == child ]]; then
		child=6
	else
		ike=6
	fi
	conf "$n" "$n.example" 192.0.2.2 b.example 192.0.2.129/32 192.0.2.130/32 \
		load "rekey_time = $child" "ike_rekey_time = $ike"
	check "$n: IKE delayed 1 s from a (netem)" ike_delay "$NS_A" a0 1000
	check "$n: and 1 s from b" ike_delay "$NS_B" b0 1000
	l0=$(wc -l <"$DIR/charon.log")
	start "$NS_A" "$n"
	if check "$n: tunnel to charon up within ${WAIT_UP}s" wait_for "$WAIT_UP" sw_up; then
		a0=$(xfrm_nostates "$NS_A")
		b0=$(xfrm_nostates "$NS_B")
		paced_xfer "$n: under colliding $what rekeys" "${ZS_COLLIDE_XFER_S:-12}"
		check_match "$n: we saw the collision and answered charon's rekey" \
			"$(zsd_stat "$n" rekey_collisions)" '^[1-9][0-9]*$'
		check "$n: charon saw it too" wait_for 5 \
			charon_saw "$l0" "${what^^}_SA rekey collision"
		sw=$(tail -n "+$((l0 + 1))" "$DIR/charon.log")
		check_eq "$n: we sent no TEMPORARY_FAILURE" \
			"$(zsd_stat "$n" temporary_failures)" 0
		check_eq "$n: no TEMPORARY_FAILURE in charon's log either" \
			"$(grep -c 'N(TEMP_FAIL)' <<<"$sw")" 0
		check "$n: one pair left on our side (4 in a grace period)" \
			wait_for 10 sw_up
		check "$n: one IKE SA left on our side" wait_for 10 \
			ike_sas_are "$n" 1
		check "$n: charon: one IKE SA, one installed child" \
			wait_for 10 sw_one_one
		check "$n: both sides use the same pair" wait_for 10 same_pair "$n"
		if [[ $what == ike ]]; then
			# the surviving IKE SA is the same on both sides: the
			# next rekey goes over it (ours or charon's, crossed
			# or not), and nothing is declared dead
			check "$n: the surviving IKE SA is rekeyed in turn" \
				wait_for 20 ike_rekeyed_twice "$n"
			check_eq "$n: no IKE SA went down" \
				"$(count 'IKE SA with .* down:' "$DIR/$n.log")" 0
		fi
		paced_xfer "$n: through the surviving pair" 2
		check_eq "$n: no packet dropped for want of an SA (XFRM, our side)" \
			"$(($(xfrm_nostates "$NS_A") - a0))" 0
		check_eq "$n: nor on charon's" "$(($(xfrm_nostates "$NS_B") - b0))" 0
		check_eq "$n: nothing failed in our log" \
			"$(count 'error:' "$DIR/$n.log")" 0
	fi
	check "$n: exits 0 on SIGTERM" stop "$n"
	check "$n: charon's SAs deleted too" wait_for 10 charon_down
	run_cmd tc -n "$NS_A" qdisc del dev a0 root
	run_cmd tc -n "$NS_B" qdisc del dev b0 root
	echo "# $n: $((SECONDS - t0)) s"
}

# charon rekeys (child 5-6 s, IKE 10-12 s), ours only every 100 s
case2 a-slow charon 100 100
# we rekey (child 5.4-6 s, IKE 11-12 s), charon only every hour
case2 a-fast us 6 12
if ((COLLIDE)); then
	collide a-coll child
	collide a-collike ike
fi
if ((ZS_CHECKS_FAILED > 0)); then
	show_logs "$DIR/a-slow.log" "$DIR/a-fast.log" "$DIR/a-coll.log" \
		"$DIR/a-collike.log" "$DIR/charon.log"
fi
