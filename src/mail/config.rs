//! `mail.toml`: the SMTP server, the sender, distribution lists and the
//! outbox. Read with spans so that every problem points at file:line:column
//! like the data files. The password is never in this file: it comes from an
//! environment variable or a file named here.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::Mailbox;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, closest};
use crate::error::{Error, Result};

/// How the connection to the server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS (port 587); refused if the
    /// server does not offer it. The default.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on a trusted network; credentials are
    /// then sent only with `--insecure`.
    None,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    outbox: Option<String>,
    #[serde(default)]
    default_to: Vec<Spanned<String>>,
    #[serde(default)]
    smtp: Option<Spanned<RawSmtp>>,
    from: Spanned<RawFrom>,
    #[serde(default)]
    lists: BTreeMap<String, Spanned<RawList>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
    host: String,
    #[serde(default)]
    port: Option<u16>,
    #[serde(default)]
    tls: Option<TlsMode>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password_env: Option<Spanned<String>>,
    #[serde(default)]
    password_file: Option<Spanned<String>>,
    /// Only here to say where a password belongs instead; never read.
    #[serde(default)]
    password: Option<Spanned<toml::Value>>,
    #[serde(default)]
    helo: Option<String>,
    #[serde(default)]
    ca_file: Option<Spanned<String>>,
    /// The old name of `command_timeout_seconds`.
    #[serde(default)]
    timeout_seconds: Option<Spanned<f64>>,
    #[serde(default)]
    command_timeout_seconds: Option<Spanned<f64>>,
    #[serde(default)]
    connection_timeout_seconds: Option<Spanned<f64>>,
    #[serde(default)]
    final_reply_timeout_seconds: Option<Spanned<f64>>,
    #[serde(default)]
    attempts: Option<u32>,
    #[serde(default)]
    backoff_seconds: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrom {
    name: String,
    address: Spanned<String>,
    #[serde(default)]
    reply_to: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    name_th: String,
    #[serde(default)]
    to: Vec<Spanned<String>>,
    #[serde(default)]
    cc: Vec<Spanned<String>>,
    #[serde(default)]
    bcc: Vec<Spanned<String>>,
}

/// Where the SMTP password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    Env(String),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub username: Option<String>,
    pub password: Option<PasswordSource>,
    pub helo: String,
    /// A PEM file with more root certificates (a private CA).
    pub ca_file: Option<PathBuf>,
    /// A command and its whole reply (or the message's text) must be done
    /// within this (`command_timeout_seconds`).
    pub command_timeout: std::time::Duration,
    /// Connecting, the greeting, EHLO, STARTTLS and the login together
    /// (`connection_timeout_seconds`).
    pub connection_timeout: std::time::Duration,
    /// The wait for the reply once the whole message is sent
    /// (`final_reply_timeout_seconds`; RFC 5321 4.5.3.2.6 asks for 10 minutes).
    pub final_reply_timeout: std::time::Duration,
    /// Tries per run for a temporary failure (at least 1).
    pub attempts: u32,
    /// Wait before the second try; doubled before each further one.
    pub backoff: std::time::Duration,
}

/// A distribution list.
#[derive(Debug, Clone)]
pub struct List {
    pub id: String,
    pub name_th: String,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub bcc: Vec<Mailbox>,
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    pub file: PathBuf,
    pub smtp: Option<SmtpConfig>,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub lists: BTreeMap<String, List>,
    pub default_to: Vec<String>,
    pub outbox: PathBuf,
}

/// A source line that sets a password is never shown (diagnostics quote
/// the line under the caret).
fn redact(mut d: Diagnostic) -> Diagnostic {
    if let Some(line) = &d.source_line
        && line.trim_start().starts_with("password")
        && !line.trim_start().starts_with("password_")
    {
        d.source_line = None;
    }
    d
}

/// A friendly message and help for a toml/serde error.
fn describe(message: &str) -> (String, String) {
    let first = message.lines().next().unwrap_or(message).trim();
    if let Some(rest) = first.strip_prefix("unknown field `") {
        let (field, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
        let help = match closest(field, allowed.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? keys allowed here: {list}"),
            None => format!("keys allowed here: {list}"),
        };
        return (format!("unknown key `{field}`"), help);
    }
    if let Some(rest) = first.strip_prefix("unknown variant `") {
        let (value, _) = rest.split_once('`').unwrap_or((rest, ""));
        return (
            format!("`{value}` is not a TLS mode"),
            "write tls = \"starttls\" (the default, port 587), \"tls\" (port 465) or \"none\"".into(),
        );
    }
    if let Some(f) = first.strip_prefix("missing field `").and_then(|r| r.strip_suffix('`')) {
        let help = match f {
            "from" => "add a [from] table with name and address".to_string(),
            "host" => "add host = \"smtp.example.org\" to [smtp]".to_string(),
            "name_th" => "give the list a Thai name: name_th = \"คณะผู้บริหาร\"".to_string(),
            f => format!("add `{f} = ...`"),
        };
        return (format!("`{f}` is missing"), help);
    }
    if let Some(rest) = first.strip_prefix("invalid type: ") {
        return (format!("wrong type: {rest}"), "see the example mail.toml in README.md".into());
    }
    (first.to_string(), "see the example mail.toml in README.md".into())
}

fn mailbox(file: &Path, src: &str, s: &Spanned<String>, diags: &mut Vec<Diagnostic>) -> Option<Mailbox> {
    match s.get_ref().trim().parse::<Mailbox>() {
        Ok(m) => Some(m),
        Err(e) => {
            diags.push(
                Diagnostic::at(file, src, s.span(), format!("`{}` is not an e-mail address ({e})", s.get_ref()))
                    .with_help("write \"name@example.org\" or \"ชื่อ <name@example.org>\""),
            );
            None
        }
    }
}

fn span_of<T>(s: &Spanned<T>) -> Range<usize> {
    s.span()
}

/// The checks of mail.toml past its syntax: every problem is collected.
struct Check<'a> {
    file: &'a Path,
    src: &'a str,
    diags: Vec<Diagnostic>,
}

impl Check<'_> {
    fn at(&mut self, span: Range<usize>, message: impl Into<String>, help: impl Into<String>) {
        self.diags.push(Diagnostic::at(self.file, self.src, span, message).with_help(help));
    }

    /// `[smtp]`: the server, how to log in, the deadlines.
    fn smtp(&mut self, s: Spanned<RawSmtp>, dir: &Path) -> SmtpConfig {
        let span = span_of(&s);
        let s = s.into_inner();
        let password = self.password(&s, span, dir);
        let tls = s.tls.unwrap_or(TlsMode::Starttls);
        let port = s.port.unwrap_or(match tls {
            TlsMode::Tls => 465,
            TlsMode::Starttls => 587,
            TlsMode::None => 25,
        });
        if let (Some(_), Some(new)) = (&s.timeout_seconds, &s.command_timeout_seconds) {
            self.at(
                new.span(),
                "both timeout_seconds and command_timeout_seconds are set",
                "remove timeout_seconds: it is the old name of command_timeout_seconds",
            );
        }
        let command_key = if s.command_timeout_seconds.is_none() && s.timeout_seconds.is_some() {
            "timeout_seconds"
        } else {
            "command_timeout_seconds"
        };
        let command = s.command_timeout_seconds.clone().or(s.timeout_seconds.clone());
        SmtpConfig {
            command_timeout: self.seconds(command_key, &command, 60.0, false),
            connection_timeout: self.seconds("connection_timeout_seconds", &s.connection_timeout_seconds, 120.0, false),
            final_reply_timeout: self.seconds(
                "final_reply_timeout_seconds",
                &s.final_reply_timeout_seconds,
                600.0,
                false,
            ),
            backoff: self.seconds("backoff_seconds", &s.backoff_seconds, 10.0, true),
            host: s.host,
            port,
            tls,
            username: s.username,
            password,
            helo: s.helo.unwrap_or_else(|| "localhost".into()),
            ca_file: s.ca_file.map(|c| dir.join(c.get_ref())),
            attempts: s.attempts.unwrap_or(3).max(1),
        }
    }

    /// Where the password comes from (never mail.toml itself), and a
    /// username and a password source only together.
    fn password(&mut self, s: &RawSmtp, span: Range<usize>, dir: &Path) -> Option<PasswordSource> {
        if let Some(p) = &s.password {
            let d = Diagnostic::at(self.file, self.src, p.span(), "a password must not be written in mail.toml")
                .with_help(
                    "remove it (and change it: it may be in version control); set \
                     password_env = \"BRIEFPACK_SMTP_PASSWORD\" and export that variable, \
                     or password_file = \"/etc/briefpack/smtp-password\"",
                );
            self.diags.push(redact(d));
        }
        if let (Some(_), Some(f)) = (&s.password_env, &s.password_file) {
            self.at(f.span(), "both password_env and password_file are set", "keep one of them");
        }
        let password = match (&s.password_env, &s.password_file) {
            (Some(e), _) => Some(PasswordSource::Env(e.get_ref().clone())),
            (None, Some(f)) => Some(PasswordSource::File(dir.join(f.get_ref()))),
            _ => None,
        };
        if password.is_some() && s.username.is_none() {
            self.at(span.clone(), "a password is configured but no username", "add username = \"...\" to [smtp]");
        }
        if s.username.is_some() && password.is_none() {
            self.at(
                span,
                "a username is configured but no password source",
                "add password_env = \"BRIEFPACK_SMTP_PASSWORD\" or password_file = \"...\"",
            );
        }
        password
    }

    /// A deadline or delay in seconds: more than 0 (or 0 where `zero_ok`),
    /// at most an hour; `default` when not given or wrong.
    fn seconds(&mut self, key: &str, v: &Option<Spanned<f64>>, default: f64, zero_ok: bool) -> Duration {
        let Some(v) = v else { return Duration::from_secs_f64(default) };
        let x = *v.get_ref();
        if x.is_finite() && x <= 3600.0 && (x > 0.0 || (zero_ok && x == 0.0)) {
            return Duration::from_secs_f64(x);
        }
        let least = if zero_ok { "0" } else { "more than 0" };
        self.at(
            v.span(),
            format!("{key} must be {least} and at most 3600 seconds"),
            format!("write a number of seconds such as {key} = {default}"),
        );
        Duration::from_secs_f64(default)
    }

    /// `[lists.NAME]`: each with at least one recipient, every address valid.
    fn lists(&mut self, raw: BTreeMap<String, Spanned<RawList>>) -> BTreeMap<String, List> {
        let mut lists = BTreeMap::new();
        for (id, l) in raw {
            let span = span_of(&l);
            let l = l.into_inner();
            let (file, src) = (self.file, self.src);
            let mut conv = |v: &[Spanned<String>]| {
                v.iter().filter_map(|s| mailbox(file, src, s, &mut self.diags)).collect::<Vec<_>>()
            };
            let (to, cc, bcc) = (conv(&l.to), conv(&l.cc), conv(&l.bcc));
            if l.to.is_empty() && l.cc.is_empty() && l.bcc.is_empty() {
                self.at(
                    span,
                    format!("the list `{id}` has no recipients"),
                    "add to = [\"name@example.org\"] (cc and bcc work too)",
                );
            }
            lists.insert(id.clone(), List { id, name_th: l.name_th, to, cc, bcc });
        }
        lists
    }

    /// `default_to`: each a list or an address.
    fn default_to(&mut self, raw: &[Spanned<String>], lists: &BTreeMap<String, List>) -> Vec<String> {
        let mut default_to = Vec::new();
        for d in raw {
            let name = d.get_ref().trim();
            if !lists.contains_key(name) && name.parse::<Mailbox>().is_err() {
                let names: Vec<&str> = lists.keys().map(String::as_str).collect();
                let help = match closest(name, names.iter().copied()) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => format!("name a list ([lists.NAME]) or an address; lists: {}", names.join(", ")),
                };
                self.at(d.span(), format!("`{name}` is neither a list nor an address"), help);
            }
            default_to.push(name.to_string());
        }
        default_to
    }
}

impl MailConfig {
    /// Reads and checks a mail.toml; every problem found is reported at once.
    pub fn load(file: &Path) -> Result<MailConfig> {
        let src = std::fs::read_to_string(file).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Error::with_help(crate::t!("mail-no-config", path = file.display()), crate::t!("mail-no-config-help"))
            }
            _ => Error::io(file, "read", e),
        })?;
        Self::parse(file, &src)
    }

    pub fn parse(file: &Path, src: &str) -> Result<MailConfig> {
        let raw: RawConfig = toml::from_str(src).map_err(|e| {
            let (message, help) = describe(e.message());
            let d = match e.span() {
                Some(span) => Diagnostic::at(file, src, span, message),
                None => Diagnostic::file(file, message),
            };
            Error::from(redact(d.with_help(help)))
        })?;
        let dir = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut check = Check { file, src, diags: Vec::new() };
        let smtp = raw.smtp.map(|s| check.smtp(s, dir));
        let from_span = span_of(&raw.from);
        let rf = raw.from.into_inner();
        let from_addr = mailbox(file, src, &rf.address, &mut check.diags);
        let reply_to = rf.reply_to.as_ref().and_then(|r| mailbox(file, src, r, &mut check.diags));
        let lists = check.lists(raw.lists);
        let default_to = check.default_to(&raw.default_to, &lists);
        if !check.diags.is_empty() {
            return Err(Error::Input(check.diags));
        }
        let Some(from_addr) = from_addr else {
            return Err(Diagnostic::at(file, src, from_span, "no sender address").into());
        };
        let from = Mailbox::new(Some(rf.name), from_addr.email);
        Ok(MailConfig {
            file: file.to_path_buf(),
            smtp,
            from,
            reply_to,
            lists,
            default_to,
            outbox: dir.join(raw.outbox.as_deref().unwrap_or("outbox")),
        })
    }

    /// The recipients named by `--to` (list names or addresses, also
    /// comma-separated), or by `default_to` when none are given.
    pub fn resolve(&self, to: &[String]) -> Result<Recipients> {
        let names: Vec<String> = if to.is_empty() { self.default_to.clone() } else { to.to_vec() };
        let names: Vec<String> =
            names.iter().flat_map(|n| n.split(',')).map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
        if names.is_empty() {
            return Err(Error::with_help(
                "no recipients: --to was not given and mail.toml has no default_to",
                format!(
                    "add --to LIST (lists in {}: {})",
                    self.file.display(),
                    self.lists.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        let mut r = Recipients::default();
        for n in names {
            if let Some(l) = self.lists.get(&n) {
                r.lists.push((l.id.clone(), l.name_th.clone()));
                r.to.extend(l.to.iter().cloned());
                r.cc.extend(l.cc.iter().cloned());
                r.bcc.extend(l.bcc.iter().cloned());
            } else if n.contains('@') {
                let m = n.parse::<Mailbox>().map_err(|e| {
                    Error::with_help(format!("--to `{n}` is not an e-mail address ({e})"), "write name@example.org")
                })?;
                r.to.push(m);
            } else {
                let names: Vec<&str> = self.lists.keys().map(String::as_str).collect();
                let help = match closest(&n, names.iter().copied()) {
                    Some(b) => format!("did you mean `{b}`? lists in {}: {}", self.file.display(), names.join(", ")),
                    None => format!("lists in {}: {}", self.file.display(), names.join(", ")),
                };
                return Err(Error::with_help(format!("there is no list `{n}`"), help));
            }
        }
        r.dedup();
        Ok(r)
    }
}

/// Who a message goes to.
#[derive(Debug, Clone, Default)]
pub struct Recipients {
    /// (id, Thai name) of the lists named.
    pub lists: Vec<(String, String)>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub bcc: Vec<Mailbox>,
}

impl Recipients {
    /// Each address once: To before Cc before Bcc.
    fn dedup(&mut self) {
        let mut seen = std::collections::HashSet::new();
        let mut keep = |v: &mut Vec<Mailbox>| v.retain(|m| seen.insert(m.email.to_string().to_lowercase()));
        keep(&mut self.to);
        keep(&mut self.cc);
        keep(&mut self.bcc);
    }

    /// Every envelope address, sorted.
    pub fn envelope(&self) -> Vec<String> {
        let mut v: Vec<String> = self.to.iter().chain(&self.cc).chain(&self.bcc).map(|m| m.email.to_string()).collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
default_to = ["board"]

[smtp]
host = "smtp.example.org"
username = "briefpack"
password_env = "BRIEFPACK_SMTP_PASSWORD"

[from]
name = "สำนักงานการต่างประเทศ"
address = "foreign@example.org"

[lists.board]
name_th = "คณะผู้บริหาร"
to = ["ผู้ว่า <gov@example.org>", "deputy@example.org"]
bcc = ["gov@example.org", "archive@example.org"]
"#;

    #[test]
    fn reads_a_config_and_resolves_lists() {
        let c = MailConfig::parse(Path::new("briefs/mail.toml"), OK).unwrap();
        let s = c.smtp.as_ref().unwrap();
        assert_eq!((s.port, s.tls), (587, TlsMode::Starttls));
        assert_eq!(s.password, Some(PasswordSource::Env("BRIEFPACK_SMTP_PASSWORD".into())));
        assert_eq!(c.outbox, Path::new("briefs/outbox"));
        let r = c.resolve(&[]).unwrap();
        assert_eq!(r.envelope(), ["archive@example.org", "deputy@example.org", "gov@example.org"]);
        assert_eq!(r.bcc.len(), 1, "an address on To is not repeated on Bcc");
        assert!(c.resolve(&["bord".into()]).unwrap_err().to_string().contains("did you mean `board`"));
        assert_eq!(c.resolve(&["x@example.org,board".into()]).unwrap().envelope().len(), 4);
    }

    #[test]
    fn problems_point_at_line_and_column() {
        let src = OK.replace("host = ", "hots = ");
        let e = MailConfig::parse(Path::new("mail.toml"), &src).unwrap_err().to_string();
        assert!(e.contains("mail.toml:5:1: unknown key `hots`"), "{e}");
        assert!(e.contains("did you mean `host`"), "{e}");
        let src = OK.replace("\"deputy@example.org\"", "\"deputy.example.org\"");
        let e = MailConfig::parse(Path::new("mail.toml"), &src).unwrap_err().to_string();
        assert!(e.contains("mail.toml:15:35: `deputy.example.org` is not an e-mail address"), "{e}");
    }

    #[test]
    fn the_example_mail_toml_is_valid_and_sets_the_deadlines() {
        let src = include_str!("../../briefs/mail.toml");
        let c = MailConfig::parse(Path::new("briefs/mail.toml"), src).unwrap();
        let s = c.smtp.unwrap();
        let secs = |d: std::time::Duration| d.as_secs();
        assert_eq!((secs(s.command_timeout), secs(s.connection_timeout), secs(s.final_reply_timeout)), (60, 120, 600));
        // The old key still works, as the command deadline.
        let old = OK.replace("[smtp]\n", "[smtp]\ntimeout_seconds = 7\n");
        let c = MailConfig::parse(Path::new("mail.toml"), &old).unwrap();
        assert_eq!(secs(c.smtp.unwrap().command_timeout), 7);
    }

    #[test]
    fn a_password_in_the_file_is_refused_and_never_shown() {
        let src = OK.replace("password_env = \"BRIEFPACK_SMTP_PASSWORD\"", "password = \"hunter2-secret\"");
        let e = MailConfig::parse(Path::new("mail.toml"), &src).unwrap_err().to_string();
        assert!(e.contains("mail.toml:7:12: a password must not be written in mail.toml"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
        let src = OK.replace("password_env = \"BRIEFPACK_SMTP_PASSWORD\"", "password = hunter2-secret");
        let e = MailConfig::parse(Path::new("mail.toml"), &src).unwrap_err().to_string();
        assert!(e.contains("mail.toml:7:"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
    }
}
