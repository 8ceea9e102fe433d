//! The latency proxy's memory and rewriting, the same semantics as the rig's `latency_proxy.py`:
//! ids are learned from the answers to Run/Start/Stop/TerminateInstances, CreateImage, CopyImage
//! and CreateSnapshot; for T seconds after moto's answer such a resource is shown in its
//! transitional state (instance `pending`/`stopping`/`shutting-down`, image `pending`, snapshot
//! `pending` with progress `N%`) by DescribeInstances, DescribeInstanceStatus (status checks
//! `initializing` while pending), DescribeImages, DescribeSnapshots and the instance calls'
//! answers. Only an end state moto already shows is rewritten, so nothing goes backwards; an
//! image's snapshots inherit its window once a DescribeImages shows them.

use std::collections::{BTreeMap, HashMap};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::ec2_xml::{all_fields, element, field, items_of, mask_nested, Edits};
use crate::latency_config::{Kind, LatencyConfig};

/// One resource the proxy holds back.
#[derive(Clone, Copy)]
struct Resource {
    kind: Kind,
    since: Instant,
    latency_s: f64,
}

impl Resource {
    fn active(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.since).as_secs_f64() < self.latency_s
    }
}

/// A resource learned from an answer (for the log).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Learned {
    pub(crate) kind: Kind,
    pub(crate) id: String,
    pub(crate) latency_s: f64,
}

/// One answer after rewriting.
pub(crate) struct Rewritten {
    /// The answer's new text.
    pub(crate) xml: String,
    /// Tracked resources the answer mentions, with the state it shows now.
    pub(crate) seen: BTreeMap<String, String>,
    /// Resources learned from this answer.
    pub(crate) learned: Vec<Learned>,
}

/// The proxy's latency state: its settings and the resources it tracks per region.
pub(crate) struct Latency {
    config: LatencyConfig,
    rng: SplitMix64,
    resources: HashMap<(String, String), Resource>,
}

impl Latency {
    /// Tracks nothing yet.
    pub(crate) fn new(config: LatencyConfig) -> Self {
        let seed = config
            .seed()
            .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64));
        Self { config, rng: SplitMix64(seed), resources: HashMap::new() }
    }

    /// The settings.
    pub(crate) fn config(&self) -> &LatencyConfig {
        &self.config
    }

    fn learn(&mut self, kind: Kind, region: &str, id: &str, now: Instant) -> Learned {
        let mut latency_s = self.config.latency(kind);
        let jitter = self.config.jitter();
        if jitter > 0.0 && latency_s > 0.0 {
            let factor = self.rng.uniform(1.0 - jitter, 1.0 + jitter);
            latency_s = (latency_s * factor * 1000.0).round() / 1000.0;
        }
        self.resources.insert((region.to_owned(), id.to_owned()), Resource { kind, since: now, latency_s });
        Learned { kind, id: id.to_owned(), latency_s }
    }

    fn active(&self, region: &str, id: &str, now: Instant) -> Option<Resource> {
        self.resources.get(&(region.to_owned(), id.to_owned())).copied().filter(|r| r.active(now))
    }

    fn tracked(&self, region: &str, id: &str) -> bool {
        self.resources.contains_key(&(region.to_owned(), id.to_owned()))
    }

    /// Learns from and rewrites moto's answer `xml` to `action` in `region`, at `now` (when
    /// the proxy got the answer).
    pub(crate) fn rewrite(&mut self, action: &str, region: &str, xml: &str, now: Instant) -> Rewritten {
        let mut pass = Pass { region, xml, now, edits: Edits::new(), seen: BTreeMap::new(), learned: Vec::new() };
        let kind = Kind::started_by(action);
        let new_id_tag = match kind {
            Some(Kind::Ami | Kind::Copy) => Some("imageId"),
            Some(Kind::Snap) => Some("snapshotId"),
            _ => None,
        };
        if let (Some(kind), Some(tag)) = (kind, new_id_tag) {
            if let Some((id, _)) = field(xml, tag) {
                pass.learned.push(self.learn(kind, region, id, now));
            }
        }
        self.rewrite_instances(kind.filter(|k| k.is_instance()), &mut pass);
        self.rewrite_images(&mut pass);
        self.rewrite_snapshots(&mut pass);
        Rewritten { xml: pass.edits.apply(xml), seen: pass.seen, learned: pass.learned }
    }

    /// Instances in Describe* answers and in the answers of the calls that change them
    /// (`instance_call`: the kind of wait such a call starts).
    fn rewrite_instances(&mut self, instance_call: Option<Kind>, pass: &mut Pass<'_>) {
        let (region, xml, now) = (pass.region, pass.xml, pass.now);
        for set_tag in ["instancesSet", "instanceStatusSet"] {
            for span in items_of(xml, set_tag) {
                let item = &xml[span.clone()];
                let masked = mask_nested(item);
                let Some((id, _)) = field(&masked, "instanceId") else { continue };
                if let Some(kind) = instance_call {
                    let before = element(&masked, "previousState").and_then(|s| field(&masked[s], "name"));
                    // A call that changes nothing (stopping a stopped instance) starts no wait.
                    if before.map(|(name, _)| name) != Some(kind.transition().end) {
                        pass.learned.push(self.learn(kind, region, id, now));
                    }
                }
                let active = self.active(region, id, now);
                for tag in ["instanceState", "currentState"] {
                    let Some(state) = element(&masked, tag) else { continue };
                    let Some((mut shown, _)) = field(&masked[state.clone()], "name") else { continue };
                    if let Some(r) = active {
                        let t = r.kind.transition();
                        if shown == t.end {
                            let text = format!("<{tag}><code>{}</code><name>{}</name></{tag}>", t.code, t.shown);
                            pass.edits.put(span.start + state.start..span.start + state.end, text);
                            shown = t.shown;
                        }
                    }
                    if active.is_some() || self.tracked(region, id) {
                        pass.seen.insert(id.to_owned(), shown.to_owned());
                    }
                }
                if set_tag == "instanceStatusSet" && active.is_some_and(|r| matches!(r.kind, Kind::Run | Kind::Start)) {
                    for block in ["instanceStatus", "systemStatus"] {
                        let Some(at) = element(item, block) else { continue };
                        let text = item[at.clone()]
                            .replace("<status>ok</status>", "<status>initializing</status>")
                            .replace("<status>passed</status>", "<status>initializing</status>");
                        pass.edits.put(span.start + at.start..span.start + at.end, text);
                    }
                }
            }
        }
    }

    /// Images in DescribeImages answers; their snapshots inherit an active image's window.
    fn rewrite_images(&mut self, pass: &mut Pass<'_>) {
        let (region, xml, now) = (pass.region, pass.xml, pass.now);
        for span in items_of(xml, "imagesSet") {
            let item = &xml[span.clone()];
            let masked = mask_nested(item);
            let Some((id, _)) = field(&masked, "imageId") else { continue };
            let state = field(&masked, "imageState");
            let mut shown = state.as_ref().map_or("", |s| s.0);
            if let Some(image) = self.active(region, id, now) {
                for snapshot in all_fields(item, "snapshotId") {
                    self.resources
                        .entry((region.to_owned(), snapshot))
                        .or_insert(Resource { kind: Kind::Snap, ..image });
                }
                if let Some((text, at)) = &state {
                    if *text == "available" {
                        pass.edits.put(span.start + at.start..span.start + at.end, "pending".into());
                        shown = "pending";
                    }
                }
            }
            if self.tracked(region, id) {
                pass.seen.insert(id.to_owned(), shown.to_owned());
            }
        }
    }

    /// Snapshots in DescribeSnapshots answers: `pending`, progress the share of the wait gone.
    fn rewrite_snapshots(&mut self, pass: &mut Pass<'_>) {
        let (region, xml, now) = (pass.region, pass.xml, pass.now);
        for span in items_of(xml, "snapshotSet") {
            let item = &xml[span.clone()];
            let masked = mask_nested(item);
            let Some((id, _)) = field(&masked, "snapshotId") else { continue };
            let state = field(&masked, "status");
            let mut shown = state.as_ref().map_or("", |s| s.0);
            if let (Some(r), Some((text, at))) = (self.active(region, id, now), &state) {
                if *text == "completed" {
                    pass.edits.put(span.start + at.start..span.start + at.end, "pending".into());
                    shown = "pending";
                    let elapsed = now.saturating_duration_since(r.since).as_secs_f64();
                    let percent = if r.latency_s > 0.0 { (100.0 * elapsed / r.latency_s) as i64 } else { 100 };
                    if let Some((_, p)) = field(&masked, "progress") {
                        let text = format!("{}%", percent.clamp(0, 99));
                        pass.edits.put(span.start + p.start..span.start + p.end, text);
                    }
                }
            }
            if self.tracked(region, id) {
                pass.seen.insert(id.to_owned(), shown.to_owned());
            }
        }
    }
}

/// One answer being rewritten: where and when, and what was found so far.
struct Pass<'a> {
    region: &'a str,
    xml: &'a str,
    now: Instant,
    edits: Edits,
    seen: BTreeMap<String, String>,
    learned: Vec<Learned>,
}

/// A small seeded generator for the jitter (SplitMix64): the same seed draws the same latencies.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::Latency;
    use crate::ec2_xml::field;
    use crate::latency_config::LatencyConfig;

    const RUN: &str = include_str!("../testdata/moto-ec2/run.xml");
    const DESCRIBE_INSTANCES: &str = include_str!("../testdata/moto-ec2/di.xml");
    const DESCRIBE_STATUS: &str = include_str!("../testdata/moto-ec2/dis.xml");
    const STOP: &str = include_str!("../testdata/moto-ec2/stop.xml");
    const STOP_AGAIN: &str = include_str!("../testdata/moto-ec2/stop2.xml");
    const DESCRIBE_STOPPED: &str = include_str!("../testdata/moto-ec2/di-stopped.xml");
    const START: &str = include_str!("../testdata/moto-ec2/start.xml");
    const TERMINATE: &str = include_str!("../testdata/moto-ec2/term.xml");
    const CREATE_IMAGE: &str = include_str!("../testdata/moto-ec2/ci.xml");
    const DESCRIBE_IMAGE: &str = include_str!("../testdata/moto-ec2/dimg.xml");
    const DESCRIBE_SNAPSHOT: &str = include_str!("../testdata/moto-ec2/ds.xml");
    const COPY_IMAGE: &str = include_str!("../testdata/moto-ec2/copy.xml");
    const DESCRIBE_COPY: &str = include_str!("../testdata/moto-ec2/dimg-copy.xml");
    const CREATE_SNAPSHOT: &str = include_str!("../testdata/moto-ec2/cs.xml");

    const INSTANCE: &str = "i-4f87075dc6f32f788";
    const EAST: &str = "us-east-1";

    fn real() -> Latency {
        Latency::new(LatencyConfig::new("real", 1.0, "").expect("real"))
    }

    fn secs(t0: Instant, s: f64) -> Instant {
        t0 + Duration::from_secs_f64(s)
    }

    #[test]
    fn a_new_instance_is_pending_for_run_seconds() {
        let mut latency = real();
        let t0 = Instant::now();
        let run = latency.rewrite("RunInstances", EAST, RUN, t0);
        assert_eq!(run.learned.len(), 1);
        assert_eq!((run.learned[0].id.as_str(), run.learned[0].latency_s), (INSTANCE, 40.0));
        // moto's answer already says pending: nothing to rewrite.
        assert_eq!(run.xml, RUN);
        assert_eq!(run.seen.get(INSTANCE).map(String::as_str), Some("pending"));

        let during = latency.rewrite("DescribeInstances", EAST, DESCRIBE_INSTANCES, secs(t0, 39.9));
        assert!(during.xml.contains("<instanceState><code>0</code><name>pending</name></instanceState>"));
        assert!(!during.xml.contains("<name>running</name>"));
        assert_eq!(during.xml.len(), DESCRIBE_INSTANCES.len() + "pending".len() - "running".len() - 1);
        assert_eq!(during.seen.get(INSTANCE).map(String::as_str), Some("pending"));
        let status = latency.rewrite("DescribeInstanceStatus", EAST, DESCRIBE_STATUS, secs(t0, 10.0));
        assert!(!status.xml.contains("<status>ok</status>") && !status.xml.contains("<status>passed</status>"));
        assert_eq!(status.xml.matches("<status>initializing</status>").count(), 4);
        assert!(status.xml.contains("<instanceState><code>0</code><name>pending</name>"));

        let after = latency.rewrite("DescribeInstances", EAST, DESCRIBE_INSTANCES, secs(t0, 40.0));
        assert_eq!(after.xml, DESCRIBE_INSTANCES);
        assert_eq!(after.seen.get(INSTANCE).map(String::as_str), Some("running"));
        // Another region's instance of the same id is not this one.
        let west = latency.rewrite("DescribeInstances", "us-west-2", DESCRIBE_INSTANCES, secs(t0, 1.0));
        assert_eq!(west.xml, DESCRIBE_INSTANCES);
        assert!(west.seen.is_empty());
    }

    #[test]
    fn stop_start_and_terminate_show_their_transitions() {
        let mut latency = real();
        let t0 = Instant::now();
        let stop = latency.rewrite("StopInstances", EAST, STOP, t0);
        assert_eq!(stop.learned[0].latency_s, 25.0);
        let stopped = latency.rewrite("DescribeInstances", EAST, DESCRIBE_STOPPED, secs(t0, 24.0));
        assert!(stopped.xml.contains("<instanceState><code>64</code><name>stopping</name></instanceState>"));
        assert!(latency.rewrite("DescribeInstances", EAST, DESCRIBE_STOPPED, secs(t0, 25.1)).xml == DESCRIBE_STOPPED);
        // Stopping a stopped instance changes nothing, so it starts no wait.
        let mut fresh = real();
        assert!(fresh.rewrite("StopInstances", EAST, STOP_AGAIN, t0).learned.is_empty());

        let start = latency.rewrite("StartInstances", EAST, START, secs(t0, 30.0));
        assert_eq!(start.learned[0].latency_s, 40.0);
        let running = latency.rewrite("DescribeInstances", EAST, DESCRIBE_INSTANCES, secs(t0, 31.0));
        assert!(running.xml.contains("<name>pending</name></instanceState>"));

        let term = latency.rewrite("TerminateInstances", EAST, TERMINATE, secs(t0, 100.0));
        assert_eq!(term.seen.get(INSTANCE).map(String::as_str), Some("shutting-down"));
        let gone =
            TERMINATE.replace("<code>32</code><name>shutting-down</name>", "<code>48</code><name>terminated</name>");
        let shown = latency.rewrite("TerminateInstances", EAST, &gone, secs(t0, 101.0));
        assert!(shown.xml.contains("<currentState><code>32</code><name>shutting-down</name></currentState>"));
    }

    #[test]
    fn images_and_their_snapshots_wait_ami_seconds() {
        let mut latency = real();
        let t0 = Instant::now();
        let created = latency.rewrite("CreateImage", EAST, CREATE_IMAGE, t0);
        assert_eq!((created.learned[0].id.as_str(), created.learned[0].latency_s), ("ami-f02e88581ce8d1064", 90.0));
        // Before any DescribeImages shows the snapshot, the proxy does not know it.
        let early = latency.rewrite("DescribeSnapshots", EAST, DESCRIBE_SNAPSHOT, secs(t0, 1.0));
        assert_eq!(early.xml, DESCRIBE_SNAPSHOT);
        let image = latency.rewrite("DescribeImages", EAST, DESCRIBE_IMAGE, secs(t0, 45.0));
        assert!(image.xml.contains("<imageState>pending</imageState>"));
        assert_eq!(image.seen.get("ami-f02e88581ce8d1064").map(String::as_str), Some("pending"));
        let snapshot = latency.rewrite("DescribeSnapshots", EAST, DESCRIBE_SNAPSHOT, secs(t0, 45.0));
        assert!(snapshot.xml.contains("<status>pending</status>") && snapshot.xml.contains("<progress>50%</progress>"));
        assert_eq!(snapshot.seen.get("snap-0b2b8e9755d4106b0").map(String::as_str), Some("pending"));
        let done = latency.rewrite("DescribeImages", EAST, DESCRIBE_IMAGE, secs(t0, 90.0));
        assert_eq!(done.xml, DESCRIBE_IMAGE);
        assert_eq!(done.seen.get("ami-f02e88581ce8d1064").map(String::as_str), Some("available"));
    }

    #[test]
    fn copies_wait_in_their_target_region_and_snapshots_show_progress() {
        let mut latency = real();
        let t0 = Instant::now();
        latency.rewrite("CopyImage", "us-west-2", COPY_IMAGE, t0);
        let east = latency.rewrite("DescribeImages", EAST, DESCRIBE_COPY, secs(t0, 1.0));
        assert_eq!(east.xml, DESCRIBE_COPY);
        let west = latency.rewrite("DescribeImages", "us-west-2", DESCRIBE_COPY, secs(t0, 119.0));
        assert!(west.xml.contains("<imageState>pending</imageState>"));

        let made = latency.rewrite("CreateSnapshot", EAST, CREATE_SNAPSHOT, t0);
        assert_eq!((made.learned[0].id.as_str(), made.learned[0].latency_s), ("snap-7fe34ca9b2bf44d20", 60.0));
        let describe = DESCRIBE_SNAPSHOT.replace("snap-0b2b8e9755d4106b0", "snap-7fe34ca9b2bf44d20");
        let late = latency.rewrite("DescribeSnapshots", EAST, &describe, secs(t0, 59.99));
        assert_eq!(field(&late.xml, "progress").map(|p| p.0), Some("99%"));
    }

    #[test]
    fn jitter_is_seeded_and_bounded() {
        let config = || LatencyConfig::new("real", 1.0, "").expect("real").with_jitter(0.3, Some(7)).expect("jitter");
        let draw = |mut latency: Latency| -> Vec<f64> {
            let t0 = Instant::now();
            (0..20).map(|_| latency.rewrite("CreateImage", EAST, CREATE_IMAGE, t0).learned[0].latency_s).collect()
        };
        let (a, b) = (draw(Latency::new(config())), draw(Latency::new(config())));
        assert_eq!(a, b);
        assert!(a.iter().all(|s| (63.0..=117.0).contains(s)), "{a:?}");
        assert!(a.iter().any(|s| *s != a[0]));
    }
}
