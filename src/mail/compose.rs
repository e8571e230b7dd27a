//! One e-mail per PDF: Thai subject, text and attachment name from the
//! templates `mail-subject.hbs`, `mail-body.hbs` and `mail-attachment.hbs`,
//! built as MIME by lettre (RFC 2047 for the subject and names, RFC 2231 for
//! the attachment's file name).
//!
//! The message is deterministic: its Message-ID and MIME boundary come from
//! a hash of what it says and whom it goes to, and it carries no Date until
//! it is written out with one ([`with_date`]): the clock only when it is
//! really sent, or `SOURCE_DATE_EPOCH`.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::config::{MailConfig, Recipients};
use crate::error::{Error, Result};
use crate::template::Templates;

/// A PDF to send and what the mail templates may say about it.
pub struct MailDoc {
    pub path: PathBuf,
    pub pdf: Vec<u8>,
    /// "pack", "monthly" or "document".
    pub kind: &'static str,
    /// More data for the templates: `trip`, `city`, `draft` for a pack;
    /// `month` and `report` for a monthly report.
    pub extra: Value,
}

impl MailDoc {
    /// A PDF file as it is on disk (`briefpack send`).
    pub fn from_file(path: &Path) -> Result<MailDoc> {
        let pdf = std::fs::read(path).map_err(|e| Error::io(path, "read", e))?;
        Ok(MailDoc { path: path.to_path_buf(), pdf, kind: "document", extra: json!({}) })
    }
}

/// A message ready for the outbox.
#[derive(Debug, Clone)]
pub struct Composed {
    /// Hex digest naming the message's files.
    pub key: String,
    /// `<key@domain>`
    pub message_id: String,
    pub subject: String,
    pub attachment_name: String,
    pub from: String,
    /// Envelope recipients, sorted.
    pub recipients: Vec<String>,
    /// The message without a Date header.
    pub eml: Vec<u8>,
    pub source: PathBuf,
}

/// Title and page count from the PDF's own metadata.
fn pdf_info(path: &Path, pdf: &[u8]) -> Result<(String, usize)> {
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| {
        Error::with_help(format!("{} is not a readable PDF ({e})", path.display()), "send the PDF that briefpack wrote")
    })?;
    let title = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| match o {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok(),
            lopdf::Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .and_then(|info| info.get(b"Title").ok())
        .and_then(|t| lopdf::decode_text_string(t).ok())
        .unwrap_or_default();
    Ok((title.trim().to_string(), doc.get_pages().len()))
}

/// Undoes Handlebars' HTML escaping: mail templates are plain text, but the
/// shared [`Templates`] escape values for the markup. Only the seven
/// entities Handlebars writes are turned back, in one pass.
fn unescape(s: &str) -> String {
    const ENTITIES: &[(&str, char)] = &[
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&amp;", '&'),
        ("&#x27;", '\''),
        ("&#x60;", '`'),
        ("&#x3D;", '='),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lines without trailing spaces, at most one blank line in a row, CRLF-free.
fn tidy_body(s: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in s.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A file name every system accepts, ending in `.pdf`.
fn file_name(s: &str) -> String {
    let cleaned: String =
        s.chars().map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { ' ' } else { c }).collect();
    let mut name = one_line(&cleaned);
    // Keep names readable in every mail client: at most 100 characters.
    if name.chars().count() > 100 {
        name = name.chars().take(100).collect::<String>().trim_end().to_string();
    }
    if name.is_empty() {
        name = "เอกสาร".into();
    }
    if !name.to_lowercase().ends_with(".pdf") {
        name.push_str(".pdf");
    }
    name
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The Date header line: RFC 5322, UTC.
fn date_line(secs: i64) -> String {
    let t = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    format!("Date: {}\r\n", t.format("%a, %d %b %Y %H:%M:%S +0000"))
}

/// The message with a Date header put in front.
pub fn with_date(eml: &[u8], secs: i64) -> Vec<u8> {
    let mut out = date_line(secs).into_bytes();
    out.extend_from_slice(eml);
    out
}

/// The data the mail templates see.
pub fn mail_context(config: &MailConfig, rcpt: &Recipients, doc: &MailDoc) -> Result<Value> {
    let (title, pages) = pdf_info(&doc.path, &doc.pdf)?;
    let mut ctx = json!({
        "kind": doc.kind,
        "document": {
            "title": title,
            "file_name": doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            "pages": pages,
            "size_kb": doc.pdf.len().div_ceil(1024),
        },
        "trip": null, "city": null, "draft": false, "month": null, "report": null,
        "lists": rcpt.lists.iter().map(|(id, name)| json!({"id": id, "name_th": name})).collect::<Vec<_>>(),
        "from": { "name": config.from.name.clone().unwrap_or_default(), "address": config.from.email.to_string() },
    });
    if let (Some(map), Some(extra)) = (ctx.as_object_mut(), doc.extra.as_object()) {
        for (k, v) in extra {
            map.insert(k.clone(), v.clone());
        }
    }
    Ok(ctx)
}

/// Builds the message for `doc` to `rcpt`.
pub fn compose(config: &MailConfig, rcpt: &Recipients, templates: &Templates, doc: &MailDoc) -> Result<Composed> {
    let ctx = mail_context(config, rcpt, doc)?;
    let subject = one_line(&unescape(&templates.render("mail-subject", &ctx)?));
    let body = tidy_body(&unescape(&templates.render("mail-body", &ctx)?));
    let attachment_name = file_name(&unescape(&templates.render("mail-attachment", &ctx)?));
    if subject.is_empty() {
        return Err(Error::with_help(
            "the subject template (mail-subject.hbs) gave an empty subject",
            "make it print something for every kind of document",
        ));
    }
    let envelope = rcpt.envelope();
    if envelope.is_empty() {
        return Err(Error::other("the message has no recipients"));
    }

    // Stable identity: everything the message says and everyone it goes to.
    let mut h = Sha256::new();
    let mut field = |b: &[u8]| {
        h.update((b.len() as u64).to_be_bytes());
        h.update(b);
    };
    field(b"briefpack mail v1");
    field(config.from.to_string().as_bytes());
    for list in [&rcpt.to, &rcpt.cc, &rcpt.bcc] {
        field(list.iter().map(Mailbox::to_string).collect::<Vec<_>>().join(", ").as_bytes());
    }
    field(envelope.join(",").as_bytes());
    field(config.reply_to.as_ref().map(Mailbox::to_string).unwrap_or_default().as_bytes());
    field(subject.as_bytes());
    field(body.as_bytes());
    field(attachment_name.as_bytes());
    field(&doc.pdf);
    let digest = hex(&h.finalize());
    let key = digest[..32].to_string();
    let domain = config.from.email.domain().to_string();
    let message_id = format!("<{key}.briefpack@{domain}>");

    let mut b = Message::builder()
        .from(config.from.clone())
        .subject(subject.clone())
        .message_id(Some(message_id.clone()))
        .user_agent(format!("briefpack {}", env!("CARGO_PKG_VERSION")))
        // A placeholder: lettre always writes a Date; it is cut out below.
        .date(SystemTime::UNIX_EPOCH + Duration::from_secs(0));
    if let Some(r) = &config.reply_to {
        b = b.reply_to(r.clone());
    }
    for m in &rcpt.to {
        b = b.to(m.clone());
    }
    for m in &rcpt.cc {
        b = b.cc(m.clone());
    }
    for m in &rcpt.bcc {
        b = b.bcc(m.clone());
    }
    let pdf_type = ContentType::parse("application/pdf").map_err(|e| Error::other(format!("content type: {e}")))?;
    let parts = MultiPart::mixed()
        .boundary(format!("briefpack-{}", &digest[32..56]))
        .singlepart(SinglePart::plain(body))
        .singlepart(Attachment::new(attachment_name.clone()).body(doc.pdf.clone(), pdf_type));
    let message = b.multipart(parts).map_err(|e| Error::other(format!("cannot build the e-mail: {e}")))?;
    let formatted = message.formatted();
    let eml = strip_date(&formatted);
    Ok(Composed {
        key,
        message_id,
        subject,
        attachment_name,
        from: config.from.email.to_string(),
        recipients: envelope,
        eml,
        source: doc.path.clone(),
    })
}

/// The formatted message without its (placeholder) Date header.
fn strip_date(eml: &[u8]) -> Vec<u8> {
    let placeholder = date_line(0);
    let p = placeholder.as_bytes();
    let header_end = eml.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(eml.len());
    match eml[..header_end].windows(p.len()).position(|w| w == p) {
        Some(i) if i == 0 || eml[i - 1] == b'\n' => [&eml[..i], &eml[i + p.len()..]].concat(),
        _ => eml.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_exactly_what_handlebars_escapes() {
        let s = "a <b> \"c\" & 'd' `e` = f";
        let escaped = handlebars::html_escape(s);
        assert_ne!(escaped, s);
        assert_eq!(unescape(&escaped), s);
        assert_eq!(unescape("&nbsp; &amp;lt;"), "&nbsp; &lt;");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("รายงาน / เดือน\nพฤศจิกายน"), "รายงาน เดือน พฤศจิกายน.pdf");
        assert_eq!(file_name("a.PDF"), "a.PDF");
        assert_eq!(file_name("  "), "เอกสาร.pdf");
    }

    #[test]
    fn date_placeholder_is_cut_and_put_back() {
        let eml = b"From: a@b\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\nSubject: x\r\n\r\nDate: in body\r\n";
        assert_eq!(strip_date(eml), b"From: a@b\r\nSubject: x\r\n\r\nDate: in body\r\n");
        assert!(with_date(b"X: y\r\n\r\n", 1_700_000_000).starts_with(b"Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
    }
}
