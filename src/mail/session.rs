//! One SMTP connection with deadlines: every command, with its whole reply,
//! must be done within `command_timeout`; connecting, the greeting, EHLO,
//! STARTTLS and the login together within `connection_timeout`; and once the
//! whole message is sent, its reply is waited for up to `final_reply_timeout`.
//!
//! Hand-written around lettre's pieces, because lettre's `SmtpConnection`
//! cannot give these guarantees: it owns its socket privately and offers
//! only a timeout per read, so a server that trickles one `250-` line a
//! second keeps a command alive for ever; and its `message()` writes the
//! text and waits for the reply in one call, so a failure cannot be told
//! apart as "the message did not get through" (safe to send again) or "the
//! message got through but the reply did not come" (sending again may
//! deliver it twice). lettre still formats every command (`commands`), the
//! login (`Auth`, `Mechanism`), parses replies (`Response`) and EHLO
//! (`ServerInfo`); TLS is rustls, as under lettre.
//!
//! A deadline is enforced at the socket: before each read or write the
//! socket's timeout is set to the time left, so no sequence of reads can
//! outlast it, however slowly the server trickles.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::commands::{Auth, Ehlo, Quit, Starttls};
use lettre::transport::smtp::extension::{ClientId, Extension, ServerInfo};
use lettre::transport::smtp::response::Response;
use rustls::pki_types::ServerName;

use super::redact::Redactor;

/// RFC 5321 4.5.3.1.5 allows 512 octets per reply line; like Postfix (and
/// lettre), accept up to 1000, and 100 kB in all.
const MAX_LINE: usize = 1000;
const MAX_REPLY: usize = 100_000;

/// The step of waiting for the reply to the end of the message.
const REPLY_STEP: &str = "waiting for the reply to the message";

/// The limits of one connection (from `[smtp]` in mail.toml).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub command: Duration,
    pub connection: Duration,
    pub final_reply: Duration,
}

/// The TCP socket under a session: each read and write gets only the time
/// left before `deadline`.
struct Wire {
    tcp: TcpStream,
    deadline: Instant,
}

fn deadline_passed() -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, "deadline passed")
}

impl Wire {
    fn left(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() { Err(deadline_passed()) } else { Ok(left) }
    }
}

/// A socket timeout reads as "Resource temporarily unavailable" (EAGAIN):
/// call it what it is.
fn timeout_kind(e: io::Error) -> io::Error {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => deadline_passed(),
        _ => e,
    }
}

impl Read for Wire {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.tcp.set_read_timeout(Some(left))?;
        self.tcp.read(buf).map_err(timeout_kind)
    }
}

impl Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.left()?;
        self.tcp.set_write_timeout(Some(left))?;
        self.tcp.write(buf).map_err(timeout_kind)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

/// The connection, plain or encrypted.
enum Channel {
    Plain(Wire),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, Wire>>),
}

impl Channel {
    fn wire(&mut self) -> &mut Wire {
        match self {
            Channel::Plain(w) => w,
            Channel::Tls(s) => &mut s.sock,
        }
    }
}

impl Read for Channel {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Channel::Plain(w) => w.read(buf),
            Channel::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Channel {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Channel::Plain(w) => w.write(buf),
            Channel::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Channel::Plain(w) => w.flush(),
            Channel::Tls(s) => s.flush(),
        }
    }
}

/// A reply of the server, its text cleaned of credentials.
#[derive(Debug, Clone)]
pub struct Reply {
    pub code: u16,
    /// "250 2.0.0 queued as 1" (lines joined by a space).
    pub text: String,
    response: Response,
}

impl Reply {
    pub fn permanent(&self) -> bool {
        self.code >= 500
    }
    pub fn negative(&self) -> bool {
        self.code >= 400
    }
}

/// What went wrong in a step.
#[derive(Debug)]
pub enum Kind {
    /// The step's deadline passed; the key of mail.toml that sets it.
    Timeout(Duration, &'static str),
    /// The server closed the connection.
    Closed,
    Io(io::Error),
    /// TLS failed (certificate, protocol).
    Tls(String),
    /// A negative reply (4xx, 5xx).
    Reply(Reply),
    /// Not an SMTP reply.
    Garbled(String),
}

#[derive(Debug)]
pub struct StepError {
    /// What was being done: "EHLO", "connecting", "waiting for the reply to the message".
    pub step: String,
    pub server: String,
    pub kind: Kind,
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 { format!("{s:.0} s") } else { format!("{s:.1} s") }
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (step, server) = (&self.step, &self.server);
        match &self.kind {
            Kind::Timeout(limit, "final_reply_timeout_seconds") => write!(
                f,
                "{server} took the whole message but sent no reply within {} (smtp.final_reply_timeout_seconds)",
                seconds(*limit)
            ),
            Kind::Timeout(limit, key) => write!(
                f,
                "{step} {} {server} took more than {} (smtp.{key}): the server is not answering; check that \
                 smtp.host and smtp.port name a working mail server, or raise smtp.{key} if it is only slow",
                if step == "connecting" { "to" } else { "with" },
                seconds(*limit)
            ),
            Kind::Closed if step == REPLY_STEP => {
                write!(f, "{server} took the whole message, then closed the connection without a reply")
            }
            Kind::Closed => write!(f, "{server} closed the connection during {step}"),
            Kind::Io(e) if step == "connecting" => write!(f, "cannot connect to {server}: {e}"),
            Kind::Io(e) => write!(f, "{step} with {server}: {e}"),
            Kind::Tls(e) => write!(f, "TLS with {server} failed: {e}"),
            Kind::Reply(r) => write!(f, "{server} answered {step} with {}", r.text),
            Kind::Garbled(d) => write!(f, "{server} sent something that is not an SMTP reply during {step}: {d}"),
        }
    }
}

impl StepError {
    pub fn is_tls(&self) -> bool {
        matches!(self.kind, Kind::Tls(_))
    }
    pub fn reply(&self) -> Option<&Reply> {
        match &self.kind {
            Kind::Reply(r) => Some(r),
            _ => None,
        }
    }
}

/// How a message's text went.
pub enum DataOutcome {
    /// The server's reply to the end of the message (positive or not).
    Replied(Reply),
    /// The text did not get through whole: the server cannot have taken it.
    NotSent(StepError),
    /// All of the text was sent, but no reply came: the server may have
    /// taken it.
    Unknown(StepError),
}

pub struct Session<'a> {
    io: Option<BufReader<Channel>>,
    server: String,
    limits: Limits,
    redactor: &'a Redactor,
    /// While connecting: the connection deadline.
    setup_until: Option<Instant>,
    pub info: ServerInfo,
}

impl<'a> Session<'a> {
    /// Connects, reads the greeting and says EHLO (with implicit TLS first
    /// when `tls` is given), all within the connection deadline.
    pub fn open(
        host: &str,
        port: u16,
        hello: &ClientId,
        tls: Option<&Arc<rustls::ClientConfig>>,
        limits: Limits,
        redactor: &'a Redactor,
    ) -> Result<Session<'a>, StepError> {
        let server = format!("{host}:{port}");
        let until = Instant::now() + limits.connection;
        let fail = |step: &str, kind| StepError { step: step.to_string(), server: server.clone(), kind };
        let addrs =
            resolve(host, port, limits.connection.min(limits.command)).map_err(|kind| fail("connecting", kind))?;
        let mut last = None;
        let mut tcp = None;
        for addr in addrs {
            let left = until.saturating_duration_since(Instant::now()).min(limits.command);
            if left.is_zero() {
                break;
            }
            match TcpStream::connect_timeout(&addr, left) {
                Ok(s) => {
                    tcp = Some(s);
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        let tcp = match (tcp, last) {
            (Some(t), _) => t,
            (None, Some(e)) if matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => {
                let limit = if limits.command < limits.connection {
                    Kind::Timeout(limits.command, "command_timeout_seconds")
                } else {
                    Kind::Timeout(limits.connection, "connection_timeout_seconds")
                };
                return Err(fail("connecting", limit));
            }
            (None, Some(e)) => return Err(fail("connecting", Kind::Io(e))),
            (None, None) => {
                return Err(fail("connecting", Kind::Io(io::Error::other("the host name has no address"))));
            }
        };
        let _ = tcp.set_nodelay(true);
        let wire = Wire { tcp, deadline: Instant::now() };
        let mut s = Session {
            io: Some(BufReader::new(Channel::Plain(wire))),
            server,
            limits,
            redactor,
            setup_until: Some(until),
            info: ServerInfo::default(),
        };
        if let Some(config) = tls {
            s.upgrade(config, host, "TLS")?;
        }
        s.arm(limits.command);
        let greeting = s.read_reply("waiting for the greeting")?;
        if greeting.negative() {
            return Err(s.error("the connection", Kind::Reply(greeting)));
        }
        s.ehlo(hello)?;
        Ok(s)
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// The connection deadline is over: from now on each command has its own.
    pub fn ready(&mut self) {
        self.setup_until = None;
    }

    pub fn is_encrypted(&self) -> bool {
        matches!(self.io.as_ref().map(|b| b.get_ref()), Some(Channel::Tls(_)))
    }

    pub fn can_starttls(&self) -> bool {
        !self.is_encrypted() && self.info.supports_feature(Extension::StartTls)
    }

    fn error(&self, step: &str, kind: Kind) -> StepError {
        StepError { step: step.to_string(), server: self.server.clone(), kind }
    }

    /// The deadline of the next step: `limit` from now, and never past the
    /// connection deadline while connecting.
    fn arm(&mut self, limit: Duration) {
        let mut d = Instant::now() + limit;
        if let Some(u) = self.setup_until {
            d = d.min(u);
        }
        if let Some(io) = self.io.as_mut() {
            io.get_mut().wire().deadline = d;
        }
    }

    /// The limit (and its key) that ends the step now starting.
    fn limit_of(&self, limit: Duration, key: &'static str) -> (Duration, &'static str) {
        match self.setup_until {
            Some(u) if u <= Instant::now() + limit => (self.limits.connection, "connection_timeout_seconds"),
            _ => (limit, key),
        }
    }

    fn io_error(&self, step: &str, e: io::Error, limit: (Duration, &'static str)) -> StepError {
        let kind = match e.kind() {
            io::ErrorKind::TimedOut => Kind::Timeout(limit.0, limit.1),
            io::ErrorKind::InvalidData if self.is_encrypted() => Kind::Tls(self.redactor.clean(&e.to_string())),
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset => Kind::Closed,
            _ => Kind::Io(e),
        };
        self.error(step, kind)
    }

    fn write_all(&mut self, step: &str, bytes: &[u8], limit: (Duration, &'static str)) -> Result<(), StepError> {
        let Some(io) = self.io.as_mut() else { return Err(self.error(step, Kind::Closed)) };
        let r = io.get_mut().write_all(bytes).and_then(|_| io.get_mut().flush());
        r.map_err(|e| self.io_error(step, e, limit))
    }

    /// Reads one whole reply (all its lines) before the armed deadline.
    fn read_reply(&mut self, step: &str) -> Result<Reply, StepError> {
        let limit = self.limit_of(self.limits.command, "command_timeout_seconds");
        self.read_reply_within(step, limit)
    }

    fn read_reply_within(&mut self, step: &str, limit: (Duration, &'static str)) -> Result<Reply, StepError> {
        let mut text = String::new();
        loop {
            let mut line = Vec::new();
            let Some(io) = self.io.as_mut() else { return Err(self.error(step, Kind::Closed)) };
            let n = io.take(MAX_LINE as u64 + 2).read_until(b'\n', &mut line);
            let n = n.map_err(|e| self.io_error(step, e, limit))?;
            if n == 0 {
                return Err(self.error(step, Kind::Closed));
            }
            if !line.ends_with(b"\n") {
                if n > MAX_LINE {
                    return Err(self.error(step, Kind::Garbled(format!("a reply line longer than {MAX_LINE} bytes"))));
                }
                return Err(self.error(step, Kind::Closed));
            }
            let l = String::from_utf8_lossy(&line);
            let l = l.trim_end_matches(['\r', '\n']);
            let b = l.as_bytes();
            if b.len() < 3 || !b[..3].iter().all(u8::is_ascii_digit) || (b.len() > 3 && b[3] != b' ' && b[3] != b'-') {
                let shown: String = self.redactor.clean(l).chars().take(80).collect();
                return Err(self.error(step, Kind::Garbled(format!("{shown:?}"))));
            }
            let last = b.len() == 3 || b[3] == b' ';
            // lettre's parser wants "NNN text\r\n" on the last line.
            text.push_str(if b.len() == 3 { &l[..3] } else { l });
            if b.len() == 3 {
                text.push(' ');
            }
            text.push_str("\r\n");
            if text.len() > MAX_REPLY {
                return Err(self.error(step, Kind::Garbled(format!("a reply longer than {MAX_REPLY} bytes"))));
            }
            if last {
                break;
            }
        }
        let response: Response = text.parse().map_err(|_| {
            let shown: String = self.redactor.clean(&text).chars().take(80).collect();
            self.error(step, Kind::Garbled(format!("{shown:?} (the lines' codes differ)")))
        })?;
        let code: u16 = text[..3].parse().unwrap_or(0);
        let joined = format!("{} {}", code, response.message().collect::<Vec<_>>().join(" "));
        Ok(Reply { code, text: self.redactor.clean(joined.trim()), response })
    }

    /// Sends a command and reads its reply, both within the command timeout.
    /// A negative reply is an error of kind [`Kind::Reply`].
    pub fn command(&mut self, step: &str, line: &str) -> Result<Reply, StepError> {
        let limit = self.limit_of(self.limits.command, "command_timeout_seconds");
        self.arm(self.limits.command);
        self.write_all(step, line.as_bytes(), limit)?;
        let reply = self.read_reply_within(step, limit)?;
        if reply.negative() {
            return Err(self.error(step, Kind::Reply(reply)));
        }
        Ok(reply)
    }

    fn ehlo(&mut self, hello: &ClientId) -> Result<(), StepError> {
        let reply = self.command("EHLO", &Ehlo::new(hello.clone()).to_string())?;
        self.info = ServerInfo::from_response(&reply.response)
            .map_err(|e| self.error("EHLO", Kind::Garbled(self.redactor.clean(&e.to_string()))))?;
        Ok(())
    }

    /// STARTTLS, the TLS handshake and EHLO again.
    pub fn starttls(
        &mut self,
        config: &Arc<rustls::ClientConfig>,
        host: &str,
        hello: &ClientId,
    ) -> Result<(), StepError> {
        self.command("STARTTLS", &Starttls.to_string())?;
        self.upgrade(config, host, "the TLS handshake")?;
        self.ehlo(hello)
    }

    fn upgrade(&mut self, config: &Arc<rustls::ClientConfig>, host: &str, step: &str) -> Result<(), StepError> {
        let io = self.io.take().ok_or_else(|| self.error(step, Kind::Closed))?;
        if !io.buffer().is_empty() {
            return Err(self.error(step, Kind::Garbled("data sent before the TLS handshake".into())));
        }
        let Channel::Plain(wire) = io.into_inner() else {
            return Err(self.error(step, Kind::Tls("already encrypted".into())));
        };
        let name = ServerName::try_from(host.to_string())
            .map_err(|_| self.error(step, Kind::Tls(format!("{host} is not a valid server name"))))?;
        let conn = rustls::ClientConnection::new(config.clone(), name)
            .map_err(|e| self.error(step, Kind::Tls(e.to_string())))?;
        let mut stream = rustls::StreamOwned::new(conn, wire);
        let limit = self.limit_of(self.limits.command, "command_timeout_seconds");
        let mut d = Instant::now() + self.limits.command;
        if let Some(u) = self.setup_until {
            d = d.min(u);
        }
        stream.sock.deadline = d;
        while stream.conn.is_handshaking() {
            if let Err(e) = stream.conn.complete_io(&mut stream.sock) {
                let kind = match e.kind() {
                    io::ErrorKind::TimedOut => Kind::Timeout(limit.0, limit.1),
                    io::ErrorKind::InvalidData => Kind::Tls(e.to_string()),
                    io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionReset => Kind::Closed,
                    _ => Kind::Io(e),
                };
                return Err(self.error(step, kind));
            }
        }
        self.io = Some(BufReader::new(Channel::Tls(Box::new(stream))));
        Ok(())
    }

    /// AUTH PLAIN or LOGIN (lettre formats the exchange).
    pub fn login(&mut self, creds: &Credentials) -> Result<Option<Reply>, StepError> {
        let step = "the login";
        let Some(mechanism) = self.info.get_auth_mechanism(&[Mechanism::Plain, Mechanism::Login]) else {
            return Ok(None);
        };
        let auth = Auth::new(mechanism, creds.clone(), None)
            .map_err(|e| self.error(step, Kind::Garbled(self.redactor.clean(&e.to_string()))))?;
        let mut reply = self.command(step, &auth.to_string())?;
        let mut challenges = 0;
        while reply.code == 334 {
            challenges += 1;
            if challenges > 10 {
                return Err(self.error(step, Kind::Garbled("more than 10 login challenges".into())));
            }
            let auth = Auth::new_from_response(mechanism, creds.clone(), &reply.response)
                .map_err(|e| self.error(step, Kind::Garbled(self.redactor.clean(&e.to_string()))))?;
            reply = self.command(step, &auth.to_string())?;
        }
        Ok(Some(reply))
    }

    /// Sends the message's text (dot-stuffed, then the final ".") and waits
    /// for the reply: the text has `command_timeout` per started MiB, the
    /// reply `final_reply_timeout` (RFC 5321 4.5.3.2.6: 10 minutes).
    pub fn data(&mut self, text: &[u8]) -> DataOutcome {
        let step = "sending the message";
        let mut wire = Vec::with_capacity(text.len() + text.len() / 64 + 5);
        let mut line_start = true;
        for &b in text {
            if line_start && b == b'.' {
                wire.push(b'.');
            }
            wire.push(b);
            line_start = b == b'\n';
        }
        if !wire.ends_with(b"\r\n") {
            wire.extend_from_slice(b"\r\n");
        }
        wire.extend_from_slice(b".\r\n");
        let mib = (wire.len() as u32).div_ceil(1 << 20).max(1);
        let budget = self.limits.command.saturating_mul(mib);
        self.arm(budget);
        if let Err(e) = self.write_all(step, &wire, (budget, "command_timeout_seconds")) {
            return DataOutcome::NotSent(e);
        }
        self.arm(self.limits.final_reply);
        match self.read_reply_within(REPLY_STEP, (self.limits.final_reply, "final_reply_timeout_seconds")) {
            Ok(r) => DataOutcome::Replied(r),
            Err(e) => DataOutcome::Unknown(e),
        }
    }

    /// QUIT, politely and briefly; the connection is closed either way.
    pub fn quit(mut self) {
        self.arm(self.limits.command.min(Duration::from_secs(5)));
        let _ = self.command("QUIT", &Quit.to_string());
        self.abort();
    }

    /// Closes the connection at once.
    pub fn abort(&mut self) {
        if let Some(mut io) = self.io.take() {
            let _ = io.get_mut().wire().tcp.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// The addresses of `host`, within `limit`. The system's resolver has no
/// timeout of its own, so a name is looked up on a thread that is left to
/// finish on its own if the deadline passes; a literal address needs none.
fn resolve(host: &str, port: u16, limit: Duration) -> Result<Vec<std::net::SocketAddr>, Kind> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(vec![std::net::SocketAddr::new(ip, port)]);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let name = host.to_string();
    std::thread::spawn(move || {
        let _ = tx.send((name.as_str(), port).to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(addrs)) => Ok(addrs),
        Ok(Err(e)) => Err(Kind::Io(io::Error::new(e.kind(), format!("cannot look up {host}: {e}")))),
        Err(_) => Err(Kind::Timeout(limit, "connection_timeout_seconds")),
    }
}

/// The TLS settings: the web's root certificates (webpki-roots, as lettre
/// used) and those of `ca_file`.
pub fn tls_config(ca_pem: Option<&[u8]>) -> Result<Arc<rustls::ClientConfig>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(pem) = ca_pem {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("not a PEM certificate ({e})"))?;
        if certs.is_empty() {
            return Err("no PEM certificate in it".into());
        }
        for c in certs {
            roots.add(c).map_err(|e| format!("a certificate in it is not usable ({e})"))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn limits(command_ms: u64) -> Limits {
        Limits {
            command: Duration::from_millis(command_ms),
            connection: Duration::from_secs(30),
            final_reply: Duration::from_secs(30),
        }
    }

    /// A server that sends `lines` one at a time, `gap` apart, then waits.
    fn trickler(lines: Vec<&'static str>, gap: Duration) -> u16 {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            for line in lines {
                if s.write_all(line.as_bytes()).is_err() {
                    return;
                }
                std::thread::sleep(gap);
            }
            std::thread::sleep(Duration::from_secs(5));
        });
        port
    }

    #[test]
    fn a_trickled_greeting_cannot_outlast_the_command_deadline() {
        let lines = vec!["220-a\r\n"; 50];
        let port = trickler(lines, Duration::from_millis(100));
        let r = Redactor::new(None, None);
        let t = Instant::now();
        let e = Session::open("127.0.0.1", port, &ClientId::Domain("t".into()), None, limits(700), &r).err().unwrap();
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
        assert!(matches!(e.kind, Kind::Timeout(_, "command_timeout_seconds")), "{e:?}");
        let text = e.to_string();
        assert!(text.starts_with("waiting for the greeting with 127.0.0.1:"), "{text}");
        assert!(!text.contains("os error"), "{text}");
    }

    #[test]
    fn replies_of_several_lines_and_bare_codes_are_read_whole() {
        let port = trickler(vec!["220 hi\r\n", "250-x\r\n250-STARTTLS\r\n250\r\n"], Duration::from_millis(1));
        let r = Redactor::new(None, None);
        let s = Session::open("127.0.0.1", port, &ClientId::Domain("t".into()), None, limits(2000), &r).ok().unwrap();
        assert!(s.info.supports_feature(Extension::StartTls));
    }

    #[test]
    fn a_name_that_does_not_resolve_says_so() {
        let e = resolve("no-such-host.invalid", 25, Duration::from_secs(10)).unwrap_err();
        match e {
            Kind::Io(e) => assert!(e.to_string().contains("cannot look up no-such-host.invalid"), "{e}"),
            // A sandbox whose resolver never answers is held to the deadline.
            Kind::Timeout(..) => {}
            other => panic!("{other:?}"),
        }
        let addrs = resolve("127.0.0.1", 25, Duration::ZERO).ok().unwrap();
        assert_eq!(addrs, ["127.0.0.1:25".parse().unwrap()]);
    }

    #[test]
    fn a_line_that_is_not_a_reply_is_named_not_waited_for() {
        let port = trickler(vec!["HTTP/1.1 400 Bad Request\r\n"], Duration::from_millis(1));
        let r = Redactor::new(None, None);
        let e = Session::open("127.0.0.1", port, &ClientId::Domain("t".into()), None, limits(2000), &r).err().unwrap();
        assert!(e.to_string().contains("not an SMTP reply during waiting for the greeting: \"HTTP/1.1"), "{e}");
    }
}
