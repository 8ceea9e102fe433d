#!/usr/bin/env bash
# Benchmark of amazon-ebs builds, packer 1.6.6 beside rpacker, against the same private moto +
# instance sshd (the test kit's local-cloud, stopped by PID), with the test kit's proxy in front of
# moto (profile `fast`: no delay; it logs every call with its duration). Two templates:
#   - fixtures/bench/ebs-one-provisioner.json: the rig's builder (source AMI filter, three
#     regions, sharing, tags) with one shell provisioner and nothing after: the builder alone;
#   - the rig's ebs-basic.json (shell/file/shell-local provisioners, manifest and an aws-CLI
#     tagging post-processor): the seed flow.
# Per build: wall time, the builder part, EC2 calls by the tool (moto's recorder, by user agent),
# the floor (time with an EC2 call of the tool in flight + the provisioners' time, from the proxy
# log), peak memory of the tool's own processes and of the whole tree (PSS, every 10 ms).
# usage: scripts/bench-ebs.sh [RUNS]   (default 5 per tool and template)
#   -> docs/benchmarks-ebs.md, and its summary into docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
packer_bin=${PACKER_BIN:-/usr/bin/packer}
rig_template=$(realpath ../shared/tools/rig/templates/ebs-basic.json)
[ -f "$rig_template" ] || { echo "missing the rig template $rig_template" >&2; exit 2; }
one_template=$(realpath fixtures/bench/ebs-one-provisioner.json)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
cargo build --release --quiet -p rpacker -p rpacker-testkit --bins
rpacker_bin="$PWD/target/release/rpacker"
# How much of the committed link order (build.rs) this binary still matches.
LINK_ORDER_NOTE=$(python3 scripts/lib/link_order.py --check "$rpacker_bin" crates/rpacker-cli/link-order.txt)
export LINK_ORDER_NOTE
cloud="$PWD/target/release/local-cloud"

scratch=$(mktemp -d)
. scripts/lib/local-cloud.sh
trap 'stop_local_cloud || true; rm -rf "$scratch"' EXIT
start_local_cloud "$cloud" "$scratch" --latency fast --latency-log "$scratch/proxy.jsonl" || exit 1
moto="$LOCAL_MOTO_ENDPOINT"

# The rig's environment for the templates, pointed at local-cloud through the proxy.
. scripts/lib/rig-env.sh
export_rig_env "$LOCAL_EC2_ENDPOINT"

recorder() { curl -sf -X "$1" "$moto/moto-api/recorder/$2"; }

# measure TEMPLATE_KEY TEMPLATE NAME BIN I: one build; appends a JSON line to $scratch/runs.jsonl.
measure() {
  local key=$1 template=$2 name=$3 bin=$4 i=$5 out="$scratch/out-$1-$3-$5"
  mkdir -p "$out"
  recorder POST reset-recording >/dev/null
  recorder POST start-recording >/dev/null
  RIG_OUT_DIR="$out" RIG_RUN_ID="bench-$name-$i" python3 scripts/lib/measure_build.py "$bin" "$template" "$out" \
    >"$out/measure.json"
  recorder POST stop-recording >/dev/null
  recorder GET download-recording >"$out/recording.jsonl"
  python3 scripts/lib/ec2_floor.py "$scratch/proxy.jsonl" "$out/measure.json" "$out/build.log" "$name" \
    >"$out/floor.json"
  python3 - "$key" "$name" "$i" "$out" <<'EOF' >>"$scratch/runs.jsonl"
import base64, json, sys
key, name, i, out = sys.argv[1:]
m = json.load(open(f"{out}/measure.json"))
m.update(json.load(open(f"{out}/floor.json")))
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
m.update(template=key, tool=name, run=int(i), ec2_calls=calls["tool"], cli_calls=calls["aws-cli"])
print(json.dumps(m))
EOF
  tail -1 "$scratch/runs.jsonl" >&2
  # ami_name has {{timestamp}} (seconds): never two builds in the same second.
  sleep 1.1
}

: >"$scratch/runs.jsonl"
for i in $(seq 1 "$runs"); do
  for pair in "one-provisioner:$one_template" "ebs-basic:$rig_template"; do
    measure "${pair%%:*}" "${pair#*:}" packer "$packer_bin" "$i"
    measure "${pair%%:*}" "${pair#*:}" rpacker "$rpacker_bin" "$i"
  done
done

# What is left in the regions the builds use (every run cleans up after itself).
leaks=$(leak_summary "$moto")
python3 scripts/lib/ebs_bench_doc.py "$scratch/runs.jsonl" "$runs" "scripts/bench-ebs.sh $runs" "$load_start" \
  "$leaks" "$($packer_bin version | head -1)" docs/benchmarks-ebs.md docs/benchmarks.md
stop_local_cloud || true
mkdir -p target/bench-ebs
for f in "$scratch"/out-*-"$runs"; do cp "$f/build.log" "target/bench-ebs/$(basename "$f").log"; done
cat docs/benchmarks-ebs.md
