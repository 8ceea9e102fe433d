//! When can a pending AMI be done? Its snapshots report progress in whole percent; read as
//! linear in time since the AMI was started, a reading of `p`% after `e` seconds puts the
//! completion `T` in `(100·e/(p+1), 100·e/p]`. Readings narrow that window, and a reading
//! taken when `100·e/k` is the window's middle (for a whole `k`) halves it, so a few readings
//! pin `T` far below the 1 % that one reading resolves. A reading that contradicts the window
//! (progress is not linear on real EBS) starts it over.

use std::time::Duration;

/// The window of possible completion times, measured from the start of the wait.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ProgressBounds {
    earliest: f64,
    latest: Option<f64>,
}

impl ProgressBounds {
    /// Adds a reading of `percent`, asked for `sent` and answered `received` after the start
    /// (the answer was computed in between, so each bound takes the safe end).
    pub fn observe(&mut self, sent: Duration, received: Duration, percent: u8) {
        let p = f64::from(percent.min(100));
        let low = sent.as_secs_f64() * 100.0 / (p + 1.0);
        let high = (percent > 0).then(|| received.as_secs_f64() * 100.0 / p);
        let earliest = self.earliest.max(low);
        let latest = match (self.latest, high) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        *self = if latest.is_some_and(|l| l < earliest) {
            Self { earliest: low, latest: high }
        } else {
            Self { earliest, latest }
        };
    }

    /// The earliest possible completion (zero before any reading).
    #[must_use]
    pub fn earliest(&self) -> Duration {
        Duration::from_secs_f64(self.earliest)
    }

    /// The latest possible completion, once a reading showed progress.
    #[must_use]
    pub fn latest(&self) -> Option<Duration> {
        self.latest.map(Duration::from_secs_f64)
    }

    /// When to take the next reading, between `not_before` and `not_after`: the last moment a
    /// reading splits the window in half, or `not_after` when none does (before any progress,
    /// a reading tests twice the earliest time).
    #[must_use]
    pub fn next_reading(&self, not_before: Duration, not_after: Duration) -> Duration {
        let target = match self.latest {
            Some(latest) => (self.earliest + latest) / 2.0,
            None => self.earliest * 2.0,
        };
        if target <= 0.0 || not_after <= not_before {
            return not_before;
        }
        // At `k·target/100` a reading shows at least k % exactly when T ≤ target.
        let step = target / 100.0;
        let (first, last) = ((not_before.as_secs_f64() / step).ceil(), (not_after.as_secs_f64() / step).floor());
        let k = if first <= last { last } else { return not_after };
        Duration::from_secs_f64(k.max(1.0) * step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    fn read(bounds: &mut ProgressBounds, at: f64, percent: u8) {
        bounds.observe(secs(at), secs(at), percent);
    }

    #[test]
    fn readings_narrow_the_window() {
        let mut bounds = ProgressBounds::default();
        read(&mut bounds, 0.5, 0);
        assert_eq!((bounds.earliest(), bounds.latest()), (secs(50.0), None));
        // 90 s in all: 16 % at 15 s, 83 % at 75 s.
        read(&mut bounds, 15.0, 16);
        let (earliest, latest) = (bounds.earliest().as_secs_f64(), bounds.latest().unwrap().as_secs_f64());
        assert!((88.2..88.3).contains(&earliest) && (93.7..93.8).contains(&latest), "{bounds:?}");
        read(&mut bounds, 75.0, 83);
        let (earliest, latest) = (bounds.earliest().as_secs_f64(), bounds.latest().unwrap().as_secs_f64());
        assert!((89.28..89.29).contains(&earliest) && (90.36..90.37).contains(&latest), "{bounds:?}");
    }

    #[test]
    fn readings_at_the_chosen_moments_pin_the_completion() {
        // Readings at most 15 s apart, as the image waiter takes them, up to the earliest time.
        let done = 90.0;
        let mut bounds = ProgressBounds::default();
        read(&mut bounds, 0.25, 0);
        let mut at = 15.0;
        let mut readings = 1;
        while at < bounds.earliest().as_secs_f64() || bounds.latest().is_none() {
            read(&mut bounds, at, (at * 100.0 / done).floor() as u8);
            readings += 1;
            let earliest = bounds.earliest().as_secs_f64();
            at = bounds.next_reading(secs(at + 7.5), secs((at + 15.0).min(earliest))).as_secs_f64();
        }
        let (earliest, latest) = (bounds.earliest().as_secs_f64(), bounds.latest().unwrap().as_secs_f64());
        // One reading alone resolves 1 % (0.9 s); chosen moments do better.
        assert!(earliest < done && done <= latest && latest - earliest < 0.3, "{bounds:?}");
        assert!(readings <= 8, "{readings} readings");
    }

    #[test]
    fn a_contradicting_reading_starts_over() {
        let mut bounds = ProgressBounds::default();
        read(&mut bounds, 10.0, 50);
        // Stalled: still 50 % at 40 s, which 10 s → 50 % cannot explain linearly.
        read(&mut bounds, 40.0, 50);
        assert_eq!(bounds, ProgressBounds { earliest: 40.0 * 100.0 / 51.0, latest: Some(80.0) });
    }
}
