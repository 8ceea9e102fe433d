#!/usr/bin/env bash
# The main job on the embedded default: build rpacker, inspect and validate the bundled examples,
# then run a real `rpacker build` of the null example (local provisioners, post-processor chain,
# manifest) in a scratch folder. The amazon-ebs build against the local EC2 emulator replaces it
# when the amazon-ebs builder can run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "error: cargo is required (install Rust with rustup)" >&2
  exit 1
fi
cargo build --release --quiet
bin="$PWD/target/release/rpacker"

status=0
for dir in examples/*/; do
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
exit "$status"
