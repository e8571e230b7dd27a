//! The help of the command line in the language of messages: every about
//! text and option help of the clap [`Command`] replaced from the catalogue
//! (`help-*` messages of `locales/LANG/briefpack.ftl`) before parsing, so
//! that `--help`, `-h` and clap's own lines speak it.
//!
//! Ids: `help-about` (and `-long-about`, `-after-help`) for briefpack
//! itself, `help-CMD-about` for a command; `help-CMD-arg-ID` for an option
//! of one command, else `help-arg-ID` for one several share (`--color`,
//! `--templates`, ...). The English catalogue holds the doc comments' texts
//! word for word (a test renders the help both ways), so that the man
//! pages and completions, made from the doc comments, say the same.

use clap::{Arg, Command};

use crate::i18n::{self, Lang};

/// `cmd` with its help, and that of its commands, in `lang`.
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    // Built first: the --help and --version options and the help command,
    // which clap adds when it builds, are then there to be translated too.
    cmd.build();
    localize_command(cmd, None, lang)
}

fn localize_command(mut cmd: Command, name: Option<&str>, lang: Lang) -> Command {
    let text = |id: &str| i18n::lookup(lang, id);
    let prefix = name.map_or("help".to_string(), |n| format!("help-{n}"));
    if let Some(about) = text(&format!("{prefix}-about")) {
        cmd = cmd.about(about);
    }
    if let Some(long) = text(&format!("{prefix}-long-about")) {
        cmd = cmd.long_about(long);
    }
    if let Some(after) = text(&format!("{prefix}-after-help")) {
        cmd = cmd.after_help(after);
    }
    if lang != Lang::En {
        // clap's own words: English is what clap writes.
        // Headings are `&'static str` to clap (without its `string` feature):
        // these few words are made once a run, before parsing, and kept.
        let word = |id: &str| -> &'static str { Box::leak(i18n::text_in(lang, id, &[]).into_boxed_str()) };
        let template = format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            word("help-usage")
        );
        let (options, arguments) = (word("help-heading-options"), word("help-heading-arguments"));
        cmd = cmd.help_template(template).subcommand_help_heading(word("help-heading-commands")).mut_args(|a| {
            let heading = if a.is_positional() { arguments } else { options };
            a.help_heading(heading)
        });
    }
    let own = name.unwrap_or("");
    cmd = cmd.mut_args(|a| localize_arg(a, own, lang));
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for n in names {
        cmd = cmd.mut_subcommand(&n, |s| localize_command(s, Some(&n), lang));
    }
    cmd
}

/// An option's help from `help-CMD-arg-ID`, else `help-arg-ID`; clap's
/// `--help` has a short and a long help when the command has long helps.
fn localize_arg(arg: Arg, command: &str, lang: Lang) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let text = |suffix: &str| {
        i18n::lookup(lang, &format!("help-{command}-arg-{id}{suffix}"))
            .or_else(|| i18n::lookup(lang, &format!("help-arg-{id}{suffix}")))
    };
    let has_long = arg.get_long_help().is_some();
    let arg = match (id.as_str(), has_long) {
        ("help", true) => {
            let short = i18n::text_in(lang, "help-arg-help-more", &[]);
            arg.help(short).long_help(i18n::text_in(lang, "help-arg-help-summary", &[]))
        }
        _ => match text("") {
            Some(help) => arg.help(help),
            None => arg,
        },
    };
    match text("-long") {
        Some(long) if has_long => arg.long_help(long),
        _ => arg,
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// Every help of `cmd` and of its commands, short and long.
    fn helps(mut cmd: Command) -> Vec<String> {
        let mut out = vec![cmd.render_help().to_string(), cmd.render_long_help().to_string()];
        let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
        for n in names {
            let mut sub = cmd.find_subcommand_mut(&n).unwrap().clone();
            out.push(sub.render_help().to_string());
            out.push(sub.render_long_help().to_string());
        }
        out
    }

    #[test]
    fn the_english_catalogue_is_the_doc_comments_word_for_word() {
        let mut plain = Cli::command();
        plain.build();
        let from_doc = helps(plain);
        let from_catalogue = helps(localize(Cli::command(), Lang::En));
        assert_eq!(from_doc.len(), from_catalogue.len());
        for (d, c) in from_doc.iter().zip(&from_catalogue) {
            assert_eq!(d, c);
        }
    }

    /// No English left in the Thai help: each about text and option help
    /// was replaced (the English catalogue's text is not the Thai one).
    #[test]
    fn every_help_text_has_its_thai() {
        fn walk(en: &Command, th: &Command, path: &str, missing: &mut Vec<String>) {
            if en.get_about() == th.get_about() {
                missing.push(format!("{path}: about"));
            }
            for (a, b) in en.get_arguments().zip(th.get_arguments()) {
                if a.get_help().is_some() && a.get_help() == b.get_help() {
                    missing.push(format!("{path}: {}", a.get_id()));
                }
            }
            for (a, b) in en.get_subcommands().zip(th.get_subcommands()) {
                walk(a, b, &format!("{path} {}", a.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&localize(Cli::command(), Lang::En), &localize(Cli::command(), Lang::Th), "briefpack", &mut missing);
        assert!(missing.is_empty(), "help not translated: {missing:#?}");
    }
}
