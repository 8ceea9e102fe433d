#!/usr/bin/env python3
"""The floor of one amazon-ebs build: what the EC2 API and the instance's sshd cost.

usage: ec2_floor.py PROXY_LOG MEASURE_JSON BUILD_LOG CLIENT

PROXY_LOG is the test kit's proxy log (`local-cloud --latency fast --latency-log`: a line per
EC2 request with its arrival `t` (epoch s) and duration `ms`); the build's slice is the part
between MEASURE_JSON's started_epoch and ended_epoch (scripts/lib/measure_build.py), from CLIENT
(`packer` or `rpacker`, by user agent). Prints one JSON object:

  ec2_busy_s    time during which at least one of the tool's EC2 calls was in flight (the union
                of the calls' intervals): calls on the critical path set this, parallel calls
                count once
  ec2_calls     the tool's EC2 calls
  ssh_connect_s the SSH connect: from "Waiting for SSH to become available..." to "Connected to
                SSH!" (sshd forks and re-execs per connection, then the key exchange and the key
                check; the client's own share is a few ms)
  provision_s   the provisioners' time: from the first "Provisioning with" line of BUILD_LOG to
                the builder's next step after the last one (or the end of the build)
  floor_s       ec2_busy_s + ssh_connect_s + provision_s: the build with no time of its own
                between calls
Python 3 stdlib only.
"""
import json
import sys

from latency_report import ui_lines

# amazon-ebs's first words after its provisioners (StepStopInstance, or the AMI when the stop is
# disabled or skipped), and the first post-processor's.
AFTER_PROVISIONING = ("Stopping the source instance", "Automatic instance stop disabled", "Creating AMI",
                      "Running post-processor")


def main():
    log_path, measure_path, build_log, client = sys.argv[1:5]
    m = json.load(open(measure_path))
    lo, hi = m["started_epoch"], m["ended_epoch"]
    spans = []
    for line in open(log_path):
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if "action" not in r or r.get("client") != client or not lo <= r["t"] <= hi:
            continue
        spans.append((r["t"], r["t"] + r.get("ms", 0) / 1000.0))
    busy, end = 0.0, None
    for a, b in sorted(spans):
        if end is None or a > end:
            busy += b - a
            end = b
        elif b > end:
            busy += b - end
            end = b
    said = ui_lines(build_log)
    starts = [i for i, (_, x) in enumerate(said) if "Provisioning with" in x]
    provision = 0.0
    if starts:
        first, last = starts[0], starts[-1]
        # Remote output is shown as '==>' lines too: the provisioners end where the builder's
        # next step speaks.
        after = next((t for t, x in said[last + 1:] if any(s in x for s in AFTER_PROVISIONING)), m["wall_s"])
        provision = after - said[first][0]
    waiting = next((t for t, x in said if "Waiting for SSH to become available" in x), None)
    connected = next((t for t, x in said if "Connected to SSH!" in x), None)
    ssh_connect = connected - waiting if waiting is not None and connected is not None else 0.0
    print(json.dumps({"ec2_busy_s": round(busy, 3), "ec2_calls": len(spans), "ssh_connect_s": round(ssh_connect, 3),
                      "provision_s": round(provision, 3), "floor_s": round(busy + ssh_connect + provision, 3)}))


if __name__ == "__main__":
    main()
