#!/usr/bin/env python3
"""Turns bench/run's results.jsonl into the Markdown report (printed and written to OUT).

Records: {"kind": "row", backend, essays, target, as?: the account signed in, wrk: {rps, p50_ms,
p99_ms, status_errors, ...}, flood?: {...}}, {"kind": "skip", backend, essays, target, reason} and
{"kind": "run", backend, essays, added, gen_ms, ready_ms, hwm_kb, rss_kb}. With --strict, exits 1 if
a row has error responses or socket errors (not for missed targets).

The targets (issue 17), each checked per backend and size, row by row: public pages at least half
of nginx's static rps with p99 at most 10 ms (the article page and its JSON 80%), search 10%,
signed-in pages 20%, 5,000 random articles a second at the largest size, 1,000 submissions a
second, peak RSS under 100 MB at the largest size, ready within a second, every row's p50 at the
largest size within 1.5x of the smallest, and the article p99 under 20 ms during a login flood.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess

NGINX = "nginx static (reference)"
CREATE = "submission create"
FLOOD = "article page during login flood"
# Share of nginx's static rps, and the p99 bound (None: no bound), for each page row.
ARTICLE_PAGES = ["article page", "article JSON"]
PUBLIC_PAGES = [
    "home page",
    "convention page",
    "discussion, first page",
    "discussion, by tag",
    "discussion, by language",
    "topic page",
    "mailbag listing",
    "mailbag thread",
    "transparency page",
    "Atom feed",
    "EPUB bulletin",
    "discussion, deep page",
]
SEARCHES = ["search", "search, many words"]
SIGNED_IN = ["my submissions", "submit form", "review queue", "review page"]
SHARE_TARGETS = (
    [(t, 80, 10.0) for t in ARTICLE_PAGES]
    + [(t, 50, 10.0) for t in PUBLIC_PAGES]
    + [(t, 10, None) for t in SEARCHES]
    + [(t, 20, None) for t in SIGNED_IN]
)
MANY_ARTICLES, MANY_ARTICLES_RPS = "article pages, many", 5000
CREATE_RPS = 1000
FLOOD_P99_MS = 20
RSS_MB = 100
READY_MS = 1000
SCALING_FACTOR = 1.5


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


def signed_in(rows):
    """Which rows are signed in, and as whom: "my submissions, submit form (as a@b); ..."."""
    by_account = {}
    for r in rows:
        if r.get("as"):
            targets = by_account.setdefault(r["as"], [])
            if r["target"] not in targets:
                targets.append(r["target"])
    return "; ".join(f"{', '.join(t)} (as {who})" for who, t in by_account.items()) or "none"


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
        f"- Signed in (a bearer token): {signed_in(rows)}; every other row is signed out",
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

    # The targets, each checked for every backend and size that has the numbers, row by row.
    lines += ["", "## Targets", ""]

    def check(ok, text, row_keys=()):
        broken = [k for k in row_keys if k in get and errors(get[k])]
        verdict = "MISSED" if broken or not ok else "MET"
        lines.append(f"- {verdict}: {text}" + (" (measured with errors)" if broken else ""))

    def missing(text):
        lines.append(f"- MISSED: {text} — not measured")

    backends = list(dict.fromkeys(r["backend"] for r in records))
    for b in backends:
        sizes = sorted({r["essays"] for r in runs if r["backend"] == b})
        for n in sizes:
            ng = get.get((b, n, NGINX))
            for t, share, p99 in SHARE_TARGETS:
                want = f"≥ {share}% of nginx static rps" + (f" and p99 ≤ {p99:g} ms" if p99 is not None else "")
                row = get.get((b, n, t))
                if not row or not ng:
                    missing(f"{b} {n}: {t} {want}")
                    continue
                w = row["wrk"]
                pct = 100 * w["rps"] / ng["wrk"]["rps"]
                ok = pct >= share and (p99 is None or w["p99_ms"] <= p99)
                got = f"{pct:.0f}% ({w['rps']:.0f} vs {ng['wrk']['rps']:.0f} rps)" + (
                    f", p99 {w['p99_ms']:.2f} ms" if p99 is not None else ""
                )
                check(ok, f"{b} {n}: {t} {want} — {got}", [(b, n, t), (b, n, NGINX)])
            row = get.get((b, n, CREATE))
            if row:
                check(row["wrk"]["rps"] >= CREATE_RPS,
                      f"{b} {n}: {CREATE} ≥ {CREATE_RPS:,} writes/s — {row['wrk']['rps']:.0f}/s", [(b, n, CREATE)])
            else:
                missing(f"{b} {n}: {CREATE} ≥ {CREATE_RPS:,} writes/s")
            row = get.get((b, n, FLOOD))
            if row:
                check(row["wrk"]["p99_ms"] < FLOOD_P99_MS,
                      f"{b} {n}: article p99 < {FLOOD_P99_MS} ms during the login flood — {row['wrk']['p99_ms']:.2f} ms",
                      [(b, n, FLOOD)])
            else:
                missing(f"{b} {n}: article p99 < {FLOOD_P99_MS} ms during the login flood")
        if not sizes:
            continue
        largest = sizes[-1]
        row = get.get((b, largest, MANY_ARTICLES))
        if row:
            check(row["wrk"]["rps"] >= MANY_ARTICLES_RPS,
                  f"{b} {largest}: {MANY_ARTICLES} ≥ {MANY_ARTICLES_RPS:,} rps — {row['wrk']['rps']:.0f} rps",
                  [(b, largest, MANY_ARTICLES)])
        else:
            missing(f"{b} {largest}: {MANY_ARTICLES} ≥ {MANY_ARTICLES_RPS:,} rps")
        for r in runs:
            if r["backend"] == b and r["essays"] == largest:
                check(r["hwm_kb"] / 1024 < RSS_MB, f"{b} {largest}: peak RSS < {RSS_MB} MB — {r['hwm_kb'] / 1024:.1f} MB")
        for r in runs:
            if r["backend"] == b:
                check(r["ready_ms"] < READY_MS, f"{b} {r['essays']}: ready < {READY_MS} ms — {r['ready_ms']} ms")
        if len(sizes) < 2:
            lines.append(f"- n/a: {b}: p50 at the largest N within {SCALING_FACTOR}× the smallest N needs two sizes")
            continue
        lo, hi = sizes[0], sizes[-1]
        scaling = [t for t in dict.fromkeys(r["target"] for r in rows if r["backend"] == b) if t not in (NGINX, CREATE)]
        for t in scaling:
            if (b, lo, t) in get and (b, hi, t) in get:
                p_lo, p_hi = get[(b, lo, t)]["wrk"]["p50_ms"], get[(b, hi, t)]["wrk"]["p50_ms"]
                check(p_hi <= SCALING_FACTOR * p_lo,
                      f"{b}: {t} p50 at {hi} within {SCALING_FACTOR}× of {lo} — {p_hi:.2f} ms vs {p_lo:.2f} ms "
                      f"({p_hi / max(p_lo, 0.001):.2f}×)",
                      [(b, lo, t), (b, hi, t)])
            else:
                missing(f"{b}: {t} p50 at {hi} within {SCALING_FACTOR}× of {lo}")

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
