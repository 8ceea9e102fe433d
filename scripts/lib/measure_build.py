#!/usr/bin/env python3
"""One timed build for the benchmarks: measure_build.py BIN TEMPLATE OUT_DIR

Runs `BIN build -color=false TEMPLATE` in OUT_DIR (the caller's environment), writes every output
line with its time since the start (seconds) to OUT_DIR/build.log, samples the PSS of the tool's
own processes and of the whole process tree every 10 ms, and prints one JSON line: exit code, wall,
the builder part (up to the first post-processor), the start and end (epoch seconds) and the
memory peaks. MEASURE_SAMPLE_S sets the sampling period (default 0.01 s). Python 3 stdlib only.
"""
import json, os, subprocess, sys, threading, time
bin_, template, out = sys.argv[1:]
sample_s = float(os.environ.get("MEASURE_SAMPLE_S") or 0.01)
def tree(root):
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                ppid = int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(p))
            except (OSError, IndexError, ValueError):
                pass
    todo, seen = [root], []
    while todo:
        p = todo.pop(); seen.append(p); todo += kids.get(p, [])
    return seen
def pss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
def is_tool(pid):
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe")) == os.path.basename(bin_)
    except OSError:
        return False
log = open(os.path.join(out, "build.log"), "w")
start = time.monotonic()
started_epoch = time.time()
proc = subprocess.Popen([bin_, "build", "-color=false", template], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                        cwd=out, stdin=subprocess.DEVNULL)
def copy_lines():  # build.log: every line with its time since the start
    for line in proc.stdout:
        log.write(f"{time.monotonic() - start:7.3f} {line.decode('utf-8', 'replace')}")
reader = threading.Thread(target=copy_lines)
reader.start()
# The exit is timed by a thread blocked in wait(), not by the sampling loop (which would add up
# to one period plus a /proc scan to every build).
ended = []
waiter = threading.Thread(target=lambda: (proc.wait(), ended.append(time.monotonic())))
waiter.start()
peak_tree = peak_tool = 0
while not ended:
    pids = tree(proc.pid)
    mems = [(p, pss_kb(p)) for p in pids]
    peak_tree = max(peak_tree, sum(m for _, m in mems))
    peak_tool = max(peak_tool, sum(m for p, m in mems if is_tool(p)))
    time.sleep(sample_s)
waiter.join()
wall = ended[0] - start
reader.join()
log.close()
# The builder's part: from the start to the first post-processor (the aws CLI's start-ups, the
# same for both tools, dominate the rest on a small machine).
builder_s = next((float(l.split()[0]) for l in open(os.path.join(out, "build.log"))
                  if "Running post-processor:" in l), wall)
print(json.dumps({"code": proc.returncode, "wall_s": round(wall, 3), "builder_s": round(builder_s, 3),
                  "started_epoch": round(started_epoch, 3), "ended_epoch": round(started_epoch + wall, 3),
                  "tool_pss_mb": round(peak_tool / 1024, 1), "tree_pss_mb": round(peak_tree / 1024, 1)}))
