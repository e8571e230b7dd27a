//! Sending PDFs by e-mail: `briefpack send`, `build --send`, `monthly --send`
//! and `briefpack outbox`.
//!
//! - [`config`]: `mail.toml` (server, sender, distribution lists, outbox).
//! - [`compose`](mod@compose): one deterministic MIME message per PDF, from templates.
//! - [`outbox`]: messages kept until accepted, a sent log, a lock.
//! - [`smtp`]: delivery, retries with backoff, per-recipient results.
//! - [`session`]: one SMTP connection with deadlines (lettre's commands, rustls).
//! - [`redact`]: the credentials kept out of every reply shown or stored.

pub mod compose;
pub mod config;
pub mod outbox;
pub mod redact;
pub mod session;
pub mod smtp;

use std::path::PathBuf;

pub use compose::{Composed, MailDoc, compose, with_date};
pub use config::{MailConfig, Recipients};
pub use outbox::{Outbox, Queued};

use crate::error::Result;
use crate::output::write_atomic;
use crate::source_date::source_date_epoch;
use crate::template::Templates;
use crate::term;

/// How to send.
#[derive(Debug, Clone)]
pub struct SendOptions {
    /// The mail configuration (`briefs/mail.toml` unless `--config`).
    pub config: PathBuf,
    /// `--to`: list names or addresses; empty for the config's `default_to`.
    pub to: Vec<String>,
    /// Write `.eml` files beside the PDFs instead of sending.
    pub dry_run: bool,
    /// Allow a password over an unencrypted connection.
    pub insecure: bool,
}

/// Queues one message per document, then sends everything pending in the
/// outbox (also what earlier runs left). With `dry_run`, writes each message
/// as NAME.eml beside its PDF and sends nothing.
pub fn send(docs: &[MailDoc], opts: &SendOptions, templates: &Templates) -> Result<()> {
    let config = MailConfig::load(&opts.config)?;
    let mut composed = Vec::new();
    if !docs.is_empty() {
        let rcpt = config.resolve(&opts.to)?;
        for d in docs {
            composed.push(compose(&config, &rcpt, templates, d)?);
        }
    }
    if opts.dry_run {
        let date = source_date_epoch()?;
        for (m, d) in composed.iter().zip(docs) {
            let path = d.path.with_extension("eml");
            let bytes = match date {
                Some(secs) => with_date(&m.eml, secs),
                None => m.eml.clone(),
            };
            write_atomic(&path, &bytes)?;
            term::info(format!(
                "wrote {} ({} bytes, {}) to {}: not sent (--dry-run)",
                path.display(),
                bytes.len(),
                m.message_id,
                m.recipients.join(", ")
            ));
        }
        return Ok(());
    }
    let outbox = Outbox::new(&config.outbox);
    let lock = outbox.lock()?;
    for note in outbox.settle(&lock)? {
        term::info(note);
    }
    let mut refused_before = Vec::new();
    for m in &composed {
        match outbox.enqueue(m, &lock)? {
            Queued::New => term::info(format!("queued \"{}\" for {} recipients", m.subject, m.recipients.len())),
            Queued::AlreadyPending => term::info(format!("\"{}\" is already in the outbox", m.subject)),
            Queued::AlreadySent => term::info(format!(
                "\"{}\" already went to all {} recipients (see {}); not sending it again",
                m.subject,
                m.recipients.len(),
                outbox.dir.join("sent.log").display()
            )),
            Queued::Refused(refusals) => {
                refused_before
                    .extend(refusals.iter().map(|r| smtp::Refusal::from_log(&m.subject, m.recipients.len(), r)));
            }
        }
    }
    let mut delivery = smtp::deliver(&outbox, &lock, &config, opts.insecure)?;
    if delivery.is_empty() && refused_before.is_empty() {
        term::info(format!("nothing to send: the outbox {} is empty", outbox.dir.display()));
    }
    refused_before.append(&mut delivery.refused);
    delivery.refused = refused_before;
    delivery.into_result(&outbox)
}

/// `briefpack outbox`: what is waiting to be sent, on standard output.
pub fn list(config_file: &std::path::Path) -> Result<String> {
    let config = MailConfig::load(config_file)?;
    let outbox = Outbox::new(&config.outbox);
    let scan = outbox.scan()?;
    let pending = scan.queued;
    let log = outbox.log()?;
    let mut out = String::new();
    if pending.is_empty() {
        out.push_str(&format!("nothing pending in {}", outbox.dir.display()));
    } else {
        out.push_str(&format!("{} message(s) pending in {}:\n", pending.len(), outbox.dir.display()));
    }
    for env in &pending {
        let done: Vec<_> = log.iter().filter(|e| e.message_id == env.message_id).collect();
        let todo: Vec<&String> = env.recipients.iter().filter(|r| !done.iter().any(|e| &e.recipient == *r)).collect();
        out.push_str(&format!(
            "  {}  \"{}\"\n      attachment {} (from {}), queued {}\n      to send: {}{}\n",
            &env.key[..12],
            env.subject,
            env.attachment_name,
            env.source,
            env.queued_at,
            todo.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            if done.is_empty() { String::new() } else { format!(" ({} already done)", done.len()) },
        ));
        if let Some(e) = &env.last_error {
            out.push_str(&format!("      {} attempt(s); last: {e}\n", env.attempts));
        }
    }
    for p in &scan.problems {
        out.push_str(&format!("  problem: {p}\n"));
    }
    for eml in &scan.unqueued {
        out.push_str(&format!("  not queued: {}\n", smtp::unqueued_note(eml)));
    }
    let sent = log.iter().filter(|e| e.result == outbox::SENT).count();
    let refused = log.iter().filter(|e| e.result == outbox::REFUSED).count();
    if pending.is_empty() {
        out.push_str(&format!(" ({sent} deliveries and {refused} refusals in sent.log)\n"));
    }
    // Messages the server refused itself (not an address): named, with date and reply.
    let mut seen = std::collections::BTreeSet::new();
    for e in log.iter().filter(|e| e.refused_message()) {
        if seen.insert(e.message_id.clone()) {
            let n = log.iter().filter(|x| x.message_id == e.message_id && x.refused_message()).count();
            out.push_str(&format!(
                "  refused by the server on {}: \"{}\" (for {n} recipient(s)): {}\n",
                e.at, e.subject, e.reply
            ));
        }
    }
    if outbox.busy() {
        out.push_str("another briefpack run is using the outbox now\n");
    }
    Ok(out)
}
