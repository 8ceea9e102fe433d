//! A panic is a bug: like Packer, write `crash.log` in the working directory, print a banner, and
//! exit 2.

use std::io::Write;

/// Packer's exit code for a crash.
const CRASH_EXIT_CODE: i32 = 2;

/// Replaces the default panic output with Packer's crash handling.
pub fn install_panic_handler() {
    std::panic::set_hook(Box::new(|info| {
        let report = format!("rpacker {} crashed: {info}\n", rpacker_core::RPACKER_VERSION);
        let _ = std::fs::write("crash.log", &report);
        let mut out = std::io::stdout();
        let _ = writeln!(
            out,
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!! RPACKER CRASH !!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n{report}\nA crash log has been placed at \"crash.log\" relative to your current\nworking directory. Please report this bug with that log attached."
        );
        std::process::exit(CRASH_EXIT_CODE);
    }));
}
