#!/usr/bin/env bash
# The whole test suite: what README.md's test command and .ci/run run.
# Installs what it needs (idempotently), then: format check, clippy (warnings denied), the
# forbid check, and every test of the workspace (unit, fixtures, conformance over ../shared/corpus).
# Tools only some tests use are installed by the test kit when missing (crates/rpacker-testkit:
# moto_server and ansible-core with pip, packer/jq/curl with apt), so no test is ever skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
  echo "error: cargo is required (install Rust with rustup)" >&2
  exit 1
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

# The SSH tests run a real OpenSSH server on 127.0.0.1 (and ssh-keygen / ssh-agent from the client).
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null || ! command -v ssh-agent >/dev/null; then
  echo "==> installing openssh-server and openssh-client"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server openssh-client >/dev/null
fi

if [ ! -f ../shared/corpus/oracle.csv ]; then
  echo "error: ../shared/corpus/oracle.csv is missing; the conformance tests need the shared corpus beside the repo" >&2
  exit 1
fi

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> forbid check"
if git grep -n -E 'dbg!\(|todo!\(|unimplemented!\(|FIXME|#\[ignore\]' -- '*.rs'; then
  echo "error: forbidden markers found (see above)" >&2
  exit 1
fi

echo "==> cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "==> cargo test"
cargo test --workspace --quiet 2>&1 | tee /tmp/rpacker-test.log
# One closing line CI can read.
passed=$(grep -Eo '[0-9]+ passed' /tmp/rpacker-test.log | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' /tmp/rpacker-test.log | awk '{s+=$1} END {print s+0}')
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
