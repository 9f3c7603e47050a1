#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# INFO in two network namespaces at once: each answer comes from the state
# of the namespace that asked.  The netns cookie in the reply is compared
# with the one the kernel gives a socket in that namespace
# (SO_NETNS_COOKIE), read by Python, not by our code.
#
#   [ns A] zonesec -n A info  \
#                              >  zonesec.ko, one zs_net per namespace
#   [ns B] zonesec -n B info  /

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_root
require_cmd /usr/bin/python3

setup_ns NS_A NS_B
zonesec_load

# The kernel's cookie for a namespace, as a socket in it sees it.
netns_cookie()
{
	ip netns exec "$1" /usr/bin/python3 -c '
import socket, struct
s = socket.socket()
print(struct.unpack("Q", s.getsockopt(socket.SOL_SOCKET, 71, 8))[0])'
}

json_field()
{
	/usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

cookie_a=$(netns_cookie "$NS_A")
cookie_b=$(netns_cookie "$NS_B")
check_match "cookie of A is a number" "$cookie_a" '^[0-9]+$'
check_match "cookie of B is a number" "$cookie_b" '^[0-9]+$'
[ "$cookie_a" != "$cookie_b" ] || log_fail "A and B have one cookie: $cookie_a"

# Both at once, many times over: no answer may come from the other side.
tmp=$(mktemp -d)
defer rm -rf "$tmp"
for i in $(seq 20); do
	"$ZONESEC" -n "$NS_A" -j info > "$tmp/a.$i" 2>&1 &
	"$ZONESEC" -n "$NS_B" -j info > "$tmp/b.$i" 2>&1 &
done
wait

bad=0
for i in $(seq 20); do
	got_a=$(json_field netns_cookie < "$tmp/a.$i") || got_a="error: $(cat "$tmp/a.$i")"
	got_b=$(json_field netns_cookie < "$tmp/b.$i") || got_b="error: $(cat "$tmp/b.$i")"
	if [ "$got_a" != "$cookie_a" ] || [ "$got_b" != "$cookie_b" ]; then
		echo "# round $i: A said $got_a (want $cookie_a), B said $got_b (want $cookie_b)"
		bad=$((bad + 1))
	fi
done
check_match "40 concurrent answers from the right namespace" "$bad" '^0$'

# The same through `ip netns exec`, without -n.
got=$(ip netns exec "$NS_B" "$ZONESEC" -j info | json_field netns_cookie)
check_match "ip netns exec B" "$got" "^$cookie_b\$"

abi=$("$ZONESEC" -n "$NS_A" -j info | json_field abi_version)
check_match "ABI version" "$abi" '^1$'

