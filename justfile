# Everyday tasks. `just ci` runs exactly what .ci/run runs.

default:
    @just --list

# The main job on the embedded default (README's first command).
run:
    bash scripts/run-default.sh

# Everything CI runs: fmt check, forbid check, clippy, all tests.
ci:
    bash scripts/test.sh

# Tests only.
test:
    cargo test --workspace

# Format and lint.
lint:
    cargo fmt --all
    cargo clippy --workspace --all-targets -- -D warnings

# Review insta snapshots.
snap:
    cargo insta review

# The conformance test over ../shared/corpus.
conformance:
    cargo test --test integration conformance -- --nocapture

# Side-by-side benchmark with packer 1.6.6; writes docs/benchmarks.md.
bench:
    bash scripts/bench.sh
