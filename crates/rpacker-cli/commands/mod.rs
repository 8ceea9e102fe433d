//! Packer's commands and the top-level dispatch (`mitchellh/cli` semantics: unknown command →
//! usage and exit 127, `-h` anywhere in a command's arguments → its help).

mod build;
mod fmt;
mod inspect;
mod unavailable;
mod validate;
mod version;

use crate::flags::{parse_flags, FlagDef, ParsedFlags};
use crate::ui::Ui;

/// One command: its name, the synopsis shown in the usage list, and how to run it.
struct Command {
    name: &'static str,
    synopsis: &'static str,
    help: &'static str,
    run: fn(&mut Ui, &[String]) -> i32,
}

/// Every command, sorted by name (as the usage lists them).
const COMMANDS: &[Command] = &[
    Command { name: "build", synopsis: "build image(s) from template", help: build::HELP, run: build::run },
    Command {
        name: "console",
        synopsis: "creates a console for testing variable interpolation",
        help: unavailable::CONSOLE_HELP,
        run: unavailable::console,
    },
    Command {
        name: "fix",
        synopsis: "fixes templates from old versions of packer",
        help: unavailable::FIX_HELP,
        run: unavailable::fix,
    },
    Command { name: "fmt", synopsis: "Rewrites HCL2 config files to canonical format", help: fmt::HELP, run: fmt::run },
    Command {
        name: "hcl2_upgrade",
        synopsis: "transform a JSON template into an HCL2 configuration",
        help: unavailable::HCL2_UPGRADE_HELP,
        run: unavailable::hcl2_upgrade,
    },
    Command {
        name: "init",
        synopsis: "Install missing plugins or upgrade plugins",
        help: unavailable::INIT_HELP,
        run: unavailable::init,
    },
    Command { name: "inspect", synopsis: "see components of a template", help: inspect::HELP, run: inspect::run },
    Command {
        name: "plugins",
        synopsis: "Interact with Packer plugins and catalog",
        help: unavailable::PLUGINS_HELP,
        run: unavailable::plugins,
    },
    Command { name: "validate", synopsis: "check that a template is valid", help: validate::HELP, run: validate::run },
    Command { name: "version", synopsis: "Prints the Packer version", help: version::HELP, run: version::run },
];

/// Runs the command line (without the program name); returns the exit code.
pub fn run(mut args: Vec<String>) -> i32 {
    // Packer's main removes the exact argument `-machine-readable` wherever it is.
    let before = args.len();
    args.retain(|a| a != "-machine-readable");
    let mut ui = Ui::stdout(args.len() != before);

    let Some(first) = args.first().cloned() else {
        ui.say(&usage());
        return 127;
    };
    match first.as_str() {
        "-h" | "-help" | "--help" => {
            ui.say(&usage());
            return 0;
        }
        "-v" | "-version" | "--version" => return version::run(&mut ui, &[]),
        _ => {}
    }
    if first.starts_with('-') {
        ui.error("Invalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.\n");
        // mitchellh/cli shows the help of the command that follows the flags, if any.
        let command =
            args.iter().find(|a| !a.starts_with('-')).and_then(|name| COMMANDS.iter().find(|c| c.name == name));
        ui.say(&command.map_or_else(usage, |c| c.help.to_owned()));
        return 1;
    }
    let Some(command) = COMMANDS.iter().find(|c| c.name == first) else {
        ui.say(&usage());
        return 127;
    };
    let rest = &args[1..];
    if rest.iter().any(|a| a == "-h" || a == "-help" || a == "--help") {
        ui.say(command.help);
        return 0;
    }
    (command.run)(&mut ui, rest)
}

/// The top-level usage text.
fn usage() -> String {
    let width = COMMANDS.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::from("Usage: packer [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n");
    for c in COMMANDS {
        out.push_str(&format!("    {:<width$}    {}\n", c.name, c.synopsis));
    }
    out
}

/// The start every template command shares: Go-style flags and exactly one template path.
/// On a usage problem it prints what Packer prints and returns
/// the exit code as the error.
fn parse_template_command(
    ui: &mut Ui,
    flag_defs: &[FlagDef],
    help: &str,
    args: &[String],
) -> Result<(ParsedFlags, String), i32> {
    let flags = match parse_flags(flag_defs, args) {
        Ok(flags) => flags,
        Err(e) => {
            // Packer prints the help first, then the flag error.
            ui.say(help);
            ui.error(&e.0);
            return Err(1);
        }
    };
    let [path] = flags.args.as_slice() else {
        ui.say(help);
        return Err(1);
    };
    let path = path.clone();
    Ok((flags, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_lists_commands_padded() {
        let text = usage();
        assert!(text.starts_with("Usage: packer [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n"));
        assert!(text.contains("\n    validate        check that a template is valid\n"));
    }
}
