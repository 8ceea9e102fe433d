#!/usr/bin/env bash
# The main job on the embedded default: build rpacker, inspect and validate the bundled examples,
# run a real `rpacker build` of the null example, then the real thing: start a private local EC2
# API (moto, installed with pip when missing) and an sshd playing the instance (both on
# 127.0.0.1, throwaway keys, stopped by PID), and `rpacker build` the bundled amazon-ebs template
# against them; print the AMIs it made and check nothing was left behind. No AWS account is
# used and nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "error: cargo is required (install Rust with rustup)" >&2
  exit 1
fi
cargo build --release --quiet -p rpacker -p rpacker-testkit --bins
bin="$PWD/target/release/rpacker"
cloud="$PWD/target/release/local-cloud"

status=0
for dir in examples/*/; do
  # The local-cloud example needs the servers started below.
  [ "$dir" = examples/amazon-ebs-local/ ] && continue
  echo "==> ${dir}template.json"
  (
    cd "$dir"
    "$bin" inspect template.json
    # The amazon example takes a secret from the environment; a throwaway value is enough to validate.
    DB_PASSWORD="${DB_PASSWORD:-example-only}" "$bin" validate template.json
  ) || status=1
done

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp examples/null/template.json "$scratch/"
echo "==> rpacker build examples/null/template.json (in $scratch)"
(cd "$scratch" && "$bin" build template.json && echo "==> manifest.json:" && cat manifest.json && echo) || status=1

echo "==> starting the local EC2 API and instance sshd"
cp -r examples/amazon-ebs-local "$scratch/ebs"
. scripts/lib/local-cloud.sh
trap 'stop_local_cloud; rm -rf "$scratch"' EXIT
start_local_cloud "$cloud" "$scratch" || exit 1
echo "==> rpacker build examples/amazon-ebs-local/template.json (EC2 API at $LOCAL_EC2_ENDPOINT)"
(cd "$scratch/ebs" && AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  "$bin" build -color=false template.json) || status=1
stop_local_cloud || status=1
cat "$scratch/cloud.out"
exit "$status"
