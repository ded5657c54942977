//! Server addresses (`smtp://`, `smtps://`, `nntp://`, `nntps://`): parsed
//! once, with the security they require, and shown without any user name or
//! password. A malformed address is never echoed, since it may hold a
//! password in a place the parser did not expect.

use super::Login;

/// The protocol of an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Mail (RFC 5321).
    Smtp,
    /// News (RFC 3977).
    Nntp,
}

/// How the connection is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (`smtps://`, `nntps://`).
    Tls,
    /// STARTTLS, required (`?tls=required`, or whenever a password is sent).
    StartTls,
    /// STARTTLS when the server offers it (SMTP), else none.
    Opportunistic,
}

/// A parsed server address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Mail or news.
    pub protocol: Protocol,
    /// The host name or address.
    pub host: String,
    /// The port.
    pub port: u16,
    /// The encryption asked for.
    pub security: Security,
    /// Whether a password may cross an unencrypted connection (an explicit,
    /// unsafe opt-in: `?insecure_plaintext_auth=yes`).
    pub insecure_plaintext_auth: bool,
    /// The user name and password written in the address, if any.
    pub login: Option<Login>,
    /// Certificates (PEM) to trust besides the usual public roots, for a
    /// server with a private certificate authority (`PRIVSITE_TLS_CA_FILE`).
    pub extra_roots: Option<Vec<u8>>,
}

/// What to tell a user whose address cannot be read.
fn malformed(protocol: Protocol, why: &str) -> String {
    let (forms, name) = match protocol {
        Protocol::Smtp => (
            "smtp://host:port (STARTTLS), smtps://host (TLS)",
            "the relay address (--smtp or PRIVSITE_SMTP_URL)",
        ),
        Protocol::Nntp => (
            "nntp://host:port or nntps://host (TLS)",
            "the news server address (PRIVSITE_NNTP_URL)",
        ),
    };
    format!(
        "{name} cannot be used: {why}. Write it as {forms}; it is not shown here because it may hold a password"
    )
}

impl Endpoint {
    /// Parses `text` as an address for `protocol`.
    pub fn parse(text: &str, protocol: Protocol) -> Result<Endpoint, String> {
        let bad = |why: &str| malformed(protocol, why);
        let url = url::Url::parse(text.trim()).map_err(|_| bad("it is not an address"))?;
        let (plain, tls, default_plain, default_tls) = match protocol {
            Protocol::Smtp => ("smtp", "smtps", 25, 465),
            Protocol::Nntp => ("nntp", "nntps", 119, 563),
        };
        let implicit = match url.scheme() {
            s if s == plain => false,
            s if s == tls => true,
            _ => return Err(bad(&format!("it must start with {plain}:// or {tls}://"))),
        };
        if url.cannot_be_a_base() || !text.trim()[url.scheme().len()..].starts_with("://") {
            return Err(bad(&format!("it must start with {plain}:// or {tls}://")));
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => d.to_owned(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            _ => return Err(bad("it names no server")),
        };
        if url.path() != "/" && !url.path().is_empty() {
            return Err(bad("it has a path after the server name"));
        }
        let mut security = if implicit {
            Security::Tls
        } else {
            Security::Opportunistic
        };
        let mut insecure_plaintext_auth = false;
        for (key, value) in url.query_pairs() {
            match (key.as_ref(), value.as_ref()) {
                ("tls", "required") if !implicit => security = Security::StartTls,
                ("tls", "required") => {}
                ("insecure_plaintext_auth", "yes") => insecure_plaintext_auth = true,
                _ => {
                    return Err(bad(
                        "it has an unknown option (known: ?tls=required, ?insecure_plaintext_auth=yes)",
                    ));
                }
            }
        }
        let decode = |s: &str| {
            percent_decode(s).ok_or_else(|| bad("its user name or password is not valid text"))
        };
        let login = match (url.username(), url.password()) {
            ("", None) => None,
            (_, None) => {
                return Err(bad(
                    "it has a user name but no password; give both, or neither and set the user and password variables",
                ));
            }
            (user, Some(password)) => Some(Login {
                user: decode(user)?,
                password: decode(password)?,
            }),
        };
        Ok(Endpoint {
            protocol,
            host,
            port: url
                .port()
                .unwrap_or(if implicit { default_tls } else { default_plain }),
            security,
            insecure_plaintext_auth,
            login,
            extra_roots: None,
        })
    }

    /// The address as messages show it: never a user name or password.
    pub fn shown(&self) -> String {
        let scheme = match (self.protocol, self.security) {
            (Protocol::Smtp, Security::Tls) => "smtps",
            (Protocol::Smtp, _) => "smtp",
            (Protocol::Nntp, Security::Tls) => "nntps",
            (Protocol::Nntp, _) => "nntp",
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{scheme}://{host}:{}", self.port)
    }
}

/// Decodes `%XX` escapes; `None` if the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_form_with_its_security_and_port() {
        let smtp = |s: &str| Endpoint::parse(s, Protocol::Smtp).unwrap();
        let nntp = |s: &str| Endpoint::parse(s, Protocol::Nntp).unwrap();
        assert_eq!(
            (
                smtp("smtp://relay.lan").port,
                smtp("smtp://relay.lan").security
            ),
            (25, Security::Opportunistic)
        );
        assert_eq!(smtp("smtps://smtp.example.com").security, Security::Tls);
        assert_eq!(smtp("smtps://smtp.example.com").port, 465);
        assert_eq!(
            smtp("smtp://h:587?tls=required").security,
            Security::StartTls
        );
        assert_eq!(nntp("nntp://news.example.com").port, 119);
        assert_eq!(nntp("nntps://news.example.com").port, 563);
        assert!(nntp("nntp://127.0.0.1:1119?insecure_plaintext_auth=yes").insecure_plaintext_auth);
        let with_login = smtp("smtp://al%40ice:p%3Aw@relay:2525");
        assert_eq!(
            with_login.login,
            Some(Login {
                user: "al@ice".into(),
                password: "p:w".into()
            })
        );
        assert_eq!(with_login.shown(), "smtp://relay:2525");
    }

    #[test]
    fn a_malformed_address_is_refused_without_showing_any_part_of_it() {
        for text in [
            "smtp:alice:PW@host",
            "smtp://alice@PW@host",
            "smtp://alice:PW@",
            "smtp//alice:PW@host",
            "http://alice:PW@host",
            "smtp://alice:PW@host/path",
            "smtp://alice:PW@host?tls=maybe",
            "alice:PW",
            "smtp://alice:PW@host:99999",
        ] {
            let err = Endpoint::parse(text, Protocol::Smtp).expect_err(text);
            assert!(!err.contains("PW"), "{text}: {err}");
            assert!(!err.contains("alice"), "{text}: {err}");
        }
        // `alice@PW` reads as a user name without a password: refused too.
        assert!(Endpoint::parse("smtp://alice@PW@host", Protocol::Smtp).is_err());
    }
}
