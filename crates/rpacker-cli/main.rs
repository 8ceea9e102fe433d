//! `rpacker`: a drop-in replacement for HashiCorp Packer's CLI.
//!
//! This binary is glue: Go-style flags, the commands, the plugin registry, and the only code
//! that writes to the terminal (the UI and the diagnostic renderer).

mod commands;
mod crash;
mod diagnostics;
mod flags;
mod load;
mod load_hcl;
mod plugins;
mod ui;

fn main() {
    crash::install_panic_handler();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = commands::run(args);
    std::process::exit(code);
}
