//! `ssh_local_tunnels` / `ssh_remote_tunnels` entries: `port:host:hostport`, parsed as Packer's
//! `ParseTunnelArgument` does (so `bind:port:host:hostport` is rejected, as in 1.6.6), with Go's
//! `net.SplitHostPort` and `strconv.Atoi` error texts.

/// One parsed tunnel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TunnelSpec {
    /// Where to listen: `localhost:<port>`.
    pub listen_addr: String,
    /// Where to forward to: `host:hostport`.
    pub forward_addr: String,
}

/// Parses one tunnel entry.
///
/// # Errors
/// Packer's text, e.g. `Error parsing tunnel 'bad': [bad]`.
pub fn parse_tunnel(forward: &str) -> Result<TunnelSpec, String> {
    let Some((listening_port, forwarding_addr)) = forward.split_once(':') else {
        return Err(format!("Error parsing tunnel '{forward}': [{forward}]"));
    };
    let (_, port) = split_host_port(forwarding_addr)
        .map_err(|e| format!("Error parsing forwarding, must be a tcp address: {e}"))?;
    go_atoi(port).map_err(|e| format!("Error parsing forwarding port, must be a valid port: {e}"))?;
    go_atoi(listening_port).map_err(|e| format!("Error parsing listening port, must be a valid port: {e}"))?;
    Ok(TunnelSpec { listen_addr: format!("localhost:{listening_port}"), forward_addr: forwarding_addr.to_owned() })
}

/// Go's `net.SplitHostPort`, with its `*AddrError` texts.
fn split_host_port(hostport: &str) -> Result<(&str, &str), String> {
    let addr_err = |why: &str| format!("address {hostport}: {why}");
    let Some(i) = hostport.rfind(':') else {
        return Err(addr_err("missing port in address"));
    };
    let (host, j, k) = if hostport.starts_with('[') {
        let Some(end) = hostport.find(']') else {
            return Err(addr_err("missing ']' in address"));
        };
        if end + 1 == hostport.len() {
            return Err(addr_err("missing port in address"));
        }
        if end + 1 != i {
            return Err(if hostport.as_bytes()[end + 1] == b':' {
                addr_err("too many colons in address")
            } else {
                addr_err("missing port in address")
            });
        }
        (&hostport[1..end], 1, end + 1)
    } else {
        let host = &hostport[..i];
        if host.contains(':') {
            return Err(addr_err("too many colons in address"));
        }
        (host, 0, 0)
    };
    if hostport[j..].contains('[') {
        return Err(addr_err("unexpected '[' in address"));
    }
    if hostport[k..].contains(']') {
        return Err(addr_err("unexpected ']' in address"));
    }
    Ok((host, &hostport[i + 1..]))
}

/// Go's `strconv.Atoi` (optional sign, decimal digits, 64-bit range).
fn go_atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {s:?}: invalid syntax"));
    }
    s.parse::<i64>().map_err(|_| format!("strconv.Atoi: parsing {s:?}: value out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Error texts verified with packer 1.6.6 (null builder, `ssh_local_tunnels`).
    #[test]
    fn parses_like_packer() {
        let cases = [
            ("8080:localhost:1234", Ok(("localhost:8080", "localhost:1234"))),
            ("1:[::1]:22", Ok(("localhost:1", "[::1]:22"))),
            ("bad", Err("Error parsing tunnel 'bad': [bad]")),
            ("1:h", Err("Error parsing forwarding, must be a tcp address: address h: missing port in address")),
            ("x:h:1", Err("Error parsing listening port, must be a valid port: strconv.Atoi: parsing \"x\": invalid syntax")),
            ("1:h:x", Err("Error parsing forwarding port, must be a valid port: strconv.Atoi: parsing \"x\": invalid syntax")),
            ("1:a:b:2", Err("Error parsing forwarding, must be a tcp address: address a:b:2: too many colons in address")),
            ("redis:6379:localhost:6379", Err("Error parsing forwarding, must be a tcp address: address 6379:localhost:6379: too many colons in address")),
            ("1:[::1]x:2", Err("Error parsing forwarding, must be a tcp address: address [::1]x:2: missing port in address")),
        ];
        for (input, want) in cases {
            let got = parse_tunnel(input);
            match want {
                Ok((listen, forward)) => {
                    assert_eq!(
                        got,
                        Ok(TunnelSpec { listen_addr: listen.into(), forward_addr: forward.into() }),
                        "{input}"
                    );
                }
                Err(message) => assert_eq!(got, Err(message.to_owned()), "{input}"),
            }
        }
    }
}
