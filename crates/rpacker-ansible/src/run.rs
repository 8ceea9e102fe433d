//! Running the provisioner (the plugin's `Provision`): render `ansible_env_vars` and
//! `extra_arguments` with the build's generated data; start the proxy, or use the machine's
//! own address and key (`use_proxy: false`); write the inventory; install galaxy requirements;
//! run `ansible-playbook` with every output line said. Whatever happens — success, failure,
//! cancellation — the proxy is stopped and every file written for ansible is removed (the
//! inventory stays when `keep_inventory_file`).

use rpacker_sdk::lifecycle::{
    run_local, run_template, GeneratedData, LocalCommand, LocalRunError, ProvisionContext, TargetedSink,
};
use rpacker_template::funcs::paths::go_clean;

use crate::command_line::CommandLine;
use crate::error::AnsibleError;
use crate::galaxy::run_galaxy;
use crate::go_exec::{exit_code_text, resolve_program, spawn_error_text};
use crate::inventory::{inventory_text, write_inventory, InventoryHost};
use crate::provisioner::PreparedAnsible;
use crate::proxy::{start_proxy, Proxy};
use crate::temp_file::TempFile;

/// How ansible reaches the machine for this run.
enum Connection {
    /// Through the proxy.
    Proxy(Proxy),
    /// Directly: the key file ansible uses (a temp copy of the builder's key, when written).
    Direct { key_file: String, _written: Option<TempFile>, winrm: bool },
}

/// Runs the provisioner once.
///
/// # Errors
/// The plugin's texts ([`AnsibleError`]).
pub(crate) async fn provision(prepared: &PreparedAnsible, ctx: &ProvisionContext) -> Result<(), AnsibleError> {
    let config = &prepared.config;
    let ui = &ctx.ui;
    ui.say("Provisioning with Ansible...");
    let generated = ctx.generated_data.as_ref();
    let render = |items: &[String]| {
        items
            .iter()
            .map(|item| run_template::render(item, generated))
            .collect::<Result<Vec<_>, _>>()
            .map_err(AnsibleError::Interpolate)
    };
    let env_vars = render(&config.ansible_env_vars)?;
    let extra_arguments = render(&config.extra_arguments)?;

    let direct = config.use_proxy.is_false() && direct_is_possible(generated, ui);
    let mut user = config.user.clone();
    let connection = if direct {
        direct_connection(generated, ui, prepared.facts.user_was_empty, &mut user)?
    } else {
        Connection::Proxy(
            start_proxy(config, prepared.facts.proxy_key_type, ui, std::sync::Arc::clone(&ctx.communicator)).await?,
        )
    };
    let result = run_with(prepared, ctx, &connection, &user, &env_vars, &extra_arguments).await;
    if let Connection::Proxy(proxy) = connection {
        proxy.shutdown().await;
    }
    result
}

/// `use_proxy: false` needs an address and an SSH or WinRM communicator; otherwise the plugin
/// warns and uses the proxy after all.
fn direct_is_possible(generated: &GeneratedData, ui: &TargetedSink) -> bool {
    let mut possible = true;
    if generated.get("Host").is_none_or(String::is_empty) {
        ui.error(
            "Warning: use_proxy is false, but instance does not have an IP address to give to Ansible. Falling back \
             to use localhost proxy.",
        );
        possible = false;
    }
    if !matches!(generated.get("ConnType").map(String::as_str), Some("ssh" | "winrm")) {
        ui.error(
            "Warning: use_proxy is false, but communicator is neither ssh nor winrm, so without the proxy ansible will \
             not function. Falling back to localhost proxy.",
        );
        possible = false;
    }
    possible
}

/// The machine's own credentials for ansible: the builder's key file (or agent), else its
/// in-memory key written to a temp file; and its user when `user` was not given.
fn direct_connection(
    generated: &GeneratedData,
    ui: &TargetedSink,
    user_was_empty: bool,
    user: &mut String,
) -> Result<Connection, AnsibleError> {
    let get = |key: &str| generated.get(key).map_or("", String::as_str);
    if get("ConnType") == "winrm" {
        ui.say("Not using Proxy adapter for Ansible run:\n\tUsing WinRM Password from Packer communicator...");
        return Ok(Connection::Direct { key_file: String::new(), _written: None, winrm: true });
    }
    ui.say("Not using Proxy adapter for Ansible run:\n\tUsing ssh keys from Packer communicator...");
    let (key_file, written) = if !get("SSHPrivateKeyFile").is_empty() || get("SSHAgentAuth") == "true" {
        (get("SSHPrivateKeyFile").to_owned(), None)
    } else {
        let file = TempFile::create("", "ansible-key", get("SSHPrivateKey").as_bytes())
            .map_err(AnsibleError::PrivateKeyFile)?;
        (file.display(), Some(file))
    };
    if user_was_empty {
        get("User").clone_into(user);
    }
    Ok(Connection::Direct { key_file, _written: written, winrm: false })
}

/// The inventory, galaxy and playbook part, with the connection in place.
async fn run_with(
    prepared: &PreparedAnsible,
    ctx: &ProvisionContext,
    connection: &Connection,
    user: &str,
    env_vars: &[String],
    extra_arguments: &[String],
) -> Result<(), AnsibleError> {
    let config = &prepared.config;
    let generated = ctx.generated_data.as_ref();
    let (host, key_file) = match connection {
        Connection::Proxy(proxy) => {
            (InventoryHost::Proxy(proxy.port()), proxy.key_file.as_ref().map(TempFile::display).unwrap_or_default())
        }
        Connection::Direct { key_file, winrm, .. } => (InventoryHost::Direct { winrm: *winrm }, key_file.clone()),
    };
    // Held until the run ends: dropping it removes the file (unless kept).
    let generated_inventory = if config.inventory_file.is_empty() {
        let major = prepared.facts.version.as_ref().map_or(0, |v| v.major);
        let text = inventory_text(config, major, host, user, generated)?;
        Some(write_inventory(config, &text)?)
    } else {
        None
    };
    let inventory = generated_inventory.as_ref().map_or_else(|| config.inventory_file.clone(), TempFile::display);
    if !config.galaxy_file.is_empty() {
        run_galaxy(config, env_vars, &ctx.ui, &ctx.cancel).await?;
    }
    let playbook = go_abs(&config.playbook_file);
    let command_line = CommandLine {
        build_name: &prepared.build_name,
        builder_type: &prepared.builder_type,
        generated,
        ssh_extra_args: &config.ansible_ssh_extra_args,
        extra_arguments,
        env_vars,
        direct: matches!(connection, Connection::Direct { .. }),
        private_key_file: &key_file,
        inventory: &inventory,
        playbook: &playbook,
    };
    let args = command_line.arguments();
    let program = resolve_program(&config.command).map_err(AnsibleError::Execute)?;
    ctx.ui.say(format!("Executing Ansible: {}", command_line.display(&config.command, &args)));
    let argv: Vec<String> = std::iter::once(program.clone()).chain(args).collect();
    // Its own process group: cancelling stops ansible's workers and ssh clients too.
    let command = LocalCommand { argv: &argv, env: env_vars, own_process_group: true };
    let result = run_local(command, &ctx.cancel, |_, line| ctx.ui.say(line)).await;
    drop(generated_inventory);
    match result {
        Ok(0) => Ok(()),
        Ok(code) => Err(AnsibleError::Execute(format!("Non-zero exit status: {}", exit_code_text(code)))),
        Err(LocalRunError::Spawn(e)) => Err(AnsibleError::Execute(spawn_error_text(&program, &e))),
        Err(LocalRunError::Cancelled(reason)) => Err(AnsibleError::Cancelled(reason)),
    }
}

/// Go's `filepath.Abs`: joined to the working folder when relative, then cleaned.
fn go_abs(path: &str) -> String {
    if path.starts_with('/') {
        return go_clean(path);
    }
    let cwd = std::env::current_dir().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
    go_clean(&format!("{cwd}/{path}"))
}
