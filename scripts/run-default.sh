#!/usr/bin/env bash
# The main job on the embedded default. For now (JSON templates, validate/inspect) it builds
# rpacker and runs `validate` and `inspect` on the bundled examples; the build lifecycle turns it
# into a real build against the local EC2 emulator.
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
exit "$status"
