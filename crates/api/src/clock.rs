//! The time every use case reads. Production uses the system clock; tests use the same
//! clock moved forward on demand, so expiry is tested without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

/// A clock shared by the whole application: the system time plus an offset that only an
/// adjustable clock can change.
#[derive(Clone, Debug)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
    adjustable: bool,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock { offset_ms: Arc::new(AtomicI64::new(0)), adjustable: false }
    }

    /// A clock that starts at the system time and can be moved forward with [`Clock::advance`].
    pub fn adjustable() -> Clock {
        Clock { offset_ms: Arc::new(AtomicI64::new(0)), adjustable: true }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves an adjustable clock forward; every clone sees the change.
    ///
    /// # Panics
    /// On the system clock: production time never jumps.
    pub fn advance(&self, by: Duration) {
        assert!(self.adjustable, "the system clock cannot be moved");
        self.offset_ms.fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }
}

/// A time in Japan, where the service's people are (UTC+9, no daylight saving): for dates
/// people see, and for "today" in the rules about dates.
pub fn in_japan(at: DateTime<Utc>) -> DateTime<chrono::FixedOffset> {
    at.with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("UTC+9 is a valid offset"))
}

/// `at` as the API writes times: RFC 3339, UTC, whole seconds.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The date in Japan at `at`: "today" for the rules about dates (a birth date is past).
pub fn today_in_japan(at: DateTime<Utc>) -> cis_shared::fields::Date {
    cis_shared::fields::Date::parse(&in_japan(at).format("%Y-%m-%d").to_string()).expect("a formatted date parses")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_clone() {
        let clock = Clock::adjustable();
        let seen_by_app = clock.clone();
        let before = seen_by_app.now();
        clock.advance(Duration::minutes(31));
        let moved = seen_by_app.now() - before;
        assert!(moved >= Duration::minutes(31) && moved < Duration::minutes(32));
    }

    #[test]
    #[should_panic(expected = "cannot be moved")]
    fn the_system_clock_cannot_be_moved() {
        Clock::system().advance(Duration::seconds(1));
    }
}
