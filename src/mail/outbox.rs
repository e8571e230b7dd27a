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
//! # The order of file operations, and what a rerun finds after a crash
//!
//! Every step below is one file operation. A file written whole goes to a
//! temporary file that is synced, then renamed into place; the log is only
//! appended to, and synced; the folder is synced after each rename or
//! removal. The name in brackets is the crash point
//! (`BRIEFPACK_CRASH_AT=NAME` or `NAME:N` for its N-th time; debug builds
//! only) that aborts the process just after the step.
//!
//! Every run takes the lock, then *settles* the outbox (steps 4 and 5 for
//! any message whose recipients all have a line in the log), then queues:
//!
//! 1. `[queue-eml]` write `pending/KEY.eml`.
//! 2. `[queue-json]` write `pending/KEY.json`: the message is queued.
//!
//! and delivers each queued message:
//!
//! 3. `[log]` after a transaction, append one line per recipient the server
//!    answered for good (accepted, or refused with 5xx) to `sent.log`, all
//!    of them in one write, then sync it. `[save]` instead (or as well), when
//!    recipients are left: rewrite `pending/KEY.json` with the attempts and
//!    the last error.
//! 4. `[archive]` once every recipient has a line: rename `pending/KEY.eml`
//!    to `sent/KEY.eml`.
//! 5. `[unqueue]` remove `pending/KEY.json`: the message is finished.
//!
//! A kill after step k leaves, and the next run does:
//!
//! - during or after 1: a temporary `.part` file, or an `.eml` without its
//!   `.json`. Not queued, so not listed and not sent; the same command
//!   queues it again (step 1 writes the same bytes again).
//! - after 2: a queued message; the next run sends it.
//! - after 3: the log holds the recipients the server answered for; they are
//!   never sent to again (one write for a whole transaction, so a kill cannot
//!   log half of the recipients the server accepted together). The others
//!   are sent to. `[save]` leaves the message queued with its new count.
//! - after 3 for the last recipients, before 4: settling sees every recipient
//!   in the log and does 4 and 5 without sending anything.
//! - after 4: `pending/KEY.json` with the message in `sent/`: a message in
//!   `sent/` is finished; settling does 5. Nothing is sent, nothing is
//!   reported as lost.
//! - after 5: finished; the same command again finds every recipient in the
//!   log and sends nothing: "already went to all N recipients", or, when the
//!   server refused it, the refusal again (with its date and reply) and a
//!   non-zero exit.
//!
//! The one gap is SMTP's own: a kill after the server accepted a message but
//! before step 3 sends it again on the next run (README, "the one gap").
//!
//! A `.json` whose message is in neither folder (removed by hand) or that does
//! not parse is reported (non-zero exit) and left alone; the other messages
//! are still sent.
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
use crate::output::write_atomic;
use crate::term;

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

/// `sent.log`'s `result` for a recipient the server accepted.
pub const SENT: &str = "sent";
/// `sent.log`'s `result` for a recipient (or a message) refused for good.
pub const REFUSED: &str = "refused";
/// `sent.log`'s `step` of a refusal of the message itself (after its text).
pub const STEP_MESSAGE: &str = "message";
/// `sent.log`'s `step` of a refusal of the address (RCPT TO).
pub const STEP_RECIPIENT: &str = "recipient";

/// One line of `sent.log`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogEntry {
    pub at: String,
    pub message_id: String,
    pub recipient: String,
    /// [`SENT`] or [`REFUSED`].
    pub result: String,
    /// The server's reply.
    pub reply: String,
    #[serde(default)]
    pub subject: String,
    /// For a refusal: [`STEP_RECIPIENT`] or [`STEP_MESSAGE`] (absent in logs
    /// written before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

impl LogEntry {
    pub fn refused_message(&self) -> bool {
        self.result == REFUSED && self.step.as_deref() == Some(STEP_MESSAGE)
    }
}

/// What the server answered for good about one recipient, to be logged.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub recipient: String,
    /// [`SENT`] or [`REFUSED`].
    pub result: &'static str,
    pub reply: String,
    /// For a refusal: [`STEP_RECIPIENT`] or [`STEP_MESSAGE`].
    pub step: Option<&'static str>,
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
    /// Every recipient already has a line in the sent log, all of them "sent".
    AlreadySent,
    /// Every recipient already has a line in the sent log, and the server
    /// refused some (or all) of them for good: the refusals, oldest first.
    Refused(Vec<LogEntryRef>),
}

/// A refusal found in the log, for reporting (`Queued::Refused`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntryRef {
    pub at: String,
    pub recipient: String,
    pub reply: String,
    /// The message itself was refused (not the address).
    pub message: bool,
}

/// The `pending/` folder read: what is queued, and what is wrong in it.
#[derive(Debug, Default)]
pub struct Scan {
    /// Queued messages, oldest first.
    pub queued: Vec<Envelope>,
    /// Envelopes of messages that are finished (in `sent/`, or every
    /// recipient logged) but whose `pending/KEY.json` is still there: a run
    /// was stopped between steps 3 and 5. Settling removes them.
    pub finished: Vec<Envelope>,
    /// Problems that need a person: damaged or orphaned envelopes. The other
    /// messages are sent regardless.
    pub problems: Vec<String>,
    /// Messages written by a run stopped before their envelope (after step
    /// 1): not queued; the command that queued them queues them again.
    pub unqueued: Vec<PathBuf>,
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Aborts the process right after the named step when `BRIEFPACK_CRASH_AT`
/// names it (`STEP` for its first time, `STEP:N` for its N-th): the crash
/// tests kill a send at every file operation this way. Debug builds only:
/// a release binary has no such hook.
#[cfg(debug_assertions)]
pub(crate) fn crash_point(step: &str) {
    use std::sync::Mutex;
    static SEEN: Mutex<BTreeMap<String, u32>> = Mutex::new(BTreeMap::new());
    let Ok(want) = std::env::var("BRIEFPACK_CRASH_AT") else { return };
    let (name, nth) = match want.split_once(':') {
        Some((n, k)) => (n, k.parse::<u32>().unwrap_or(1)),
        None => (want.as_str(), 1),
    };
    if name != step {
        return;
    }
    let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
    let count = seen.entry(step.to_string()).or_insert(0);
    *count += 1;
    if *count == nth {
        eprintln!("BRIEFPACK_CRASH_AT={want}: aborting after {step}");
        std::process::abort();
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub(crate) fn crash_point(_step: &str) {}

/// Makes a rename or removal in `dir` durable.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| Error::io(dir, "sync the folder", e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

impl Outbox {
    pub fn new(dir: &Path) -> Outbox {
        Outbox { dir: dir.to_path_buf() }
    }

    fn pending_dir(&self) -> PathBuf {
        self.dir.join("pending")
    }

    fn sent_dir(&self) -> PathBuf {
        self.dir.join("sent")
    }

    fn pending_eml(&self, key: &str) -> PathBuf {
        self.pending_dir().join(format!("{key}.eml"))
    }

    fn pending_json(&self, key: &str) -> PathBuf {
        self.pending_dir().join(format!("{key}.json"))
    }

    fn sent_eml(&self, key: &str) -> PathBuf {
        self.sent_dir().join(format!("{key}.eml"))
    }

    fn create_dirs(&self) -> Result<()> {
        for d in [self.pending_dir(), self.sent_dir()] {
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
            term::info(format!("waiting for another briefpack run to finish with {}", self.dir.display()));
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

    /// Finishes what a stopped run left half done (steps 4 and 5 of the
    /// module doc) and says what it did, one line per message.
    pub fn settle(&self, lock: &Lock) -> Result<Vec<String>> {
        let scan = self.scan()?;
        let mut notes = Vec::new();
        for env in &scan.finished {
            self.finish(env, lock)?;
            notes.push(format!(
                "\"{}\" had already gone to every recipient; an earlier run stopped before tidying the outbox, \
                 done now (the message is in {})",
                env.subject,
                self.sent_dir().display()
            ));
        }
        Ok(notes)
    }

    /// Whether every recipient of a message has a line in the log: None if
    /// not; otherwise the refusals among them (empty: all sent).
    fn settled(&self, message_id: &str, recipients: &[String], log: &[LogEntry]) -> Option<Vec<LogEntryRef>> {
        let done = done_in(log, message_id);
        if !recipients.iter().all(|r| done.contains_key(r)) {
            return None;
        }
        Some(
            recipients
                .iter()
                .filter_map(|r| done.get(r))
                .filter(|e| e.result == REFUSED)
                .map(|e| LogEntryRef {
                    at: e.at.clone(),
                    recipient: e.recipient.clone(),
                    reply: e.reply.clone(),
                    message: e.refused_message(),
                })
                .collect(),
        )
    }

    /// Queues a message (under the lock). The same message again is not
    /// queued twice, nor once every recipient is done (sent or refused).
    pub fn enqueue(&self, m: &Composed, _lock: &Lock) -> Result<Queued> {
        let log = self.log()?;
        if let Some(refusals) = self.settled(&m.message_id, &m.recipients, &log) {
            // `settle` has tidied any envelope of it left in pending/.
            return Ok(if refusals.is_empty() { Queued::AlreadySent } else { Queued::Refused(refusals) });
        }
        let json = self.pending_json(&m.key);
        if json.exists() {
            return Ok(Queued::AlreadyPending);
        }
        write_atomic(&self.pending_eml(&m.key), &m.eml)?;
        sync_dir(&self.pending_dir())?;
        crash_point("queue-eml");
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
        self.write_envelope(&env)?;
        crash_point("queue-json");
        Ok(Queued::New)
    }

    fn write_envelope(&self, env: &Envelope) -> Result<()> {
        let text = serde_json::to_string_pretty(env).map_err(|e| Error::other(format!("outbox entry: {e}")))?;
        write_atomic(&self.pending_json(&env.key), text.as_bytes())?;
        sync_dir(&self.pending_dir())
    }

    /// Rewrites a pending message's envelope (attempts, last error).
    pub fn save(&self, env: &Envelope) -> Result<()> {
        self.write_envelope(env)?;
        crash_point("save");
        Ok(())
    }

    /// Reads `pending/` without changing anything.
    pub fn scan(&self) -> Result<Scan> {
        let dir = self.pending_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Scan::default()),
            Err(e) => return Err(Error::io(&dir, "read", e)),
        };
        let log = self.log()?;
        let mut scan = Scan::default();
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut emls: Vec<PathBuf> = Vec::new();
        for e in entries {
            let e = e.map_err(|e| Error::io(&dir, "read", e))?;
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                paths.push(p);
            } else if p.extension().is_some_and(|x| x == "eml") {
                emls.push(p);
            }
        }
        paths.sort();
        emls.sort();
        scan.unqueued = emls.into_iter().filter(|e| !e.with_extension("json").exists()).collect();
        for p in paths {
            let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, "read", e))?;
            let env: Envelope = match serde_json::from_str(&text) {
                Ok(env) => env,
                Err(e) => {
                    scan.problems.push(format!(
                        "{} is damaged ({e}): move it and the .eml beside it out of the outbox; if the message \
                         still has to go, send its PDF again",
                        p.display()
                    ));
                    continue;
                }
            };
            let finished =
                self.sent_eml(&env.key).exists() || self.settled(&env.message_id, &env.recipients, &log).is_some();
            if finished {
                scan.finished.push(env);
            } else if !self.pending_eml(&env.key).exists() {
                scan.problems.push(format!(
                    "{} has no message beside it ({}.eml is in neither pending/ nor sent/; briefpack never \
                     removes it): \"{}\" was not sent to {}; send its PDF ({}) again to queue it afresh, then \
                     remove this .json",
                    p.display(),
                    env.key,
                    env.subject,
                    env.recipients.iter().filter(|r| !done_in(&log, &env.message_id).contains_key(*r)).count(),
                    env.source
                ));
            } else {
                scan.queued.push(env);
            }
        }
        scan.queued.sort_by(|a, b| a.queued_at.cmp(&b.queued_at).then(a.key.cmp(&b.key)));
        Ok(scan)
    }

    pub fn message(&self, env: &Envelope) -> Result<Vec<u8>> {
        let p = self.pending_eml(&env.key);
        std::fs::read(&p).map_err(|e| Error::io(&p, "read", e))
    }

    /// Recipients of `message_id` already done: recipient -> log entry.
    pub fn done(&self, message_id: &str) -> Result<BTreeMap<String, LogEntry>> {
        Ok(done_in(&self.log()?, message_id))
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

    /// Appends one line per outcome to the sent log, in one write, and syncs
    /// it to disk before returning.
    pub fn record(&self, env: &Envelope, outcomes: &[Outcome]) -> Result<()> {
        if outcomes.is_empty() {
            return Ok(());
        }
        let p = self.dir.join("sent.log");
        let at = now_rfc3339();
        let mut text = String::new();
        for o in outcomes {
            let entry = LogEntry {
                at: at.clone(),
                message_id: env.message_id.clone(),
                recipient: o.recipient.clone(),
                result: o.result.to_string(),
                reply: o.reply.clone(),
                subject: env.subject.clone(),
                step: o.step.map(str::to_string),
            };
            text.push_str(&serde_json::to_string(&entry).map_err(|e| Error::other(format!("sent log: {e}")))?);
            text.push('\n');
        }
        let mut f = OpenOptions::new().create(true).append(true).open(&p).map_err(|e| Error::io(&p, "open", e))?;
        // A line left unfinished by a crash would glue onto this one: start afresh.
        let len = f.metadata().map(|m| m.len()).map_err(|e| Error::io(&p, "read", e))?;
        if len > 0 {
            let old = std::fs::read(&p).map_err(|e| Error::io(&p, "read", e))?;
            if old.last() != Some(&b'\n') {
                text.insert(0, '\n');
            }
        }
        f.write_all(text.as_bytes()).and_then(|_| f.sync_all()).map_err(|e| Error::io(&p, "write", e))?;
        if len == 0 {
            sync_dir(&self.dir)?;
        }
        crash_point("log");
        Ok(())
    }

    /// Moves a message whose recipients are all done out of `pending/`
    /// (steps 4 and 5). Either step may have been done by a stopped run.
    pub fn finish(&self, env: &Envelope, _lock: &Lock) -> Result<()> {
        let from = self.pending_eml(&env.key);
        let to = self.sent_eml(&env.key);
        match std::fs::rename(&from, &to) {
            Ok(()) => {
                sync_dir(&self.sent_dir())?;
                sync_dir(&self.pending_dir())?;
                crash_point("archive");
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && to.exists() => {}
            Err(e) => return Err(Error::io(&from, "move to sent/", e)),
        }
        let json = self.pending_json(&env.key);
        match std::fs::remove_file(&json) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&json, "remove", e)),
        }
        sync_dir(&self.pending_dir())?;
        crash_point("unqueue");
        Ok(())
    }
}

fn done_in(log: &[LogEntry], message_id: &str) -> BTreeMap<String, LogEntry> {
    log.iter().filter(|e| e.message_id == message_id).map(|e| (e.recipient.clone(), e.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn composed(key: &str, recipients: &[&str]) -> Composed {
        Composed {
            key: key.into(),
            message_id: format!("<{key}@test>"),
            subject: format!("subject {key}"),
            attachment_name: "a.pdf".into(),
            from: "from@example.org".into(),
            recipients: recipients.iter().map(|s| s.to_string()).collect(),
            eml: format!("Subject: {key}\r\n\r\nbody\r\n").into_bytes(),
            source: PathBuf::from("a.pdf"),
        }
    }

    fn sent(r: &str) -> Outcome {
        Outcome { recipient: r.into(), result: SENT, reply: "250 ok".into(), step: None }
    }

    #[test]
    fn a_message_moved_to_sent_but_still_queued_is_finished_not_lost() {
        let tmp = tempfile::tempdir().unwrap();
        let ob = Outbox::new(tmp.path());
        let lock = ob.lock().unwrap();
        let m = composed("k1", &["a@x.org", "b@x.org"]);
        assert_eq!(ob.enqueue(&m, &lock).unwrap(), Queued::New);
        let env = ob.scan().unwrap().queued.remove(0);
        ob.record(&env, &[sent("a@x.org"), sent("b@x.org")]).unwrap();
        // A run stopped after step 4: the .json is left, the .eml is in sent/.
        std::fs::rename(ob.pending_eml("k1"), ob.sent_eml("k1")).unwrap();
        let scan = ob.scan().unwrap();
        assert!(scan.queued.is_empty() && scan.problems.is_empty(), "{scan:?}");
        assert_eq!(scan.finished.len(), 1);
        assert_eq!(ob.settle(&lock).unwrap().len(), 1);
        assert!(!ob.pending_json("k1").exists());
        assert_eq!(ob.enqueue(&m, &lock).unwrap(), Queued::AlreadySent);
    }

    #[test]
    fn a_refused_message_stays_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let ob = Outbox::new(tmp.path());
        let lock = ob.lock().unwrap();
        let m = composed("k2", &["a@x.org"]);
        ob.enqueue(&m, &lock).unwrap();
        let env = ob.scan().unwrap().queued.remove(0);
        let refusal = Outcome {
            recipient: "a@x.org".into(),
            result: REFUSED,
            reply: "554 5.6.0 no".into(),
            step: Some(STEP_MESSAGE),
        };
        ob.record(&env, &[refusal]).unwrap();
        ob.finish(&env, &lock).unwrap();
        let Queued::Refused(r) = ob.enqueue(&m, &lock).unwrap() else { panic!("not reported as refused") };
        assert_eq!(r.len(), 1);
        assert!(r[0].message && r[0].reply == "554 5.6.0 no" && !r[0].at.is_empty(), "{r:?}");
    }

    #[test]
    fn an_envelope_without_its_message_is_reported_and_does_not_block_the_others() {
        let tmp = tempfile::tempdir().unwrap();
        let ob = Outbox::new(tmp.path());
        let lock = ob.lock().unwrap();
        ob.enqueue(&composed("k3", &["a@x.org"]), &lock).unwrap();
        ob.enqueue(&composed("k4", &["a@x.org"]), &lock).unwrap();
        std::fs::remove_file(ob.pending_eml("k3")).unwrap();
        std::fs::write(ob.pending_dir().join("zz.json"), "{").unwrap();
        let scan = ob.scan().unwrap();
        assert_eq!(scan.queued.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["k4"]);
        assert_eq!(scan.problems.len(), 2, "{:?}", scan.problems);
        assert!(scan.unqueued.is_empty(), "{:?}", scan.unqueued);
        // A run stopped after step 1: a message, not queued, named.
        std::fs::write(ob.pending_eml("k6"), "Subject: k6\r\n\r\n").unwrap();
        assert_eq!(ob.scan().unwrap().unqueued, [ob.pending_eml("k6")]);
        assert!(scan.problems[0].contains("k3.json has no message beside it"), "{:?}", scan.problems);
        assert!(scan.problems[1].contains("zz.json is damaged"), "{:?}", scan.problems);
    }

    #[test]
    fn one_transaction_is_logged_in_one_line_group_after_a_torn_line() {
        let tmp = tempfile::tempdir().unwrap();
        let ob = Outbox::new(tmp.path());
        let lock = ob.lock().unwrap();
        ob.enqueue(&composed("k5", &["a@x.org", "b@x.org"]), &lock).unwrap();
        let env = ob.scan().unwrap().queued.remove(0);
        std::fs::write(tmp.path().join("sent.log"), "{\"at\":\"torn").unwrap();
        ob.record(&env, &[sent("a@x.org"), sent("b@x.org")]).unwrap();
        assert_eq!(ob.done(&env.message_id).unwrap().len(), 2);
        drop(lock);
    }
}
