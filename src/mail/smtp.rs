//! Delivery of the outbox over SMTP with lettre's connection API.
//!
//! lettre's `SmtpTransport::send` treats a message as one unit: one refused
//! recipient fails it for all. Here each command's reply is looked at
//! (MAIL, every RCPT, DATA, the end of data) so that a recipient the server
//! accepted is logged as sent, one it refused for good (5xx) is reported by
//! name, and one deferred (4xx) or caught by a dropped connection is tried
//! again with backoff: the protocol is lettre's, the bookkeeping ours.

use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};

use super::compose::with_date;
use super::config::{MailConfig, PasswordSource, SmtpConfig, TlsMode};
use super::outbox::{Envelope, Lock, Outbox};
use crate::error::{Error, Result};

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
                    eprintln!("warning: {} can be read by other users; run chmod 600 on it", path.display());
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

/// The error and the errors under it, on one line.
fn describe(e: &lettre::transport::smtp::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = inner.source();
    }
    s
}

/// A TLS failure (bad certificate, wrong protocol): lettre reports one met
/// while upgrading with STARTTLS as a network error whose cause is an I/O
/// error of kind InvalidData (how rustls surfaces TLS alerts and certificate
/// problems). Retrying cannot fix those.
fn is_tls_failure(e: &lettre::transport::smtp::Error) -> bool {
    if e.is_tls() {
        return true;
    }
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        if let Some(io) = inner.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::InvalidData
        {
            return true;
        }
        src = inner.source();
    }
    false
}

struct Connector<'a> {
    cfg: &'a SmtpConfig,
    config_file: &'a std::path::Path,
    credentials: Option<Credentials>,
    insecure: bool,
}

impl Connector<'_> {
    fn server(&self) -> String {
        format!("{}:{}", self.cfg.host, self.cfg.port)
    }

    fn tls(&self) -> Result<TlsParameters, Failure> {
        let mut b = TlsParameters::builder(self.cfg.host.clone());
        if let Some(ca) = &self.cfg.ca_file {
            let pem = std::fs::read(ca).map_err(|e| Failure::Fatal(Error::io(ca, "read the CA certificate", e)))?;
            let cert = Certificate::from_pem(&pem).map_err(|e| {
                Failure::Fatal(Error::with_help(
                    format!("{} is not a PEM certificate: {e}", ca.display()),
                    "smtp.ca_file names a PEM file with the CA that signed the server's certificate",
                ))
            })?;
            b = b.add_root_certificate(cert);
        }
        b.build_rustls().map_err(|e| Failure::Fatal(Error::other(format!("TLS setup: {}", describe(&e)))))
    }

    fn fatal_tls(&self, e: &lettre::transport::smtp::Error) -> Failure {
        Failure::Fatal(Error::with_help(
            format!("TLS with {} failed: {}", self.server(), describe(e)),
            "check that the server's certificate is valid for smtp.host (a private CA goes in smtp.ca_file) \
             and that smtp.tls matches the port (\"starttls\" for 587, \"tls\" for 465)",
        ))
    }

    fn classify(&self, what: &str, e: lettre::transport::smtp::Error) -> Failure {
        if is_tls_failure(&e) {
            return self.fatal_tls(&e);
        }
        if e.is_permanent() || e.is_client() {
            return Failure::Fatal(Error::with_help(
                format!("{} refused {what}: {}", self.server(), describe(&e)),
                format!("check [smtp] and [from] in {}", self.config_file.display()),
            ));
        }
        Failure::Temporary(format!("{what} with {}: {}", self.server(), describe(&e)))
    }

    fn connect(&self) -> Result<SmtpConnection, Failure> {
        let cfg = self.cfg;
        if self.credentials.is_some() && cfg.tls == TlsMode::None && !self.insecure {
            return Err(Failure::Fatal(self.plaintext_refusal()));
        }
        let hello = ClientId::Domain(cfg.helo.clone());
        let implicit = match cfg.tls {
            TlsMode::Tls => Some(self.tls()?),
            _ => None,
        };
        let mut conn =
            SmtpConnection::connect((cfg.host.as_str(), cfg.port), Some(cfg.timeout), &hello, implicit.as_ref(), None)
                .map_err(|e| match is_tls_failure(&e) || e.is_permanent() {
                    true => self.classify("the connection", e),
                    false => Failure::Temporary(format!("cannot connect to {}: {}", self.server(), describe(&e))),
                })?;
        if cfg.tls == TlsMode::Starttls {
            if !conn.can_starttls() {
                conn.abort();
                return Err(Failure::Fatal(Error::with_help(
                    format!("{} does not offer STARTTLS, so the connection would not be encrypted", self.server()),
                    "use the server's submission port (587) with STARTTLS, or tls = \"tls\" for port 465; \
                     tls = \"none\" is only for a relay on a trusted network",
                )));
            }
            let params = self.tls()?;
            if let Err(e) = conn.starttls(&params, &hello) {
                conn.abort();
                return Err(if is_tls_failure(&e) { self.fatal_tls(&e) } else { self.classify("STARTTLS", e) });
            }
        }
        if let Some(creds) = &self.credentials {
            if !conn.is_encrypted() && !self.insecure {
                conn.abort();
                return Err(Failure::Fatal(self.plaintext_refusal()));
            }
            if let Err(e) = conn.auth(&[Mechanism::Plain, Mechanism::Login], creds) {
                conn.abort();
                return Err(if e.is_permanent() || e.is_client() {
                    Failure::Fatal(Error::with_help(
                        format!("{} refused the login: {}", self.server(), describe(&e)),
                        format!(
                            "check smtp.username in {} and the password (from smtp.password_env or \
                             smtp.password_file)",
                            self.config_file.display()
                        ),
                    ))
                } else {
                    Failure::Temporary(format!("login at {}: {}", self.server(), describe(&e)))
                });
            }
        }
        Ok(conn)
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
    refused: Vec<(String, String)>,
    deferred: Vec<(String, String)>,
}

fn reply_text(r: &lettre::transport::smtp::response::Response) -> String {
    let code = r.code().to_string();
    let msg: Vec<&str> = r.message().collect();
    format!("{code} {}", msg.join(" ")).trim().to_string()
}

/// One SMTP transaction for the recipients still to do.
fn transaction(
    c: &Connector<'_>,
    conn: &mut SmtpConnection,
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
    if let Err(e) = conn.command(Mail::new(Some(from), params)) {
        return Err(if e.is_permanent() {
            c.classify(&format!("the sender <{}>", env.from), e)
        } else {
            c.classify("MAIL FROM", e)
        });
    }
    let mut accepted = Vec::new();
    for r in remaining {
        let addr: Address = match r.parse() {
            Ok(a) => a,
            Err(e) => {
                tx.refused.push((r.clone(), format!("not an address: {e}")));
                continue;
            }
        };
        match conn.command(Rcpt::new(addr, vec![])) {
            Ok(_) => accepted.push(r.clone()),
            Err(e) if e.is_permanent() => tx.refused.push((r.clone(), describe(&e))),
            Err(e) if e.is_transient() => tx.deferred.push((r.clone(), describe(&e))),
            Err(e) => return Err(Failure::Temporary(format!("RCPT TO at {}: {}", c.server(), describe(&e)))),
        }
    }
    if accepted.is_empty() {
        let _ = conn.command(Rset);
        return Ok(tx);
    }
    // lettre ends the data with CRLF "." CRLF; the message's own last CRLF is
    // that first CRLF, so the server stores exactly the .eml.
    let body = eml.strip_suffix(b"\r\n").unwrap_or(eml);
    let end = conn.command(Data).and_then(|_| conn.message(body));
    match end {
        Ok(resp) => {
            tx.sent_reply = reply_text(&resp);
            tx.sent = accepted;
        }
        Err(e) if e.is_permanent() => tx.refused.extend(accepted.into_iter().map(|r| (r, describe(&e)))),
        Err(e) if e.is_transient() => tx.deferred.extend(accepted.into_iter().map(|r| (r, describe(&e)))),
        Err(e) => {
            return Err(Failure::Temporary(format!("sending the message to {}: {}", c.server(), describe(&e))));
        }
    }
    Ok(tx)
}

/// What a delivery run did.
#[derive(Default)]
pub struct Delivery {
    /// (subject, recipient)
    pub sent: Vec<(String, String)>,
    /// (subject, recipient, reply)
    pub refused: Vec<(String, String, String)>,
    /// (subject, last error) of messages left in the outbox.
    pub pending: Vec<(String, String)>,
}

impl Delivery {
    /// Ok when everything went; otherwise the error to exit with.
    pub fn into_result(self, outbox: &Outbox) -> Result<()> {
        let mut msg = Vec::new();
        for (s, r, reply) in &self.refused {
            msg.push(format!("the server refused {r} for \"{s}\": {reply}"));
        }
        for (s, e) in &self.pending {
            msg.push(format!("\"{s}\" is still in the outbox: {e}"));
        }
        if msg.is_empty() {
            return Ok(());
        }
        let help = if self.pending.is_empty() {
            "refused recipients are recorded in the sent log and not tried again; fix the address in the mail \
             configuration and send to it with --to"
                .to_string()
        } else {
            format!(
                "nothing is lost: run the same command again (or `briefpack send`) to send what is pending; \
                 `briefpack outbox` lists it ({})",
                outbox.dir.display()
            )
        };
        Err(Error::with_help(msg.join("\n       "), help))
    }
}

fn date_secs() -> Result<i64> {
    Ok(match crate::render::source_date_epoch()? {
        Some(s) => s,
        None => chrono::Utc::now().timestamp(),
    })
}

/// Sends every pending message in the outbox (the caller holds the lock).
pub fn deliver(outbox: &Outbox, _lock: &Lock, config: &MailConfig, insecure: bool) -> Result<Delivery> {
    let mut report = Delivery::default();
    let pending = outbox.pending()?;
    if pending.is_empty() {
        return Ok(report);
    }
    let Some(cfg) = &config.smtp else {
        return Err(Error::with_help(
            format!("{} has no [smtp] table, so nothing can be sent", config.file.display()),
            "add [smtp] with host (and port, tls, username, password_env); --dry-run needs none",
        ));
    };
    let credentials = match (&cfg.username, &cfg.password) {
        (Some(u), Some(src)) => Some(Credentials::new(u.clone(), password(config, src)?.0)),
        _ => None,
    };
    let c = Connector { cfg, config_file: &config.file, credentials, insecure };
    let mut conn: Option<SmtpConnection> = None;
    let mut unreachable: Option<String> = None;

    for mut env in pending {
        let done = outbox.done(&env.message_id)?;
        let mut remaining: Vec<String> = env.recipients.iter().filter(|r| !done.contains_key(*r)).cloned().collect();
        if let Some(why) = &unreachable {
            // The server could not be reached for the last message: do not wait through every backoff again.
            report.pending.push((env.subject.clone(), why.clone()));
            continue;
        }
        let eml = outbox.message(&env)?;
        let mut last_error = None;
        let mut connect_failed = false;
        for attempt in 1..=cfg.attempts {
            if remaining.is_empty() {
                break;
            }
            if attempt > 1 {
                let wait = cfg.backoff.saturating_mul(1 << (attempt - 2).min(16));
                eprintln!(
                    "temporary failure ({}); trying again in {:.1} s (attempt {attempt} of {})",
                    last_error.as_deref().unwrap_or("?"),
                    wait.as_secs_f64(),
                    cfg.attempts
                );
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
                        outbox.save(&env)?;
                        return Err(e);
                    }
                },
            };
            connect_failed = false;
            let dated = with_date(&eml, date_secs()?);
            match transaction(&c, &mut session, &env, &dated, &remaining) {
                Ok(tx) => {
                    for r in &tx.sent {
                        outbox.record(&env, r, "sent", &tx.sent_reply)?;
                        eprintln!("sent \"{}\" to {r} ({})", env.subject, tx.sent_reply);
                        report.sent.push((env.subject.clone(), r.clone()));
                    }
                    for (r, reply) in &tx.refused {
                        outbox.record(&env, r, "refused", reply)?;
                        report.refused.push((env.subject.clone(), r.clone(), reply.clone()));
                    }
                    remaining = tx.deferred.iter().map(|(r, _)| r.clone()).collect();
                    if let Some((r, reply)) = tx.deferred.first() {
                        last_error = Some(format!("{r}: {reply}"));
                    }
                    conn = Some(session);
                }
                Err(Failure::Temporary(m)) => {
                    session.abort();
                    last_error = Some(m);
                }
                Err(Failure::Fatal(e)) => {
                    session.abort();
                    env.last_error = Some(first_line(&e));
                    outbox.save(&env)?;
                    return Err(e);
                }
            }
        }
        if remaining.is_empty() {
            outbox.finish(&env)?;
        } else {
            let why = last_error.unwrap_or_else(|| "not sent".into());
            env.last_error = Some(why.clone());
            outbox.save(&env)?;
            if connect_failed {
                unreachable = Some(why.clone());
            }
            report.pending.push((env.subject.clone(), why));
        }
    }
    if let Some(mut s) = conn {
        let _ = s.quit();
    }
    Ok(report)
}

fn first_line(e: &Error) -> String {
    e.to_string().lines().next().unwrap_or("").trim_start_matches("error: ").to_string()
}
