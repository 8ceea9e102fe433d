//! How long the latency proxy shows a resource as not ready, as the rig's `latency_proxy.py`:
//! profiles `fast` (all 0) and `real` (estimates for a small image), a scale that multiplies
//! every value (overrides included), per-kind overrides (`run=40,ami=90`) and jitter (each
//! resource gets T × uniform(1−J, 1+J), from a seed when given).

use serde_json::{json, Value};

/// What started a wait, and so how long it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Run,
    Start,
    Stop,
    Term,
    Ami,
    Copy,
    Snap,
}

/// What a kind of wait looks like to a client.
pub(crate) struct Transition {
    /// The state moto shows at once (the end of the wait).
    pub(crate) end: &'static str,
    /// The state shown meanwhile.
    pub(crate) shown: &'static str,
    /// EC2's code of `shown` (instances only).
    pub(crate) code: u16,
}

impl Kind {
    /// Every kind, in the rig's order.
    pub(crate) const ALL: [Kind; 7] =
        [Kind::Run, Kind::Start, Kind::Stop, Kind::Term, Kind::Ami, Kind::Copy, Kind::Snap];

    /// The knob's name (`run`, `ami`, …).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Run => "run",
            Kind::Start => "start",
            Kind::Stop => "stop",
            Kind::Term => "term",
            Kind::Ami => "ami",
            Kind::Copy => "copy",
            Kind::Snap => "snap",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind of wait an EC2 action starts.
    pub(crate) fn started_by(action: &str) -> Option<Self> {
        Some(match action {
            "RunInstances" => Kind::Run,
            "StartInstances" => Kind::Start,
            "StopInstances" => Kind::Stop,
            "TerminateInstances" => Kind::Term,
            "CreateImage" => Kind::Ami,
            "CopyImage" => Kind::Copy,
            "CreateSnapshot" => Kind::Snap,
            _ => return None,
        })
    }

    /// Whether the kind is about an instance.
    pub(crate) fn is_instance(self) -> bool {
        matches!(self, Kind::Run | Kind::Start | Kind::Stop | Kind::Term)
    }

    /// The states of this kind of wait.
    pub(crate) fn transition(self) -> Transition {
        let (end, shown, code) = match self {
            Kind::Run | Kind::Start => ("running", "pending", 0),
            Kind::Stop => ("stopped", "stopping", 64),
            Kind::Term => ("terminated", "shutting-down", 32),
            Kind::Ami | Kind::Copy => ("available", "pending", 0),
            Kind::Snap => ("completed", "pending", 0),
        };
        Transition { end, shown, code }
    }
}

/// The `real` profile, seconds per kind in [`Kind::ALL`] order.
const REAL: [f64; 7] = [40.0, 40.0, 25.0, 20.0, 90.0, 120.0, 60.0];

/// The latency settings of a proxy.
#[derive(Clone, Debug, PartialEq)]
pub struct LatencyConfig {
    profile: String,
    scale: f64,
    overrides: Vec<(Kind, f64)>,
    latency_s: [f64; 7],
    jitter: f64,
    seed: Option<u64>,
}

impl LatencyConfig {
    /// `profile` (`fast` or `real`) with `overrides` (`run=40,ami=90`, comma or space separated),
    /// every value times `scale`.
    ///
    /// # Errors
    /// An unknown profile or knob, or a value that is not a number of seconds.
    pub fn new(profile: &str, scale: f64, overrides: &str) -> Result<Self, String> {
        let base = match profile {
            "fast" => [0.0; 7],
            "real" => REAL,
            other => return Err(format!("unknown latency profile {other:?} (profiles: fast, real)")),
        };
        if !(scale.is_finite() && scale >= 0.0) {
            return Err(format!("bad latency scale {scale}"));
        }
        let mut parsed = Vec::new();
        for item in overrides.split([',', ' ']).filter(|s| !s.is_empty()) {
            let (name, value) = item.split_once('=').unwrap_or((item, ""));
            let kind = Kind::parse(name).ok_or_else(|| {
                format!("unknown latency knob {name:?} (knobs: run, start, stop, term, ami, copy, snap)")
            })?;
            let seconds: f64 = value
                .parse()
                .ok()
                .filter(|s: &f64| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| format!("bad latency {item:?}"))?;
            parsed.push((kind, seconds));
        }
        let mut latency_s = base;
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            if let Some((_, s)) = parsed.iter().rev().find(|(k, _)| *k == kind) {
                latency_s[i] = *s;
            }
            latency_s[i] = (latency_s[i] * scale * 1000.0).round() / 1000.0;
        }
        Ok(Self { profile: profile.to_owned(), scale, overrides: parsed, latency_s, jitter: 0.0, seed: None })
    }

    /// The same with jitter `jitter` (0 ≤ J < 1) drawn from `seed` (fresh each run without one).
    ///
    /// # Errors
    /// A jitter outside [0, 1).
    pub fn with_jitter(mut self, jitter: f64, seed: Option<u64>) -> Result<Self, String> {
        if !(0.0..1.0).contains(&jitter) {
            return Err(format!("bad latency jitter {jitter}: want 0 <= J < 1"));
        }
        self.jitter = jitter;
        self.seed = seed;
        Ok(self)
    }

    /// Seconds a resource of `kind` stays not ready, before jitter.
    pub(crate) fn latency(&self, kind: Kind) -> f64 {
        let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.latency_s[i]
    }

    /// The jitter J.
    pub(crate) fn jitter(&self) -> f64 {
        self.jitter
    }

    /// The seed of the jitter.
    pub(crate) fn seed(&self) -> Option<u64> {
        self.seed
    }

    /// The settings as the rig's proxy logs them.
    pub fn to_json(&self) -> Value {
        let per_kind = |values: &mut dyn Iterator<Item = (Kind, f64)>| {
            Value::Object(values.map(|(k, v)| (k.name().to_owned(), json!(v))).collect())
        };
        json!({
            "profile": self.profile,
            "scale": self.scale,
            "overrides": per_kind(&mut self.overrides.iter().copied()),
            "latency_s": per_kind(&mut Kind::ALL.into_iter().zip(self.latency_s)),
            "jitter": self.jitter,
            "seed": self.seed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, LatencyConfig};

    #[test]
    fn profiles_scale_and_overrides() {
        let real = LatencyConfig::new("real", 1.0, "").expect("real");
        let got: Vec<f64> = Kind::ALL.into_iter().map(|k| real.latency(k)).collect();
        assert_eq!(got, [40.0, 40.0, 25.0, 20.0, 90.0, 120.0, 60.0]);
        let fast = LatencyConfig::new("fast", 3.0, "").expect("fast");
        assert!(Kind::ALL.into_iter().all(|k| fast.latency(k) == 0.0));
        let scaled = LatencyConfig::new("real", 0.05, "ami=300, copy=10").expect("scaled");
        assert_eq!(
            (scaled.latency(Kind::Run), scaled.latency(Kind::Ami), scaled.latency(Kind::Copy)),
            (2.0, 15.0, 0.5)
        );
        let json = scaled.to_json();
        assert_eq!(json["latency_s"]["ami"], 15.0);
        assert_eq!(json["overrides"]["ami"], 300.0);
        for (profile, set) in [("slow", ""), ("real", "boot=3"), ("real", "run=x"), ("real", "run=-1")] {
            assert!(LatencyConfig::new(profile, 1.0, set).is_err(), "{profile} {set}");
        }
        assert!(LatencyConfig::new("real", 1.0, "").expect("real").with_jitter(1.0, None).is_err());
    }

    #[test]
    fn actions_start_waits() {
        assert_eq!(Kind::started_by("CopyImage"), Some(Kind::Copy));
        assert_eq!(Kind::started_by("DescribeImages"), None);
        assert_eq!(Kind::Stop.transition().shown, "stopping");
        assert_eq!(Kind::Term.transition().code, 32);
    }
}
