#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Prove that the YNL spec and the hand-written uapi header agree.

Every name the spec implies (enums, attribute sets, commands, the family
and group defines) must exist in include/uapi/linux/zonesec.h with the
value the spec gives it, and every ZONESEC_* enumerator in the header must
be one the spec implies.  The values are checked by the C compiler, not by
reading the header as text: a C program of _Static_asserts is generated
and built against the header.

Output is KTAP; exit 0 when all agree, 1 otherwise.
"""

import os
import re
import subprocess
import sys
import tempfile

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(TOP, "Documentation/netlink/specs/zonesec.yaml")
UAPI = os.path.join(TOP, "include/uapi")
HEADER = os.path.join(UAPI, "linux/zonesec.h")


def c_name(*parts):
    return "".join(parts).upper().replace("-", "_")


def expected_values(spec):
    """Map each C name the spec implies to its value (int or str)."""
    want = {
        c_name(spec["c-family-name"]): spec["name"],
    }
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            want[c_name(d.get("name-prefix", spec["name"] + "-"),
                        d["name"])] = d["value"]
            continue
        if d["type"] not in ("enum", "flags"):
            continue
        value = d.get("value-start", 0)
        for e in d["entries"]:
            name = e["name"] if isinstance(e, dict) else e
            want[c_name(d["name-prefix"], name)] = \
                1 << value if d["type"] == "flags" else value
            value += 1
    for s in spec["attribute-sets"]:
        prefix = s["name-prefix"]
        want[c_name(prefix, "unspec")] = 0
        value = 0
        for a in s["attributes"]:
            value = a.get("value", value + 1)
            want[c_name(prefix, a["name"])] = value
        want[c_name(s["attr-max-name"])] = value
        want[c_name(s["attr-cnt-name"])] = value + 1
    ops = spec["operations"]
    value = 0
    want[c_name(ops["name-prefix"], "unspec")] = 0
    for op in ops["list"]:
        value = op.get("value", value + 1)
        want[c_name(ops["name-prefix"], op["name"])] = value
    want[c_name(spec["cmd-max-name"])] = value
    want[c_name(spec["cmd-cnt-name"])] = value + 1
    for g in spec["mcast-groups"]["list"]:
        want[c_name(g["c-define-name"])] = g["name"]
    return want


def header_enumerators():
    text = open(HEADER).read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    names = set()
    for body in re.findall(r"enum\s+\w+\s*\{(.*?)\}", text, flags=re.S):
        names.update(re.findall(r"^\s*(ZONESEC_\w+)", body, flags=re.M))
    return names


def compile_check(want):
    """Return the C compiler's verdict on every expected value."""
    lines = ["#include <string.h>", "#include <linux/zonesec.h>",
             "int main(void)", "{", "\tint bad = 0;"]
    for name, value in sorted(want.items()):
        if isinstance(value, int):
            lines.append(f'\t_Static_assert({name} == {value}, "{name} != {value}");')
        else:
            lines.append(f'\tbad |= strcmp({name}, "{value}") != 0;')
    lines += ["\treturn bad;", "}"]
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "c.c"), os.path.join(tmp, "c")
        with open(src, "w") as f:
            f.write("\n".join(lines) + "\n")
        cc = subprocess.run(["cc", "-std=c11", "-Wall", "-Werror",
                             "-I", UAPI, "-o", exe, src],
                            capture_output=True, text=True)
        if cc.returncode:
            return cc.stderr.strip()
        if subprocess.run([exe]).returncode:
            return "a string define differs from the spec"
    return None


def main():
    spec = yaml.safe_load(open(SPEC))
    want = expected_values(spec)
    results = []

    err = compile_check(want)
    results.append(("spec_values_match_header", err))

    extra = sorted(header_enumerators() - set(want))
    results.append(("header_has_nothing_beyond_spec",
                    ", ".join(extra) + " not in the spec" if extra else None))

    print("TAP version 13")
    print(f"1..{len(results)}")
    failed = 0
    for i, (name, err) in enumerate(results, 1):
        if err:
            failed += 1
            for line in err.splitlines():
                print(f"# {line}")
            print(f"not ok {i} {name}")
        else:
            print(f"ok {i} {name}")
    print(f"# Totals: pass:{len(results) - failed} fail:{failed} "
          "xfail:0 xpass:0 skip:0 error:0")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
