//! `BRIEFPACK_TIMINGS=1` prints when each stage of a run ends, in
//! milliseconds since the process started: where the time of a build goes,
//! without a profiler.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Option<Instant>> = OnceLock::new();

/// Start the clock (the first call wins); the CLI calls it first thing.
pub fn start() {
    START.get_or_init(|| std::env::var_os("BRIEFPACK_TIMINGS").map(|_| Instant::now()));
}

/// Print that `stage` has just ended, when timings are on.
pub fn mark(stage: &str) {
    if let Some(Some(t0)) = START.get() {
        eprintln!("{:>8.2} ms  {stage}", t0.elapsed().as_secs_f64() * 1000.0);
    }
}
