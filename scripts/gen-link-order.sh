#!/usr/bin/env bash
# Regenerates crates/rpacker-cli/link-order.txt, the functions the release binary runs in its
# everyday commands, which build.rs hands to the linker so they sit together in the binary (the
# kernel then maps a few MB of code per run instead of most of its 18 MB text: see
# docs/architecture.md, "Memory"). Profiles, with valgrind's callgrind (installed here if
# missing), against the test kit's local-cloud (private moto + instance sshd, stopped by PID):
#   1. the amazon-ebs benchmark build (fixtures/bench/ebs-one-provisioner.json),
#   2. the rig's ebs-basic.json (file provisioner, shell-local, manifest, aws CLI tagging),
#   3. the rig's null-basic.json,
#   4. validate of a JSON template and of an HCL2 folder.
# Then relinks the release binary with the new order.
# usage: scripts/gen-link-order.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
command -v aws >/dev/null || python3 -m pip install -q awscli
rig=$(realpath ../shared/tools/rig/templates)
hcl_folder=$(realpath ../shared/corpus/packer-fixtures/command/test-fixtures/hcl/recipes)
cargo build --release --quiet -p rpacker -p rpacker-testkit --bins
bin="$PWD/target/release/rpacker"

scratch=$(mktemp -d)
. scripts/lib/local-cloud.sh
trap 'stop_local_cloud || true; rm -rf "$scratch"' EXIT
start_local_cloud "$PWD/target/release/local-cloud" "$scratch" || exit 1
. scripts/lib/rig-env.sh
export_rig_env "$LOCAL_EC2_ENDPOINT"

# profile NAME DIR ARGS…: runs rpacker ARGS… in DIR (default: a folder of its own) under
# callgrind; fails loudly.
profile() {
  local name=$1 dir=${2:-$scratch/$1}
  shift 2
  mkdir -p "$dir"
  if ! (cd "$dir" && RIG_OUT_DIR="$scratch/$name" RIG_RUN_ID="link-order-$name" \
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$scratch/$name.callgrind" \
    "$bin" "$@" >"$scratch/$name.log" 2>&1); then
    echo "profiling '$name' failed:" >&2
    tail -40 "$scratch/$name.log" >&2
    exit 1
  fi
  echo "profiled $name" >&2
}
profile ebs-one-provisioner "" build -color=false "$PWD/fixtures/bench/ebs-one-provisioner.json"
sleep 1.1 # ami_name has {{timestamp}}: never two builds in the same second
profile ebs-basic "" build -color=false "$rig/ebs-basic.json"
profile null-basic "" build -color=false "$rig/null-basic.json"
profile validate-json "$PWD/examples/amazon-ebs" validate template.json
profile validate-hcl "$hcl_folder" validate .

python3 scripts/lib/link_order.py "$bin" "$scratch"/ebs-one-provisioner.callgrind "$scratch"/ebs-basic.callgrind \
  "$scratch"/null-basic.callgrind "$scratch"/validate-json.callgrind "$scratch"/validate-hcl.callgrind \
  >crates/rpacker-cli/link-order.txt
echo "wrote crates/rpacker-cli/link-order.txt ($(grep -vc '^#' crates/rpacker-cli/link-order.txt) functions)" >&2
cargo build --release --quiet -p rpacker --bin rpacker
