# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What the firewall tests share: gw-hq of the DMZ scenario running zonesec,
# servers (fw_helper.py) in the namespaces behind it, and probes that say
# how a connection to them ended. Sourced after lib.sh.

HELPER=$ZS_LIB_DIR/fw_helper.py
TMO=2	# seconds a probe waits before it calls a connection dropped

# fw_setup: the DMZ scenario with the module loaded, and $tmp, a directory
# removed at exit, for the servers' files.
fw_setup() {
	build_dmz_scenario
	print_dmz_scenario
	zonesec_load || exit
	tmp=$(mktemp -d)
	defer rm -rf "$tmp"
}

# zsq ARGS...: zonesec on gw-hq, not echoed, for output to be captured.
zsq() { "$ZONESEC" -n "$NS_GW_HQ" "$@"; }

# serve NS NAME SPEC...: a server process in NS, killed at exit; returns
# once it listens on every SPEC (KIND:PORT).
serve() {
	local ns=$1 name=$2 i
	shift 2
	ip netns exec "$ns" "$ZS_PYTHON" "$HELPER" serve "$tmp/$name.ready" \
		"$tmp/$name.log" "$@" &
	defer kill "$!"
	for ((i = 0; i < 200; i++)); do
		[[ -e "$tmp/$name.ready" ]] && return 0
		sleep 0.05
	done
	die "server $name did not start"
}

# probe NS SPEC...: one line per probe: KIND ADDR PORT RESULT SECONDS
probe() {
	local ns=$1
	shift
	ns_run "$ns" "$ZS_PYTHON" "$HELPER" probe "$TMO" "$@"
}

# probe_is DESC NS KIND ADDR PORT RESULT: one probe ends in RESULT
# (ok, refused, timeout, ...)
probe_is() {
	local desc=$1 ns=$2 kind=$3 addr=$4 port=$5 want=$6 got
	got=$(ip netns exec "$ns" "$ZS_PYTHON" "$HELPER" probe "$TMO" \
		"$kind,$addr,$port" | awk '{ print $4 }')
	check_eq "$desc: $kind $addr:$port $want" "$got" "$want"
}
