//! Release link options for the `rpacker` binary on x86_64 Linux with glibc and rustc's bundled
//! lld (the project's machines); anything else links as usual.
//!
//! - `--symbol-ordering-file=link-order.txt`: the functions everyday commands run go first and
//!   together (`scripts/gen-link-order.sh` lists them). The kernel maps a binary's pages in 64 KB
//!   windows around each page touched: scattered over the 18 MB of text, one amazon-ebs build's
//!   code mapped 14 MB; grouped, about 4.5 MB. Names the file lacks keep the compiler's order.
//! - `-z pack-relative-relocs` (RELR, glibc ≥ 2.36): the 1.4 MB of relative relocations the
//!   loader reads at every start shrink to some 17 KB.
// Cargo reads a build script's directives from its standard output.
#![allow(clippy::print_stdout)]

use std::env;
use std::process::Command;

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let order = format!("{manifest_dir}/crates/rpacker-cli/link-order.txt");
    println!("cargo:rerun-if-changed={order}");
    println!("cargo:rerun-if-changed=crates/rpacker-cli/build.rs");
    let var = |name: &str| env::var(name).unwrap_or_default();
    let native_linux = var("TARGET") == "x86_64-unknown-linux-gnu" && var("HOST") == var("TARGET");
    // A linker chosen by the user may not know these options.
    let own_linker = var("CARGO_ENCODED_RUSTFLAGS").contains("link") || env::var_os("RUSTC_LINKER").is_some();
    if var("PROFILE") != "release" || !native_linux || own_linker || !rustc_links_with_lld(&var("RUSTC")) {
        return;
    }
    if std::path::Path::new(&order).is_file() {
        println!("cargo:rustc-link-arg-bin=rpacker=-Wl,--symbol-ordering-file={order}");
        println!("cargo:rustc-link-arg-bin=rpacker=-Wl,--no-warn-symbol-ordering");
    }
    if glibc_version().is_some_and(|v| v >= (2, 36)) {
        println!("cargo:rustc-link-arg-bin=rpacker=-Wl,-z,pack-relative-relocs");
    }
}

/// rustc links x86_64 Linux programs with its own lld from 1.90 on.
fn rustc_links_with_lld(rustc: &str) -> bool {
    let Ok(out) = Command::new(if rustc.is_empty() { "rustc" } else { rustc }).arg("-V").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text.split_whitespace().nth(1).unwrap_or("");
    let mut parts = version.split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (1, 90)
}

/// The host's glibc version, from `ldd --version` ("ldd (Debian GLIBC 2.36-9+deb12u13) 2.36").
fn glibc_version() -> Option<(u32, u32)> {
    let out = Command::new("ldd").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next()?;
    if !first.contains("GLIBC") && !first.contains("GNU libc") {
        return None;
    }
    let (major, minor) = first.split_whitespace().last()?.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}
