//! `rpacker`: a drop-in replacement for HashiCorp Packer's CLI.
//!
//! This binary is glue: Go-style flags, the commands, the plugin registry, and the only code
//! that writes to the terminal (the UI and the diagnostic renderer).

mod build_output;
mod commands;
mod crash;
mod debug_log;
mod diagnostics;
mod flags;
mod interrupt;
mod load;
mod load_hcl;
mod local_time;
mod plugins;
mod prepare;
mod terminal_asker;
mod ui;

fn main() {
    crash::install_panic_handler();
    // Before any thread starts: the local UTC offset can only be read then.
    local_time::init();
    if let Err(e) = debug_log::init(std::env::var("PACKER_LOG").ok(), std::env::var("PACKER_LOG_PATH").ok()) {
        ui::Ui::stdout(false).error(&e);
        std::process::exit(1);
    }
    debug_log::log(&format!(
        "[INFO] Packer version: {} [rpacker {} {} {}]",
        rpacker_core::PACKER_COMPAT_VERSION,
        rpacker_core::RPACKER_VERSION,
        std::env::consts::OS,
        std::env::consts::ARCH
    ));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = commands::run(args);
    std::process::exit(code);
}
