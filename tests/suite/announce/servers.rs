//! Real servers on 127.0.0.1 that a test starts and stops: an SMTP relay
//! (aiosmtpd, from PyPI) and a news server (INN's innd, Debian package
//! `inn2`). `scripts/test` and `.ci/run` install both; a missing one fails
//! the test with what to install, it never skips.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free port on 127.0.0.1.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(port: u16, child: &mut Child, what: &str, log: &Path) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "the test {what} stopped ({status}): {}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the test {what} did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// An SMTP server on 127.0.0.1 that stores what it receives in a maildir and
/// logs every command it sees.
pub(crate) struct Relay {
    child: Child,
    pub(crate) port: u16,
    maildir: tempfile::TempDir,
    log: PathBuf,
}

/// A handler that stores the message, then drops the connection instead of
/// confirming it: "delivered, reply lost".
const DROP_AFTER_DATA: &str = "from aiosmtpd.handlers import Mailbox

class DropAfterData(Mailbox):
    async def handle_DATA(self, server, session, envelope):
        await super().handle_DATA(server, session, envelope)
        server.transport.abort()
        return '250 OK'
";

/// A self-signed certificate for 127.0.0.1 and localhost, and its key,
/// written into `dir` (made with openssl, valid two days).
pub(crate) fn certificate(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl (to make the test servers' certificate)");
    assert!(
        made.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    (cert, key)
}

impl Relay {
    /// A relay that delivers everything.
    pub(crate) fn start() -> Relay {
        Relay::with_handler("aiosmtpd.handlers.Mailbox", None)
    }

    /// A relay that speaks TLS from the first byte (smtps), with a
    /// self-signed certificate (see [`Relay::certificate`]).
    pub(crate) fn with_smtps() -> Relay {
        Relay::with_handler(
            "aiosmtpd.handlers.Mailbox",
            Some(["--smtpscert", "--smtpskey"]),
        )
    }

    /// A relay that offers STARTTLS with a self-signed certificate (see
    /// [`Relay::certificate`]).
    pub(crate) fn with_starttls() -> Relay {
        Relay::with_handler("aiosmtpd.handlers.Mailbox", Some(["--tlscert", "--tlskey"]))
    }

    /// A relay that stores each message, then drops the connection before
    /// confirming it.
    pub(crate) fn dropping_after_data() -> Relay {
        Relay::with_handler("privsite_drop.DropAfterData", None)
    }

    /// The certificate of a relay made with TLS.
    pub(crate) fn certificate(&self) -> PathBuf {
        self.maildir.path().join("cert.pem")
    }

    /// A relay running `handler`, with TLS given by aiosmtpd's certificate
    /// and key options, if any.
    fn with_handler(handler: &str, tls: Option<[&str; 2]>) -> Relay {
        let port = free_port();
        let maildir = tempfile::tempdir().unwrap();
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir(maildir.path().join(sub)).unwrap();
        }
        let modules = maildir.path().join("python");
        std::fs::create_dir(&modules).unwrap();
        std::fs::write(modules.join("privsite_drop.py"), DROP_AFTER_DATA).unwrap();
        let log = maildir.path().join("relay.log");
        let mut command = Command::new("python3");
        command.args(["-m", "aiosmtpd", "-n", "-ddd"]);
        if let Some([cert_option, key_option]) = tls {
            let (cert, key) = certificate(maildir.path());
            command.arg(cert_option).arg(cert).arg(key_option).arg(key);
            if cert_option == "--tlscert" {
                command.arg("--no-requiretls");
            }
        }
        let mut child = command
            .arg("-l")
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", handler])
            .arg(maildir.path())
            .env("PYTHONPATH", &modules)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd) runs the test SMTP server");
        wait_for(port, &mut child, "SMTP server", &log);
        Relay {
            child,
            port,
            maildir,
            log,
        }
    }

    /// Every message received, oldest first.
    pub(crate) fn received(&self) -> Vec<Vec<u8>> {
        let dir = self.maildir.path().join("new");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        files.iter().map(|f| std::fs::read(f).unwrap()).collect()
    }

    /// Every command the relay saw (`>> b'EHLO ...'` lines of its log).
    pub(crate) fn commands(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                l.split_once(" >> b")
                    .map(|(_, c)| c.trim_matches(['\'', '"']).to_owned())
            })
            .collect()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// INN's programs, where Debian's `inn2` installs them.
const INN_BIN: &str = "/usr/lib/news/bin";

/// A private INN news server on 127.0.0.1: its own configuration, spool and
/// history in a temporary folder, one newsgroup per name given, and
/// optionally accounts (then only they may post).
pub(crate) struct NewsServer {
    child: Child,
    pub(crate) port: u16,
    /// With TLS: an nnrpd answering in TLS from the first byte (nntps), and its port.
    tls: Option<(Child, u16)>,
    dir: tempfile::TempDir,
}

/// The user and group innd runs as: `news` when the tests run as root (innd
/// refuses root), else the current user.
fn inn_user() -> (String, Option<(u32, u32)>) {
    let me = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&me.stdout).trim() != "0" {
        let name = Command::new("id").arg("-un").output().unwrap();
        return (
            String::from_utf8_lossy(&name.stdout).trim().to_owned(),
            None,
        );
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let news = passwd
        .lines()
        .find(|l| l.starts_with("news:"))
        .expect("a `news` user (the inn2 package creates it)");
    let fields: Vec<&str> = news.split(':').collect();
    (
        "news".to_owned(),
        Some((fields[2].parse().unwrap(), fields[3].parse().unwrap())),
    )
}

impl NewsServer {
    /// A server without TLS (INN still offers STARTTLS, and then fails it).
    pub(crate) fn start(groups: &[&str], accounts: &[(&str, &str)]) -> NewsServer {
        NewsServer::start_with(groups, accounts, false)
    }

    /// A server whose STARTTLS works, with a self-signed certificate (see
    /// [`NewsServer::certificate`]).
    pub(crate) fn with_starttls(groups: &[&str], accounts: &[(&str, &str)]) -> NewsServer {
        NewsServer::start_with(groups, accounts, true)
    }

    /// The certificate of a server made by [`NewsServer::with_starttls`].
    pub(crate) fn certificate(&self) -> PathBuf {
        self.dir.path().join("etc/cert.pem")
    }

    fn start_with(groups: &[&str], accounts: &[(&str, &str)], starttls: bool) -> NewsServer {
        let innd = Path::new(INN_BIN).join("innd");
        assert!(
            innd.is_file(),
            "the news tests need INN's news server ({}): install it with `apt-get install -y inn2` (.ci/run does)",
            innd.display()
        );
        let port = free_port();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in [
            "etc",
            "db",
            "run",
            "log",
            "tmp",
            "http",
            "spool/articles",
            "spool/overview",
            "spool/incoming/tmp",
            "spool/outgoing",
            "spool/archive",
        ] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        let (user, ids) = inn_user();
        let path = |p: &str| format!("\"{}\"", root.join(p).display());
        let conf = [
            ("domain", "\"test.invalid\"".to_owned()),
            ("pathhost", "\"privsite-test\"".to_owned()),
            ("organization", "\"privsite tests\"".to_owned()),
            ("server", "\"127.0.0.1\"".to_owned()),
            ("bindaddress", "\"127.0.0.1\"".to_owned()),
            ("port", port.to_string()),
            ("nnrpdpostport", port.to_string()),
            ("runasuser", format!("\"{user}\"")),
            ("ovmethod", "\"tradindexed\"".to_owned()),
            ("hismethod", "\"hisv6\"".to_owned()),
            ("enableoverview", "true".to_owned()),
            ("artcutoff", "0".to_owned()),
            ("doinnwatch", "false".to_owned()),
            ("pgpverify", "false".to_owned()),
            ("mta", "\"/bin/false %s\"".to_owned()),
            ("mailcmd", "\"/bin/false\"".to_owned()),
            ("pathnews", "\"/usr/lib/news\"".to_owned()),
            ("pathbin", format!("\"{INN_BIN}\"")),
            ("pathcontrol", format!("\"{INN_BIN}/control\"")),
            ("pathfilter", "\"/etc/news/filter\"".to_owned()),
            ("pathetc", path("etc")),
            ("pathdb", path("db")),
            ("pathrun", path("run")),
            ("pathlog", path("log")),
            ("pathtmp", path("tmp")),
            ("pathhttp", path("http")),
            ("pathspool", path("spool")),
            ("patharticles", path("spool/articles")),
            ("pathoverview", path("spool/overview")),
            ("pathincoming", path("spool/incoming")),
            ("pathoutgoing", path("spool/outgoing")),
            ("patharchive", path("spool/archive")),
        ];
        let mut inn_conf: String = conf.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
        if starttls {
            let (cert, key) = certificate(&root.join("etc"));
            inn_conf.push_str(&format!(
                "tlscertfile: \"{}\"\ntlskeyfile: \"{}\"\n",
                cert.display(),
                key.display()
            ));
        }
        let write = |p: &str, text: &str| std::fs::write(root.join(p), text).unwrap();
        write("etc/inn.conf", &inn_conf);
        write(
            "etc/storage.conf",
            "method tradspool {\n    newsgroups: *\n    class: 0\n}\n",
        );
        write("etc/newsfeeds", "ME:*::\n");
        // No feeding peer: every connection from 127.0.0.1 is a reader.
        write(
            "etc/incoming.conf",
            "peer ME {\n  hostname: \"192.0.2.1\"\n}\n",
        );
        for empty in [
            "moderators",
            "distrib.pats",
            "control.ctl",
            "expire.ctl",
            "localgroups",
        ] {
            write(&format!("etc/{empty}"), "");
        }
        let readers = if accounts.is_empty() {
            "auth \"local\" {\n  hosts: \"127.0.0.1, localhost, ::1\"\n  default: \"<local>\"\n}\n\
             access \"local\" {\n  users: \"<local>\"\n  newsgroups: \"*\"\n  access: RPA\n}\n"
                .to_owned()
        } else {
            let mut passwd = String::new();
            for (user, password) in accounts {
                let hash = Command::new("openssl")
                    .args(["passwd", "-1", password])
                    .output()
                    .expect("openssl (to write the test news server's passwords)");
                passwd.push_str(&format!(
                    "{user}:{}\n",
                    String::from_utf8_lossy(&hash.stdout).trim()
                ));
            }
            write("etc/passwd.test", &passwd);
            let users: Vec<&str> = accounts.iter().map(|(u, _)| *u).collect();
            format!(
                "auth \"local\" {{\n  hosts: \"127.0.0.1, localhost, ::1\"\n  auth: \"ckpasswd -f {}\"\n  default: \"<anon>\"\n}}\n\
                 access \"anon\" {{\n  users: \"<anon>\"\n  newsgroups: \"*\"\n  access: R\n}}\n\
                 access \"users\" {{\n  users: \"{}\"\n  newsgroups: \"*\"\n  access: RPA\n}}\n",
                root.join("etc/passwd.test").display(),
                users.join(", ")
            )
        };
        write("etc/readers.conf", &readers);
        let mut active = String::from(
            "control 0000000000 0000000001 n\ncontrol.cancel 0000000000 0000000001 n\njunk 0000000000 0000000001 n\n",
        );
        let mut newsgroups = String::new();
        for group in groups {
            active.push_str(&format!("{group} 0000000000 0000000001 y\n"));
            newsgroups.push_str(&format!("{group}\tprivsite test group\n"));
        }
        write("db/active", &active);
        write("db/newsgroups", &newsgroups);
        write("db/active.times", "");
        write("db/history", "");
        if let Some((uid, gid)) = ids {
            for entry in walkdir::WalkDir::new(root) {
                std::os::unix::fs::chown(entry.unwrap().path(), Some(uid), Some(gid)).unwrap();
            }
        }
        let inn = |program: &str| {
            let mut command = Command::new(Path::new(INN_BIN).join(program));
            command
                .env("INNCONF", root.join("etc/inn.conf"))
                .current_dir(root.join("db"));
            if let Some((uid, gid)) = ids {
                use std::os::unix::process::CommandExt;
                command.uid(uid).gid(gid);
            }
            command
        };
        let history = inn("makedbz").args(["-i", "-o"]).output().unwrap();
        assert!(
            history.status.success(),
            "makedbz: {}",
            String::from_utf8_lossy(&history.stderr)
        );
        let log = root.join("log/innd.out");
        let mut child = inn("innd")
            .args(["-d", "-c", "0"])
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(root.join("log/innd.err")).unwrap())
            .spawn()
            .unwrap();
        wait_for(port, &mut child, "news server (innd)", &log);
        let tls = starttls.then(|| {
            let tls_port = free_port();
            let log = root.join("log/nnrpd.out");
            let mut nnrpd = inn("nnrpd")
                .args(["-D", "-f", "-S", "-b", "127.0.0.1", "-p"])
                .arg(tls_port.to_string())
                .stdout(std::fs::File::create(&log).unwrap())
                .stderr(std::fs::File::create(root.join("log/nnrpd.err")).unwrap())
                .spawn()
                .unwrap();
            wait_for(tls_port, &mut nnrpd, "news server (nnrpd -S)", &log);
            (nnrpd, tls_port)
        });
        NewsServer {
            child,
            port,
            tls,
            dir,
        }
    }

    /// `nntps://127.0.0.1:<port>` of a server made by [`NewsServer::with_starttls`].
    pub(crate) fn tls_url(&self) -> String {
        let (_, port) = self.tls.as_ref().expect("a server with TLS");
        format!("nntps://127.0.0.1:{port}")
    }

    /// `nntp://127.0.0.1:<port>` with `query`.
    pub(crate) fn url(&self, query: &str) -> String {
        format!("nntp://127.0.0.1:{}{query}", self.port)
    }

    /// The article with this Message-ID, read back over NNTP (`ARTICLE`),
    /// or `None` if the server does not have it.
    pub(crate) fn article(&self, message_id: &str) -> Option<Vec<u8>> {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("200") || line.starts_with("201"), "{line}");
        write!(writer, "ARTICLE {message_id}\r\n").unwrap();
        line.clear();
        reader.read_line(&mut line).unwrap();
        if !line.starts_with("220") {
            return None;
        }
        let mut article = Vec::new();
        loop {
            let mut raw = Vec::new();
            reader.read_until(b'\n', &mut raw).unwrap();
            if raw == b".\r\n" || raw.is_empty() {
                break;
            }
            let raw = raw
                .strip_prefix(b".")
                .filter(|_| raw.starts_with(b".."))
                .unwrap_or(&raw);
            article.extend_from_slice(raw);
        }
        let _ = write!(writer, "QUIT\r\n");
        Some(article)
    }
}

impl Drop for NewsServer {
    fn drop(&mut self) {
        if let Some((nnrpd, _)) = &mut self.tls {
            let _ = nnrpd.kill();
            let _ = nnrpd.wait();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
