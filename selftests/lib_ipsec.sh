# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the IPsec (SA, policy, datapath) selftests, on top of lib.sh:
#
#   source "$(dirname "$0")/lib.sh"
#   source "$(dirname "$0")/lib_ipsec.sh"

[[ -z "${ZS_LIB_IPSEC_SOURCED:-}" ]] || return 0
ZS_LIB_IPSEC_SOURCED=1

# shellcheck disable=SC2034	# used by the test scripts
{
# The CLI under test, from the tree the tests run from.
ZONESEC=${ZONESEC:-$ZS_LIB_DIR/../userspace/cli/zonesec}
ZS_TOP=$(cd "$ZS_LIB_DIR/.." && pwd)

# Keys used by the tests: fixed, so a failure can be replayed by hand.
# rfc4106(gcm(aes)) 128: 16 bytes of key and 4 of salt.
readonly KEY_GCM128=0x0102030405060708090a0b0c0d0e0f1011121314
readonly KEY_GCM128_B=0x2122232425262728292a2b2c2d2e2f3031323334
}

# zs NS ARGS...: the CLI in namespace NS, echoed.
zs() {
	local ns=$1
	shift
	run_cmd "$ZONESEC" -n "$ns" "$@"
}

# check_match DESCRIPTION TEXT REGEX (extended)
zs_check_match() {
	if [[ "$2" =~ $3 ]]; then
		log_pass "$1"
	else
		log_fail "$1: '$2' does not match /$3/"
	fi
}

# zs_state NS: everything the namespace holds, for before/after compares.
zs_state() {
	"$ZONESEC" -n "$1" -j sa show && "$ZONESEC" -n "$1" -j policy show
}

# expect_refused NS DESCRIPTION REGEX ARGS...: `zonesec -n NS ARGS...`
# exits 1 with one line on stderr matching REGEX, and NS is unchanged.
expect_refused() {
	local ns=$1 desc=$2 re=$3 before after err rc=0
	shift 3
	before=$(zs_state "$ns")
	printf '+ %s\n' "$(zs_quote "$ZONESEC" -n "$ns" "$@")"
	err=$("$ZONESEC" -n "$ns" "$@" 2>&1 >/dev/null) || rc=$?
	printf '%s\n' "$err"
	after=$(zs_state "$ns")
	if ((rc != 1)); then
		log_fail "$desc: exit $rc, expected 1"
		return
	fi
	if [[ "$err" == *$'\n'* ]]; then
		log_fail "$desc: more than one line: $err"
	elif [[ ! "$err" =~ $re ]]; then
		log_fail "$desc: '$err' does not match /$re/"
	elif [[ "$before" != "$after" ]]; then
		log_fail "$desc: the refused request changed the state"
	else
		log_pass "$desc"
	fi
}

# json_len: the length of the JSON array on stdin.
json_len() {
	"$ZS_PYTHON" -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

# tcp_xfer FROM_NS TO_NS TO_ADDR BYTES: BYTES random bytes over one TCP
# connection from FROM_NS to TO_ADDR (IPv4 or IPv6) in TO_NS; the
# receiver hashes what arrived and the hash must be the sender's.
tcp_xfer() {
	local from=$1 to=$2 addr=$3 n=$4 port=$((20000 + RANDOM % 10000))
	local dir srv
	dir=$(mktemp -d)
	head -c "$n" /dev/urandom >"$dir/data"
	ip netns exec "$to" "$ZS_PYTHON" -c '
import hashlib, socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1); s.settimeout(90)
c, _ = s.accept(); c.settimeout(90); h = hashlib.sha256()
while True:
    b = c.recv(65536)
    if not b: break
    h.update(b)
print(h.hexdigest())' "$addr" "$port" >"$dir/got" &
	srv=$!
	ip netns exec "$from" "$ZS_PYTHON" -c '
import socket, sys, time
for _ in range(100):
    try:
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=90); break
    except ConnectionRefusedError:
        time.sleep(0.1)
s.sendall(open(sys.argv[3], "rb").read()); s.close()' "$addr" "$port" "$dir/data"
	wait "$srv"
	check_eq "TCP ${from%%-*} -> ${to%%-*}: $n bytes arrived intact" \
		"$(cat "$dir/got")" "$(sha256sum <"$dir/data" | cut -d' ' -f1)"
	rm -rf "$dir"
}
