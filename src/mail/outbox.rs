//! The outbox: every message stays here until the server has accepted it for
//! every recipient, and a sent log records what went, so that a run that
//! fails loses nothing and a run repeated (a cron job firing twice) sends
//! nothing twice.
//!
//! ```text
//! outbox/
//!   .lock                 held (flock) by the run using the outbox
//!   pending/KEY.eml       the message as it will be sent (without Date)
//!   pending/KEY.json      its envelope and last error; written last, so a
//!                         message counts as queued only once it is complete
//!   sent/KEY.eml          the message after every recipient is done
//!   sent.log              one JSON line per recipient accepted or refused
//! ```
//!
//! Nothing here is a library's job: the layout, the log and their rules are
//! briefpack's own. Locking is fs4's (flock on Unix).

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;
use serde::{Deserialize, Serialize};

use super::compose::Composed;
use crate::error::{Error, Result};
use crate::render::write_atomic;

/// The queued message's envelope and state (`pending/KEY.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    pub key: String,
    pub message_id: String,
    pub from: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub attachment_name: String,
    /// The PDF it was made from, for `briefpack outbox`.
    pub source: String,
    /// When it was queued (RFC 3339, the clock: not part of the message).
    pub queued_at: String,
    #[serde(default)]
    pub attempts: u32,
    #[serde(default)]
    pub last_error: Option<String>,
}

/// One line of `sent.log`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogEntry {
    pub at: String,
    pub message_id: String,
    pub recipient: String,
    /// "sent" or "refused".
    pub result: String,
    /// The server's reply.
    pub reply: String,
    #[serde(default)]
    pub subject: String,
}

pub struct Outbox {
    pub dir: PathBuf,
}

/// Held while a run uses the outbox; dropping it releases the lock.
pub struct Lock {
    _file: File,
}

/// What [`Outbox::enqueue`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Queued {
    New,
    AlreadyPending,
    /// Every recipient already has a line in the sent log.
    AlreadySent,
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Outbox {
    pub fn new(dir: &Path) -> Outbox {
        Outbox { dir: dir.to_path_buf() }
    }

    fn pending_dir(&self) -> PathBuf {
        self.dir.join("pending")
    }

    fn create_dirs(&self) -> Result<()> {
        for d in [self.pending_dir(), self.dir.join("sent")] {
            std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, "create the outbox folder", e))?;
        }
        Ok(())
    }

    /// Takes the outbox for this run, waiting for another run to finish.
    pub fn lock(&self) -> Result<Lock> {
        self.create_dirs()?;
        let path = self.dir.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, "open the outbox lock", e))?;
        let got = FileExt::try_lock_exclusive(&file).map_err(|e| Error::io(&path, "lock", e))?;
        if !got {
            eprintln!("waiting for another briefpack run to finish with {}", self.dir.display());
            FileExt::lock_exclusive(&file).map_err(|e| Error::io(&path, "lock", e))?;
        }
        Ok(Lock { _file: file })
    }

    /// Whether another run holds the lock now.
    pub fn busy(&self) -> bool {
        let path = self.dir.join(".lock");
        match OpenOptions::new().write(true).open(&path) {
            Ok(f) => match FileExt::try_lock_exclusive(&f) {
                Ok(true) => {
                    let _ = FileExt::unlock(&f);
                    false
                }
                _ => true,
            },
            Err(_) => false,
        }
    }

    /// Queues a message (under the lock). The same message again is not
    /// queued twice, nor once it has gone to everyone.
    pub fn enqueue(&self, m: &Composed, _lock: &Lock) -> Result<Queued> {
        let json = self.pending_dir().join(format!("{}.json", m.key));
        if json.exists() {
            return Ok(Queued::AlreadyPending);
        }
        let done = self.done(&m.message_id)?;
        if m.recipients.iter().all(|r| done.contains_key(r)) {
            return Ok(Queued::AlreadySent);
        }
        let eml = self.pending_dir().join(format!("{}.eml", m.key));
        write_atomic(&eml, &m.eml)?;
        let env = Envelope {
            key: m.key.clone(),
            message_id: m.message_id.clone(),
            from: m.from.clone(),
            recipients: m.recipients.clone(),
            subject: m.subject.clone(),
            attachment_name: m.attachment_name.clone(),
            source: m.source.display().to_string(),
            queued_at: now_rfc3339(),
            attempts: 0,
            last_error: None,
        };
        self.save(&env)?;
        Ok(Queued::New)
    }

    /// Rewrites a pending message's envelope (attempts, last error).
    pub fn save(&self, env: &Envelope) -> Result<()> {
        let json = self.pending_dir().join(format!("{}.json", env.key));
        let text = serde_json::to_string_pretty(env).map_err(|e| Error::other(format!("outbox entry: {e}")))?;
        write_atomic(&json, text.as_bytes())
    }

    /// The pending messages, oldest first.
    pub fn pending(&self) -> Result<Vec<Envelope>> {
        let dir = self.pending_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&dir, "read", e)),
        };
        let mut out = Vec::new();
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, "read", e))?;
            let env: Envelope = serde_json::from_str(&text).map_err(|e| {
                Error::with_help(
                    format!("{} is damaged: {e}", p.display()),
                    "move it (and the .eml beside it) out of the outbox, then run again",
                )
            })?;
            if !self.pending_dir().join(format!("{}.eml", env.key)).exists() {
                return Err(Error::with_help(
                    format!("{} has no message beside it", p.display()),
                    "remove the .json file; the message was lost before it was queued",
                ));
            }
            out.push(env);
        }
        out.sort_by(|a, b| a.queued_at.cmp(&b.queued_at).then(a.key.cmp(&b.key)));
        Ok(out)
    }

    pub fn message(&self, env: &Envelope) -> Result<Vec<u8>> {
        let p = self.pending_dir().join(format!("{}.eml", env.key));
        std::fs::read(&p).map_err(|e| Error::io(&p, "read", e))
    }

    /// Recipients of `message_id` already done: recipient -> log entry.
    pub fn done(&self, message_id: &str) -> Result<BTreeMap<String, LogEntry>> {
        Ok(self.log()?.into_iter().filter(|e| e.message_id == message_id).map(|e| (e.recipient.clone(), e)).collect())
    }

    /// Every line of the sent log. A line cut short by a crash is skipped.
    pub fn log(&self) -> Result<Vec<LogEntry>> {
        let p = self.dir.join("sent.log");
        let text = match std::fs::read_to_string(&p) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&p, "read", e)),
        };
        Ok(text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect())
    }

    /// Appends to the sent log and syncs it to disk before returning.
    pub fn record(&self, env: &Envelope, recipient: &str, result: &str, reply: &str) -> Result<()> {
        let p = self.dir.join("sent.log");
        let entry = LogEntry {
            at: now_rfc3339(),
            message_id: env.message_id.clone(),
            recipient: recipient.to_string(),
            result: result.to_string(),
            reply: reply.to_string(),
            subject: env.subject.clone(),
        };
        let mut line = serde_json::to_string(&entry).map_err(|e| Error::other(format!("sent log: {e}")))?;
        line.push('\n');
        let mut f = OpenOptions::new().create(true).append(true).open(&p).map_err(|e| Error::io(&p, "open", e))?;
        // A line left unfinished by a crash would glue onto this one: start afresh.
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        if len > 0 {
            let text = std::fs::read(&p).map_err(|e| Error::io(&p, "read", e))?;
            if text.last() != Some(&b'\n') {
                line.insert(0, '\n');
            }
        }
        f.write_all(line.as_bytes()).and_then(|_| f.sync_all()).map_err(|e| Error::io(&p, "write", e))
    }

    /// Moves a message whose recipients are all done out of `pending/`.
    pub fn finish(&self, env: &Envelope) -> Result<()> {
        let from = self.pending_dir().join(format!("{}.eml", env.key));
        let to = self.dir.join("sent").join(format!("{}.eml", env.key));
        std::fs::rename(&from, &to).map_err(|e| Error::io(&from, "move to sent/", e))?;
        let json = self.pending_dir().join(format!("{}.json", env.key));
        std::fs::remove_file(&json).map_err(|e| Error::io(&json, "remove", e))
    }
}
