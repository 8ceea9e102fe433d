#!/usr/bin/env bash
# Benchmark of the waiters (issue 6): the rig's ebs-basic.json build (three regions) with packer
# 1.6.6 and rpacker alternately, against the private moto + instance sshd behind the test kit's
# latency proxy (profile `real`: instance 40 s to run, 25 s to stop, 20 s to terminate, AMI 90 s,
# copies 120 s, the rig's RIG_LATENCY=real). Per build: every wait (injected latency, when the
# tool noticed, overshoot, polls), Describe* calls per client, wall; then a leak check.
# usage: scripts/bench-ebs-latency.sh [RUNS] [local-cloud latency options]
#   RUNS per tool (default 1; one build takes ~5 min under `real`); options such as
#   `--latency-scale 0.05`, `--latency-set copy=300`, `--latency-jitter 0.2 --latency-seed 1`.
# -> docs/benchmarks-ebs-latency.md (the per-build reports stay in target/bench-ebs-latency/)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1}
shift || true
extra=("$@")
packer_bin=${PACKER_BIN:-/usr/bin/packer}
template=$(realpath ../shared/tools/rig/templates/ebs-basic.json)
[ -f "$template" ] || { echo "missing the rig template $template" >&2; exit 2; }
cargo build --release --quiet -p rpacker -p rpacker-testkit --bins
rpacker_bin="$PWD/target/release/rpacker"
cloud="$PWD/target/release/local-cloud"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

scratch=$(mktemp -d)
results="$PWD/target/bench-ebs-latency"
rm -rf "$results" && mkdir -p "$results"
. scripts/lib/local-cloud.sh
. scripts/lib/rig-env.sh
trap 'stop_local_cloud || true; rm -rf "$scratch"' EXIT
start_local_cloud "$cloud" "$scratch" --latency real --latency-log "$results/latency-proxy.jsonl" "${extra[@]}" || exit 1
export_rig_env "$LOCAL_EC2_ENDPOINT"

# measure NAME BIN I: one build and its latency report ($results/NAME-I.{txt,json}).
measure() {
  local name=$1 bin=$2 i=$3 out="$scratch/out-$1-$3"
  mkdir -p "$out"
  RIG_OUT_DIR="$out" RIG_RUN_ID="bench-$name-$i" MEASURE_SAMPLE_S=0.1 \
    python3 scripts/lib/measure_build.py "$bin" "$template" "$out" >"$out/measure.json"
  cp "$out/build.log" "$results/$name-$i.build.log"
  python3 scripts/lib/latency_report.py "$results/latency-proxy.jsonl" "$out/measure.json" \
    --build-log "$out/build.log" --json "$results/$name-$i.json" --text "$results/$name-$i.txt"
  cat "$results/$name-$i.txt" >&2
  # ami_name has {{timestamp}} (seconds): never two builds in the same second.
  sleep 1.1
}

for i in $(seq 1 "$runs"); do
  measure packer "$packer_bin" "$i"
  measure rpacker "$rpacker_bin" "$i"
done

leaks=$(leak_summary "$LOCAL_MOTO_ENDPOINT")
# local-cloud's own check (snapshots no AMI uses included) comes when it stops.
code=0
stop_local_cloud || code=$?
cp "$scratch/cloud.out" "$results/cloud.out"
leaks+=" local-cloud: $(grep -h '^Leak check' "$results/cloud.out" || echo 'no report')"
command_line="scripts/bench-ebs-latency.sh $runs${extra[*]:+ ${extra[*]}}"
python3 scripts/lib/latency_bench_doc.py "$results" "$runs" "$command_line" "$load_start" "$leaks" \
  "$($packer_bin version | head -1)" >docs/benchmarks-ebs-latency.md
cat docs/benchmarks-ebs-latency.md
exit "$code"
