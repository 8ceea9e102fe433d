//! Running shell-local (Packer's `shell-local.Run`), as a provisioner and as a post-processor:
//! skip on a host OS not in `only_on`, write the inline script, then for each script render
//! `execute_command` with `Vars`/`Script`/`Command` plus the generated data and run it locally,
//! output streamed to the UI, exit code checked against `valid_exit_codes`.

use std::collections::BTreeMap;
use std::sync::Arc;

use rpacker_sdk::lifecycle::{
    Artifact, BoxError, BoxFuture, Cancellation, ContextError, PostProcess, PostProcessContext, PostProcessOutput,
    Provision, ProvisionContext, TargetedSink,
};

use super::config::ShellLocalConfig;
use super::wsl_path::go_abs;
use super::{PreparedShellLocal, PreparedShellLocalPostProcessor};
use crate::artifact_data::generated_data;
use crate::env_vars::{self, BuildIdentity, UserVars};
use crate::exit_codes::{check_exit_code, InvalidExitCode};
use crate::inline_script::{write_inline_script, InlineScriptError, Shebang};
use rpacker_sdk::lifecycle::run_template;
use rpacker_sdk::lifecycle::{run_with_ui, LocalRunError};

/// Why a shell-local run failed, with Packer's texts.
#[derive(Debug, thiserror::Error)]
pub enum ShellLocalError {
    /// The inline script could not be written.
    #[error("Error preparing shell script: {0}")]
    PrepareScript(std::io::Error),
    /// An inline line or an environment variable did not render (Go's template error).
    #[error("{0}")]
    Render(String),
    /// An `execute_command` element did not render.
    #[error("Error processing command: {0}")]
    Command(String),
    /// The command could not be started.
    #[error("Error executing script: {script}\n\nPlease see output above for more information.")]
    Execute {
        /// The script's absolute path.
        script: String,
        /// Why it could not start (logged, not printed: Packer's text omits it).
        #[source]
        cause: std::io::Error,
    },
    /// The command exited with a code not in `valid_exit_codes`.
    #[error(transparent)]
    ExitStatus(#[from] InvalidExitCode),
    /// The run was cancelled; the command was killed.
    #[error(transparent)]
    Cancelled(ContextError),
}

impl Provision for PreparedShellLocal {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let build = BuildIdentity { name: &self.packer.build_name, builder_type: &self.packer.builder_type };
            run(&self.config, build, &ctx.generated_data, &ctx.ui, &ctx.cancel).await.map_err(BoxError::from)
        })
    }
}

impl PostProcess for PreparedShellLocalPostProcessor {
    fn post_process<'a>(
        &'a self,
        ctx: &'a PostProcessContext,
        input: Arc<dyn Artifact>,
    ) -> BoxFuture<'a, Result<PostProcessOutput, BoxError>> {
        Box::pin(async move {
            let build = BuildIdentity { name: &self.packer.build_name, builder_type: &self.packer.builder_type };
            let data = generated_data(input.as_ref());
            run(&self.config, build, &data, &ctx.ui, &ctx.cancel).await?;
            // The input passes through; a user's `keep_input_artifact: false` must not delete it.
            Ok(PostProcessOutput { artifact: Some(input), keep_input: true, force_override: true })
        })
    }
}

/// The Go name of the host OS, as `only_on` spells it.
fn host_os() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

/// Runs every script of `config` in order; the first failure stops the run.
async fn run(
    config: &ShellLocalConfig,
    build: BuildIdentity<'_>,
    data: &BTreeMap<String, String>,
    ui: &TargetedSink,
    cancel: &Cancellation,
) -> Result<(), ShellLocalError> {
    if !config.only_on.is_empty() && !config.only_on.iter().any(|os| os == host_os()) {
        ui.say("Skipping shell-local due to runtime OS");
        return Ok(());
    }
    // Owned until the run ends, so the temp file goes on every way out.
    let inline = match (&config.inline, config.scripts.is_empty()) {
        (Some(lines), true) => {
            let shebang = Shebang::Always(&config.inline_shebang);
            let script =
                write_inline_script(lines, shebang, &config.tempfile_extension, data).map_err(|e| match e {
                    InlineScriptError::Render(text) => ShellLocalError::Render(text),
                    InlineScriptError::Write(cause) => ShellLocalError::PrepareScript(cause),
                })?;
            Some(script)
        }
        _ => None,
    };
    let scripts: Vec<String> = match &inline {
        Some(script) => vec![script.display()],
        None => config.scripts.clone(),
    };
    // shell-local renders each variable with the generated data (the remote shell does not).
    let environment_vars = config
        .environment_vars
        .iter()
        .map(|entry| run_template::render(entry, data))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ShellLocalError::Render)?;
    let user = UserVars { environment_vars: &environment_vars, env: &config.env };
    let vars = env_vars::flatten(&config.env_var_format, build, data, user);
    for script in &scripts {
        let absolute = go_abs(script).unwrap_or_else(|_| script.clone());
        let mut command_data = data.clone();
        command_data.insert("Vars".to_owned(), vars.clone());
        command_data.insert("Script".to_owned(), absolute.clone());
        command_data.insert("Command".to_owned(), absolute.clone());
        let argv = config
            .execute_command
            .iter()
            .map(|part| run_template::render(part, &command_data))
            .collect::<Result<Vec<_>, _>>()
            .map_err(ShellLocalError::Command)?;
        ui.say(format!("Running local shell script: {script}"));
        let code = run_with_ui(&argv, ui, cancel).await.map_err(|e| match e {
            LocalRunError::Spawn(cause) => ShellLocalError::Execute { script: absolute.clone(), cause },
            LocalRunError::Cancelled(reason) => ShellLocalError::Cancelled(reason),
        })?;
        check_exit_code(code, &config.valid_exit_codes)?;
    }
    drop(inline);
    Ok(())
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
