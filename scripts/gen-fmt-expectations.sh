#!/usr/bin/env bash
# Records what the reference `packer fmt` (1.6.6) makes of every HCL2 file of the corpus, for
# tests/integration/fmt_conformance.rs: fixtures/fmt/packer-1.6.6.tsv, one row per file:
#   path (relative to ../shared/corpus) <TAB> sha256 of the input <TAB> status <TAB> sha256 of the output
# status is `formatted` (packer rewrote it), `unchanged` (already canonical; output = input) or
# `error` (packer refused it; no output hash). Each file is formatted in a temp folder of its own
# under its own name, so packer sees only that file.
# Set KEEP_OUTPUTS=<dir> to keep packer's formatted files there (same relative paths), for debugging.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="$PWD/../shared/corpus"
out="fixtures/fmt/packer-1.6.6.tsv"
packer="${PACKER:-/usr/bin/packer}"
export CHECKPOINT_DISABLE=1

"$packer" version | grep -q 'Packer v1.6.6' || { echo "error: $packer is not Packer v1.6.6" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"

sha() { sha256sum "$1" | cut -d' ' -f1; }

tmp_out="$work/rows.tsv"
: >"$tmp_out"
(cd "$corpus" && find . -type f \( -name '*.pkr.hcl' -o -name '*.pkrvars.hcl' \) | sed 's|^\./||' | LC_ALL=C sort) |
  while IFS= read -r rel; do
    dir="$work/f"
    rm -rf "$dir" && mkdir -p "$dir"
    name="$(basename "$rel")"
    cp "$corpus/$rel" "$dir/$name"
    in_sha="$(sha "$dir/$name")"
    if (cd "$dir" && "$packer" fmt "$name" >/dev/null 2>&1); then
      out_sha="$(sha "$dir/$name")"
      status=formatted
      [ "$in_sha" = "$out_sha" ] && status=unchanged
      if [ -n "${KEEP_OUTPUTS:-}" ]; then
        mkdir -p "$KEEP_OUTPUTS/$(dirname "$rel")"
        cp "$dir/$name" "$KEEP_OUTPUTS/$rel"
      fi
      printf '%s\t%s\t%s\t%s\n' "$rel" "$in_sha" "$status" "$out_sha" >>"$tmp_out"
    else
      printf '%s\t%s\t%s\t%s\n' "$rel" "$in_sha" error - >>"$tmp_out"
    fi
  done

{
  printf 'path\tinput_sha256\tstatus\toutput_sha256\n'
  cat "$tmp_out"
} >"$out"
echo "wrote $out: $(cut -f3 "$tmp_out" | sort | uniq -c | tr '\n' ' ')"
