//! `briefpack man`: manual pages made by clap_mangen from the same
//! definitions clap parses with: briefpack(1) to standard output, or one
//! page per command (briefpack-build(1), ...) into a folder.

use std::path::PathBuf;

use clap_mangen::Man;

use crate::error::{Error, Result};
use crate::output::{Inputs, Output};
use crate::term;

#[derive(clap::Args)]
pub struct Args {
    /// Write briefpack.1 and a page for each command (briefpack-build.1, ...) into this folder
    /// (made if missing) instead of briefpack.1 to standard output.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// The pages of `cmd` (the whole command line).
pub fn run(Args { dir }: Args, cmd: clap::Command) -> Result<()> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = dir else {
        let page = render(&Man::new(cmd))?;
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        return out
            .write_all(&page)
            .and_then(|()| out.flush())
            .map_err(|e| Error::other(format!("cannot write the manual page to standard output: {e}")));
    };
    let mut pages = vec![Man::new(cmd.clone())];
    pages.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(|s| Man::new(s.clone())));
    for man in &pages {
        let path = dir.join(man.get_filename());
        Output::file(&path, "the manual page").write(&Inputs::new(), &render(man)?)?;
        term::verbose(format!("wrote {}", path.display()));
    }
    term::info(format!("wrote {} manual pages to {}", pages.len(), dir.display()));
    Ok(())
}

fn render(man: &Man) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    man.render(&mut page).map_err(|e| Error::other(format!("cannot make the manual page: {e}")))?;
    Ok(page)
}
