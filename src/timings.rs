//! `BRIEFPACK_TIMINGS=1` (or `-v`) prints when each stage of a run ends, in
//! milliseconds since the process started: where the time of a build goes,
//! without a profiler.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();
static ON: AtomicBool = AtomicBool::new(false);

/// Start the clock (the first call wins); the CLI calls it first thing.
pub fn start() {
    START.get_or_init(Instant::now);
    if std::env::var_os("BRIEFPACK_TIMINGS").is_some() {
        enable();
    }
}

/// Print the stages from now on (`-v`).
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

/// Print that `stage` has just ended, when timings are on.
pub fn mark(stage: &str) {
    if let Some(t0) = START.get()
        && ON.load(Ordering::Relaxed)
    {
        eprintln!("{:>8.2} ms  {stage}", t0.elapsed().as_secs_f64() * 1000.0);
    }
}
