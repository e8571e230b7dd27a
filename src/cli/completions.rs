//! `briefpack completions SHELL`: the shell's completion script, made by
//! clap_complete from the same definitions clap parses with.

use clap_complete::Shell;

use crate::error::{Error, Result};

#[derive(clap::Args)]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish.
    shell: Shell,
}

/// Write the script for `cmd` (the whole command line) to standard output.
pub fn run(Args { shell }: Args, mut cmd: clap::Command) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "briefpack", &mut script);
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(|e| Error::other(format!("cannot write the completion script to standard output: {e}")))
}
