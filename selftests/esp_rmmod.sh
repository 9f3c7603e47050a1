#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod while traffic flows through zonesec's SAs: a TCP transfer and
# ping floods both ways keep the ESP path (and any asynchronous crypto)
# busy while the module is unloaded. rmmod must succeed in bounded time,
# the kernel must stay quiet (run-tests.sh fails the test on any WARNING,
# BUG or leak report in dmesg), every crypto transform the SAs held must
# be freed (the reference counts in /proc/crypto come back to where they
# were), and a reload must work at once on the same namespaces. Twice.
#
#   [zs]  eth0 192.0.2.1 ==== ESP ==== eth0 192.0.2.2  [xfrm]
#   zonesec sa/policy                   ip xfrm state/policy
#   SPI 0x1000 zs -> xfrm, SPI 0x2000 xfrm -> zs, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping rmmod timeout /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly A_ZS=192.0.2.1 A_XF=192.0.2.2
readonly AEAD='rfc4106(gcm(aes))'

setup_ns NS_ZS NS_XF
veth_link "$NS_ZS" eth0 "$NS_XF" eth0
addr_add "$NS_ZS" eth0 $A_ZS/24
addr_add "$NS_XF" eth0 $A_XF/24
check "xfrm: policies" ip_batch "$NS_XF" <<-END
	xfrm policy add src $A_XF dst $A_ZS dir out tmpl proto esp reqid 1 mode transport
	xfrm policy add src $A_ZS dst $A_XF dir in tmpl proto esp reqid 1 mode transport
END

# xfrm_sas WHAT: fresh states (a new zonesec SA starts its sequence
# numbers at 1 again: XFRM's window must be new too)
xfrm_sas() {
	check "$1: xfrm states" ip_batch "$NS_XF" <<-END
		xfrm state flush
		xfrm state add src $A_ZS dst $A_XF proto esp spi 0x1000 reqid 1 mode transport replay-window 1024 aead $AEAD $KEY_GCM128 128
		xfrm state add src $A_XF dst $A_ZS proto esp spi 0x2000 reqid 1 mode transport aead $AEAD $KEY_GCM128_B 128
	END
}

zs_sas() {
	check "$1: zs SAs and policies" \
		zs "$NS_ZS" sa add src $A_ZS dst $A_XF proto esp spi 0x1000 \
		reqid 1 mode transport aead "$AEAD" "$KEY_GCM128" 128 &&
		zs "$NS_ZS" sa add src $A_XF dst $A_ZS proto esp spi 0x2000 \
			reqid 1 mode transport aead "$AEAD" "$KEY_GCM128_B" 128 \
			replay-window 1024 &&
		zs "$NS_ZS" policy add src $A_ZS dst $A_XF dir out \
			tmpl proto esp reqid 1 mode transport &&
		zs "$NS_ZS" policy add src $A_XF dst $A_ZS dir in \
			tmpl proto esp reqid 1 mode transport
	check "$1: the SAs work both ways" \
		ns_run "$NS_ZS" ping -c 2 -i 0.2 -W 2 $A_XF &&
		ns_run "$NS_XF" ping -c 2 -i 0.2 -W 2 $A_ZS
}

# The references on every rfc4106(gcm(aes)) implementation: XFRM's are
# in already, zonesec's come and go with its SAs.
gcm_refs() {
	awk -v want="$AEAD" '
		$1 == "name" { hit = ($3 == want) }
		$1 == "refcnt" && hit { n += $3 }
		END { print n + 0 }' /proc/crypto
}

# settled_refs: gcm_refs once it stops moving. XFRM frees the transforms
# of flushed states from a work item, after a grace period: on a loaded
# host that takes seconds, so the count must hold for 2 s (20 s at most).
settled_refs() {
	local a b same=0
	a=$(gcm_refs)
	for _ in $(seq 40); do
		sleep 0.5
		b=$(gcm_refs)
		if [[ "$a" == "$b" ]]; then
			((++same < 4)) || break
		else
			same=0
		fi
		a=$b
	done
	echo "$a"
}

# refs_back_to N: the count comes back to N within 20 s
refs_back_to() {
	local n
	for _ in $(seq 40); do
		n=$(gcm_refs)
		[[ "$n" != "$1" ]] || break
		sleep 0.5
	done
	echo "$n"
}

pkts_in() {
	"$ZONESEC" -n "$NS_ZS" -j sa get dst $A_ZS proto esp spi 0x2000 |
		"$ZS_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["stats"]["packets-in"])'
}

tmp=$(mktemp -d)
defer rm -rf "$tmp"

# start_traffic: a long TCP transfer zs -> xfrm and ping floods both ways,
# in the background, for at most 60 s
start_traffic() {
	rm -f "$tmp/got"
	ip netns exec "$NS_XF" timeout 60 "$ZS_PYTHON" -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5201)); s.listen(1)
c, _ = s.accept(); n = last = 0
try:
    while True:
        b = c.recv(65536)
        if not b: break
        n += len(b)
        if n - last >= 65536:
            open(sys.argv[2], "w").write(str(n)); last = n
except OSError:
    pass' $A_XF "$tmp/got" 2>/dev/null &
	TRAFFIC=("$!")
	ip netns exec "$NS_ZS" timeout 60 "$ZS_PYTHON" -c '
import socket, sys, time
for _ in range(100):
    try:
        s = socket.create_connection((sys.argv[1], 5201), timeout=30); break
    except ConnectionRefusedError:
        time.sleep(0.1)
buf = b"r" * 65536
try:
    while True:
        s.sendall(buf)
except OSError:
    pass' $A_XF >/dev/null 2>&1 &
	TRAFFIC+=("$!")
	ip netns exec "$NS_ZS" timeout 60 ping -f -q $A_XF >"$tmp/ping_zs" 2>&1 &
	TRAFFIC+=("$!")
	rm -f "$tmp/got"
	ip netns exec "$NS_XF" timeout 60 ping -f -q $A_ZS >"$tmp/ping_xf" 2>&1 &
	TRAFFIC+=("$!")
}

stop_traffic() {
	kill "${TRAFFIC[@]}" 2>/dev/null
	wait "${TRAFFIC[@]}" 2>/dev/null
	return 0
}

for round in 1 2; do
	xfrm_sas "round $round"
	refs0=$(settled_refs)
	zonesec_load || break
	zs_sas "round $round"
	check "round $round: zonesec holds transforms" test "$(gcm_refs)" -gt "$refs0"

	start_traffic
	# until at least 500 packets came in through zonesec (30 s at most)
	for _ in $(seq 60); do
		sleep 0.5
		pin=$(pkts_in)
		((pin < 500)) || break
	done
	check "round $round: traffic flows ($pin packets in)" test "$pin" -ge 500
	check "round $round: rmmod under traffic, within 30 s" \
		timeout 30 rmmod zonesec
	check_fail "round $round: the module is gone" test -d /sys/module/zonesec
	stop_traffic
	cat "$tmp/ping_zs" "$tmp/ping_xf"
	zs_check_match "round $round: TCP carried data before the unload" \
		"$(cat "$tmp/got" 2>/dev/null)" '^[1-9][0-9]*$'
	# the SAs' frees ran before module exit returned
	check_eq "round $round: every transform zonesec held was freed" \
		"$(refs_back_to "$refs0")" "$refs0"
done

check "reload on the same namespaces" zonesec_load
xfrm_sas "after the reload"
zs_sas "after the reload"
