#!/usr/bin/env python3
"""Turns bench/run's results.jsonl into the Markdown report (printed and written to OUT).

Records: {"kind": "row", backend, essays, target, wrk: {rps, p50_ms, p99_ms, status_errors, ...},
flood?: {...}}, {"kind": "skip", backend, essays, target, reason} and {"kind": "run", backend,
essays, added, gen_ms, ready_ms, hwm_kb, rss_kb}. With --strict, exits 1 if a row has error
responses or socket errors (not for missed targets).
"""

import argparse
import datetime
import json
import os
import platform
import subprocess

NGINX = "nginx static (reference)"
SCALING = ["article page", "discussion, first page", "discussion, deep page", "search", "mailbag listing"]


def tool_version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True)
        return (out.stdout + out.stderr).splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return cpu, mem_kb / 1024 / 1024


def errors(row):
    """The unexpected errors of a row: error statuses and socket errors (the login flood's 401/429 are expected)."""
    w, found = row["wrk"], []
    if w["status_errors"]:
        found.append(f"**ERRORS: {w['status_errors']} non-2xx**")
    if w["socket_errors"]:
        found.append(f"**ERRORS: {w['socket_errors']} socket errors**")
    flood = row.get("flood")
    if flood and flood.get("sother"):
        found.append(f"**ERRORS: {flood['sother']} login answers neither 401 nor 429**")
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("out")
    ap.add_argument("--duration", required=True)
    ap.add_argument("--connections", required=True)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    records = [json.loads(line) for line in open(args.results) if line.strip()]
    rows = [r for r in records if r["kind"] in ("row", "skip")]
    runs = [r for r in records if r["kind"] == "run"]
    get = {(r["backend"], r["essays"], r["target"]): r for r in rows if r["kind"] == "row"}

    cpu, mem_gib = machine()
    lines = [
        "# Tribune benchmark",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- Machine: Linux {platform.release()}, {os.cpu_count()} CPUs ({cpu}), {mem_gib:.1f} GiB memory",
        f"- Tools: {tool_version(['wrk', '-v']).split(' [')[0]}, {tool_version(['nginx', '-v']).replace('nginx version: ', '')}",
        f"- Load: {args.duration} s per target, {args.connections} connections (wrk -t2, loopback); "
        "the flood row runs wrk -t1 on the article page next to 64 connections of wrong-password sign-ins",
        "",
    ]

    # The table.
    table = [["backend", "essays", "target", "rps", "p50 ms", "p99 ms", "vs nginx static", "notes"]]
    bad = []
    for r in rows:
        key = [r["backend"], str(r["essays"]), r["target"]]
        if r["kind"] == "skip":
            table.append(key + ["-", "-", "-", "-", f"skipped: {r['reason']}"])
            continue
        w, notes = r["wrk"], errors(r)
        if notes:
            bad.append(f"{r['backend']} {r['essays']} {r['target']}: {', '.join(notes)}")
        nginx = get.get((r["backend"], r["essays"], NGINX))
        ratio = f"{100 * w['rps'] / nginx['wrk']['rps']:.0f}%" if nginx and r["target"] != "submission create" else "-"
        if r["target"] == "submission create":
            notes.append(f"{w['rps']:.0f} writes/s")
        if "flood" in r:
            f = r["flood"]
            notes.append(f"login flood: {f['rps']:.0f} rps, {f['s401']} answered 401, {f['s429']} answered 429")
        table.append(key + [f"{w['rps']:.0f}", f"{w['p50_ms']:.2f}", f"{w['p99_ms']:.2f}", ratio, "; ".join(notes)])
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    fmt = lambda row: "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |"
    lines += [fmt(table[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [fmt(row) for row in table[1:]]

    lines += ["", "## Runs", ""]
    for r in runs:
        gen_s = r["gen_ms"] / 1000
        added = "" if r["added"] == r["essays"] else f" (added {r['added']} to the previous database)"
        rate = r["added"] / gen_s if gen_s else 0
        lines.append(
            f"- {r['backend']}, {r['essays']} essays: data generation {gen_s:.1f} s{added}, {rate:.0f} essays/s; "
            f"ready in {r['ready_ms']} ms; peak RSS {r['hwm_kb'] / 1024:.1f} MB (VmRSS {r['rss_kb'] / 1024:.1f} MB at the end)"
        )

    # The targets, each checked for every backend (and size) that has the numbers.
    lines += ["", "## Targets", ""]

    def check(ok, text, row_keys=()):
        broken = [k for k in row_keys if k in get and errors(get[k])]
        verdict = "MISSED" if broken or not ok else "MET"
        lines.append(f"- {verdict}: {text}" + (" (measured with errors)" if broken else ""))

    backends = list(dict.fromkeys(r["backend"] for r in records))
    for b in backends:
        sizes = sorted({r["essays"] for r in runs if r["backend"] == b})
        for n in sizes:
            a, ng = get.get((b, n, "article page")), get.get((b, n, NGINX))
            if a and ng:
                pct = 100 * a["wrk"]["rps"] / ng["wrk"]["rps"]
                check(pct >= 60 and a["wrk"]["p99_ms"] < 10,
                      f"{b} {n}: article page ≥ 60% of nginx rps and p99 < 10 ms — {pct:.0f}%, p99 {a['wrk']['p99_ms']:.2f} ms",
                      [(b, n, "article page"), (b, n, NGINX)])
        if len(sizes) < 2:
            lines.append(f"- n/a: {b}: p50 at the largest N within 1.5× the smallest N needs at least two sizes")
        else:
            lo, hi = sizes[0], sizes[-1]
            for t in SCALING:
                if (b, lo, t) in get and (b, hi, t) in get:
                    p_lo, p_hi = get[(b, lo, t)]["wrk"]["p50_ms"], get[(b, hi, t)]["wrk"]["p50_ms"]
                    check(p_hi <= 1.5 * p_lo,
                          f"{b}: {t} p50 at {hi} within 1.5× of {lo} — {p_hi:.2f} ms vs {p_lo:.2f} ms ({p_hi / p_lo:.2f}×)",
                          [(b, lo, t), (b, hi, t)])
        for n in sizes:
            w = get.get((b, n, "submission create"))
            if b == "sqlite" and w:
                check(w["wrk"]["rps"] >= 1000, f"{b} {n}: submission create ≥ 1000/s — {w['wrk']['rps']:.0f}/s",
                      [(b, n, "submission create")])
        for n in sizes:
            f = get.get((b, n, "article page during login flood"))
            if f:
                check(f["wrk"]["p99_ms"] < 20,
                      f"{b} {n}: article p99 < 20 ms during the login flood — {f['wrk']['p99_ms']:.2f} ms",
                      [(b, n, "article page during login flood")])
        largest = [r for r in runs if r["backend"] == b and r["essays"] == sizes[-1]] if sizes else []
        for r in largest:
            check(r["hwm_kb"] / 1024 < 100, f"{b} {r['essays']}: peak RSS < 100 MB — {r['hwm_kb'] / 1024:.1f} MB")
        for r in runs:
            if r["backend"] == b:
                check(r["ready_ms"] < 1000, f"{b} {r['essays']}: ready < 1000 ms — {r['ready_ms']} ms")

    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out}")
    if bad:
        print("\nRows with unexpected errors:\n  " + "\n  ".join(bad))
        if args.strict:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
