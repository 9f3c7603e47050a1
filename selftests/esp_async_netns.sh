#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Asynchronous crypto completions against namespace exit. Two template
# instances are registered first (selftests/crypto_inst.py): pcrypt over
# the best rfc4106(gcm(aes)) (the kernel's parallel AEAD for IPsec, which
# always completes from its padata workers) and cryptd over the best
# hmac(sha256). They take those names with a higher priority, so every SA
# below encrypts, decrypts and hashes asynchronously and the datapath
# takes its -EINPROGRESS branch. A kprobe on zs_async_done(), which only
# asynchronous completions call, proves it.
#
# Then, round after round, two namespaces run zonesec SAs to each other
# (ESP, then AH), a ping flood goes from b to a, and a is deleted while
# the flood runs: a's in-flight requests complete after its exit began,
# b's find their veth gone. Each round waits for a's exit to finish.
# Finally rmmod; run-tests.sh fails the test on any WARNING, BUG or
# KASAN report in dmesg.
#
#   [a]  eth0 192.0.2.1 ==== ESP or AH (async) ===== eth0 192.0.2.2  [b]
#   zonesec, no process in it            zonesec, ping -f 192.0.2.1
#   SPI 0x1000 a -> b, SPI 0x2000 b -> a, transport, reqid 1

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=selftests/lib_ipsec.sh
source "$(dirname "$0")/lib_ipsec.sh"

require_root
require_cmd ip ping rmmod modprobe timeout /usr/bin/python3
[ -x "$ZONESEC" ] || skip "no $ZONESEC (make userspace)"

readonly A=192.0.2.1 B=192.0.2.2
readonly AEAD='rfc4106(gcm(aes))' AUTH='hmac(sha256)'
readonly KEY_H1=0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
readonly KEY_H2=0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
readonly ROUNDS=${ZS_ASYNC_ROUNDS:-6}
readonly TRACING=/sys/kernel/tracing
readonly PROBE=zonesec_async_done

check "pcrypt, cryptd and crypto_user" modprobe -a pcrypt cryptd crypto_user
[ -e $TRACING/kprobe_events ] ||
	run_cmd mount -t tracefs nodev $TRACING ||
	skip "no tracefs: cannot prove the asynchronous path ran"

# the pcrypt and cryptd instances of NAME registered (driver names)
wrapper_drivers() {
	awk -v want="$1" '
		/^name / { name = $3 }
		/^driver / && name == want && $3 ~ /^(cryptd|pcrypt)\(/ { print $3 }
	' /proc/crypto | sort -u
}
declare -A had
# cryptd before 6.3 swaps req->base.complete while it holds a request,
# and the crypto manager's self-test of a new cryptd instance may take
# that for a fault (a WARNING, the instance refused): no self-tests for
# the two wrappers registered here, of implementations already tested.
readonly NOTESTS=/sys/module/cryptomgr/parameters/notests
notests=
if [ -w $NOTESTS ]; then
	notests=$(cat $NOTESTS)
	echo Y >$NOTESTS
fi
# the driver the crypto API hands out for NAME now: the highest priority
best_driver() {
	awk -v want="$1" '
		/^name / { name = $3 }
		/^driver / { drv = $3 }
		/^priority / && name == want && $3 > best { best = $3; pick = drv }
		END { print pick }
	' /proc/crypto
}
# after rmmod (deferred earlier, so it runs later): the instances go
# again, leaving the crypto API as the next test expects it
drop_cryptd() {
	local alg drv
	for alg in "$AEAD" "$AUTH"; do
		for drv in $(wrapper_drivers "$alg"); do
			grep -qxF "$drv" <<<"${had[$alg]}" && continue
			run_cmd /usr/bin/python3 "$ZS_LIB_DIR/crypto_inst.py" del "$drv"
		done
	done
}
defer drop_cryptd
# T(X) is named by X's driver name: the instance's own driver name is
# "T(" X's driver ")", its algorithm name X's
declare -A kind=([$AEAD]=aead [$AUTH]=hash) tmpl=([$AEAD]=pcrypt [$AUTH]=cryptd)
for alg in "$AEAD" "$AUTH"; do
	had[$alg]=$(wrapper_drivers "$alg")
	# instantiated on demand: make sure it is there to be wrapped
	run_cmd /usr/bin/python3 "$ZS_LIB_DIR/crypto_inst.py" add \
		"${kind[$alg]}" "$alg"
	inst="${tmpl[$alg]}($(best_driver "$alg"))"
	check "$inst registered for $alg" /usr/bin/python3 \
		"$ZS_LIB_DIR/crypto_inst.py" add "${kind[$alg]}" "$inst" ||
		break
done
[ -z "$notests" ] || echo "$notests" >$NOTESTS
((ZS_CHECKS_FAILED == 0)) || exit
zonesec_load
# the drivers the crypto API hands out for these names (zonesec probes
# them at load): the wrappers', or the test proves nothing
drivers=$("$ZONESEC" -j info | "$ZS_PYTHON" -c '
import json, sys
for a in json.load(sys.stdin)["algorithms"]:
    print(a["name"], "->", a["driver"])')
printf '%s\n' "$drivers"
for alg in "$AEAD" "$AUTH"; do
	check_match "$alg resolves to ${tmpl[$alg]}" \
		"$(grep -F "$alg ->" <<<"$drivers")" "-> ${tmpl[$alg]}\\(" || exit
done

run_cmd sh -c "echo 'p:$PROBE zonesec:zs_async_done' >> $TRACING/kprobe_events"
run_cmd sh -c "echo 1 > $TRACING/events/kprobes/$PROBE/enable"
unprobe() {
	echo 0 >"$TRACING/events/kprobes/$PROBE/enable"
	echo "-:$PROBE" >>"$TRACING/kprobe_events"
}
defer unprobe
hits() {
	awk -v p="$PROBE" '$1 == p { print $2 }' "$TRACING/kprobe_profile"
}

round_ns=()
drop_round_ns() {
	local ns
	for ns in "${round_ns[@]}"; do
		[ ! -e "/run/netns/$ns" ] || ip netns del "$ns"
	done
}
defer drop_round_ns

# sas NS OUT_SPI IN_SPI SRC DST PROTO: zonesec SAs and policies in NS
sas() {
	local ns=$1 ospi=$2 ispi=$3 src=$4 dst=$5 proto=$6 k1 k2
	local -a alg
	if [ "$proto" = esp ]; then
		k1=$KEY_GCM128 k2=$KEY_GCM128_B
		[ "$ospi" = 0x1000 ] || { k1=$KEY_GCM128_B k2=$KEY_GCM128; }
		alg=(aead "$AEAD")
	else
		k1=$KEY_H1 k2=$KEY_H2
		[ "$ospi" = 0x1000 ] || { k1=$KEY_H2 k2=$KEY_H1; }
		alg=(auth-trunc "$AUTH")
	fi
	zs "$ns" sa add src "$src" dst "$dst" proto "$proto" spi "$ospi" \
		reqid 1 mode transport "${alg[@]}" "$k1" 128 &&
	zs "$ns" sa add src "$dst" dst "$src" proto "$proto" spi "$ispi" \
		reqid 1 mode transport "${alg[@]}" "$k2" 128 \
		replay-window 1024 &&
	zs "$ns" policy add src "$src" dst "$dst" dir out \
		tmpl proto "$proto" reqid 1 mode transport &&
	zs "$ns" policy add src "$dst" dst "$src" dir in \
		tmpl proto "$proto" reqid 1 mode transport
}

for ((r = 1; r <= ROUNDS; r++)); do
	proto=esp
	((r % 2)) || proto=ah
	ns_a=async-a$r-$ZS_NS_SUFFIX ns_b=async-b$r-$ZS_NS_SUFFIX
	round_ns+=("$ns_a" "$ns_b")
	log_info "round $r: $proto, delete a while b floods it"
	run_cmd ip netns add "$ns_a" && run_cmd ip netns add "$ns_b" &&
		veth_link "$ns_a" eth0 "$ns_b" eth0 &&
		addr_add "$ns_a" eth0 $A/24 && addr_add "$ns_b" eth0 $B/24 &&
		run_cmd ip -n "$ns_a" link set lo up
	check "round $r: $proto SAs in a and b" \
		sas "$ns_a" 0x1000 0x2000 $A $B $proto &&
		sas "$ns_b" 0x2000 0x1000 $B $A $proto
	before=$(hits)
	check "round $r: $proto works through pcrypt or cryptd" \
		ns_run "$ns_b" ping -c 3 -i 0.2 -W 2 -q $A
	check "round $r: the completions were asynchronous" \
		test "$(hits)" -gt "$before"
	# a flood with 32 in flight: requests queue up in the workers
	ip netns exec "$ns_b" timeout 20 ping -f -l 32 -q $A >/dev/null 2>&1 &
	flood=$!
	sleep 2
	before=$(hits)
	# a has no process left: this starts its exit
	check "round $r: delete a while the flood runs" ip netns del "$ns_a"
	# until cleanup_net is done with a (its veth end goes with it, so
	# b's eth0 disappears too)
	for _ in $(seq 100); do
		ip -n "$ns_b" link show eth0 >/dev/null 2>&1 || break
		sleep 0.1
	done
	check_fail "round $r: a's exit took b's veth end with it" \
		ip -n "$ns_b" link show eth0
	kill "$flood" 2>/dev/null
	wait "$flood" 2>/dev/null
	log_info "round $r: $(($(hits) - before)) asynchronous completions from 2 s into the flood on"
	check "round $r: delete b" ip netns del "$ns_b"
done
log_info "asynchronous completions in all: $(hits)"
check "rmmod after the rounds" zonesec_unload
