//! E-mail delivery against a real SMTP server started inside each test on
//! 127.0.0.1. The server is written here by hand (about 200 lines, STARTTLS
//! through rustls with a test CA made by rcgen) because the tests need faults
//! no embeddable server crate offers: dropping the connection in the middle
//! of DATA, answering 4xx then 250, refusing one recipient, being stopped and
//! started again on the same port.

mod common;

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use common::Test;
use mail_parser::{MessageParser, MimeHeaders};

// ---------------------------------------------------------------- the server

#[derive(Clone, Copy, Debug)]
enum DataReply {
    Accept,
    Temporary,
    Permanent,
    /// Close the connection after the first line of the message.
    Drop,
    /// Take the whole message, then close the connection without a reply.
    CloseAfterData,
}

#[derive(Default)]
struct Script {
    /// Replies at the end of DATA, in turn; then Accept.
    data: VecDeque<DataReply>,
    /// Reply codes for RCPT TO per address, in turn; then 250.
    rcpt: HashMap<String, VecDeque<u16>>,
    /// Offer STARTTLS with this certificate.
    tls: Option<Arc<rustls::ServerConfig>>,
    /// Advertise AUTH and accept this password.
    password: Option<String>,
    /// Wait this long before answering the end of DATA.
    delay: Duration,
    /// Answer EHLO with one `250-` line every this long, for ever.
    trickle_ehlo: Option<Duration>,
    /// Refuse the login with a 535 that repeats the AUTH line.
    echo_auth: bool,
    /// TLS from the first byte (port 465 style) with this certificate.
    implicit_tls: Option<Arc<rustls::ServerConfig>>,
    /// Wait this long before every reply (the greeting too).
    reply_delay: Duration,
}

#[derive(Clone, Debug)]
struct Mail {
    rcpt: Vec<String>,
    data: Vec<u8>,
}

struct Shared {
    script: Mutex<Script>,
    mails: Mutex<Vec<Mail>>,
    /// Every line the client sent outside DATA.
    transcript: Mutex<Vec<String>>,
    stop: AtomicBool,
}

struct Server {
    port: u16,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(port: u16, script: Script) -> Server {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let shared = Arc::new(Shared {
            script: Mutex::new(script),
            mails: Mutex::new(Vec::new()),
            transcript: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
        });
        let s = shared.clone();
        let thread = std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + Duration::from_secs(120);
            while !s.stop.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let s2 = s.clone();
                        std::thread::spawn(move || {
                            let _ = session(stream, &s2);
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { port, shared, thread: Some(thread) }
    }

    /// A port with no server on it (one was there a moment ago).
    fn free_port() -> u16 {
        let mut s = Server::start(0, Script::default());
        let p = s.port;
        s.stop();
        p
    }

    fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }

    fn mails(&self) -> Vec<Mail> {
        self.shared.mails.lock().unwrap().clone()
    }

    fn transcript(&self) -> String {
        self.shared.transcript.lock().unwrap().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The connection, plain or upgraded by STARTTLS.
enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

fn session(stream: TcpStream, s: &Shared) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let implicit = s.script.lock().unwrap().implicit_tls.clone();
    let mut io = match implicit {
        Some(config) => {
            let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
            BufReader::new(Stream::Tls(Box::new(rustls::StreamOwned::new(conn, stream))))
        }
        None => BufReader::new(Stream::Plain(stream)),
    };
    let mut rcpt: Vec<String> = Vec::new();
    let reply_delay = s.script.lock().unwrap().reply_delay;
    std::thread::sleep(reply_delay);
    io.get_mut().write_all(b"220 test.local ESMTP briefpack-test\r\n")?;
    loop {
        let mut line = String::new();
        if io.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end().to_string();
        let encrypted = matches!(io.get_ref(), Stream::Tls(_));
        s.transcript.lock().unwrap().push(if encrypted { format!("tls: {line}") } else { line.clone() });
        let upper = line.to_uppercase();
        let reply: String = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            let trickle = s.script.lock().unwrap().trickle_ehlo;
            if let Some(gap) = trickle {
                for _ in 0..600 {
                    io.get_mut().write_all(b"250-test.local is thinking\r\n")?;
                    std::thread::sleep(gap);
                }
                return Ok(());
            }
            let script = s.script.lock().unwrap();
            let mut r = String::from("250-test.local\r\n");
            if script.tls.is_some() && !encrypted {
                r.push_str("250-STARTTLS\r\n");
            }
            if script.password.is_some() {
                r.push_str("250-AUTH PLAIN LOGIN\r\n");
            }
            r + "250 8BITMIME\r\n"
        } else if upper == "STARTTLS" {
            let config = s.script.lock().unwrap().tls.clone();
            match (config, encrypted) {
                (Some(config), false) => {
                    io.get_mut().write_all(b"220 2.0.0 ready to start TLS\r\n")?;
                    let Stream::Plain(tcp) = io.into_inner() else { unreachable!() };
                    let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
                    io = BufReader::new(Stream::Tls(Box::new(rustls::StreamOwned::new(conn, tcp))));
                    continue;
                }
                _ => "454 4.7.0 TLS not available\r\n".into(),
            }
        } else if upper.starts_with("AUTH PLAIN ") {
            let expected = s.script.lock().unwrap().password.clone().unwrap_or_default();
            let given = decode_base64(line[11..].trim());
            let pw = given.rsplit(|b| *b == 0).next().unwrap_or(&[]).to_vec();
            if s.script.lock().unwrap().echo_auth {
                format!("535 5.7.8 authentication failed for {line}\r\n")
            } else if pw == expected.as_bytes() {
                "235 2.7.0 ok\r\n".into()
            } else {
                "535 5.7.8 authentication failed\r\n".into()
            }
        } else if upper.starts_with("MAIL FROM:") {
            rcpt.clear();
            "250 2.1.0 ok\r\n".into()
        } else if upper.starts_with("RCPT TO:") {
            let addr = line[8..].trim().trim_start_matches('<').split('>').next().unwrap_or("").to_string();
            let code = s.script.lock().unwrap().rcpt.get_mut(&addr).and_then(|q| q.pop_front()).unwrap_or(250);
            match code {
                250 => {
                    rcpt.push(addr);
                    "250 2.1.5 ok\r\n".into()
                }
                c if c >= 500 => format!("{c} 5.1.1 <{addr}>: no such user here\r\n"),
                c => format!("{c} 4.2.0 <{addr}>: mailbox busy, try later\r\n"),
            }
        } else if upper == "DATA" {
            if rcpt.is_empty() {
                "503 5.5.1 no recipients\r\n".into()
            } else {
                io.get_mut().write_all(b"354 go ahead\r\n")?;
                let (reply, delay) = {
                    let mut script = s.script.lock().unwrap();
                    (script.data.pop_front().unwrap_or(DataReply::Accept), script.delay)
                };
                let mut data = Vec::new();
                loop {
                    let mut l = Vec::new();
                    if io.read_until(b'\n', &mut l)? == 0 {
                        return Ok(());
                    }
                    if matches!(reply, DataReply::Drop) {
                        // Mid-DATA: the first line arrived, the rest never will be read.
                        if let Stream::Plain(tcp) = io.get_ref() {
                            let _ = tcp.shutdown(Shutdown::Both);
                        }
                        return Ok(());
                    }
                    if l == b".\r\n" {
                        break;
                    }
                    let l = if l.starts_with(b"..") { l[1..].to_vec() } else { l };
                    data.extend_from_slice(&l);
                }
                std::thread::sleep(delay);
                match reply {
                    DataReply::Accept => {
                        let mut mails = s.mails.lock().unwrap();
                        mails.push(Mail { rcpt: rcpt.clone(), data });
                        format!("250 2.0.0 queued as {}\r\n", mails.len())
                    }
                    DataReply::Temporary => "451 4.3.0 local error, try again later\r\n".into(),
                    DataReply::Permanent => "554 5.6.0 message refused\r\n".into(),
                    DataReply::CloseAfterData => {
                        s.mails.lock().unwrap().push(Mail { rcpt: rcpt.clone(), data });
                        if let Stream::Plain(tcp) = io.get_ref() {
                            let _ = tcp.shutdown(Shutdown::Both);
                        }
                        return Ok(());
                    }
                    DataReply::Drop => unreachable!(),
                }
            }
        } else if upper == "RSET" || upper == "NOOP" {
            "250 2.0.0 ok\r\n".into()
        } else if upper == "QUIT" {
            io.get_mut().write_all(b"221 2.0.0 bye\r\n")?;
            return Ok(());
        } else {
            "502 5.5.2 not implemented\r\n".into()
        };
        std::thread::sleep(reply_delay);
        io.get_mut().write_all(reply.as_bytes())?;
    }
}

/// A test CA (its PEM, for `ca_file`) and a server certificate for
/// 127.0.0.1 signed by it.
fn test_pki() -> (String, Arc<rustls::ServerConfig>) {
    use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(DnType::CommonName, "briefpack test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap().signed_by(&key, &ca).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()))
        .unwrap();
    (ca.pem(), Arc::new(config))
}

fn decode_base64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=') {
        let Some(v) = A.iter().position(|a| *a == c) else { continue };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn encode_base64(b: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for chunk in b.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

// ---------------------------------------------------------------- helpers

/// A long Thai title: the subject needs several RFC 2047 encoded words.
const TITLE: &str = "เอกสารประกอบการประชุมหารือความร่วมมือด้านเมืองอัจฉริยะระหว่างกรุงเทพมหานครกับกรุงอัสตานา ครั้งที่ 2";
const BODY_GREETING: &str = "เรียน คณะผู้บริหารกรุงเทพมหานคร";
const RECIPIENTS: [&str; 4] = ["archive@bma.example", "deputy@bma.example", "desk@bma.example", "governor@bma.example"];

/// A one-page PDF whose Info dictionary carries `title`.
fn pdf_with_title(title: &str) -> Vec<u8> {
    use lopdf::{Document, Object, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let info = doc.add_object(dictionary! { "Title" => lopdf::text_string(title) });
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn mail_toml(port: u16, smtp_extra: &str) -> String {
    let timeout = if smtp_extra.contains("command_timeout_seconds") { "" } else { "command_timeout_seconds = 5" };
    let attempts = if smtp_extra.contains("attempts") { "" } else { "attempts = 3" };
    format!(
        r#"default_to = ["board"]

[smtp]
host = "127.0.0.1"
port = {port}
helo = "briefpack.test"
{timeout}
{attempts}
backoff_seconds = 0.05
{smtp_extra}

[from]
name = "สำนักงานการต่างประเทศ กรุงเทพมหานคร"
address = "foreign@bma.example"

[lists.board]
name_th = "คณะผู้บริหารกรุงเทพมหานคร"
to = ["ผู้ว่าราชการกรุงเทพมหานคร <governor@bma.example>", "deputy@bma.example"]
cc = ["desk@bma.example"]
bcc = ["archive@bma.example", "governor@bma.example"]
"#
    )
}

const PLAIN: &str = "tls = \"none\"";

/// A test directory with briefs/mail.toml and doc.pdf.
fn setup(port: u16, smtp_extra: &str) -> (Test, Vec<u8>) {
    let pdf = pdf_with_title(TITLE);
    let t = Test::new().file("briefs/mail.toml", &mail_toml(port, smtp_extra));
    std::fs::write(t.path("doc.pdf"), &pdf).unwrap();
    (t, pdf)
}

/// Runs briefpack again in a directory a test already uses.
fn again(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefpack"));
    cmd.args(args).current_dir(dir).env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run briefpack")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn pending_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("briefs/outbox/pending"))
        .map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The encoded words of a raw header, unfolded.
fn raw_header(eml: &[u8], name: &str) -> String {
    let text = String::from_utf8_lossy(eml);
    let head = text.split("\r\n\r\n").next().unwrap();
    let mut out = String::new();
    let mut inside = false;
    for line in head.split("\r\n") {
        if line.starts_with(' ') || line.starts_with('\t') {
            if inside {
                out.push_str(line);
            }
        } else {
            inside = line.to_lowercase().starts_with(&format!("{}:", name.to_lowercase()));
            if inside {
                out.push_str(line);
            }
        }
    }
    out
}

/// A PDF of about `size` bytes: a title and a stream of noise (that
/// compresses to nothing), so that the message is larger than any socket
/// buffer.
fn big_pdf(title: &str, size: usize) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::load_mem(&pdf_with_title(title)).unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    doc.add_object(Object::Stream(Stream::new(dictionary! {}, noise)));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// How many transactions reached DATA at the server.
fn data_commands(server: &Server) -> usize {
    server.transcript().lines().filter(|l| l.trim_start_matches("tls: ") == "DATA").count()
}

/// A run's message with what changes between runs replaced: the test
/// directory, the server's port, times of day.
fn normalise(text: &str, dir: &Path, port: u16) -> String {
    let mut t = text.replace(&dir.display().to_string(), "[DIR]");
    if let Ok(real) = dir.canonicalize() {
        t = t.replace(&real.display().to_string(), "[DIR]");
    }
    t = t.replace(&format!("127.0.0.1:{port}"), "127.0.0.1:[PORT]");
    // RFC 3339 times as the outbox writes them: 2026-12-02T15:04:05Z
    let mut out = String::new();
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let is_time = b.len() - i >= 20
            && b[i..i + 4].iter().all(u8::is_ascii_digit)
            && b[i + 4] == b'-'
            && b[i + 10] == b'T'
            && b[i + 19] == b'Z';
        if is_time {
            out.push_str("[TIME]");
            i += 20;
        } else {
            let ch = t[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Checks one delivered message end to end and returns its Message-ID.
fn check_message(mail: &Mail, pdf: &[u8]) -> String {
    let mut rcpt = mail.rcpt.clone();
    rcpt.sort();
    assert_eq!(rcpt, RECIPIENTS, "envelope recipients (each once)");
    let msg = MessageParser::default().parse(&mail.data).expect("the message parses as MIME");
    assert_eq!(msg.subject(), Some(TITLE), "the subject decodes to the Thai title");
    let att: Vec<_> = msg.attachments().collect();
    assert_eq!(att.len(), 1, "one attachment");
    assert_eq!(att[0].attachment_name(), Some(format!("{TITLE}.pdf").as_str()), "Thai file name");
    assert_eq!(att[0].contents(), pdf, "the attachment is the PDF, byte for byte");
    let body = msg.body_text(0).expect("a text part");
    assert!(body.contains(BODY_GREETING), "{body}");
    assert!(body.contains("สำนักงานการต่างประเทศ กรุงเทพมหานคร"), "{body}");
    assert!(msg.date().is_some(), "a message that is sent carries a Date");
    let to: Vec<&str> = msg.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(to, ["governor@bma.example", "deputy@bma.example"]);
    assert_eq!(msg.to().unwrap().first().unwrap().name(), Some("ผู้ว่าราชการกรุงเทพมหานคร"));
    assert!(msg.bcc().is_none(), "Bcc is not in the headers");

    // RFC 2047: the long subject is split into encoded words that each stand
    // alone (no character cut in two), on lines of at most 78 characters.
    let text = String::from_utf8_lossy(&mail.data);
    let head = text.split("\r\n\r\n").next().unwrap();
    assert!(head.split("\r\n").all(|l| l.len() <= 998), "header lines over RFC 5322's limit:\n{head}");
    let subject_lines: Vec<&str> = head
        .split("\r\n")
        .skip_while(|l| !l.starts_with("Subject:"))
        .take_while(|l| l.starts_with("Subject:") || l.starts_with(' '))
        .collect();
    assert!(
        subject_lines.len() >= 3 && subject_lines.iter().all(|l| l.len() <= 78),
        "folded subject: {subject_lines:?}"
    );
    let subject = raw_header(&mail.data, "Subject");
    let words: Vec<&str> = subject.split_whitespace().filter(|w| w.starts_with("=?utf-8?b?")).collect();
    assert!(words.len() >= 5, "a long subject takes several encoded words: {subject}");
    let mut joined = String::new();
    for w in &words {
        assert!(w.len() <= 75, "encoded word longer than 75: {w}");
        let b64 = w.trim_start_matches("=?utf-8?b?").trim_end_matches("?=");
        let part = String::from_utf8(decode_base64(b64)).expect("each encoded word is whole UTF-8");
        joined.push_str(&part);
    }
    assert!(joined.starts_with("เอกสารประกอบการประชุม"), "{joined}");
    // RFC 2231: the file name as filename*N*=utf-8''...
    let at = text.find("Content-Disposition: attachment;").expect("an attachment part");
    let disp: String = text[at..].split("\r\nContent-").next().unwrap().replace("\r\n ", " ");
    assert!(disp.contains("filename*0*=utf-8''%E0%B9%80%E0%B8%AD"), "RFC 2231 file name: {disp}");
    assert!(disp.contains("filename*1*="), "a long file name is continued: {disp}");
    msg.message_id().expect("a Message-ID").to_string()
}

// ---------------------------------------------------------------- tests

#[test]
fn a_pdf_arrives_once_with_thai_subject_file_name_and_its_exact_bytes() {
    let server = Server::start(0, Script::default());
    let (t, pdf) = setup(server.port, PLAIN);
    let run = t.args(&["send", "doc.pdf", "--to", "board"]).run().success().stderr_has("sent \"");
    let mails = server.mails();
    assert_eq!(mails.len(), 1, "one message, one transaction for all recipients");
    let id = check_message(&mails[0], &pdf);
    assert!(id.ends_with(".briefpack@bma.example"), "{id}");
    let log = std::fs::read_to_string(run.dir.join("briefs/outbox/sent.log")).unwrap();
    assert_eq!(log.lines().count(), 4, "one sent-log line per recipient:\n{log}");
    assert!(pending_files(&run.dir).is_empty());
    assert!(run.dir.join("briefs/outbox/sent").read_dir().unwrap().count() == 1, "the message is archived");

    // The same command again (a cron job firing twice) sends nothing.
    let o = again(&run.dir, &["send", "doc.pdf", "--to", "board"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("not sending it again"), "{}", stderr(&o));
    assert_eq!(server.mails().len(), 1, "not sent twice");
}

#[test]
fn with_the_server_down_the_message_waits_in_the_outbox_and_goes_once_when_it_is_up() {
    let port = Server::free_port();
    let (t, pdf) = setup(port, PLAIN);
    let run = t
        .args(&["send", "doc.pdf"])
        .run()
        .failure()
        .stderr_has(&format!("cannot connect to 127.0.0.1:{port}"))
        .stderr_has("is still in the outbox")
        .stderr_has("run the same command again");
    assert!(run.stderr().contains("attempt 3 of 3"), "retried with backoff:\n{}", run.stderr());
    assert_eq!(pending_files(&run.dir).len(), 2, "the .eml and its envelope");
    let listing = again(&run.dir, &["outbox"], &[]);
    let listing_text = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.status.success());
    assert!(listing_text.contains("1 message(s) pending") && listing_text.contains(TITLE), "{listing_text}");
    assert!(
        listing_text.contains("connection refused") || listing_text.contains("Connection refused"),
        "{listing_text}"
    );

    let server = Server::start(port, Script::default());
    let o = again(&run.dir, &["send", "doc.pdf"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("already in the outbox"), "{}", stderr(&o));
    assert_eq!(server.mails().len(), 1);
    check_message(&server.mails()[0], &pdf);
    assert!(pending_files(&run.dir).is_empty());

    for args in [&["send", "doc.pdf"][..], &["send"][..]] {
        let o = again(&run.dir, args, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(server.mails().len(), 1, "a second rerun sends nothing");
    }
    let listing = again(&run.dir, &["outbox"], &[]);
    assert!(String::from_utf8_lossy(&listing.stdout).contains("nothing pending"));
}

#[test]
fn a_connection_dropped_in_the_middle_of_data_is_retried_and_delivered_once() {
    // A message far larger than the sockets' buffers: the server drops the
    // connection after its first line, so the client's writes fail before
    // the end of the message, which the server therefore cannot have taken.
    let server = Server::start(0, Script { data: [DataReply::Drop].into(), ..Default::default() });
    let (t, _) = setup(server.port, PLAIN);
    let pdf = big_pdf(TITLE, 12 << 20);
    std::fs::write(t.path("doc.pdf"), &pdf).unwrap();
    let run = t.args(&["send", "doc.pdf"]).run().success().stderr_has("trying again");
    assert_eq!(server.mails().len(), 1);
    check_message(&server.mails()[0], &pdf);
    let o = again(&run.dir, &["send", "doc.pdf"], &[]);
    assert!(o.status.success());
    assert_eq!(server.mails().len(), 1);
}

#[test]
fn a_temporary_refusal_then_acceptance_delivers_once() {
    let mut rcpt = HashMap::new();
    rcpt.insert("deputy@bma.example".to_string(), VecDeque::from([451]));
    let server = Server::start(0, Script { data: [DataReply::Temporary].into(), rcpt, ..Default::default() });
    let (t, pdf) = setup(server.port, PLAIN);
    let run = t.args(&["send", "doc.pdf"]).run().success().stderr_has("451");
    let mails = server.mails();
    // Try 1: deputy deferred at RCPT, the rest deferred at the end of DATA.
    // Try 2: everyone accepted in one transaction.
    assert_eq!(mails.len(), 1, "{mails:?}");
    check_message(&mails[0], &pdf);
    let log = std::fs::read_to_string(run.dir.join("briefs/outbox/sent.log")).unwrap();
    assert_eq!(log.matches("\"sent\"").count(), 4);
}

#[test]
fn a_permanent_refusal_is_reported_per_recipient_and_the_others_get_it() {
    let mut rcpt = HashMap::new();
    rcpt.insert("deputy@bma.example".to_string(), VecDeque::from([550]));
    let server = Server::start(0, Script { rcpt, ..Default::default() });
    let (t, pdf) = setup(server.port, PLAIN);
    let run = t
        .args(&["send", "doc.pdf"])
        .run()
        .failure()
        .stderr_has("the server refused deputy@bma.example")
        .stderr_has("550");
    let mails = server.mails();
    assert_eq!(mails.len(), 1);
    assert!(!mails[0].rcpt.contains(&"deputy@bma.example".to_string()));
    assert_eq!(mails[0].rcpt.len(), 3);
    let msg = MessageParser::default().parse(&mails[0].data).unwrap();
    assert_eq!(msg.attachments().next().unwrap().contents(), pdf);
    let log = std::fs::read_to_string(run.dir.join("briefs/outbox/sent.log")).unwrap();
    assert!(log.lines().any(|l| l.contains("deputy@bma.example") && l.contains("\"refused\"")), "{log}");
    assert!(pending_files(&run.dir).is_empty(), "a refusal for good is not retried forever");
    // The same command again sends nothing, and says so honestly: not "already went to all".
    let o = again(&run.dir, &["send", "doc.pdf"], &[]);
    assert!(!o.status.success(), "{}", stderr(&o));
    assert_eq!(server.mails().len(), 1, "nothing re-sent");
    insta::assert_snapshot!("recipient_refused_rerun", normalise(&stderr(&o), &run.dir, server.port));
}

#[test]
fn a_message_refused_at_the_end_of_data_is_reported_as_refused_on_every_later_run() {
    let server = Server::start(0, Script { data: [DataReply::Permanent].into(), ..Default::default() });
    let (t, _) = setup(server.port, PLAIN);
    let run = t.args(&["send", "doc.pdf"]).run().failure();
    assert!(server.mails().is_empty());
    assert!(pending_files(&run.dir).is_empty(), "not retried forever");
    let first = normalise(&run.stderr(), &run.dir, server.port);
    assert!(!first.contains("fix the address"), "a content refusal is not an address problem:\n{first}");
    insta::assert_snapshot!("message_refused_first_run", first);
    for _ in 0..2 {
        let o = again(&run.dir, &["send", "doc.pdf"], &[]);
        assert!(!o.status.success(), "a refused message is not reported as sent:\n{}", stderr(&o));
        let text = normalise(&stderr(&o), &run.dir, server.port);
        assert!(!text.contains("already went to all"), "{text}");
        insta::assert_snapshot!("message_refused_rerun", text);
    }
    assert_eq!(data_commands(&server), 1, "sent once, refused once, never again");
    let listing = String::from_utf8_lossy(&again(&run.dir, &["outbox"], &[]).stdout).into_owned();
    assert!(listing.contains("refused by the server on") && listing.contains("554 5.6.0"), "{listing}");
}

#[test]
fn a_dry_run_writes_the_same_eml_every_time_and_sends_nothing() {
    let server = Server::start(0, Script::default());
    let (t, pdf) = setup(server.port, PLAIN);
    let run = t.args(&["send", "doc.pdf", "--dry-run"]).run().success().stderr_has("not sent (--dry-run)");
    let first = std::fs::read(run.dir.join("doc.eml")).unwrap();
    assert!(!run.dir.join("briefs/outbox").exists(), "a dry run leaves the outbox alone");
    let o = again(&run.dir, &["send", "doc.pdf", "--dry-run"], &[]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(run.dir.join("doc.eml")).unwrap(), first, "byte-identical .eml");
    assert!(!String::from_utf8_lossy(&first).contains("\r\nDate:") && !first.starts_with(b"Date:"), "no clock");
    let msg = MessageParser::default().parse(&first).unwrap();
    assert_eq!(msg.subject(), Some(TITLE));
    assert_eq!(msg.attachments().next().unwrap().contents(), pdf);

    // With SOURCE_DATE_EPOCH the Date comes from it, and nothing else changes.
    let o = again(&run.dir, &["send", "doc.pdf", "--dry-run"], &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert!(o.status.success());
    let dated = std::fs::read(run.dir.join("doc.eml")).unwrap();
    assert_eq!(dated, [&b"Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"[..], &first].concat());

    // What is really sent is that message with a Date in front.
    let o = again(&run.dir, &["send", "doc.pdf"], &[("SOURCE_DATE_EPOCH", "1700000000")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.mails().len(), 1);
    assert_eq!(server.mails()[0].data, dated, "the message sent is the one written by --dry-run");
}

#[test]
fn the_password_goes_only_over_encryption_unless_insecure_and_never_into_messages() {
    const PW: &str = "Tr0ub4dor-&-3";
    let server = Server::start(0, Script { password: Some(PW.into()), ..Default::default() });
    let extra = "tls = \"none\"\nusername = \"briefpack\"\npassword_env = \"BRIEFPACK_TEST_PW\"";
    let (t, pdf) = setup(server.port, extra);
    let run = t
        .env("BRIEFPACK_TEST_PW", PW)
        .args(&["send", "doc.pdf"])
        .run()
        .failure()
        .stderr_has("refusing to send the SMTP password")
        .stderr_has("--insecure");
    assert!(!server.transcript().contains("AUTH"), "no password was sent");
    assert_eq!(pending_files(&run.dir).len(), 2, "the message waits");

    // A wrong password: refused, and neither it nor its base64 is shown.
    let wrong = "wrong-secret-42";
    let o = again(&run.dir, &["send", "--insecure"], &[("BRIEFPACK_TEST_PW", wrong)]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(err.contains("refused the login") && err.contains("535"), "{err}");
    let b64 = encode_base64(format!("\0briefpack\0{wrong}").as_bytes());
    assert!(server.transcript().contains(&b64), "the test server saw the AUTH it checks");
    assert!(!err.contains(wrong) && !err.contains(&b64), "{err}");
    let listing = String::from_utf8_lossy(&again(&run.dir, &["outbox"], &[]).stdout).into_owned();
    assert!(!listing.contains(wrong) && !listing.contains(&b64), "{listing}");

    // No password set at all: a clear message naming the variable.
    let o = again(&run.dir, &["send", "--insecure"], &[]);
    assert!(stderr(&o).contains("BRIEFPACK_TEST_PW, which is not set"), "{}", stderr(&o));

    let o = again(&run.dir, &["send", "--insecure"], &[("BRIEFPACK_TEST_PW", PW)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.mails().len(), 1);
    check_message(&server.mails()[0], &pdf);
    // No file the run left (outbox, log, archived message) holds the password.
    let mut files = vec![run.dir.join("briefs/outbox")];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
        } else {
            let bytes = std::fs::read(&p).unwrap();
            assert!(!String::from_utf8_lossy(&bytes).contains(PW), "{} holds the password", p.display());
        }
    }
    assert!(!stderr(&o).contains(PW));
}

#[test]
fn starttls_is_required_by_default() {
    let server = Server::start(0, Script::default());
    let (t, _) = setup(server.port, "");
    let run = t.args(&["send", "doc.pdf"]).run().failure().stderr_has("does not offer STARTTLS");
    assert!(server.mails().is_empty());
    assert_eq!(pending_files(&run.dir).len(), 2);
}

#[test]
fn a_password_in_mail_toml_is_refused_at_its_line_without_showing_it() {
    let (t, _) = setup(1, "tls = \"none\"\nusername = \"u\"\npassword = \"hunter2-very-secret\"");
    let run = t
        .args(&["send", "doc.pdf"])
        .run()
        .failure()
        .stderr_has("briefs/mail.toml:12:12: a password must not be written in mail.toml")
        .stderr_has("password_env");
    assert!(!run.stderr().contains("hunter2"), "{}", run.stderr());
}

#[test]
fn a_bad_mail_toml_gets_file_line_and_column() {
    let toml = mail_toml(25, PLAIN).replace("helo =", "hello =");
    Test::new()
        .file("briefs/mail.toml", &toml)
        .file("doc.pdf", "")
        .args(&["send", "--dry-run"])
        .run()
        .failure()
        .stderr_has("briefs/mail.toml:6:1: unknown key `hello`")
        .stderr_has("did you mean `helo`?");
    let toml = mail_toml(25, PLAIN).replace("\"deputy@bma.example\"", "\"deputy.bma.example\"");
    Test::new()
        .file("briefs/mail.toml", &toml)
        .args(&["outbox"])
        .run()
        .failure()
        .stderr_has("briefs/mail.toml:18:59: `deputy.bma.example` is not an e-mail address");
    let (t, _) = setup(25, PLAIN);
    t.args(&["send", "doc.pdf", "--to", "bord", "--dry-run"]).run().failure().stderr_has("did you mean `board`?");
}

#[test]
fn two_runs_at_once_send_once() {
    let server = Server::start(0, Script { delay: Duration::from_millis(400), ..Default::default() });
    let (t, pdf) = setup(server.port, PLAIN);
    let dir = t.dir.path().to_path_buf();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_briefpack"))
            .args(["send", "doc.pdf"])
            .current_dir(&dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(server.mails().len(), 1, "the lock lets one run send; the other finds it sent");
    check_message(&server.mails()[0], &pdf);
    let both = stderr(&a) + &stderr(&b);
    assert!(both.contains("not sending it again"), "{both}");
    drop(t);
}

#[test]
fn the_monthly_report_is_sent_with_its_thai_subject() {
    let server = Server::start(0, Script::default());
    let t = Test::new()
        .copy("briefs/cities", "briefs/cities")
        .copy("briefs/trips", "briefs/trips")
        .file("briefs/mail.toml", &mail_toml(server.port, PLAIN));
    let run = t.args(&["monthly", "--month", "2023-02", "--send", "--to", "board"]).run().success();
    let pdf = std::fs::read(run.dir.join("monthly-2023-02.pdf")).unwrap();
    let mails = server.mails();
    assert_eq!(mails.len(), 1);
    let msg = MessageParser::default().parse(&mails[0].data).unwrap();
    assert_eq!(msg.subject(), Some("รายงานสรุปกิจกรรมกับเมืองพี่เมืองน้อง ประจำเดือนกุมภาพันธ์ 2566"));
    let att = msg.attachments().next().unwrap();
    assert_eq!(att.attachment_name(), Some("รายงานเมืองพี่เมืองน้อง ประจำเดือนกุมภาพันธ์ 2566.pdf"));
    assert_eq!(att.contents(), pdf);
    let body = msg.body_text(0).unwrap();
    assert!(body.contains("ในเดือนนี้มีกิจกรรมรวม 2 กิจกรรม จาก 1 เมือง"), "{body}");
    let o = again(&run.dir, &["monthly", "--month", "2023-02", "--send", "--to", "board"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.mails().len(), 1, "the same report is not sent twice");
}

#[test]
fn starttls_is_negotiated_before_the_login_and_the_message() {
    const PW: &str = "Tr0ub4dor-&-3";
    let (ca_pem, tls) = test_pki();
    let server = Server::start(0, Script { tls: Some(tls), password: Some(PW.into()), ..Default::default() });
    // No `tls` key: STARTTLS is the default. The CA is a private one.
    let extra = "username = \"briefpack\"\npassword_env = \"BRIEFPACK_TEST_PW\"";
    let (t, pdf) = setup(server.port, &format!("{extra}\nca_file = \"test-ca.pem\""));
    let run = t.file("briefs/test-ca.pem", &ca_pem).env("BRIEFPACK_TEST_PW", PW).args(&["send", "doc.pdf"]).run();
    let run = run.success();
    assert_eq!(server.mails().len(), 1);
    check_message(&server.mails()[0], &pdf);
    let transcript = server.transcript();
    let lines: Vec<&str> = transcript.lines().collect();
    let starttls = lines.iter().position(|l| *l == "STARTTLS").expect("the client asked for STARTTLS");
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| l.contains("AUTH") || l.contains("MAIL FROM")) {
        assert!(i > starttls && l.starts_with("tls: "), "{l} went in clear:\n{transcript}");
    }

    // A certificate the client cannot verify: no login, no message, and the message waits.
    let (_, other) = test_pki();
    let server2 = Server::start(0, Script { tls: Some(other), password: Some(PW.into()), ..Default::default() });
    let toml = mail_toml(server2.port, &format!("{extra}\nca_file = \"test-ca.pem\""));
    std::fs::write(run.dir.join("briefs/mail.toml"), toml).unwrap();
    std::fs::write(run.dir.join("other.pdf"), pdf_with_title("เอกสารอีกฉบับ")).unwrap();
    let o = again(&run.dir, &["send", "other.pdf"], &[("BRIEFPACK_TEST_PW", PW)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains(&format!("TLS with 127.0.0.1:{} failed", server2.port)), "{}", stderr(&o));
    assert!(!server2.transcript().contains("AUTH"), "{}", server2.transcript());
    assert!(server2.mails().is_empty());
    assert_eq!(pending_files(&run.dir).len(), 2);
}

#[test]
fn tls_from_the_first_byte_carries_the_login_and_the_message() {
    const PW: &str = "Tr0ub4dor-&-3";
    let (ca_pem, tls) = test_pki();
    let server = Server::start(0, Script { implicit_tls: Some(tls), password: Some(PW.into()), ..Default::default() });
    let extra =
        "tls = \"tls\"\nusername = \"briefpack\"\npassword_env = \"BRIEFPACK_TEST_PW\"\nca_file = \"test-ca.pem\"";
    let (t, pdf) = setup(server.port, extra);
    t.file("briefs/test-ca.pem", &ca_pem).env("BRIEFPACK_TEST_PW", PW).args(&["send", "doc.pdf"]).run().success();
    assert_eq!(server.mails().len(), 1);
    check_message(&server.mails()[0], &pdf);
    let transcript = server.transcript();
    assert!(transcript.lines().all(|l| l.starts_with("tls: ")), "all of it encrypted:\n{transcript}");
    assert!(transcript.contains("tls: AUTH PLAIN"), "{transcript}");
}

#[test]
fn a_briefing_pack_is_sent_with_the_trip_in_its_subject() {
    let t = Test::new()
        .copy("briefs/cities", "briefs/cities")
        .copy("briefs/trips", "briefs/trips")
        .file("briefs/mail.toml", &mail_toml(25, PLAIN));
    let run = t
        .args(&["build", "briefs/trips/astana-2026-12.toml", "--send", "--dry-run", "--to", "board"])
        .run()
        .success()
        .stderr_has("not sent (--dry-run)");
    let pdf = std::fs::read(run.dir.join("astana-2026-12.pdf")).unwrap();
    let eml = std::fs::read(run.dir.join("astana-2026-12.eml")).unwrap();
    let msg = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(
        msg.subject(),
        Some(
            "เอกสารประกอบการเดินทาง: การเยือนกรุงอัสตานา สาธารณรัฐคาซัคสถาน ของคณะผู้แทนกรุงเทพมหานคร \
             (7-11 ธันวาคม 2569)"
        )
    );
    let att = msg.attachments().next().unwrap();
    assert_eq!(att.attachment_name(), Some("เอกสารประกอบการเดินทาง กรุงอัสตานา 7-11 ธันวาคม 2569.pdf"));
    assert_eq!(att.contents(), pdf);
    let body = msg.body_text(0).unwrap();
    assert!(body.contains("เอกสารฉบับนี้เป็นฉบับร่าง"), "a draft says so:\n{body}");
    assert!(!run.dir.join("briefs/outbox").exists());
}

// ------------------------------------------- deadlines, duplicates, secrets

/// Deadlines small enough for a test, and one attempt less to wait through.
const FAST: &str =
    "tls = \"none\"\ncommand_timeout_seconds = 1\nconnection_timeout_seconds = 2\nfinal_reply_timeout_seconds = 1.5";

fn timed(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Output, Duration) {
    let start = std::time::Instant::now();
    let o = again(dir, args, env);
    (o, start.elapsed())
}

#[test]
fn a_server_that_trickles_its_reply_is_given_up_on_at_the_deadline() {
    // One `250-` line every 0.2 s for two minutes: each read gets data in
    // time, so only a deadline on the whole reply ends it.
    let server = Server::start(0, Script { trickle_ehlo: Some(Duration::from_millis(200)), ..Default::default() });
    let (t, _) = setup(server.port, FAST);
    let dir = t.dir.path().to_path_buf();
    let spawn = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_briefpack"))
            .args(args)
            .current_dir(&dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let start = std::time::Instant::now();
    let first = spawn(&["send", "doc.pdf"]);
    // A second run started meanwhile waits for the outbox lock: it gets it
    // when the first gives up at its deadlines, and gives up in its turn.
    std::thread::sleep(Duration::from_millis(300));
    let second = spawn(&["send"]);
    let o = first.wait_with_output().unwrap();
    let took = start.elapsed();
    assert!(!o.status.success());
    // 3 attempts of at most 1 s (the command deadline) and two short backoffs.
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let o2 = second.wait_with_output().unwrap();
    assert!(!o2.status.success());
    assert!(stderr(&o2).contains("waiting for another briefpack run"), "{}", stderr(&o2));
    assert!(start.elapsed() < Duration::from_secs(20), "both runs took {:?}", start.elapsed());
    let err = normalise(&stderr(&o), &dir, server.port);
    assert!(!err.contains("os error") && !err.contains("temporarily unavailable"), "{err}");
    insta::assert_snapshot!("trickled_ehlo", err);
    assert_eq!(pending_files(&dir).len(), 2, "the message waits in the outbox");
    // The run is over, so is its lock: the next run does not wait.
    let listing = String::from_utf8_lossy(&again(&dir, &["outbox"], &[]).stdout).into_owned();
    assert!(!listing.contains("another briefpack run"), "{listing}");
    assert!(listing.contains("took more than 1 s (smtp.command_timeout_seconds)"), "{listing}");
    drop(t);
}

#[test]
fn connecting_and_logging_in_together_are_held_to_the_connection_deadline() {
    // Each reply comes in 0.8 s, within the command deadline (1 s), but the
    // greeting, EHLO and the login together take 2.4 s: past the 2 s of the
    // connection deadline.
    let server = Server::start(
        0,
        Script { password: Some("pw".into()), reply_delay: Duration::from_millis(800), ..Default::default() },
    );
    let extra = format!("{FAST}\nusername = \"briefpack\"\npassword_env = \"BRIEFPACK_TEST_PW\"\nattempts = 1");
    let (t, _) = setup(server.port, &extra);
    let dir = t.dir.path().to_path_buf();
    let (o, took) = timed(&dir, &["send", "doc.pdf", "--insecure"], &[("BRIEFPACK_TEST_PW", "pw")]);
    assert!(!o.status.success());
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(server.mails().is_empty());
    insta::assert_snapshot!("connection_deadline", normalise(&stderr(&o), &dir, server.port));
    drop(t);
}

#[test]
fn a_reply_to_the_message_that_never_comes_is_not_retried_in_the_run() {
    // The server takes the message and answers 30 s later: past the final
    // reply deadline (1.5 s here; 10 minutes by default).
    let server = Server::start(0, Script { delay: Duration::from_secs(30), ..Default::default() });
    let (t, _) = setup(server.port, FAST);
    let dir = t.dir.path().to_path_buf();
    let (o, took) = timed(&dir, &["send", "doc.pdf"], &[]);
    assert!(!o.status.success());
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(data_commands(&server), 1, "the message was sent once in the run, not once per attempt");
    let err = normalise(&stderr(&o), &dir, server.port);
    insta::assert_snapshot!("no_reply_after_data", err);
    assert_eq!(pending_files(&dir).len(), 2, "it stays in the outbox for the next run");
    let listing = String::from_utf8_lossy(&again(&dir, &["outbox"], &[]).stdout).into_owned();
    assert!(listing.contains("unknown whether it was delivered"), "{listing}");
    drop(t);
}

#[test]
fn a_connection_closed_after_the_whole_message_is_not_retried_in_the_run() {
    let server = Server::start(0, Script { data: [DataReply::CloseAfterData].into(), ..Default::default() });
    let (t, pdf) = setup(server.port, FAST);
    let dir = t.dir.path().to_path_buf();
    let o = again(&dir, &["send", "doc.pdf"], &[]);
    assert!(!o.status.success());
    assert_eq!(server.mails().len(), 1, "one copy, not one per attempt");
    assert_eq!(data_commands(&server), 1);
    insta::assert_snapshot!("closed_after_data", normalise(&stderr(&o), &dir, server.port));
    // The next run sends it again: the one gap SMTP leaves (README).
    let o = again(&dir, &["send"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(server.mails().len(), 2);
    check_message(&server.mails()[1], &pdf);
    drop(t);
}

#[test]
fn a_refused_login_that_echoes_the_auth_line_shows_no_credentials_anywhere() {
    const PW: &str = "Tr0ub4dor-&-3";
    let server = Server::start(0, Script { password: Some(PW.into()), echo_auth: true, ..Default::default() });
    let extra = "tls = \"none\"\nusername = \"briefpack\"\npassword_env = \"BRIEFPACK_TEST_PW\"";
    let (t, _) = setup(server.port, extra);
    let dir = t.dir.path().to_path_buf();
    let o = again(&dir, &["send", "doc.pdf", "--insecure"], &[("BRIEFPACK_TEST_PW", PW)]);
    assert!(!o.status.success());
    let b64 = encode_base64(format!("\0briefpack\0{PW}").as_bytes());
    assert!(server.transcript().contains(&b64), "the server saw the login it echoes");
    let err = stderr(&o);
    assert!(!err.contains(&b64) && !err.contains(PW) && !err.contains(&b64[..20]), "{err}");
    insta::assert_snapshot!("login_refused_with_echo", normalise(&err, &dir, server.port));
    let listing = String::from_utf8_lossy(&again(&dir, &["outbox"], &[]).stdout).into_owned();
    assert!(listing.contains("[credentials removed]"), "{listing}");
    assert!(!listing.contains(&b64[..20]) && !listing.contains(PW), "{listing}");
    for f in pending_files(&dir) {
        let text = std::fs::read_to_string(dir.join("briefs/outbox/pending").join(&f)).unwrap();
        assert!(!text.contains(&b64[..20]) && !text.contains(PW), "{f}: {text}");
    }
    drop(t);
}

#[test]
fn deadlines_in_mail_toml_are_checked_at_their_line() {
    let (t, _) =
        setup(25, "tls = \"none\"\ncommand_timeout_seconds = 0\nfinal_reply_timeout_seconds = -3\ntimeout_seconds = 4");
    let run = t.args(&["send", "doc.pdf"]).run().failure();
    insta::assert_snapshot!("deadline_keys", normalise(&run.stderr(), &run.dir, 25));
}

// ------------------------------------------------------ crashes at each step

/// Every file operation of a send (src/mail/outbox.rs lists them), for the
/// first and the second of two messages.
const CRASH_POINTS: [&str; 12] = [
    "queue-eml",
    "queue-eml:2",
    "queue-json",
    "queue-json:2",
    "log",
    "log:2",
    "archive",
    "archive:2",
    "unqueue",
    "unqueue:2",
    "save",
    "save:2",
];

/// Kills `send` (abort, as a crash would) just after each file operation,
/// then runs the same command again: every message arrives exactly once,
/// and no run reports anything false (lost, damaged, pending when sent).
#[cfg(debug_assertions)] // release binaries have no crash hook
#[test]
fn a_send_killed_at_any_file_operation_delivers_every_message_exactly_once_on_the_rerun() {
    use std::os::unix::process::ExitStatusExt;
    const SECOND: &str = "เอกสารฉบับที่สอง";
    let args = ["send", "doc.pdf", "other.pdf"];
    for step in CRASH_POINTS {
        // `save` happens when a message must wait: the first run finds no server.
        let waits = step.starts_with("save");
        let port = if waits { Server::free_port() } else { 0 };
        let mut server = (!waits).then(|| Server::start(port, Script::default()));
        let (t, _) = setup(server.as_ref().map_or(port, |s| s.port), PLAIN);
        std::fs::write(t.path("other.pdf"), pdf_with_title(SECOND)).unwrap();
        let dir = t.dir.path();
        let o = again(dir, &args, &[("BRIEFPACK_CRASH_AT", step)]);
        assert_eq!(o.status.signal(), Some(libc::SIGABRT), "{step}: not killed there:\n{}", stderr(&o));
        if waits {
            // For the second message to be saved too, it must get its own try.
            server = Some(Server::start(port, Script::default()));
        }
        let server = server.unwrap();
        if step == "queue-eml" {
            // Written, not queued: named, so that it is not forgotten.
            let listing = String::from_utf8_lossy(&again(dir, &["outbox"], &[]).stdout).into_owned();
            assert!(listing.contains("was being queued when a run stopped"), "{listing}");
        }

        let o = again(dir, &args, &[]);
        let err = stderr(&o);
        assert!(o.status.success(), "{step}: the rerun failed:\n{err}");
        for false_claim in ["lost", "damaged", "no message beside it", "panicked", "problem"] {
            assert!(!err.contains(false_claim), "{step}: the rerun says {false_claim:?}:\n{err}");
        }
        let subjects = |mails: &[Mail]| {
            let mut v: Vec<String> = mails
                .iter()
                .map(|m| MessageParser::default().parse(&m.data).unwrap().subject().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        let mails = server.mails();
        let mut expected = [TITLE.to_string(), SECOND.to_string()];
        expected.sort();
        assert_eq!(subjects(&mails), expected, "{step}: each message exactly once:\n{err}");
        for m in &mails {
            assert_eq!(m.rcpt.len(), RECIPIENTS.len(), "{step}: every recipient in the one copy");
        }
        let listing = String::from_utf8_lossy(&again(dir, &["outbox"], &[]).stdout).into_owned();
        assert!(listing.starts_with("nothing pending"), "{step}: {listing}");
        assert!(!listing.contains("problem"), "{step}: {listing}");

        let o = again(dir, &args, &[]);
        let err = stderr(&o);
        assert!(o.status.success(), "{step}: {err}");
        assert_eq!(err.matches("already went to all 4 recipients").count(), 2, "{step}: {err}");
        assert_eq!(server.mails().len(), 2, "{step}: nothing sent twice");
    }
}
