#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Tables from the benchmark's records.

  report.py [--rst] [--spread] TSV...

Each TSV holds the records of one guest run (one kernel), as
selftests/bench/lib_bench.sh writes them (without the leading BENCH):

  sample SECTION ROW IMPL METRIC VALUE     one repetition
  note   SECTION ROW IMPL TEXT             no figure, and why
  meta   KEY VALUE

For each kernel and section it prints one table: a row per ROW, the
median of each (IMPL, METRIC) with the number of samples, and the ratio
the section is about (zonesec / XFRM, zonesec / nftables, ...).  --rst
prints the same tables as reStructuredText for Documentation/bench.rst;
--spread adds each median's range (lowest-highest sample) in brackets.
"""
import statistics
import sys

# section -> (title, [(metric, header, format)], [impl columns], ratio
# (numerator, denominator) or None, what a ratio above 1 means)
SECTIONS = {
    "datapath": (
        "Datapath: single-stream TCP (iperf3) and ping RTT, transport mode "
        "between two namespaces unless said",
        [("mbps", "Mbit/s", "%.1f"), ("rtt_ms", "RTT ms", "%.3f")],
        ["zonesec", "xfrm", "other"], ("zonesec", "xfrm"),
        "zonesec/XFRM: throughput above 1 is faster, RTT below 1 is faster"),
    "sa_scale": (
        "Throughput (Mbit/s) with 1, 1,000 and 100,000 SAs installed "
        "(rfc4106(gcm(aes)) 128, transport)",
        [("mbps", "Mbit/s", "%.1f")], ["zonesec", "xfrm"],
        ("zonesec", "xfrm"), "zonesec/XFRM: above 1 is faster"),
    "sa_scale_rel": (
        "Throughput (Mbit/s) with many SAs installed beside the same "
        "configuration without them, in the same rounds",
        [("mbps", "Mbit/s", "%.1f")],
        ["zonesec", "zonesec_1sa", "xfrm", "xfrm_1sa"],
        ("zonesec", "zonesec_1sa"),
        "zonesec/zonesec 1 SA: 1 is no change"),
    "sa_install": (
        "Time to install SAs in bulk (zonesec: batched netlink requests "
        "over its ABI; XFRM: ip -batch)",
        [("us_per_sa", "us/SA", "%.0f")], ["zonesec", "xfrm"],
        ("zonesec", "xfrm"), "zonesec/XFRM: below 1 is faster"),
    "sa_mem": (
        "Kernel memory per SA (MemAvailable and Slab deltas over the SAs "
        "added, after drop_caches)",
        [("memavail_bytes_per_sa", "bytes/SA (MemAvailable)", "%.0f"),
         ("slab_bytes_per_sa", "bytes/SA (Slab)", "%.0f")],
        ["zonesec", "xfrm"], ("zonesec", "xfrm"),
        "zonesec/XFRM: below 1 is smaller"),
    "fw": (
        "Firewall: untracked 64-byte UDP through the gateway, packets/s "
        "received; the matching rule is the last",
        [("pps", "pkt/s", "%.0f")], ["zonesec", "nftables"],
        ("zonesec", "nftables"),
        "zonesec/nftables: above 1 is faster (nftables is the anchor)"),
    "fw_load": (
        "Firewall: time to load the rule set (one request / one nft -f)",
        [("ms", "ms", "%.0f")], ["zonesec", "nftables"],
        ("zonesec", "nftables"), "zonesec/nftables: below 1 is faster"),
    "ike": (
        "IKE: time to establish N tunnels (IKE_SA_INIT to every child SA "
        "installed on both sides), both ends the same implementation",
        [("seconds", "s", "%.2f")], ["zonesecd", "charon"],
        ("zonesecd", "charon"), "zonesecd/charon: below 1 is faster"),
    "ike_start": (
        "IKE: zonesecd's process start and configuration load alone "
        "(zonesecd -t, same file): not part of the times above",
        [("seconds", "s", "%.2f")], ["zonesecd"], None, "for reference"),
    "ike_mem": (
        "IKE: the responder's memory (RSS with N tunnels up; per IKE SA: "
        "its growth while N tunnels come up, over N, and from the smallest "
        "N to a larger one, per added tunnel)",
        [("rss_kib", "RSS KiB", "%.0f"), ("kib_per_sa", "KiB/IKE SA", "%.1f")],
        ["zonesecd", "charon"],
        ("zonesecd", "charon"), "zonesecd/charon: below 1 is smaller"),
}
# Implementations shown in the "other" column of a section that has one:
# the references without a zonesec twin (one per row).
OTHER = ("clear", "wireguard")
SPREAD = False
IMPL_NAMES = {"other": "other", "xfrm": "XFRM",
              "zonesec_1sa": "zonesec 1 SA", "xfrm_1sa": "XFRM 1 SA", "clear": "clear", "wireguard": "WireGuard",
              "nftables": "nftables", "zonesec": "zonesec",
              "zonesecd": "zonesecd", "charon": "charon"}


def load(path):
    meta, samples, notes, rows = {}, {}, {}, {}
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "meta" and len(p) >= 3:
                meta[p[1]] = p[2]
            elif p[0] == "sample" and len(p) == 6:
                _, sec, row, impl, metric, value = p
                rows.setdefault(sec, [])
                if row not in rows[sec]:
                    rows[sec].append(row)
                try:
                    samples.setdefault((sec, row, impl, metric),
                                       []).append(float(value))
                except ValueError:
                    pass
            elif p[0] == "note" and len(p) == 5:
                _, sec, row, impl, text = p
                notes[(sec, row, impl)] = text
    # Rows in the order their figures came; rows with only a note after.
    for sec, row, _ in notes:
        rows.setdefault(sec, [])
        if row not in rows[sec]:
            rows[sec].append(row)
    return meta, samples, notes, rows


def cell(samples, key, fmt, reps):
    v = samples.get(key)
    if not v:
        return None, ""
    med = statistics.median(v)
    text = fmt % med
    if SPREAD and len(v) > 1:
        text += " (%s-%s)" % (fmt % min(v), fmt % max(v))
    return med, text + ("" if len(v) == reps else " n=%d" % len(v))


def impl_of(sec, row, col, samples, notes):
    """The implementation a column shows for a row ("other": whichever
    reference the row has)."""
    if col != "other":
        return col
    for i in OTHER:
        if any(k[:3] == (sec, row, i) for k in samples) or \
                (sec, row, i) in notes:
            return i
    return None


def table(sec, samples, notes, rows):
    title, metrics, impls, ratio, meaning = SECTIONS[sec]
    present = {k[2] for k in samples if k[0] == sec} | \
        {k[2] for k in notes if k[0] == sec}
    used = [i for i in impls
            if i in present or (i == "other" and present & set(OTHER))]
    reps = max([len(v) for k, v in samples.items() if k[0] == sec] or [1])
    head = [{"fw": "rules", "fw_load": "rules", "ike": "tunnels",
             "ike_start": "tunnels", "datapath": "configuration",
             "sa_scale": "SAs installed", "sa_scale_rel": "SAs installed",
             "sa_install": "SAs added",
             "sa_mem": "measured", "ike_mem": "responder"}.get(sec, "")]
    has_ratio = ratio and ratio[0] in used and ratio[1] in used
    for metric, mname, _ in metrics:
        for i in used:
            if i == "other":
                continue
            head.append("%s %s" % (IMPL_NAMES.get(i, i), mname))
        if has_ratio:
            head.append("%s/%s" % (IMPL_NAMES[ratio[0]], IMPL_NAMES[ratio[1]]))
        if "other" in used:
            head.append("other " + mname)
    body, foot = [], []
    for row in rows.get(sec, []):
        line = [row]
        for metric, _, fmt in metrics:
            vals, other = {}, None
            for col in used:
                i = impl_of(sec, row, col, samples, notes)
                med, text = (None, "") if i is None else \
                    cell(samples, (sec, row, i, metric), fmt, reps)
                if (sec, row, i) in notes:
                    if metric == metrics[0][0]:
                        foot.append(notes[(sec, row, i)])
                    text = (text + " " if text else "n/a ") + \
                        "[%d]" % len(foot)
                if col == "other":
                    other = (IMPL_NAMES[i] + " " + text) if text else ""
                    continue
                vals[col] = med
                line.append(text)
            if has_ratio:
                a, b = vals.get(ratio[0]), vals.get(ratio[1])
                line.append("%.2fx" % (a / b) if a and b else "")
            if "other" in used:
                line.append(other or "")
        body.append(line)
    meaning += "; medians of %d interleaved runs" % reps if reps > 1 else \
        "; one run"
    return title, head, body, foot, meaning


def fmt_text(head, body):
    w = [max(len(r[c]) for r in [head] + body) for c in range(len(head))]
    out = ["  ".join(h.ljust(w[c]) if c == 0 else h.rjust(w[c])
                     for c, h in enumerate(head))]
    out.append("  ".join("-" * x for x in w))
    for r in body:
        out.append("  ".join(v.ljust(w[c]) if c == 0 else v.rjust(w[c])
                             for c, v in enumerate(r)))
    return out


def fmt_rst(head, body):
    w = [max(len(r[c]) for r in [head] + body) for c in range(len(head))]
    w = [max(x, 1) for x in w]
    sep = "  ".join("=" * x for x in w)
    out = [sep, "  ".join(h.ljust(w[c]) for c, h in enumerate(head)), sep]
    for r in body:
        out.append("  ".join((v or "\u2013").ljust(w[c])
                             for c, v in enumerate(r)))
    out.append(sep)
    return out


def main():
    global SPREAD
    args = sys.argv[1:]
    rst = "--rst" in args
    SPREAD = "--spread" in args
    args = [a for a in args if a not in ("--rst", "--spread")]
    for path in args:
        meta, samples, notes, rows = load(path)
        hdr = "kernel %s, %s" % (meta.get("kernel", "?"), meta.get("date", "?"))
        print(hdr)
        print(("-" if rst else "=") * len(hdr))
        for k in ("command", "host", "cpu", "crypto", "load", "ike_warmup"):
            if k in meta:
                print("%s: %s%s" % (k, meta[k], "  " if rst else ""))
        print()
        for sec in SECTIONS:
            if sec not in rows:
                continue
            title, head, body, foot, meaning = table(sec, samples, notes,
                                                    rows)
            print(("**%s**" if rst else "%s") % title)
            print()
            for line in (fmt_rst if rst else fmt_text)(head, body):
                print(line if not rst else line)
            print()
            print("  " + meaning if not rst else meaning + ".")
            for n, text in enumerate(foot, 1):
                print("  [%d] %s" % (n, text) if not rst else
                      "[%d] %s" % (n, text))
            print()


if __name__ == "__main__":
    main()
