#!/usr/bin/env python3
"""How long did a build wait, compared to what the latency proxy injected?

usage: latency_report.py LOG MEASURE_JSON [--build-log FILE] [--json OUT] [--text OUT]

LOG is the test kit's latency-proxy log (JSON lines, `local-cloud --latency-log`); the build's
slice is the part between MEASURE_JSON's started_epoch and ended_epoch (scripts/lib/
measure_build.py). For every resource the proxy learned in it (RunInstances, StopInstances,
CreateImage, CopyImage, TerminateInstances, ...):

  latency    injected seconds (ready = learned + latency)
  noticed    when a Describe* answer first showed the end state (answer time): when the waiter
             could know
  overshoot  noticed - ready
  polls      Describe* answers that mentioned the resource, from the learning moment up to and
             including the first "ready" one; every = their median interval
  ui         the first '==>' line of the build log at or after 'noticed'

Times are seconds since the tool was spawned. Total overshoot, two ways:
  chain   the rig's formula: run -> stop -> ami -> copies (one group) -> term, all summed
  gating  the waits that hold the build up: run -> stop -> ami -> copies (the slowest; the
          group's overshoot is last noticed - last ready), plus only the part of term's
          overshoot that ended after the last copy was noticed (a tool that terminates the
          instance while the copies run has its term wait off the critical path)
floor = wall - gating overshoot (the same build with waiters that notice at once).
Python 3 stdlib only; the counterpart of the rig's lib/latency_report.py. Tests: test_latency_report.py.
"""
import argparse
import json
import re
import statistics
from collections import Counter

END = {"run": "running", "start": "running", "stop": "stopped", "term": "terminated",
       "ami": "available", "copy": "available", "snap": "completed"}
NAME = {"run": "instance running", "start": "instance running (start)", "stop": "instance stopped",
        "term": "instance terminated", "ami": "AMI available", "copy": "AMI copy", "snap": "snapshot completed"}
CHAIN = ["run", "stop", "ami", "copy", "term"]


def load_lines(path):
    out = []
    with open(path) as f:
        for line in f:
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def ui_lines(path):
    """(seconds since spawn, text) of the '==>' lines of measure_build.py's build.log."""
    rows = []
    if not path:
        return rows
    with open(path) as f:
        for line in f:
            t, _, rest = line.strip().partition(" ")
            try:
                t = float(t)
            except ValueError:
                continue
            if rest.lstrip().startswith("==>"):
                rows.append((t, rest.strip()))
    return rows


def waits_of(reqs, learns, t0, ui):
    rel = lambda t: round(t - t0, 3)  # noqa: E731
    waits = []
    for e in learns:
        rid, kind = e["id"], e["learn"]
        polls, noticed, gaps, last = 0, None, [], None
        for r in reqs:
            if not r["action"].startswith("Describe") or rid not in (r.get("ids") or {}):
                continue
            # r["t"] is when the request reached the proxy, e["t"] when the proxy saw moto's
            # answer to the creating call: a poll for this id starts later.
            if r["t"] < e["t"] or r.get("region") != e["region"]:
                continue
            polls += 1
            if last is not None:
                gaps.append(r["t"] - last)
            last = r["t"]
            if r["ids"][rid] == END[kind]:
                noticed = r["t"] + r.get("ms", 0) / 1000.0
                break
        w = {"wait": NAME[kind] + (" " + e["region"] if kind == "copy" else ""), "kind": kind,
             "region": e["region"], "id": rid, "latency_s": e["latency_s"],
             "learned_at": rel(e["t"]), "ready_at": rel(e["ready_t"]),
             "noticed_at": rel(noticed) if noticed else None,
             "waited_s": round(noticed - e["t"], 3) if noticed else None,
             "overshoot_s": round(noticed - e["ready_t"], 3) if noticed else None,
             "polls": polls, "poll_interval_s": round(statistics.median(gaps), 2) if gaps else None}
        if noticed:
            nxt = next(((t, txt) for t, txt in ui if t >= rel(noticed) - 0.002), None)
            if nxt:
                w["ui_at"], w["ui_line"] = nxt[0], re.sub(r"\b(i|ami|snap)-[0-9a-z]+", r"\1-*", nxt[1])[:80]
        waits.append(w)
    return waits


def chain_overshoot(waits):
    """The rig's formula: first wait of each chain kind, copies as one parallel group, summed."""
    crit, missing = [], []
    for k in CHAIN:
        ws = [w for w in waits if w["kind"] == k]
        if not ws:
            continue
        if k == "copy":
            lat = max(w["latency_s"] for w in ws)
            done = all(w["noticed_at"] is not None for w in ws)
            waited = max(w["noticed_at"] for w in ws) - min(w["learned_at"] for w in ws) if done else None
        else:
            lat, waited = ws[0]["latency_s"], ws[0]["waited_s"]
        if waited is None:
            missing.append(k)
        crit.append({"kind": k, "latency_s": lat, "waited_s": round(waited, 3) if waited is not None else None})
    done = [c for c in crit if c["waited_s"] is not None]
    overshoot = round(sum(c["waited_s"] - c["latency_s"] for c in done), 3)
    return crit, overshoot, missing


def gating_overshoot(waits):
    """run -> stop -> ami -> slowest copy, plus term's overshoot after the last copy was noticed."""
    parts, missing = {}, []
    for k in ("run", "stop", "ami"):
        w = next((w for w in waits if w["kind"] == k), None)
        if w is None:
            continue
        if w["overshoot_s"] is None:
            missing.append(k)
        else:
            parts[k] = w["overshoot_s"]
    copies = [w for w in waits if w["kind"] == "copy"]
    last_copy = None
    if copies:
        if all(w["noticed_at"] is not None for w in copies):
            last_copy = max(w["noticed_at"] for w in copies)
            parts["copy"] = round(last_copy - max(w["ready_at"] for w in copies), 3)
        else:
            missing.append("copy")
    term = next((w for w in waits if w["kind"] == "term"), None)
    if term is not None:
        if term["noticed_at"] is None:
            missing.append("term")
        else:
            since = max(term["ready_at"], last_copy if last_copy is not None else float("-inf"))
            parts["term"] = round(max(0.0, term["noticed_at"] - since), 3)
    return parts, round(sum(parts.values()), 3), missing


def report(log, measure, build_log=None):
    t0, t1, wall = measure["started_epoch"], measure["ended_epoch"], measure["wall_s"]
    recs = [r for r in log if t0 - 0.5 <= r.get("t", 0) <= t1 + 0.5]
    cfg = next((r["config"] for r in reversed(log) if r.get("config") and r.get("t", 0) <= t1), None)
    reqs = [r for r in recs if "action" in r]
    learns = [r for r in recs if "learn" in r and r["t"] >= t0]
    waits = waits_of(reqs, learns, t0, ui_lines(build_log))
    crit, chain, chain_missing = chain_overshoot(waits)
    gating_parts, gating, gating_missing = gating_overshoot(waits)
    clients = sorted({r["client"] for r in reqs})
    describe = {c: sum(1 for r in reqs if r["client"] == c and r["action"].startswith("Describe")) for c in clients}
    calls = {c: dict(Counter(r["action"] for r in reqs if r["client"] == c).most_common()) for c in clients}
    return {"latency_s": (cfg or {}).get("latency_s"), "profile": (cfg or {}).get("profile"),
            "scale": (cfg or {}).get("scale"), "jitter": (cfg or {}).get("jitter"),
            "exit_code": measure.get("code"), "wall_s": wall, "waits": waits,
            "chain": crit, "chain_overshoot_s": chain, "chain_not_noticed": chain_missing,
            "gating": gating_parts, "gating_overshoot_s": gating, "gating_not_noticed": gating_missing,
            "floor_s": round(wall - gating, 3), "describe_calls": describe, "calls": calls,
            "faults": [{"action": r["action"], "n": r.get("n"), "code": r["fault"], "at": round(r["t"] - t0, 3)}
                       for r in reqs if r.get("fault")]}


def text_of(out):
    f = lambda v: "%8.2f" % v if v is not None else "       -"  # noqa: E731
    lines = ["latency report: wall %.1f s, exit %s, profile %s x%s %s" % (
        out["wall_s"], out["exit_code"], out["profile"], out["scale"], json.dumps(out["latency_s"])), "",
        "%-24s %7s %8s %8s %8s %9s %5s %6s  %s" % ("wait", "latency", "learned", "ready", "noticed",
                                                 "overshoot", "polls", "every", "next UI line")]
    for w in out["waits"]:
        lines.append("%-24s %7.1f %s %s %s %9s %5d %6s  %s" % (
            w["wait"], w["latency_s"], f(w["learned_at"]), f(w["ready_at"]), f(w["noticed_at"]),
            "%.2f" % w["overshoot_s"] if w["overshoot_s"] is not None else "never", w["polls"],
            w["poll_interval_s"] if w["poll_interval_s"] is not None else "-",
            ("%.2f %s" % (w["ui_at"], w["ui_line"])) if "ui_at" in w else ""))
    lines += ["", "total overshoot: chain (%s) %.2f s; gating %s = %.2f s; wall %.1f s, floor %.1f s%s" % (
        " -> ".join(c["kind"] for c in out["chain"]), out["chain_overshoot_s"], json.dumps(out["gating"]),
        out["gating_overshoot_s"], out["wall_s"], out["floor_s"],
        "; not noticed: %s" % ",".join(out["gating_not_noticed"]) if out["gating_not_noticed"] else ""),
        "Describe* calls by client %s" % json.dumps(out["describe_calls"])]
    for client, calls in out["calls"].items():
        lines.append("  %s: %s" % (client, json.dumps(calls)))
    if out["faults"]:
        lines.append("injected faults: %s" % json.dumps(out["faults"]))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("measure")
    ap.add_argument("--build-log")
    ap.add_argument("--json")
    ap.add_argument("--text")
    a = ap.parse_args()
    with open(a.measure) as f:
        measure = json.loads(f.read().strip().splitlines()[-1])
    out = report(load_lines(a.log), measure, a.build_log)
    txt = text_of(out)
    if a.text:
        with open(a.text, "w") as f:
            f.write(txt)
    else:
        print(txt, end="")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
