//! A fault-injecting HTTP proxy in front of moto, the test kit's own equivalent of the rig's
//! latency proxy: it forwards EC2 query calls unchanged, answers chosen calls with an EC2
//! `<Response><Errors>` document instead (`ACTION:N[:CODE[:HTTP]]`, as the rig's `RIG_FAIL`),
//! and can show the AMIs a build creates as `pending` for as long as a test wants, so there is
//! time to interrupt a build while it waits for its AMI. Started with a [`LatencyConfig`], it
//! also injects the rig's AWS-like wait times (see `latency.rs`) and logs every EC2 request.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::fault_spec::FaultSpec;
use crate::http_message::{read_request, read_response, Request, Response};
use crate::latency::Latency;
use crate::latency_config::LatencyConfig;
use crate::latency_log::{client_of, credential_scope, epoch_now, round, LatencyLog};

/// The proxy; stops accepting and joins its thread when dropped.
pub struct FaultProxy {
    port: u16,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct State {
    faults: Vec<FaultSpec>,
    /// Calls seen per action, faulted ones included.
    calls: HashMap<String, usize>,
    /// `ACTION:CODE` of every call answered with an error, in order.
    injected: Vec<String>,
    /// AMIs made by CreateImage, shown `pending` while `hold_pending` is set.
    created_images: HashSet<String>,
    /// AMIs made by CopyImage, shown `pending` while `hold_pending` or `hold_copies` is set.
    copied_images: HashSet<String>,
    /// DescribeImages answers rewritten to `pending`.
    pending_shown: usize,
}

struct Shared {
    upstream: u16,
    state: Mutex<State>,
    hold_pending: AtomicBool,
    hold_copies: AtomicBool,
    stop: AtomicBool,
    /// The injected wait times, when the proxy was started with them.
    latency: Option<Mutex<Latency>>,
    log: Option<LatencyLog>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl FaultProxy {
    /// Starts a proxy on a free port of 127.0.0.1 in front of `upstream` (moto's port), with
    /// the faults `specs` (`ACTION:N[:CODE[:HTTP]]`; panics on a malformed one).
    pub fn start(upstream: u16, specs: &[&str]) -> Self {
        Self::start_inner(upstream, specs, None, None)
    }

    /// Starts a proxy as [`FaultProxy::start`] that also shows what EC2 calls create or change
    /// as not ready for the times of `latency`, and logs every EC2 request and learned
    /// resource to `log` (JSON lines, the rig's format; panics when it cannot be opened).
    pub fn start_with_latency(upstream: u16, specs: &[&str], latency: LatencyConfig, log: Option<&Path>) -> Self {
        let log = log.map(|path| {
            LatencyLog::open(path).unwrap_or_else(|e| panic!("open the latency log {}: {e}", path.display()))
        });
        Self::start_inner(upstream, specs, Some(latency), log)
    }

    fn start_inner(upstream: u16, specs: &[&str], latency: Option<LatencyConfig>, log: Option<LatencyLog>) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind the fault proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let shared = Arc::new(Shared {
            upstream,
            state: Mutex::new(State::default()),
            hold_pending: AtomicBool::new(false),
            hold_copies: AtomicBool::new(false),
            stop: AtomicBool::new(false),
            latency: latency.map(|l| Mutex::new(Latency::new(l))),
            log,
        });
        if let Some(log) = &shared.log {
            let config = shared.latency.as_ref().map(|l| lock(l).config().to_json());
            log.write(&serde_json::json!({"t": round(epoch_now(), 3), "start": format!("127.0.0.1:{port}"),
                "upstream": format!("http://127.0.0.1:{upstream}"), "config": config}));
        }
        let mut proxy = Self { port, shared: Arc::clone(&shared), accept: None };
        proxy.set_faults(specs);
        proxy.accept = Some(std::thread::spawn(move || accept_loop(&listener, &shared)));
        proxy
    }

    /// The endpoint clients use instead of moto's.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Replaces the fault list (the call counters go on).
    pub fn set_faults(&self, specs: &[&str]) {
        let faults = specs.iter().map(|s| FaultSpec::parse(s).unwrap_or_else(|e| panic!("{e}"))).collect();
        self.shared.state().faults = faults;
    }

    /// While `hold` is set, DescribeImages calls about AMIs made through the proxy answer with
    /// `imageState` `pending` (moto makes them `available` at once).
    pub fn hold_new_images_pending(&self, hold: bool) {
        self.shared.hold_pending.store(hold, Ordering::SeqCst);
    }

    /// While `hold` is set, DescribeImages calls about AMI copies made through the proxy answer
    /// with `imageState` `pending`.
    pub fn hold_image_copies_pending(&self, hold: bool) {
        self.shared.hold_copies.store(hold, Ordering::SeqCst);
    }

    /// How many calls of `action` went through the proxy (faulted ones included).
    pub fn calls(&self, action: &str) -> usize {
        self.shared.state().calls.get(action).copied().unwrap_or(0)
    }

    /// `ACTION:CODE` of every call answered with an error, in order.
    pub fn injected(&self) -> Vec<String> {
        self.shared.state().injected.clone()
    }

    /// How many DescribeImages answers showed a new AMI as `pending`.
    pub fn pending_shown(&self) -> usize {
        self.shared.state().pending_shown
    }

    /// Waits until `condition` holds on the proxy (polling every 20 ms), panicking after `limit`.
    pub fn wait_for(&self, what: &str, limit: Duration, condition: impl Fn(&Self) -> bool) {
        let started = Instant::now();
        while !condition(self) {
            assert!(started.elapsed() < limit, "the fault proxy never saw {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(shared);
        std::thread::spawn(move || serve_connection(stream, &shared));
    }
}

/// Serves one keep-alive client connection, request after request.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    while let Ok(Some(request)) = read_request(&mut reader, &mut writer) {
        let response = answer(&request, shared);
        if writer.write_all(&response.to_bytes()).is_err() || writer.flush().is_err() {
            break;
        }
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

fn answer(request: &Request, shared: &Shared) -> Response {
    let (arrived, arrived_epoch) = (Instant::now(), epoch_now());
    let action = request.form_value("Action").unwrap_or_default();
    let scope = request.header("authorization").and_then(credential_scope);
    let (region, service) = scope.unwrap_or_else(|| ("us-east-1".into(), "?".into()));
    // Only EC2 calls are logged and rewritten (moto's own API and other services pass).
    let ec2 = !action.is_empty() && service == "ec2";
    let mut record = serde_json::json!({"t": round(arrived_epoch, 3), "region": region, "action": action,
        "client": client_of(request.header("user-agent").unwrap_or_default())});
    let (n, fault) = {
        let mut state = shared.state();
        let n = {
            let count = state.calls.entry(action.clone()).or_default();
            *count += 1;
            *count
        };
        let fault = state.faults.iter().find(|f| f.matches(&action, n)).cloned();
        if let Some(f) = &fault {
            state.injected.push(format!("{action}:{}", f.code));
        }
        (n, fault)
    };
    let log = |record: &mut serde_json::Value, status: u16, ids: serde_json::Value| {
        if let (Some(log), true) = (&shared.log, ec2) {
            record["status"] = status.into();
            record["ids"] = ids;
            record["ms"] = round(arrived.elapsed().as_secs_f64() * 1000.0, 1).into();
            log.write(record);
        }
    };
    if let Some(fault) = fault {
        let response = fault.response();
        record["fault"] = fault.code.clone().into();
        record["n"] = n.into();
        log(&mut record, response.status, serde_json::json!({}));
        return response;
    }
    let mut response = match forward(request, shared.upstream) {
        Ok(response) => response,
        Err(e) => {
            record["error"] = e.to_string().into();
            log(&mut record, 502, serde_json::json!({}));
            return Response::text(502, &format!("fault proxy: moto did not answer: {e}"));
        }
    };
    let mut seen = serde_json::Map::new();
    if response.status == 200 {
        if let (Some(latency), true) = (&shared.latency, ec2 && response.header("content-encoding").is_none()) {
            seen = inject_latency(&action, &region, &mut response, &mut lock(latency), shared.log.as_ref());
        }
        learn_and_rewrite(&action, request, &mut response, shared);
    }
    log(&mut record, response.status, serde_json::Value::Object(seen));
    response
}

/// Rewrites `response` for the injected wait times; logs what it learned; returns the tracked
/// ids the answer shows, with their state.
fn inject_latency(
    action: &str,
    region: &str,
    response: &mut Response,
    latency: &mut Latency,
    log: Option<&LatencyLog>,
) -> serde_json::Map<String, serde_json::Value> {
    let Ok(text) = std::str::from_utf8(&response.body) else { return serde_json::Map::new() };
    let (now, now_epoch) = (Instant::now(), epoch_now());
    let rewritten = latency.rewrite(action, region, text, now);
    for learned in &rewritten.learned {
        if let Some(log) = log {
            log.write(&serde_json::json!({"t": round(now_epoch, 3), "learn": learned.kind.name(), "region": region,
                "id": learned.id, "latency_s": learned.latency_s, "ready_t": round(now_epoch + learned.latency_s, 3)}));
        }
    }
    response.body = rewritten.xml.into_bytes();
    rewritten.seen.into_iter().map(|(id, state)| (id, state.into())).collect()
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Remembers the AMIs CreateImage and CopyImage make; shows them `pending` while held.
fn learn_and_rewrite(action: &str, request: &Request, response: &mut Response, shared: &Shared) {
    let held = |state: &State, id: &String| {
        (shared.hold_pending.load(Ordering::SeqCst)
            && (state.created_images.contains(id) || state.copied_images.contains(id)))
            || (shared.hold_copies.load(Ordering::SeqCst) && state.copied_images.contains(id))
    };
    match action {
        "CreateImage" | "CopyImage" => {
            if let Some(id) = xml_value(&response.body_text(), "imageId") {
                let mut state = shared.state();
                let images = if action == "CreateImage" { &mut state.created_images } else { &mut state.copied_images };
                images.insert(id);
            }
        }
        "DescribeImages" => {
            let mut state = shared.state();
            let asked_held = request.form_values_with_prefix("ImageId.").iter().any(|id| held(&state, id));
            let body = response.body_text();
            if asked_held && body.contains("<imageState>available</imageState>") {
                let body = body.replace("<imageState>available</imageState>", "<imageState>pending</imageState>");
                response.body = body.into_bytes();
                state.pending_shown += 1;
            }
        }
        _ => {}
    }
}

/// The text of the first `<tag>…</tag>` in `xml`.
fn xml_value(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = xml[start..].find("</")? + start;
    Some(xml[start..end].to_owned())
}

/// Sends `request` to moto on a fresh connection and reads the whole answer.
fn forward(request: &Request, upstream: u16) -> std::io::Result<Response> {
    let mut upstream = TcpStream::connect(("127.0.0.1", upstream))?;
    upstream.set_read_timeout(Some(Duration::from_secs(60)))?;
    upstream.write_all(&request.to_upstream_bytes())?;
    upstream.flush()?;
    let mut reader = BufReader::new(upstream);
    read_response(&mut reader)
}

/// Reads lines up to the empty one ending an HTTP head.
pub(crate) fn read_head(reader: &mut impl BufRead) -> std::io::Result<Option<Vec<String>>> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            return Ok(Some(lines));
        }
        lines.push(line);
    }
}

/// Reads exactly `len` bytes of a body.
pub(crate) fn read_body(reader: &mut impl Read, len: usize) -> std::io::Result<Vec<u8>> {
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(body)
}
