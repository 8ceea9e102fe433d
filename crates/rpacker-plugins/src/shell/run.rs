//! Running the shell provisioner (Packer's `provisioner/shell` `Provision`): write `inline` to
//! a local temp script; with `use_env_var_file` upload the variables to
//! `<remote_folder>/varfile_<n>.sh`; then for each script say `Provisioning with shell script:
//! <path>`, and within one `start_retry_timeout` loop upload it to `remote_path`, `chmod 0755`
//! it and run the rendered `execute_command` with its output shown; check the exit code; unless
//! `skip_clean`, `rm -f` it. A failed script stays on the machine, as in Packer.
//!
//! Cancellation stops at once (the running command's channel is dropped; the command itself
//! runs on until the connection closes, as in Packer). Packer then leaves its local and remote
//! temp files behind; rpacker removes the local ones always and tries one bounded `rm -f` of the
//! remote ones.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rand::Rng;
use rpacker_sdk::communicator::read_file;
use rpacker_sdk::config::format_go_duration;
use rpacker_sdk::lifecycle::{
    BoxError, BoxFuture, Communicator, ContextError, OutputStream, Provision, ProvisionContext,
};
use rpacker_ssh::EXIT_DISCONNECTED;

use super::error::ShellError;
use super::start_retry::{retry_until, RetryError};
use super::unix_lines::unix_line_endings;
use super::{PreparedShell, ShellConfig};
use crate::env_vars::{self, BuildIdentity, UserVars};
use crate::exit_codes::check_exit_code;
use crate::inline_script::{write_inline_script, InlineScriptError, Shebang};
use crate::temp_file::TempFile;
use rpacker_sdk::lifecycle::run_template;

/// How long the clean-up after a cancellation may take: one `rm -f` on a live connection is
/// milliseconds; a dead one must not hold up the build's own cleanup.
const LEFTOVER_REMOVAL_TIMEOUT: Duration = Duration::from_secs(5);

impl Provision for PreparedShell {
    fn provision<'a>(&'a self, ctx: &'a ProvisionContext) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let run = ShellRun {
                config: &self.config,
                build: BuildIdentity { name: &self.packer.build_name, builder_type: &self.packer.builder_type },
                ctx,
                remote_files: Mutex::default(),
            };
            let result = run.run().await;
            if matches!(result, Err(ShellError::Cancelled(_))) {
                run.remove_leftovers().await;
            }
            result.map_err(BoxError::from)
        })
    }
}

/// One run of the provisioner.
struct ShellRun<'a> {
    config: &'a ShellConfig,
    build: BuildIdentity<'a>,
    ctx: &'a ProvisionContext,
    /// Remote files uploaded (or being uploaded) and not removed yet.
    remote_files: Mutex<Vec<String>>,
}

impl ShellRun<'_> {
    async fn run(&self) -> Result<(), ShellError> {
        let config = self.config;
        let data = &*self.ctx.generated_data;
        // Owned until the run ends, so the local temp script goes on every way out.
        let inline = self.write_inline(data)?;
        let mut scripts = config.scripts.clone();
        scripts.extend(inline.as_ref().map(TempFile::display));

        let user = UserVars { environment_vars: &config.environment_vars, env: &config.env };
        let vars = env_vars::flatten(&config.env_var_format, self.build, data, user);
        let var_file = if config.use_env_var_file { Some(self.upload_var_file(&vars).await?) } else { None };

        for path in &scripts {
            self.ctx.ui.say(format!("Provisioning with shell script: {path}"));
            let contents = read_file(path).map_err(ShellError::OpenScript)?;
            let contents = if config.binary { contents } else { unix_line_endings(&contents) };
            let mut command_data = data.clone();
            command_data.insert("Vars".to_owned(), vars.clone());
            command_data.insert("EnvVarFile".to_owned(), var_file.clone().unwrap_or_default());
            command_data.insert("Path".to_owned(), config.remote_path.clone());
            let command = run_template::render(&config.execute_command, &command_data).map_err(ShellError::Command)?;

            let code = self.upload_and_start(&contents, &command).await?;
            if code == EXIT_DISCONNECTED {
                // Checked before `valid_exit_codes`, so listing 2300218 there does not help.
                if !config.expect_disconnect {
                    return Err(ShellError::Disconnected);
                }
            } else {
                check_exit_code(i64::from(code), &config.valid_exit_codes)?;
            }
            if !config.skip_clean {
                self.remove(&config.remote_path).await?;
            }
        }
        // Packer also runs `rm -f ` with an empty path when there is no variable file; that
        // command does nothing, so it is not sent.
        if let (Some(file), false) = (&var_file, config.skip_clean) {
            self.remove(file).await?;
        }
        drop(inline);
        self.pause_after().await
    }

    fn write_inline(&self, data: &BTreeMap<String, String>) -> Result<Option<TempFile>, ShellError> {
        if self.config.inline.is_empty() {
            return Ok(None);
        }
        let shebang = if self.config.inline_shebang_given {
            Shebang::Always(&self.config.inline_shebang)
        } else {
            Shebang::UnlessPresent(&self.config.inline_shebang)
        };
        write_inline_script(&self.config.inline, shebang, "", data).map(Some).map_err(|e| match e {
            InlineScriptError::Render(text) => ShellError::InterpolateInline(text),
            InlineScriptError::Write(cause) => ShellError::PrepareScript(cause),
        })
    }

    /// Uploads the variables to a new `varfile_<n>.sh` and makes it private; returns its path.
    async fn upload_var_file(&self, vars: &str) -> Result<String, ShellError> {
        let contents = if self.config.binary { vars.as_bytes().to_vec() } else { unix_line_endings(vars.as_bytes()) };
        let (comm, contents, folder) = (self.comm(), &contents, &self.config.remote_folder);
        self.retry(move || async move {
            // A new name per try, as Packer picks one.
            let name = format!("{folder}/varfile_{}.sh", rand::thread_rng().gen_range(0..9999));
            self.track(&name);
            comm.upload_bytes(contents, &name, None).await.map_err(ShellError::UploadEnvVarFile)?;
            comm.exec(&format!("chmod 0600 {name}"), &mut ignore_output).await.map_err(ShellError::ChmodEnvVarFile)?;
            Ok(name)
        })
        .await
    }

    /// Uploads the script, makes it executable and runs `command`, all retried together (a
    /// reboot between upload and start must not leave the command without its script).
    async fn upload_and_start(&self, contents: &[u8], command: &str) -> Result<i32, ShellError> {
        let (comm, path, ui) = (self.comm(), &self.config.remote_path, &self.ctx.ui);
        self.track(path);
        self.retry(move || async move {
            comm.upload_bytes(contents, path, None).await.map_err(ShellError::UploadScript)?;
            comm.exec(&format!("chmod 0755 {path}"), &mut ignore_output).await.map_err(ShellError::ChmodScript)?;
            // Current Packer (SDK ≥ 0.6.3) says stdout lines; 1.6.6 showed them as messages.
            let mut show = |stream: OutputStream, line: &str| match stream {
                OutputStream::Stdout => ui.say(line),
                OutputStream::Stderr => ui.error(line),
            };
            comm.exec(command, &mut show).await.map_err(ShellError::Start)
        })
        .await
    }

    /// `rm -f <path>`, retried until `start_retry_timeout` (the script may have rebooted the
    /// machine).
    async fn remove(&self, path: &str) -> Result<(), ShellError> {
        let comm = self.comm();
        self.retry(move || async move {
            let code = comm
                .exec(&format!("rm -f {path}"), &mut ignore_output)
                .await
                .map_err(|cause| ShellError::RemoveStart { path: path.to_owned(), cause })?;
            match code {
                0 => Ok(()),
                EXIT_DISCONNECTED => Err(ShellError::RemoveDisconnected),
                _ => Err(ShellError::RemoveFailed { path: path.to_owned() }),
            }
        })
        .await?;
        self.remote_files.lock().unwrap_or_else(PoisonError::into_inner).retain(|p| p != path);
        Ok(())
    }

    /// After a cancellation: one `rm -f` of every remote file this run left, bounded in time,
    /// errors ignored (the build is being torn down anyway).
    async fn remove_leftovers(&self) {
        let files = std::mem::take(&mut *self.remote_files.lock().unwrap_or_else(PoisonError::into_inner));
        if files.is_empty() {
            return;
        }
        let command = format!("rm -f {}", files.join(" "));
        let _ = tokio::time::timeout(LEFTOVER_REMOVAL_TIMEOUT, self.comm().exec(&command, &mut ignore_output)).await;
    }

    async fn pause_after(&self) -> Result<(), ShellError> {
        let pause = self.config.pause_after.0;
        if pause.is_zero() {
            return Ok(());
        }
        self.ctx.ui.say(format!("Pausing {} after this provisioner...", format_go_duration(pause)));
        tokio::select! {
            () = tokio::time::sleep(pause) => Ok(()),
            () = self.ctx.cancel.cancelled() => Err(self.cancelled()),
        }
    }

    async fn retry<T, F, Fut>(&self, attempt: F) -> Result<T, ShellError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ShellError>>,
    {
        retry_until(self.config.start_retry_timeout.0, &self.ctx.cancel, attempt).await.map_err(|e| match e {
            RetryError::Failed(error) => error,
            RetryError::Cancelled(reason) => ShellError::Cancelled(reason),
        })
    }

    fn track(&self, path: &str) {
        let mut files = self.remote_files.lock().unwrap_or_else(PoisonError::into_inner);
        if !files.iter().any(|p| p == path) {
            files.push(path.to_owned());
        }
    }

    fn comm(&self) -> &dyn Communicator {
        &*self.ctx.communicator
    }

    fn cancelled(&self) -> ShellError {
        ShellError::Cancelled(self.ctx.cancel.err().unwrap_or(ContextError::Canceled))
    }
}

/// Output of Packer's bookkeeping commands (`chmod`, `rm`) is not shown.
fn ignore_output(_: OutputStream, _: &str) {}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
