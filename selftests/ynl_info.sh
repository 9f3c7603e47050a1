#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Drive the family with the kernel's own YNL client (tools/net/ynl/cli.py
# from Debian's linux-source-6.12), given only our spec,
# Documentation/netlink/specs/zonesec.yaml: a client no one here wrote.
# What it decodes must agree with the module and with `zonesec -j info`,
# and a request the spec marks reply-only must be refused with a message.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

YNL_DIR=${YNL_DIR:-$ZS_TOP_DIR/build/ynl}
CLI=$YNL_DIR/tools/net/ynl/cli.py
SPEC=$ZS_TOP_DIR/Documentation/netlink/specs/zonesec.yaml
SCHEMA=$YNL_DIR/Documentation/netlink/genetlink-c.yaml

require_root
require_cmd /usr/bin/python3
[ -f "$CLI" ] || skip "no $CLI (make extracts it from linux-source-6.12)"

zonesec_load

ynl()
{
	echo "# cli.py --spec zonesec.yaml $*" >&2
	/usr/bin/python3 "$CLI" --spec "$SPEC" --schema "$SCHEMA" "$@"
}

tmp=$(mktemp -d)
defer rm -rf "$tmp"

ynl --do info-get --output-json > "$tmp/ynl.json" 2> "$tmp/ynl.err" ||
	die "cli.py info-get failed: $(cat "$tmp/ynl.err")"
cat "$tmp/ynl.json"
"$ZONESEC" -j info > "$tmp/zs.json" ||
	die "zonesec -j info failed"

# Compare field by field; print what differs.
/usr/bin/python3 - "$tmp/ynl.json" "$tmp/zs.json" "$(modinfo -F version "$ZONESEC_KO")" <<'PY'
import json, sys
ynl = json.load(open(sys.argv[1]))["info"]
zs = json.load(open(sys.argv[2]))
modver = sys.argv[3]
fails = 0
def check(what, ok):
    global fails
    print(("ok   " if ok else "FAIL ") + what)
    fails += not ok
check("abi-version is 1", ynl["abi-version"] == 1)
check("module-version is modinfo's", ynl["module-version"] == modver)
check("module-version as the CLI says", ynl["module-version"] == zs["module_version"])
check("netns-cookie as the CLI says", ynl["netns-cookie"] == zs["netns_cookie"])
algs = {(a["name"], a["kind"], a["driver"]) for a in ynl.get("alg", [])}
cli = {(a["name"], a["kind"], a["driver"]) for a in zs["algorithms"]}
check("at least one algorithm", len(algs) > 0)
check("algorithms as the CLI says: %s" % sorted(algs ^ cli), algs == cli)
check("kinds decode through the spec's enum",
      all(k in ("aead", "cipher", "auth") for _, k, _ in algs))
sys.exit(1 if fails else 0)
PY
check_eq "cli.py, modinfo and zonesec agree" "$?" 0

# INFO is reply-only: a request carrying it is refused with a reason.
if ynl --do info-get --json '{"info": {"abi-version": 7}}' > "$tmp/out" 2>&1; then
	log_fail "a request with the reply-only info attribute was accepted"
else
	cat "$tmp/out"
	check_match "refused with the module's reason" "$(cat "$tmp/out")" "info is a reply-only attribute"
fi

