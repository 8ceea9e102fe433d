#!/usr/bin/env bash
# Benchmark of the rig's ebs-basic.json build (amazon-ebs, three regions, shell/file/shell-local
# provisioners, manifest and an aws-CLI tagging post-processor): packer 1.6.6 beside rpacker,
# against the same private moto + instance sshd (the test kit's local-cloud, stopped by PID).
# Per build: wall time, EC2 calls by the tool (moto's recorder, by user agent), peak memory of
# the tool's own processes and of the whole process tree (PSS, sampled every 10 ms).
# usage: scripts/bench-ebs.sh [RUNS]   (default 5 per tool) -> docs/benchmarks-ebs.md
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
packer_bin=${PACKER_BIN:-/usr/bin/packer}
template=$(realpath ../shared/tools/rig/templates/ebs-basic.json)
[ -f "$template" ] || { echo "missing the rig template $template" >&2; exit 2; }
cargo build --release --quiet -p rpacker -p rpacker-testkit --bins
rpacker_bin="$PWD/target/release/rpacker"
cloud="$PWD/target/release/local-cloud"

scratch=$(mktemp -d)
. scripts/lib/local-cloud.sh
trap 'stop_local_cloud || true; rm -rf "$scratch"' EXIT
start_local_cloud "$cloud" "$scratch" || exit 1
moto="$LOCAL_EC2_ENDPOINT"

# The rig's environment for ebs-basic.json, pointed at local-cloud.
export RIG_EC2_ENDPOINT="$moto" RIG_SSH_HOST="$LOCAL_SSH_HOST" RIG_SSH_PORT="$LOCAL_SSH_PORT" \
  RIG_SSH_USER="$LOCAL_SSH_USER" RIG_SSH_KEY="$LOCAL_SSH_KEY" RIG_KEYPAIR_NAME="" \
  RIG_SOURCE_AMI_OWNER="$LOCAL_AMI_OWNER" RIG_SOURCE_AMI_NAME="$LOCAL_AMI_NAME" \
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 \
  AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  CHECKPOINT_DISABLE=1

recorder() { curl -sf -X "$1" "$moto/moto-api/recorder/$2"; }

# measure NAME BIN I: one build; appends a JSON line to $scratch/runs.jsonl.
measure() {
  local name=$1 bin=$2 i=$3 out="$scratch/out-$1-$3"
  mkdir -p "$out"
  recorder POST reset-recording >/dev/null
  recorder POST start-recording >/dev/null
  RIG_OUT_DIR="$out" RIG_RUN_ID="bench-$name-$i" python3 - "$bin" "$template" "$out" <<'EOF' >"$out/measure.json"
import json, os, subprocess, sys, threading, time
bin_, template, out = sys.argv[1:]
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
proc = subprocess.Popen([bin_, "build", "-color=false", template], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                        cwd=out, stdin=subprocess.DEVNULL)
def copy_lines():  # build.log: every line with its time since the start
    for line in proc.stdout:
        log.write(f"{time.monotonic() - start:7.3f} {line.decode('utf-8', 'replace')}")
reader = threading.Thread(target=copy_lines)
reader.start()
peak_tree = peak_tool = 0
while proc.poll() is None:
    pids = tree(proc.pid)
    mems = [(p, pss_kb(p)) for p in pids]
    peak_tree = max(peak_tree, sum(m for _, m in mems))
    peak_tool = max(peak_tool, sum(m for p, m in mems if is_tool(p)))
    time.sleep(0.01)
wall = time.monotonic() - start
reader.join()
log.close()
# The builder's part: from the start to the first post-processor (the aws CLI's start-ups, the
# same for both tools, dominate the rest on a small machine).
builder_s = next((float(l.split()[0]) for l in open(os.path.join(out, "build.log"))
                  if "Running post-processor:" in l), wall)
print(json.dumps({"code": proc.returncode, "wall_s": round(wall, 3), "builder_s": round(builder_s, 3),
                  "tool_pss_mb": round(peak_tool / 1024, 1), "tree_pss_mb": round(peak_tree / 1024, 1)}))
EOF
  recorder POST stop-recording >/dev/null
  recorder GET download-recording >"$out/recording.jsonl"
  python3 - "$name" "$i" "$out" <<'EOF' >>"$scratch/runs.jsonl"
import base64, json, sys
name, i, out = sys.argv[1:]
m = json.load(open(f"{out}/measure.json"))
calls = {"tool": 0, "aws-cli": 0}
for line in open(f"{out}/recording.jsonl"):
    line = line.strip()
    if not line:
        continue
    e = json.loads(line)
    ua = next((v for k, v in e.get("headers", {}).items() if k.lower() == "user-agent"), "")
    body = e.get("body") or ""
    if e.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    if "Action=" not in body:
        continue
    calls["aws-cli" if "aws-cli" in ua else "tool"] += 1
m.update(tool=name, run=int(i), ec2_calls=calls["tool"], cli_calls=calls["aws-cli"])
print(json.dumps(m))
EOF
  tail -1 "$scratch/runs.jsonl" >&2
  # ami_name has {{timestamp}} (seconds): never two builds in the same second.
  sleep 1.1
}

: >"$scratch/runs.jsonl"
for i in $(seq 1 "$runs"); do
  measure packer "$packer_bin" "$i"
  measure rpacker "$rpacker_bin" "$i"
done

# What is left in the regions the build uses (every run cleans up after itself).
leaks=""
for region in us-east-1 us-west-2 eu-west-1; do
  aws="aws --endpoint-url $moto --region $region --output text ec2"
  n_inst=$($aws describe-instances --query 'Reservations[].Instances[?State.Name!=`terminated`].InstanceId' | wc -w)
  n_keys=$($aws describe-key-pairs --query 'KeyPairs[?starts_with(KeyName,`packer`)].KeyName' | wc -w)
  n_sgs=$($aws describe-security-groups --query 'SecurityGroups[?GroupName!=`default`].GroupId' | wc -w)
  n_vols=$($aws describe-volumes --query 'Volumes[?State==`available`].VolumeId' | wc -w)
  leaks+="$region: $n_inst instances, $n_keys key pairs, $n_sgs security groups, $n_vols unattached volumes; "
done

python3 - "$scratch/runs.jsonl" "$runs" "$leaks" "$($packer_bin version | head -1)" <<'EOF' >docs/benchmarks-ebs.md
import json, statistics as st, sys, os
path, runs, leaks, packer_version = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = [json.loads(l) for l in open(path) if l.strip()]
by = {t: [r for r in rows if r["tool"] == t] for t in ("packer", "rpacker")}
def med(t, k):
    return st.median(r[k] for r in by[t])
def rng(t, k):
    v = [r[k] for r in by[t]]
    return f"{min(v)}–{max(v)}"
p, r = "packer", "rpacker"
print("# Benchmark: the rig's ebs-basic.json build, packer 1.6.6 vs rpacker\n")
print("Generated by `scripts/bench-ebs.sh` (do not edit by hand). Both tools build the rig's "
      "`ebs-basic.json` (source AMI filter, three regions, AMI sharing, shell/file/shell-local provisioners, "
      "manifest and an `aws ec2 create-tags` post-processor) against the same local moto and instance sshd "
      "(the test kit's `local-cloud`), alternately, " + runs + " builds each.\n")
print(f"- host: {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]} at the end; {packer_version}")
print("- wall: from exec to exit; EC2 calls: the tool's calls in moto's recorder (by user agent; the aws CLI's "
      "calls counted apart); memory: peak sum of PSS of the tool's own processes (packer starts plugin "
      "processes), and of the whole tree (with the shells and the aws CLI), sampled every 10 ms.\n")
print("| | packer 1.6.6 | rpacker | ratio |")
print("|---|---|---|---|")
print(f"| builds ok | {sum(x['code'] == 0 for x in by[p])}/{len(by[p])} | {sum(x['code'] == 0 for x in by[r])}/{len(by[r])} | |")
print(f"| wall s, median [min–max] | {med(p, 'wall_s'):.2f} [{rng(p, 'wall_s')}] | {med(r, 'wall_s'):.2f} [{rng(r, 'wall_s')}] | {med(p, 'wall_s') / med(r, 'wall_s'):.1f}× faster |")
print(f"| builder part s (to the first post-processor), median [min–max] | {med(p, 'builder_s'):.2f} [{rng(p, 'builder_s')}] | {med(r, 'builder_s'):.2f} [{rng(r, 'builder_s')}] | {med(p, 'builder_s') / med(r, 'builder_s'):.1f}× faster |")
print(f"| EC2 calls by the tool | {rng(p, 'ec2_calls')} | {rng(r, 'ec2_calls')} | {med(r, 'ec2_calls') / med(p, 'ec2_calls'):.2f} |")
print(f"| aws CLI calls (post-processor) | {rng(p, 'cli_calls')} | {rng(r, 'cli_calls')} | |")
print(f"| peak PSS of the tool, MB (median) | {med(p, 'tool_pss_mb'):.1f} | {med(r, 'tool_pss_mb'):.1f} | 1/{med(p, 'tool_pss_mb') / med(r, 'tool_pss_mb'):.1f} |")
print(f"| peak PSS of the process tree, MB (median) | {med(p, 'tree_pss_mb'):.1f} | {med(r, 'tree_pss_mb'):.1f} | |")
print()
print("Goals of issue 6: ≥ 2.5× faster, no more EC2 calls than packer, ≤ 1/8 of its memory.\n")
print("Left in the EC2 API after all builds: " + leaks + "\n")
print("Every run:\n")
print("| tool | run | exit | wall s | builder part s | EC2 calls | tool PSS MB | tree PSS MB |")
print("|---|---|---|---|---|---|---|---|")
for x in rows:
    print(f"| {x['tool']} | {x['run']} | {x['code']} | {x['wall_s']} | {x['builder_s']} | {x['ec2_calls']} | {x['tool_pss_mb']} | {x['tree_pss_mb']} |")
EOF
stop_local_cloud || true
mkdir -p target/bench-ebs
cp "$scratch"/out-packer-"$runs"/build.log target/bench-ebs/packer.log
cp "$scratch"/out-rpacker-"$runs"/build.log target/bench-ebs/rpacker.log
cat docs/benchmarks-ebs.md
