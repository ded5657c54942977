//! Posting one article over NNTP (RFC 3977 `POST`), with `AUTHINFO USER`/`PASS`
//! (RFC 4643) and TLS (RFC 8143 implicit TLS on `nntps://`, RFC 4642
//! STARTTLS) through rustls. A small client over `TcpStream`, because no
//! well-kept NNTP crate exists: it speaks only what posting needs, reads
//! every reply line within RFC 3977's limits, and never sends a password
//! over an unencrypted connection unless the address explicitly allows it.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use super::{Endpoint, Failure, Login, Security};

/// How long to wait for the server at each step.
const TIMEOUT: Duration = Duration::from_secs(60);
/// The longest reply line accepted (RFC 3977 allows 512 octets).
const MAX_LINE: usize = 2048;
/// The most capability lines read.
const MAX_CAPABILITIES: usize = 256;

/// A connection, plain or encrypted.
enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Stream {
    fn io(&mut self) -> &mut dyn ReadWrite {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.as_mut(),
        }
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

/// One reply: its code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reply {
    code: u16,
    text: String,
}

struct Session<'a> {
    stream: Option<Stream>,
    endpoint: &'a Endpoint,
}

/// Posts `article` (an RFC 5536 article with CRLF line ends) to the server at
/// `endpoint`, logging in with `login` (from the address, else given).
pub fn post(endpoint: &Endpoint, login: Option<&Login>, article: &[u8]) -> Result<(), Failure> {
    let login = endpoint.login.as_ref().or(login);
    let server = endpoint.shown();
    let not_sent = |what: String| Failure::NotSent(format!("the news server {server} {what}"));
    let address = (endpoint.host.as_str(), endpoint.port)
        .to_socket_addrs()
        .map_err(|e| not_sent(format!("could not be found: {e}")))?
        .next()
        .ok_or_else(|| not_sent("could not be found".to_owned()))?;
    let tcp = TcpStream::connect_timeout(&address, TIMEOUT)
        .map_err(|e| not_sent(format!("could not be reached: {e}")))?;
    tcp.set_read_timeout(Some(TIMEOUT))
        .and_then(|()| tcp.set_write_timeout(Some(TIMEOUT)))
        .map_err(|e| not_sent(format!("could not be reached: {e}")))?;
    let stream = if endpoint.security == Security::Tls {
        Stream::Tls(Box::new(tls(endpoint, tcp)?))
    } else {
        Stream::Plain(tcp)
    };
    let mut session = Session {
        stream: Some(stream),
        endpoint,
    };
    let result = session.post(login, article);
    if !matches!(result, Err(Failure::MaybeSent(_))) {
        let _ = session.command("QUIT");
    }
    result
}

/// Starts TLS on `tcp`, checking the server's certificate against the usual
/// public roots.
fn tls(
    endpoint: &Endpoint,
    tcp: TcpStream,
) -> Result<StreamOwned<ClientConnection, TcpStream>, Failure> {
    let fail = |e: &dyn std::fmt::Display| {
        Failure::NotSent(format!(
            "the news server {} could not be reached over TLS: {e} (if its certificate comes from \
             a private certificate authority, name that authority's PEM file in PRIVSITE_TLS_CA_FILE)",
            endpoint.shown()
        ))
    };
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(pem) = &endpoint.extra_roots {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let certificates = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                fail(&format!(
                    "PRIVSITE_TLS_CA_FILE holds no valid certificate ({e})"
                ))
            })?;
        let (added, _) = roots.add_parsable_certificates(certificates);
        if added == 0 {
            return Err(fail(&"PRIVSITE_TLS_CA_FILE holds no usable certificate"));
        }
    }
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| fail(&e))?
            .with_root_certificates(roots)
            .with_no_client_auth();
    let name = ServerName::try_from(endpoint.host.clone()).map_err(|e| fail(&e))?;
    let mut conn = ClientConnection::new(Arc::new(config), name).map_err(|e| fail(&e))?;
    let mut tcp = tcp;
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp).map_err(|e| fail(&e))?;
    }
    Ok(StreamOwned::new(conn, tcp))
}

impl Session<'_> {
    fn server(&self) -> String {
        self.endpoint.shown()
    }

    fn not_sent(&self, what: impl std::fmt::Display) -> Failure {
        Failure::NotSent(format!("the news server {} {what}", self.server()))
    }

    fn stream(&mut self) -> Result<&mut dyn ReadWrite, Failure> {
        let server = self.server();
        match self.stream.as_mut() {
            Some(s) => Ok(s.io()),
            None => Err(Failure::NotSent(format!(
                "the connection to the news server {server} was lost"
            ))),
        }
    }

    fn is_encrypted(&self) -> bool {
        matches!(self.stream, Some(Stream::Tls(_)))
    }

    /// Reads one line (without its CRLF).
    fn line(&mut self) -> Result<String, Failure> {
        let server = self.server();
        let lost = |e: &dyn std::fmt::Display| {
            Failure::NotSent(format!(
                "the connection to the news server {server} broke: {e}"
            ))
        };
        let stream = self.stream()?;
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        loop {
            match stream.read(&mut byte) {
                Ok(0) => return Err(lost(&"the server closed it")),
                Ok(_) if byte[0] == b'\n' => break,
                Ok(_) => line.push(byte[0]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(lost(&e)),
            }
            if line.len() > MAX_LINE {
                return Err(lost(&"a reply line is far too long"));
            }
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(String::from_utf8_lossy(&line).into_owned())
    }

    fn reply(&mut self) -> Result<Reply, Failure> {
        let line = self.line()?;
        let code = line
            .get(..3)
            .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| {
                self.not_sent(format!(
                    "sent a reply privsite does not understand: `{}`",
                    line.escape_debug()
                ))
            })?;
        Ok(Reply {
            code,
            text: line.get(4..).unwrap_or_default().trim().to_owned(),
        })
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        let server = self.server();
        let stream = self.stream()?;
        stream
            .write_all(bytes)
            .and_then(|()| stream.flush())
            .map_err(|e| {
                Failure::NotSent(format!(
                    "the connection to the news server {server} broke: {e}"
                ))
            })
    }

    fn command(&mut self, command: &str) -> Result<Reply, Failure> {
        self.send(format!("{command}\r\n").as_bytes())?;
        self.reply()
    }

    /// The server's capabilities (upper-cased first words), empty if it
    /// does not know CAPABILITIES (RFC 977 servers).
    fn capabilities(&mut self) -> Result<Vec<String>, Failure> {
        let reply = self.command("CAPABILITIES")?;
        if reply.code != 101 {
            return Ok(Vec::new());
        }
        let mut capabilities = Vec::new();
        loop {
            let line = self.line()?;
            if line == "." {
                return Ok(capabilities);
            }
            if capabilities.len() < MAX_CAPABILITIES {
                capabilities.push(line.to_ascii_uppercase());
            }
        }
    }

    fn post(&mut self, login: Option<&Login>, article: &[u8]) -> Result<(), Failure> {
        let greeting = self.reply()?;
        match greeting.code {
            200 | 201 => {}
            _ => return Err(self.not_sent(refusal("does not accept connections", &greeting))),
        }
        let mut capabilities = self.capabilities()?;
        let has = |caps: &[String], name: &str| {
            caps.iter()
                .any(|c| c.split_whitespace().next() == Some(name))
        };
        if has(&capabilities, "MODE-READER") && !has(&capabilities, "READER") {
            let reply = self.command("MODE READER")?;
            if !matches!(reply.code, 200 | 201) {
                return Err(self.not_sent(refusal("did not switch to reader mode", &reply)));
            }
            capabilities = self.capabilities()?;
        }
        let wants_tls = login.is_some() || self.endpoint.security == Security::StartTls;
        if wants_tls && !self.is_encrypted() {
            let refused = if has(&capabilities, "STARTTLS") {
                self.starttls()?
            } else {
                Some("does not offer STARTTLS".to_owned())
            };
            match refused {
                None => capabilities = self.capabilities()?,
                Some(why) if self.endpoint.security == Security::StartTls => {
                    return Err(self.not_sent(format!(
                        "{why}, which the address requires (?tls=required); nothing was posted"
                    )));
                }
                // Explicitly allowed: go on unencrypted.
                Some(_) if self.endpoint.insecure_plaintext_auth => {}
                Some(why) => {
                    return Err(self.not_sent(format!(
                        "{why}, so the password would cross the network unencrypted; privsite refused \
                         to send it: nothing secret was sent, and nothing was posted. Use nntps://, or a \
                         server that can encrypt. Only on a network you trust completely, add \
                         ?insecure_plaintext_auth=yes to the address to send the password anyway (unsafe)"
                    )));
                }
            }
        }
        let _ = capabilities;
        if let Some(login) = login {
            self.authenticate(login)?;
        }
        let reply = self.command("POST")?;
        if reply.code != 340 {
            let why = match reply.code {
                440 => "does not allow posting",
                480 => {
                    "asks for a login before posting: set PRIVSITE_NNTP_USER and PRIVSITE_NNTP_PASSWORD"
                }
                483 => "asks for an encrypted connection before posting: use nntps://",
                502 => "does not allow this client to post",
                _ => "did not accept the article",
            };
            return Err(self.not_sent(refusal(why, &reply)));
        }
        let server = self.server();
        self.send(&dot_stuff(article))?;
        // Everything is on its way: from here on a lost connection leaves
        // the outcome unknown.
        let maybe = |f: Failure| {
            Failure::MaybeSent(format!(
                "the connection to the news server {server} broke after the whole article was handed \
                 over, before the server confirmed it ({})",
                f.message()
            ))
        };
        let reply = self.reply().map_err(maybe)?;
        match reply.code {
            240 => Ok(()),
            _ => Err(self.not_sent(refusal("refused the article", &reply))),
        }
    }

    /// Asks for STARTTLS: `None` once encrypted, or why the server did not
    /// start it (the connection then goes on unencrypted, RFC 4642).
    fn starttls(&mut self) -> Result<Option<String>, Failure> {
        let reply = self.command("STARTTLS")?;
        if reply.code != 382 {
            return Ok(Some(refusal(
                "could not start an encrypted connection (STARTTLS)",
                &reply,
            )));
        }
        let Some(Stream::Plain(tcp)) = self.stream.take() else {
            return Err(self.not_sent("could not start an encrypted connection"));
        };
        let encrypted = tls(self.endpoint, tcp).map_err(|f| {
            Failure::NotSent(format!(
                "{} (after STARTTLS); nothing secret was sent",
                f.message()
            ))
        })?;
        self.stream = Some(Stream::Tls(Box::new(encrypted)));
        Ok(None)
    }

    fn authenticate(&mut self, login: &Login) -> Result<(), Failure> {
        if login.user.contains(['\r', '\n']) || login.password.contains(['\r', '\n']) {
            return Err(self.not_sent("cannot be sent a user name or password with a line break"));
        }
        let reply = self.command(&format!("AUTHINFO USER {}", login.user))?;
        let reply = match reply.code {
            281 => return Ok(()),
            381 => self.command(&format!("AUTHINFO PASS {}", login.password))?,
            _ => reply,
        };
        match reply.code {
            281 => Ok(()),
            481 => Err(self.not_sent(refusal(
                "did not accept the user name and password (PRIVSITE_NNTP_USER, PRIVSITE_NNTP_PASSWORD)",
                &reply,
            ))),
            483 => Err(self.not_sent(refusal("asks for an encrypted connection: use nntps://", &reply))),
            _ => Err(self.not_sent(refusal("did not accept the login", &reply))),
        }
    }
}

/// `what`, and what the server said.
fn refusal(what: &str, reply: &Reply) -> String {
    format!(
        "{what} (it answered {} {})",
        reply.code,
        reply.text.escape_debug()
    )
}

/// The article as sent after `POST`: CRLF line ends, every line that starts
/// with a dot doubled (RFC 3977 section 3.1.1), and the closing `.` line.
fn dot_stuff(article: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(article.len() + 64);
    let text = article
        .strip_suffix(b"\r\n")
        .or_else(|| article.strip_suffix(b"\n"))
        .unwrap_or(article);
    for line in text.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

#[cfg(test)]
mod tests;
