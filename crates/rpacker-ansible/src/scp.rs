//! The proxy's own end of the legacy scp protocol (the SDK adapter's `scp.go`), for ansible
//! runs that copy files with `scp -O` or an old OpenSSH: `scp -t <target>` (ansible uploads)
//! writes what the client sends through the communicator; `scp -f <path>` (ansible's `fetch`)
//! downloads the file through the communicator and sends it. Files are staged in local
//! `ansible-upload*` / `ansible-download*` folders, removed afterwards.
//!
//! The protocol: the sink answers every message with `\0` (or `\x02<text>\n` for an error);
//! `C<mode> <size> <name>` is followed by the data and a `\0`; `D…`/`E` open and close
//! folders; `T…` gives times (ignored).

use std::path::{Path, PathBuf};

use rpacker_sdk::lifecycle::Communicator;
use rpacker_ssh::{format_scp_record, parse_scp_record, ScpRecordKind};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

const OK: &[u8] = b"\0";

/// An scp command the adapter serves itself: `scp ` with an option cluster holding `t` or
/// `f`. Returns the options and the (unquoted) path.
pub(crate) fn scp_request(command: &str) -> Option<(String, String)> {
    let args = command.strip_prefix("scp ")?;
    let (options, rest) = scp_options(args);
    if !options.contains(['t', 'f']) {
        return None;
    }
    // Undo the quoting ansible added for the remote shell.
    let path = shell_words(rest).map_or_else(|| rest.to_owned(), |words| words.concat());
    Some((options, path))
}

/// The SDK's `scpOptions`: leading `-x` clusters (letters collected), then the rest.
fn scp_options(args: &str) -> (String, &str) {
    let (mut options, mut in_option, mut end) = (String::new(), false, 0);
    for (i, c) in args.char_indices() {
        match c {
            ' ' => in_option = false,
            '-' => in_option = true,
            _ if in_option => options.push(c),
            _ => break,
        }
        end = i + c.len_utf8();
    }
    (options, &args[end..])
}

/// POSIX-shell-like word splitting (single and double quotes, backslashes), as the SDK's
/// `shlex.Split`; `None` for unbalanced quotes.
fn shell_words(text: &str) -> Option<Vec<String>> {
    let (mut words, mut word, mut in_word) = (Vec::new(), String::new(), false);
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\' | '$' | '`') => word.push(c),
                            '\n' => {}
                            c => word.extend(['\\', c]),
                        },
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(c) => word.push(c),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// Serves one scp command over the channel's streams.
///
/// # Errors
/// Why the transfer failed (the client was told with an scp error message).
pub(crate) async fn serve_scp(
    options: &str,
    path: &str,
    stdin: &mut (dyn AsyncRead + Send + Unpin),
    stdout: &mut (dyn AsyncWrite + Send + Unpin),
    communicator: &dyn Communicator,
) -> Result<(), String> {
    let mut input = BufReader::new(stdin);
    let path = path.trim();
    let result = if options.contains('t') {
        sink(path, &mut input, stdout, communicator).await
    } else {
        source(options, path, &mut input, stdout, communicator).await
    };
    if let Err(ScpError::Local(message)) = &result {
        // Tell the client, on one line (an scp error message ends at the newline).
        let _ = stdout.write_all(format!("\x02{}\n", message.replace('\n', " ")).as_bytes()).await;
    }
    let _ = stdout.flush().await;
    result.map_err(|e| match e {
        ScpError::Local(message) | ScpError::Client(message) => message,
    })
}

/// A failure on our side (the client must be told) or one the client reported.
enum ScpError {
    Local(String),
    Client(String),
}

type Input<'a, 'b> = BufReader<&'a mut (dyn AsyncRead + Send + Unpin + 'b)>;

async fn reply(out: &mut (dyn AsyncWrite + Send + Unpin), bytes: &[u8]) -> Result<(), ScpError> {
    out.write_all(bytes).await.map_err(|e| ScpError::Client(e.to_string()))?;
    out.flush().await.map_err(|e| ScpError::Client(e.to_string()))
}

/// `scp -t <target>`: receives files (and folders) and uploads them to `target`.
async fn sink(
    target: &str,
    input: &mut Input<'_, '_>,
    out: &mut (dyn AsyncWrite + Send + Unpin),
    communicator: &dyn Communicator,
) -> Result<(), ScpError> {
    if target.is_empty() {
        return Err(ScpError::Local("no scp target specified".to_owned()));
    }
    let staging = staging_dir("ansible-upload")?;
    reply(out, OK).await?;
    // Open folders, relative to the staging folder: [top, top/sub, …].
    let mut folders: Vec<PathBuf> = Vec::new();
    loop {
        let mut kind = [0u8; 1];
        if input.read(&mut kind).await.map_err(|e| ScpError::Client(e.to_string()))? == 0 {
            return Ok(());
        }
        let line = read_line(input).await?;
        match kind[0] {
            b'T' => reply(out, OK).await?,
            b'C' => {
                let (mode, size, name) = parse_entry(&line)?;
                reply(out, OK).await?;
                let local = staging.path().join(folders.last().map_or(Path::new(""), PathBuf::as_path)).join(&name);
                receive_file(input, &local, size, mode).await?;
                response(input).await?;
                if folders.is_empty() {
                    communicator
                        .upload_file(&local, target, Some(mode))
                        .await
                        .map_err(|e| ScpError::Local(e.to_string()))?;
                    let _ = std::fs::remove_file(&local);
                }
                reply(out, OK).await?;
            }
            b'D' => {
                let (_, _, name) = parse_entry(&line)?;
                let folder = folders.last().cloned().unwrap_or_default().join(&name);
                std::fs::create_dir(staging.path().join(&folder)).map_err(|e| ScpError::Local(e.to_string()))?;
                folders.push(folder);
                reply(out, OK).await?;
            }
            b'E' => {
                let Some(done) = folders.pop() else {
                    return Err(ScpError::Local("unexpected message: E".to_owned()));
                };
                if folders.is_empty() {
                    communicator
                        .upload_dir(&staging.path().join(done), target)
                        .await
                        .map_err(|e| ScpError::Local(e.to_string()))?;
                }
                reply(out, OK).await?;
            }
            other => return Err(ScpError::Local(format!("unexpected message: {}", char::from(other)))),
        }
    }
}

/// `scp -f <path>`: downloads one file and sends it.
async fn source(
    options: &str,
    path: &str,
    input: &mut Input<'_, '_>,
    out: &mut (dyn AsyncWrite + Send + Unpin),
    communicator: &dyn Communicator,
) -> Result<(), ScpError> {
    if path.is_empty() {
        return Err(ScpError::Local("no scp source specified".to_owned()));
    }
    // ansible's fetch copies single files only.
    if options.contains(['r', 'd']) {
        return Err(ScpError::Local("directory downloads not supported".to_owned()));
    }
    let staging = staging_dir("ansible-download")?;
    let name = path.trim_end_matches('/').rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("file").to_owned();
    let local = staging.path().join(&name);
    communicator.download_file(path, &local).await.map_err(|e| ScpError::Local(e.to_string()))?;
    // The client's go-ahead.
    response(input).await?;
    let metadata = std::fs::metadata(&local).map_err(|e| ScpError::Local(e.to_string()))?;
    reply(out, format_scp_record(ScpRecordKind::File, permissions(&metadata), metadata.len(), &name).as_bytes())
        .await?;
    response(input).await?;
    let mut file = tokio::fs::File::open(&local).await.map_err(|e| ScpError::Local(e.to_string()))?;
    tokio::io::copy(&mut file, out).await.map_err(|e| ScpError::Client(e.to_string()))?;
    reply(out, OK).await?;
    response(input).await
}

fn staging_dir(prefix: &str) -> Result<tempfile::TempDir, ScpError> {
    tempfile::Builder::new().prefix(prefix).tempdir().map_err(|e| ScpError::Local(e.to_string()))
}

#[cfg(unix)]
fn permissions(metadata: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o777
}

#[cfg(not(unix))]
fn permissions(_metadata: &std::fs::Metadata) -> u32 {
    0o644
}

/// The rest of a message line, without its newline.
async fn read_line(input: &mut Input<'_, '_>) -> Result<String, ScpError> {
    let mut line = Vec::new();
    input.read_until(b'\n', &mut line).await.map_err(|e| ScpError::Client(e.to_string()))?;
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

/// `<mode> <size> <name>` of a `C` or `D` message.
fn parse_entry(line: &str) -> Result<(u32, u64, String), ScpError> {
    parse_scp_record(line).ok_or_else(|| ScpError::Local(format!("invalid file message: {line}")))
}

/// Copies exactly `size` bytes of file data into `local`.
async fn receive_file(input: &mut Input<'_, '_>, local: &Path, size: u64, mode: u32) -> Result<(), ScpError> {
    let mut file = tokio::fs::File::create(local).await.map_err(|e| ScpError::Local(e.to_string()))?;
    let copied =
        tokio::io::copy(&mut input.take(size), &mut file).await.map_err(|e| ScpError::Client(e.to_string()))?;
    if copied != size {
        return Err(ScpError::Client(format!("short file data: {copied} of {size} bytes")));
    }
    file.flush().await.map_err(|e| ScpError::Local(e.to_string()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(local, std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(())
}

/// The other side's status byte: `\0` fine, `\x01<text>` a warning, `\x02<text>` an error.
async fn response(input: &mut Input<'_, '_>) -> Result<(), ScpError> {
    let mut code = [0u8; 1];
    input.read_exact(&mut code).await.map_err(|e| ScpError::Client(e.to_string()))?;
    if code[0] == 0 {
        return Ok(());
    }
    let message = read_line(input).await?;
    if code[0] > 1 {
        return Err(ScpError::Client(message));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scp_commands_the_adapter_serves() {
        let cases: [(&str, Option<(&str, &str)>); 7] = [
            ("scp -t '/home/u/.ansible/tmp/a b/x.py'", Some(("t", "/home/u/.ansible/tmp/a b/x.py"))),
            ("scp -v -d -t /tmp/dir", Some(("vdt", "/tmp/dir"))),
            ("scp -f -- \"/etc/host\"name", Some(("f", "/etc/hostname"))),
            ("scp -pf /x", Some(("pf", "/x"))),
            ("scp /a /b", None),
            ("scp -r -p /x", None),
            ("/bin/sh -c 'scp -t x'", None),
        ];
        for (command, want) in cases {
            let got = scp_request(command);
            assert_eq!(got.as_ref().map(|(o, p)| (o.as_str(), p.as_str())), want, "{command}");
        }
    }

    #[test]
    fn words_split_like_a_shell() {
        let cases: [(&str, Option<Vec<&str>>); 5] = [
            ("a 'b c' d\\ e", Some(vec!["a", "b c", "d e"])),
            ("\"x\\\"y\" ''", Some(vec!["x\"y", ""])),
            ("  ", Some(vec![])),
            ("'open", None),
            ("a\"b\"'c'", Some(vec!["abc"])),
        ];
        for (text, want) in cases {
            assert_eq!(shell_words(text), want.map(|w| w.iter().map(|s| (*s).to_owned()).collect()), "{text}");
        }
    }

    #[test]
    fn entries_are_checked() {
        assert!(matches!(parse_entry("0644 12 name.txt"), Ok((0o644, 12, ref n)) if n == "name.txt"));
        assert!(matches!(parse_entry("0755 0 with space"), Ok((0o755, 0, ref n)) if n == "with space"));
        for bad in ["0644 12", "x 1 n", "0644 -1 n", "0644 1 ../x", "0644 1 .."] {
            assert!(parse_entry(bad).is_err(), "{bad}");
        }
    }
}
