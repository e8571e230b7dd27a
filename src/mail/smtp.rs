//! Delivery of the outbox over SMTP.
//!
//! lettre's `SmtpTransport::send` treats a message as one unit: one refused
//! recipient fails it for all. Here each command's reply is looked at
//! (MAIL, every RCPT, DATA, the end of data) so that a recipient the server
//! accepted is logged as sent, one it refused for good (5xx) is reported by
//! name, and one deferred (4xx) or caught by a dropped connection is tried
//! again with backoff. The connection itself, with its deadlines, is
//! [`super::session`]'s.
//!
//! No message is sent twice in one run: once its whole text has gone, a
//! connection that then dies, or a reply that does not come within
//! `final_reply_timeout_seconds`, leaves it "unknown" (it may have been
//! delivered) and it is not tried again in that run.

use std::sync::Arc;

use lettre::Address;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};

use super::compose::with_date;
use super::config::{MailConfig, PasswordSource, SmtpConfig, TlsMode};
use super::outbox::{Envelope, Lock, LogEntryRef, Outbox, Outcome, REFUSED, SENT, STEP_MESSAGE, STEP_RECIPIENT};
use super::redact::Redactor;
use super::session::{DataOutcome, Limits, Session, StepError, tls_config};
use crate::error::{Error, Result};
use crate::term;

/// The SMTP password. Never printed: its Debug shows stars.
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("********")
    }
}

/// Whether git tracks `path` (a password file must never be in a repository).
fn tracked_by_git(path: &std::path::Path) -> bool {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return false };
    let dir = if dir.as_os_str().is_empty() { std::path::Path::new(".") } else { dir };
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["ls-files", "--error-unmatch", "--"])
        .arg(name)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn password(cfg: &MailConfig, src: &PasswordSource) -> Result<Secret> {
    match src {
        PasswordSource::Env(name) => match std::env::var(name) {
            Ok(v) if !v.is_empty() => Ok(Secret(v)),
            _ => Err(Error::with_help(
                format!("the SMTP password is read from the environment variable {name}, which is not set"),
                format!(
                    "set {name} for this run (for cron or systemd, in an environment file readable only by \
                     the user running briefpack); {} names the variable as smtp.password_env",
                    cfg.file.display()
                ),
            )),
        },
        PasswordSource::File(path) => {
            if tracked_by_git(path) {
                return Err(Error::with_help(
                    format!("the SMTP password file {} is tracked by git", path.display()),
                    "keep the password out of version control: move the file outside the repository \
                     (and change the password), then update smtp.password_file",
                ));
            }
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::with_help(
                    format!("cannot read the SMTP password file {}: {}", path.display(), e.kind()),
                    format!(
                        "create it with the password on one line (chmod 600), or fix smtp.password_file in {}",
                        cfg.file.display()
                    ),
                )
            })?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                if let Ok(m) = std::fs::metadata(path)
                    && m.permissions().mode() & 0o077 != 0
                {
                    term::warn(format!("warning: {} can be read by other users; run chmod 600 on it", path.display()));
                }
            }
            let pw = text.trim_end_matches(['\r', '\n']).to_string();
            if pw.is_empty() {
                return Err(Error::with_help(
                    format!("the SMTP password file {} is empty", path.display()),
                    "write the password on its first line",
                ));
            }
            Ok(Secret(pw))
        }
    }
}

/// Why an attempt failed.
enum Failure {
    /// Try again: the network, a 4xx reply, a connection dropped.
    Temporary(String),
    /// Nothing will go through until someone fixes something: stop the run.
    Fatal(Error),
}

struct Connector<'a> {
    cfg: &'a SmtpConfig,
    config_file: &'a std::path::Path,
    credentials: Option<Credentials>,
    redactor: &'a Redactor,
    insecure: bool,
    tls: Option<Arc<rustls::ClientConfig>>,
}

impl<'a> Connector<'a> {
    fn server(&self) -> String {
        format!("{}:{}", self.cfg.host, self.cfg.port)
    }

    fn limits(&self) -> Limits {
        Limits {
            command: self.cfg.command_timeout,
            connection: self.cfg.connection_timeout,
            final_reply: self.cfg.final_reply_timeout,
        }
    }

    /// The TLS settings, built once per run (the CA file read then).
    fn tls(&mut self) -> Result<Arc<rustls::ClientConfig>, Failure> {
        if let Some(t) = &self.tls {
            return Ok(t.clone());
        }
        let pem = match &self.cfg.ca_file {
            Some(ca) => {
                Some(std::fs::read(ca).map_err(|e| Failure::Fatal(Error::io(ca, "read the CA certificate", e)))?)
            }
            None => None,
        };
        let config = tls_config(pem.as_deref()).map_err(|e| {
            Failure::Fatal(match &self.cfg.ca_file {
                Some(ca) => Error::with_help(
                    format!("{}: {e}", ca.display()),
                    "smtp.ca_file names a PEM file with the CA that signed the server's certificate",
                ),
                None => Error::other(format!("TLS setup: {e}")),
            })
        })?;
        self.tls = Some(config.clone());
        Ok(config)
    }

    fn fatal_tls(&self, e: &StepError) -> Failure {
        Failure::Fatal(Error::with_help(
            e.to_string(),
            "check that the server's certificate is valid for smtp.host (a private CA goes in smtp.ca_file) \
             and that smtp.tls matches the port (\"starttls\" for 587, \"tls\" for 465)",
        ))
    }

    /// A failure while connecting: TLS and permanent refusals stop the run.
    fn classify(&self, e: StepError) -> Failure {
        if e.is_tls() {
            return self.fatal_tls(&e);
        }
        match e.reply() {
            Some(r) if r.permanent() => Failure::Fatal(Error::with_help(
                format!("{} refused {}: {}", self.server(), e.step, r.text),
                format!("check [smtp] and [from] in {}", self.config_file.display()),
            )),
            _ => Failure::Temporary(e.to_string()),
        }
    }

    fn connect(&mut self) -> Result<Session<'a>, Failure> {
        let cfg = self.cfg;
        if self.credentials.is_some() && cfg.tls == TlsMode::None && !self.insecure {
            return Err(Failure::Fatal(self.plaintext_refusal()));
        }
        let hello = ClientId::Domain(cfg.helo.clone());
        let tls = match cfg.tls {
            TlsMode::None => None,
            _ => Some(self.tls()?),
        };
        let implicit = if cfg.tls == TlsMode::Tls { tls.as_ref() } else { None };
        let mut s = Session::open(&cfg.host, cfg.port, &hello, implicit, self.limits(), self.redactor)
            .map_err(|e| self.classify(e))?;
        if cfg.tls == TlsMode::Starttls {
            if !s.can_starttls() {
                s.abort();
                return Err(Failure::Fatal(Error::with_help(
                    format!("{} does not offer STARTTLS, so the connection would not be encrypted", self.server()),
                    "use the server's submission port (587) with STARTTLS, or tls = \"tls\" for port 465; \
                     tls = \"none\" is only for a relay on a trusted network",
                )));
            }
            let config = tls.as_ref().expect("TLS settings for STARTTLS");
            if let Err(e) = s.starttls(config, &cfg.host, &hello) {
                s.abort();
                return Err(self.classify(e));
            }
        }
        if let Some(creds) = &self.credentials {
            if !s.is_encrypted() && !self.insecure {
                s.abort();
                return Err(Failure::Fatal(self.plaintext_refusal()));
            }
            match s.login(creds) {
                Ok(Some(_)) => {}
                Ok(None) => {
                    s.abort();
                    return Err(Failure::Fatal(Error::with_help(
                        format!("{} offers no login briefpack can use (AUTH PLAIN or LOGIN)", self.server()),
                        format!(
                            "remove username and the password source from [smtp] in {} if the server needs no \
                             login, or use its submission port (587)",
                            self.config_file.display()
                        ),
                    )));
                }
                Err(e) => {
                    s.abort();
                    return Err(match e.reply() {
                        Some(r) if r.permanent() => Failure::Fatal(Error::with_help(
                            format!("{} refused the login: {}", self.server(), r.text),
                            format!(
                                "check smtp.username in {} and the password (from smtp.password_env or \
                                 smtp.password_file)",
                                self.config_file.display()
                            ),
                        )),
                        _ => Failure::Temporary(e.to_string()),
                    });
                }
            }
        }
        s.ready();
        Ok(s)
    }

    fn plaintext_refusal(&self) -> Error {
        Error::with_help(
            format!("refusing to send the SMTP password to {} over an unencrypted connection", self.server()),
            "use tls = \"starttls\" (the default) or \"tls\" in [smtp]; pass --insecure only if the \
             network to the server is trusted",
        )
    }
}

/// What the server said about each recipient in one transaction.
#[derive(Default)]
struct Tx {
    sent: Vec<String>,
    sent_reply: String,
    /// (recipient, reply, step)
    refused: Vec<(String, String, &'static str)>,
    deferred: Vec<(String, String)>,
    /// The whole text went but no reply came: (recipients, why).
    unknown: Option<(Vec<String>, String)>,
}

/// One SMTP transaction for the recipients still to do.
fn transaction(
    c: &Connector<'_>,
    s: &mut Session<'_>,
    env: &Envelope,
    eml: &[u8],
    remaining: &[String],
) -> Result<Tx, Failure> {
    let mut tx = Tx::default();
    let from: Address =
        env.from.parse().map_err(|e| Failure::Fatal(Error::other(format!("sender {}: {e}", env.from))))?;
    let mut params = Vec::new();
    if !eml.is_ascii() {
        params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    if let Err(e) = s.command("MAIL FROM", &Mail::new(Some(from), params).to_string()) {
        return Err(match e.reply() {
            Some(r) if r.permanent() => Failure::Fatal(Error::with_help(
                format!("{} refused the sender <{}>: {}", c.server(), env.from, r.text),
                format!("check [smtp] and [from] in {}", c.config_file.display()),
            )),
            _ => Failure::Temporary(e.to_string()),
        });
    }
    let mut accepted = Vec::new();
    for r in remaining {
        let addr: Address = match r.parse() {
            Ok(a) => a,
            Err(e) => {
                tx.refused.push((r.clone(), format!("not an address: {e}"), STEP_RECIPIENT));
                continue;
            }
        };
        match s.command("RCPT TO", &Rcpt::new(addr, vec![]).to_string()) {
            Ok(_) => accepted.push(r.clone()),
            Err(e) => match e.reply() {
                Some(reply) if reply.permanent() => tx.refused.push((r.clone(), reply.text.clone(), STEP_RECIPIENT)),
                Some(reply) => tx.deferred.push((r.clone(), reply.text.clone())),
                None => return Err(Failure::Temporary(e.to_string())),
            },
        }
    }
    if accepted.is_empty() {
        let _ = s.command("RSET", &Rset.to_string());
        return Ok(tx);
    }
    if let Err(e) = s.command("DATA", &Data.to_string()) {
        match e.reply() {
            Some(r) if r.permanent() => {
                tx.refused.extend(accepted.into_iter().map(|a| (a, r.text.clone(), STEP_MESSAGE)));
            }
            Some(r) => tx.deferred.extend(accepted.into_iter().map(|a| (a, r.text.clone()))),
            None => return Err(Failure::Temporary(e.to_string())),
        }
        return Ok(tx);
    }
    match s.data(eml) {
        DataOutcome::Replied(r) if !r.negative() => {
            tx.sent_reply = r.text;
            tx.sent = accepted;
        }
        DataOutcome::Replied(r) if r.permanent() => {
            tx.refused.extend(accepted.into_iter().map(|a| (a, r.text.clone(), STEP_MESSAGE)));
        }
        DataOutcome::Replied(r) => tx.deferred.extend(accepted.into_iter().map(|a| (a, r.text.clone()))),
        DataOutcome::NotSent(e) => return Err(Failure::Temporary(e.to_string())),
        DataOutcome::Unknown(e) => tx.unknown = Some((accepted, e.to_string())),
    }
    Ok(tx)
}

/// A recipient (or a whole message) refused for good.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub subject: String,
    pub recipient: String,
    pub reply: String,
    /// The message itself was refused (after its text), not the address.
    pub message: bool,
    /// When, for a refusal found in the log by a later run.
    pub at: Option<String>,
    /// How many recipients the message has.
    pub total: usize,
}

impl Refusal {
    pub fn from_log(subject: &str, total: usize, r: &LogEntryRef) -> Refusal {
        Refusal {
            subject: subject.to_string(),
            recipient: r.recipient.clone(),
            reply: r.reply.clone(),
            message: r.message,
            at: Some(r.at.clone()),
            total,
        }
    }
}

/// What a delivery run did.
#[derive(Default)]
pub struct Delivery {
    /// (subject, recipient)
    pub sent: Vec<(String, String)>,
    /// Refused in this run, or found refused in the log by this run.
    pub refused: Vec<Refusal>,
    /// (subject, recipients, why) of messages whose whole text went but
    /// whose reply did not come: not tried again in this run.
    pub unknown: Vec<(String, Vec<String>, String)>,
    /// (subject, last error) of messages left in the outbox.
    pub pending: Vec<(String, String)>,
    /// Things in the outbox that need a person (damaged entries).
    pub problems: Vec<String>,
}

/// "a@x, b@x" or "all 4 recipients (a@x, ...)".
fn who(recipients: &[&str], total: Option<usize>) -> String {
    let list = recipients.join(", ");
    match total {
        Some(n) if n == recipients.len() && n > 1 => format!("all {n} recipients ({list})"),
        _ => list,
    }
}

impl Delivery {
    pub fn is_empty(&self) -> bool {
        self.sent.is_empty()
            && self.refused.is_empty()
            && self.unknown.is_empty()
            && self.pending.is_empty()
            && self.problems.is_empty()
    }

    /// Ok when everything went; otherwise the error to exit with.
    pub fn into_result(self, outbox: &Outbox) -> Result<()> {
        let mut msg = Vec::new();
        let mut help = Vec::new();
        // Refusals, one line per message, kind and reply (in the order met).
        let mut groups: Vec<(&Refusal, Vec<&str>)> = Vec::new();
        for r in &self.refused {
            let same = |g: &&mut (&Refusal, Vec<&str>)| {
                g.0.subject == r.subject && g.0.message == r.message && g.0.reply == r.reply && g.0.at == r.at
            };
            match groups.iter_mut().find(same) {
                Some(g) => g.1.push(&r.recipient),
                None => groups.push((r, vec![&r.recipient])),
            }
        }
        for (r, rcpts) in &groups {
            let (subject, reply) = (&r.subject, &r.reply);
            let whom = who(rcpts, Some(r.total));
            msg.push(match (&r.at, r.message) {
                (None, true) => format!("the server refused the message \"{subject}\" itself, for {whom}: {reply}"),
                (None, false) => format!("the server refused {whom} for \"{subject}\": {reply}"),
                (Some(at), true) => format!(
                    "the server refused the message \"{subject}\" itself on {at}, for {whom}: {reply}; \
                     not sending it again"
                ),
                (Some(at), false) => format!(
                    "\"{subject}\" went to {} of {} recipients; the server refused {whom} on {at}: {reply}; \
                     not sending it again",
                    r.total.saturating_sub(rcpts.len()),
                    r.total
                ),
            });
        }
        if groups.iter().any(|g| g.0.message) {
            help.push(
                "a refusal of the message is about its content (its text, size or attachment), not an address: \
                 it is recorded in the sent log and the same PDF to the same people is not sent again; the \
                 server's reply says why; change the PDF, or ask the server's administrator"
                    .to_string(),
            );
        }
        if groups.iter().any(|g| !g.0.message) {
            help.push(
                "refused recipients are recorded in the sent log and not tried again; fix the address in the \
                 mail configuration and send to it with --to"
                    .to_string(),
            );
        }
        for (s, rcpts, why) in &self.unknown {
            let rcpts: Vec<&str> = rcpts.iter().map(String::as_str).collect();
            msg.push(format!(
                "\"{s}\" may or may not have reached {}: {why}; not sent again in this run",
                who(&rcpts, None)
            ));
        }
        if !self.unknown.is_empty() {
            help.push(format!(
                "the server received the whole message but its reply did not come, so it may have been delivered; \
                 to avoid a duplicate it was not retried in this run. It stays in the outbox: the next run sends \
                 it again (its stable Message-ID lets mail systems spot a duplicate); `briefpack outbox` lists it \
                 ({})",
                outbox.dir.display()
            ));
        }
        for (s, e) in &self.pending {
            msg.push(format!("\"{s}\" is still in the outbox: {e}"));
        }
        if !self.pending.is_empty() {
            help.push(format!(
                "nothing is lost: run the same command again (or `briefpack send`) to send what is pending; \
                 `briefpack outbox` lists it ({})",
                outbox.dir.display()
            ));
        }
        msg.extend(self.problems.iter().cloned());
        if msg.is_empty() {
            return Ok(());
        }
        Err(Error::with_help(msg.join("\n       "), help.join("\n  = help: ")))
    }
}

fn date_secs() -> Result<i64> {
    Ok(match crate::source_date::source_date_epoch()? {
        Some(s) => s,
        None => chrono::Utc::now().timestamp(),
    })
}

/// Sends every pending message in the outbox (the caller holds the lock).
pub fn deliver(outbox: &Outbox, lock: &Lock, config: &MailConfig, insecure: bool) -> Result<Delivery> {
    let mut report = Delivery::default();
    let scan = outbox.scan()?;
    report.problems = scan.problems;
    for eml in &scan.unqueued {
        term::warn(format!("warning: {}", unqueued_note(eml)));
    }
    let pending = scan.queued;
    if pending.is_empty() {
        return Ok(report);
    }
    let Some(cfg) = &config.smtp else {
        return Err(Error::with_help(
            format!("{} has no [smtp] table, so nothing can be sent", config.file.display()),
            "add [smtp] with host (and port, tls, username, password_env); --dry-run needs none",
        ));
    };
    let secret = match (&cfg.username, &cfg.password) {
        (Some(u), Some(src)) => Some((u.clone(), password(config, src)?)),
        _ => None,
    };
    let redactor = Redactor::new(secret.as_ref().map(|(u, _)| u.as_str()), secret.as_ref().map(|(_, p)| p.0.as_str()));
    let credentials = secret.as_ref().map(|(u, p)| Credentials::new(u.clone(), p.0.clone()));
    let mut c = Connector { cfg, config_file: &config.file, credentials, redactor: &redactor, insecure, tls: None };
    let mut unreachable: Option<String> = None;
    // One connection for as many messages as it serves.
    let mut conn: Option<Session<'_>> = None;

    for mut env in pending {
        let done = outbox.done(&env.message_id)?;
        let remaining: Vec<String> = env.recipients.iter().filter(|r| !done.contains_key(*r)).cloned().collect();
        if let Some(why) = &unreachable {
            // The server could not be reached for the last message: do not wait through every backoff again.
            env.last_error = Some(why.clone());
            outbox.save(&env)?;
            report.pending.push((env.subject.clone(), why.clone()));
            continue;
        }
        let tries = try_message(&mut c, &mut conn, outbox, &mut env, remaining, &mut report)?;
        if tries.remaining.is_empty() {
            outbox.finish(&env, lock)?;
        } else if let Some((rcpts, why)) = tries.unknown {
            env.last_error = Some(format!("unknown whether it was delivered, not retried in that run: {why}"));
            outbox.save(&env)?;
            report.unknown.push((env.subject.clone(), rcpts, why));
        } else {
            let why = tries.last_error.unwrap_or_else(|| "not sent".into());
            env.last_error = Some(why.clone());
            outbox.save(&env)?;
            if tries.connect_failed {
                unreachable = Some(why.clone());
            }
            report.pending.push((env.subject.clone(), why));
        }
    }
    if let Some(s) = conn {
        s.quit();
    }
    Ok(report)
}

/// What the tries at one message came to.
struct Tries {
    /// Recipients it has still to reach.
    remaining: Vec<String>,
    last_error: Option<String>,
    /// The last try could not even connect.
    connect_failed: bool,
    /// The whole text went but no reply came: (recipients, why).
    unknown: Option<(Vec<String>, String)>,
}

/// Up to `attempts` tries at one message, with backoff between them, over
/// `conn` (opened when needed, left open for the next message while it is
/// good). What the server accepted or refused is logged as it happens; a
/// fatal failure saves the message's last error and ends the run.
fn try_message<'a>(
    c: &mut Connector<'a>,
    conn: &mut Option<Session<'a>>,
    outbox: &Outbox,
    env: &mut Envelope,
    mut remaining: Vec<String>,
    report: &mut Delivery,
) -> Result<Tries> {
    let cfg = c.cfg;
    let eml = outbox.message(env)?;
    let mut last_error = None;
    let mut connect_failed = false;
    for attempt in 1..=cfg.attempts {
        if remaining.is_empty() {
            break;
        }
        if attempt > 1 {
            let wait = cfg.backoff.saturating_mul(1 << (attempt - 2).min(16));
            term::info(format!(
                "temporary failure ({}); trying again in {:.1} s (attempt {attempt} of {})",
                last_error.as_deref().unwrap_or("?"),
                wait.as_secs_f64(),
                cfg.attempts
            ));
            std::thread::sleep(wait);
        }
        env.attempts += 1;
        let mut session = match conn.take() {
            Some(s) => s,
            None => match c.connect() {
                Ok(s) => s,
                Err(Failure::Temporary(m)) => {
                    last_error = Some(m);
                    connect_failed = true;
                    continue;
                }
                Err(Failure::Fatal(e)) => {
                    env.last_error = Some(first_line(&e));
                    outbox.save(env)?;
                    return Err(e);
                }
            },
        };
        connect_failed = false;
        let dated = with_date(&eml, date_secs()?);
        match transaction(c, &mut session, env, &dated, &remaining) {
            Ok(tx) => {
                record(outbox, env, &tx, report)?;
                remaining = tx.deferred.iter().map(|(r, _)| r.clone()).collect();
                if let Some((r, reply)) = tx.deferred.first() {
                    last_error = Some(format!("{r}: {reply}"));
                }
                if let Some((rcpts, why)) = tx.unknown {
                    // The connection is in no known state: close it, and
                    // do not send this message again in this run.
                    session.abort();
                    remaining.extend(rcpts.iter().cloned());
                    return Ok(Tries { remaining, last_error, connect_failed, unknown: Some((rcpts, why)) });
                }
                *conn = Some(session);
            }
            Err(Failure::Temporary(m)) => {
                session.abort();
                last_error = Some(m);
            }
            Err(Failure::Fatal(e)) => {
                session.abort();
                env.last_error = Some(first_line(&e));
                outbox.save(env)?;
                return Err(e);
            }
        }
    }
    Ok(Tries { remaining, last_error, connect_failed, unknown: None })
}

/// Logs what one transaction settled (sent or refused, per recipient) and
/// tells the user.
fn record(outbox: &Outbox, env: &Envelope, tx: &Tx, report: &mut Delivery) -> Result<()> {
    let mut outcomes: Vec<Outcome> = tx
        .sent
        .iter()
        .map(|r| Outcome { recipient: r.clone(), result: SENT, reply: tx.sent_reply.clone(), step: None })
        .collect();
    outcomes.extend(tx.refused.iter().map(|(r, reply, step)| Outcome {
        recipient: r.clone(),
        result: REFUSED,
        reply: reply.clone(),
        step: Some(*step),
    }));
    outbox.record(env, &outcomes)?;
    for r in &tx.sent {
        term::info(format!("sent \"{}\" to {r} ({})", env.subject, tx.sent_reply));
        report.sent.push((env.subject.clone(), r.clone()));
    }
    for (r, reply, step) in &tx.refused {
        report.refused.push(Refusal {
            subject: env.subject.clone(),
            recipient: r.clone(),
            reply: reply.clone(),
            message: *step == STEP_MESSAGE,
            at: None,
            total: env.recipients.len(),
        });
    }
    Ok(())
}

/// What to say about a message that a stopped run wrote but did not queue.
pub fn unqueued_note(eml: &std::path::Path) -> String {
    format!(
        "{} was being queued when a run stopped, so it is not queued and will not be sent: run the command \
         that sent its PDF again (the same PDF to the same people is the same message), or remove the file",
        eml.display()
    )
}

fn first_line(e: &Error) -> String {
    e.to_string().lines().next().unwrap_or("").trim_start_matches("error: ").to_string()
}
