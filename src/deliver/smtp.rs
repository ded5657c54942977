//! Sending one message over SMTP with lettre's connection, step by step, so
//! that the security rule is enforced before any secret is sent and a
//! failure is known to have happened before or after the message was handed
//! over.

use std::time::Duration;

use lettre::Message;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::{Endpoint, Failure, Login, Security};

/// How long to wait for the relay at each step.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Sends `message` to its envelope's recipients through the relay at
/// `endpoint`, logging in with `login` (from the address, else given).
pub fn send(endpoint: &Endpoint, login: Option<&Login>, message: &Message) -> Result<(), Failure> {
    let relay = endpoint.shown();
    let not_sent = |what: &str, err: &dyn std::fmt::Display| {
        Failure::NotSent(format!("the relay {relay} {what}: {err}"))
    };
    let login = endpoint.login.as_ref().or(login);
    let mut tls = TlsParameters::builder(endpoint.host.clone());
    if let Some(pem) = &endpoint.extra_roots {
        let roots = Certificate::from_pem(pem).map_err(|e| {
            not_sent(
                "cannot be checked: PRIVSITE_TLS_CA_FILE holds no valid certificate",
                &e,
            )
        })?;
        tls = tls.add_root_certificate(roots);
    }
    let tls = tls
        .build()
        .map_err(|e| not_sent("cannot be reached over TLS", &e))?;
    let hello = ClientId::default();
    let implicit = (endpoint.security == Security::Tls).then_some(&tls);
    let mut conn = SmtpConnection::connect(
        (endpoint.host.as_str(), endpoint.port),
        Some(TIMEOUT),
        &hello,
        implicit,
        None,
    )
    .map_err(|e| {
        let hint = if e.is_tls() || e.to_string().contains("certificate") {
            " (if its certificate comes from a private certificate authority, name that \
             authority's PEM file in PRIVSITE_TLS_CA_FILE)"
        } else {
            ""
        };
        Failure::NotSent(format!("the relay {relay} could not be reached: {e}{hint}"))
    })?;
    let result = deliver(&mut conn, endpoint, login, message, &tls, &hello);
    match &result {
        Ok(()) => {
            let _ = conn.quit();
        }
        Err(_) => conn.abort(),
    }
    result
}

fn deliver(
    conn: &mut SmtpConnection,
    endpoint: &Endpoint,
    login: Option<&Login>,
    message: &Message,
    tls: &TlsParameters,
    hello: &ClientId,
) -> Result<(), Failure> {
    let relay = endpoint.shown();
    let not_sent = |what: &str, err: &dyn std::fmt::Display| {
        Failure::NotSent(format!("the relay {relay} {what}: {err}"))
    };
    if !conn.is_encrypted() {
        if conn.can_starttls() {
            conn.starttls(tls, hello).map_err(|e| {
                Failure::NotSent(format!(
                    "the relay {relay} could not start an encrypted connection (STARTTLS): {e}; nothing \
                     was sent (if its certificate comes from a private certificate authority, name that \
                     authority's PEM file in PRIVSITE_TLS_CA_FILE)"
                ))
            })?;
        } else if endpoint.security == Security::StartTls {
            return Err(Failure::NotSent(format!(
                "the relay {relay} does not offer STARTTLS, which the address requires (?tls=required); nothing was sent"
            )));
        } else if login.is_some() && !endpoint.insecure_plaintext_auth {
            return Err(Failure::NotSent(format!(
                "the relay {relay} does not offer STARTTLS, so the password would cross the network \
                 unencrypted; privsite refused to send it, and nothing was sent. Use smtps://, or a relay \
                 that offers STARTTLS. Only on a network you trust completely, add \
                 ?insecure_plaintext_auth=yes to the address to send the password anyway (unsafe)"
            )));
        }
    }
    if let Some(login) = login {
        let credentials = Credentials::new(login.user.clone(), login.password.clone());
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .map_err(|e| not_sent("did not accept the user name and password", &e))?;
    }
    let envelope = message.envelope();
    let bytes = message.formatted();
    let mut options = Vec::new();
    if !bytes.is_ascii() {
        if !conn.server_info().supports_feature(Extension::EightBitMime) {
            return Err(Failure::NotSent(format!(
                "the relay {relay} cannot take 8-bit messages (no 8BITMIME); nothing was sent"
            )));
        }
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let refused = |e: lettre::transport::smtp::Error| not_sent("did not accept the message", &e);
    conn.command(Mail::new(envelope.from().cloned(), options))
        .map_err(refused)?;
    for to in envelope.to() {
        conn.command(Rcpt::new(to.clone(), vec![]))
            .map_err(refused)?;
    }
    conn.command(Data).map_err(refused)?;
    match conn.message(&bytes) {
        Ok(_) => Ok(()),
        // The relay answered, and refused.
        Err(e) if e.is_permanent() || e.is_transient() => Err(refused(e)),
        Err(e) => Err(Failure::MaybeSent(format!(
            "the connection to the relay {relay} broke after the whole message was handed over, \
             before the relay confirmed it ({e})"
        ))),
    }
}
