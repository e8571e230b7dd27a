//! The briefpack command line: arguments -> one command ([`briefpack::cli`]).

use std::process::ExitCode;

/// mimalloc: a third of the pack's time went to glibc malloc and to page
/// faults on memory it handed back to the system and took again.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (v2's header: the option after
/// `mi_option_eager_commit_delay`, 14); libmimalloc-sys names no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed memory goes back to the system at once instead of after 10 ms:
    // the monthly report over 4,300 interactions peaked at 48 MiB with the
    // default and 31.5 MiB with this, for no measurable time.
    // A default only: MIMALLOC_PURGE_DELAY in the environment still wins.
    // SAFETY: an option setter, called before any other thread starts.
    unsafe { libmimalloc_sys::mi_option_set_default(MI_OPTION_PURGE_DELAY, 0) };
    briefpack::timings::start();
    let cli = briefpack::cli::parse();
    briefpack::timings::mark("command line");
    let result = briefpack::cli::run(cli);
    briefpack::timings::mark("done");
    match result {
        Ok(code) => code,
        Err(e) => {
            briefpack::term::error(&e);
            ExitCode::FAILURE
        }
    }
}
