#!/usr/bin/env python3
"""The link order of the release binary's hot functions, from callgrind profiles.

usage: link_order.py BINARY CALLGRIND_OUT... > crates/rpacker-cli/link-order.txt
       link_order.py --check BINARY ORDER_FILE   (prints how many listed functions BINARY has)

Reads every function callgrind saw run (`--demangle=no`, so mangled names), keeps those the
binary defines (its symbol table, `nm`), the first profile's functions first, then each later
profile's new ones, and prints them one per line under a `#` header (lld skips `#` lines). The
linker places these functions first and together (`--symbol-ordering-file`, see build.rs): the
code one build runs then spans a few megabytes instead of most of the 18 MB text, and the kernel
maps that much less of the binary. Python 3 stdlib only.
"""
import re
import subprocess
import sys

FN = re.compile(r"^c?fn=\(\d+\) (.+)$")


def defined_functions(binary):
    out = subprocess.run(["nm", "--defined-only", binary], check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            names.add(parts[2])
    return names


def check(binary, order_file):
    listed = [line.strip() for line in open(order_file) if line.strip() and not line.startswith("#")]
    defined = defined_functions(binary)
    print(f"{sum(name in defined for name in listed)} of the {len(listed)} functions of the link order")


def main():
    if sys.argv[1] == "--check":
        check(sys.argv[2], sys.argv[3])
        return
    binary, profiles = sys.argv[1], sys.argv[2:]
    defined = defined_functions(binary)
    order, seen, per_profile = [], set(), []
    for path in profiles:
        before = len(order)
        for line in open(path, errors="replace"):
            m = FN.match(line.rstrip("\n"))
            if m and m.group(1) in defined and m.group(1) not in seen:
                seen.add(m.group(1))
                order.append(m.group(1))
        per_profile.append(f"{path.rsplit('/', 1)[-1]}: {len(order) - before}")
    print("# Hot functions of the release binary, in link order (scripts/gen-link-order.sh; build.rs).")
    print("# Generated: do not edit. Names that no longer exist are ignored, so it ages gracefully;")
    print("# regenerate after large changes. New functions per profile: " + ", ".join(per_profile))
    for name in order:
        print(name)


if __name__ == "__main__":
    main()
