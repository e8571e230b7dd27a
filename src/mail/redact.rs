//! Keeping the SMTP credentials out of everything briefpack shows or stores.
//!
//! A server may echo what it was sent, for example a 535 reply that quotes
//! the AUTH PLAIN line, whose base64 decodes to the user name and password.
//! Every server reply passes through [`Redactor::clean`] before it reaches
//! an error message, `pending/*.json`, `sent.log` or `briefpack outbox`: the
//! password itself, and any run of base64 that decodes to text holding it (or
//! to the user name), or that is a piece of the base64 briefpack sent for
//! the login, is replaced by [`REDACTED`].

use base64::Engine;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};

pub const REDACTED: &str = "[credentials removed]";

/// Shortest run of base64 looked at: shorter ones decode to a few bytes that
/// cannot hold a credential worth hiding, and are common words.
const MIN_TOKEN: usize = 8;

pub struct Redactor {
    password: Option<String>,
    username: Option<String>,
    /// The base64 texts a login sends (AUTH PLAIN's, LOGIN's user and password).
    encoded: Vec<String>,
}

fn lenient() -> GeneralPurpose {
    GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    )
}

impl Redactor {
    pub fn new(username: Option<&str>, password: Option<&str>) -> Redactor {
        let mut encoded = Vec::new();
        let b64 = |s: &[u8]| general_purpose::STANDARD.encode(s);
        if let Some(p) = password.filter(|p| !p.is_empty()) {
            let u = username.unwrap_or("");
            encoded.push(b64(format!("\0{u}\0{p}").as_bytes()));
            encoded.push(b64(format!("{u}\0{u}\0{p}").as_bytes()));
            encoded.push(b64(p.as_bytes()));
            if !u.is_empty() {
                encoded.push(b64(u.as_bytes()));
            }
        }
        Redactor {
            password: password.filter(|p| !p.is_empty()).map(str::to_string),
            username: username.filter(|u| !u.is_empty()).map(str::to_string),
            encoded,
        }
    }

    fn secret_token(&self, token: &str) -> bool {
        let Some(password) = &self.password else { return false };
        let bare = token.trim_end_matches('=');
        if bare.len() >= MIN_TOKEN && self.encoded.iter().any(|e| e.contains(bare)) {
            return true;
        }
        // A token may carry a byte or two of its neighbours: try the cuts
        // that give whole base64 quanta.
        let engine = lenient();
        (0..4).any(|cut| {
            let t = &bare[..bare.len().saturating_sub(cut)];
            t.len() >= MIN_TOKEN
                && engine.decode(t).is_ok_and(|bytes| {
                    let text = String::from_utf8_lossy(&bytes);
                    text.contains(password.as_str()) || self.username.as_deref().is_some_and(|u| text == u)
                })
        })
    }

    /// `text` without the credentials.
    pub fn clean(&self, text: &str) -> String {
        let Some(password) = &self.password else { return text.to_string() };
        let text = text.replace(password.as_str(), REDACTED);
        let is_b64 = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=';
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(start) = rest.find(is_b64) {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let end = tail.find(|c: char| !is_b64(c)).unwrap_or(tail.len());
            let token = &tail[..end];
            if self.secret_token(token) {
                out.push_str(REDACTED);
            } else {
                out.push_str(token);
            }
            rest = &tail[end..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "Tr0ub4dor-&-3";

    #[test]
    fn an_echoed_auth_plain_line_and_the_password_are_removed() {
        let r = Redactor::new(Some("briefpack"), Some(PW));
        let line = general_purpose::STANDARD.encode(format!("\0briefpack\0{PW}"));
        let reply = format!("535 5.7.8 authentication failed for AUTH PLAIN {line}");
        let clean = r.clean(&reply);
        assert_eq!(clean, format!("535 5.7.8 authentication failed for AUTH PLAIN {REDACTED}"));
        // Cut short by the server, or glued to punctuation.
        let cut = r.clean(&format!("535 <{}>", &line[..line.len() - 5]));
        assert_eq!(cut, format!("535 <{REDACTED}>"));
        assert_eq!(r.clean(&format!("bad password {PW}!")), format!("bad password {REDACTED}!"));
        let login = general_purpose::STANDARD.encode(PW);
        assert_eq!(r.clean(&format!("535 {login}")), format!("535 {REDACTED}"));
    }

    #[test]
    fn ordinary_replies_are_left_alone() {
        let r = Redactor::new(Some("briefpack"), Some(PW));
        for reply in ["250 2.0.0 queued as 1A2B3C4D5E", "535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6"] {
            assert_eq!(r.clean(reply), reply);
        }
        assert_eq!(Redactor::new(None, None).clean("535 AGJyaWVmcGFjaw=="), "535 AGJyaWVmcGFjaw==");
    }
}
