//! The briefpack command line: arguments -> one command ([`briefpack::cli`]).

use std::process::ExitCode;

/// mimalloc: a third of the pack's time went to glibc malloc and to page
/// faults on memory it handed back to the system and took again.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
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
