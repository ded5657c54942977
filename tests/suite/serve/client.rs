//! A running `privsite serve` and a plain HTTP/1.1 client for it, written on
//! `TcpStream` so that a test sends exactly the request line it means
//! (`/../`, `%2e%2e`, backslashes), which an HTTP library would tidy up.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::Project;

/// How long a test waits for the server to start, answer or rebuild.
const PATIENCE: Duration = Duration::from_secs(30);

/// The live script's element starts so; the server injects it into pages.
pub(crate) const LIVE_TAG: &str = "<script src=\"/__privsite/live.js\"";

/// `privsite serve --port 0` on a project; killed when dropped.
pub(crate) struct Served {
    child: Child,
    pub(crate) addr: SocketAddr,
    /// The first line of standard output.
    pub(crate) banner: String,
    stderr: Arc<Mutex<String>>,
}

impl Served {
    /// Starts `privsite serve --port 0 <args>` in the project folder and waits
    /// until it says where it listens.
    pub(crate) fn start(project: &Project, args: &[&str]) -> Served {
        Served::start_with(project, args, &[])
    }

    /// The same, with environment variables set.
    pub(crate) fn start_with(project: &Project, args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_privsite"))
            .current_dir(project.root())
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("BROWSER")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("privsite starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let (lines, banner) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let mut served = Served {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            banner: String::new(),
            stderr,
        };
        let Ok(line) = banner.recv_timeout(PATIENCE) else {
            panic!(
                "privsite serve printed no address; stderr:\n{}",
                served.stderr()
            );
        };
        let addr = line
            .strip_prefix("Serving http://")
            .and_then(|rest| rest.split('/').next())
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("not an address line: {line:?}"));
        served.addr = addr;
        served.banner = line;
        served
    }

    /// What the server has printed on standard error so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until standard error holds `text`.
    pub(crate) fn wait_for_stderr(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let stderr = self.stderr();
            if stderr.contains(text) {
                return stderr;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "standard error never said {text:?}:\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `GET target`.
    pub(crate) fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    /// `METHOD target HTTP/1.1`, sent as written.
    pub(crate) fn request(&self, method: &str, target: &str) -> Reply {
        self.request_to(&self.addr.to_string(), method, target)
    }

    /// The same, naming the server `host` in the `Host` header.
    pub(crate) fn request_to(&self, host: &str, method: &str, target: &str) -> Reply {
        let mut stream = self.connect();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("the server answers");
        Reply::parse(&raw, method == "HEAD")
    }

    /// The server's event stream, connected.
    pub(crate) fn events(&self) -> Events {
        self.events_at("/__privsite/events")
    }

    /// The event stream as the live script of the page at `page` connects
    /// to it: saying what the page was served.
    pub(crate) fn events_for(&self, page: &str) -> Events {
        let text = self.get(page).text();
        let attribute = |name: &str| {
            let start = text
                .find(&format!("{name}=\""))
                .unwrap_or_else(|| panic!("{page}: no {name}"))
                + name.len()
                + 2;
            text[start..start + text[start..].find('"').unwrap()].to_owned()
        };
        self.events_at(&format!(
            "/__privsite/events?page={page}&digest={}&assets={}&generation={}",
            attribute("data-digest"),
            attribute("data-assets"),
            attribute("data-generation"),
        ))
    }

    fn events_at(&self, target: &str) -> Events {
        let mut stream = BufReader::new(self.connect());
        write!(
            stream.get_mut(),
            "GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut head = String::new();
        loop {
            let mut line = String::new();
            stream
                .read_line(&mut line)
                .expect("the event stream starts");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line.to_ascii_lowercase());
        }
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(head.contains("content-type: text/event-stream"), "{head}");
        assert!(head.contains("transfer-encoding: chunked"), "{head}");
        Events {
            stream,
            pending: String::new(),
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("the server accepts");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// Presses Ctrl-C (SIGINT) and waits for the process to end.
    pub(crate) fn interrupt(mut self) -> (ExitStatus, String) {
        let pressed = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(pressed.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last words.
                std::thread::sleep(Duration::from_millis(100));
                return (status, self.stderr());
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the server did not stop after Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
pub(crate) struct Reply {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8], head_only: bool) -> Reply {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no end of headers in {:?}", String::from_utf8_lossy(raw)));
        let head = std::str::from_utf8(&raw[..end]).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .map(|line| {
                let (name, value) = line.split_once(':').unwrap();
                (name.to_ascii_lowercase(), value.trim().to_owned())
            })
            .collect();
        let reply = Reply {
            status,
            headers,
            body: raw[end + 4..].to_vec(),
        };
        if !head_only && let Some(length) = reply.header("content-length") {
            assert_eq!(length.parse::<usize>().unwrap(), reply.body.len());
        }
        reply
    }

    /// The value of the header `name` (lowercase).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }
}

/// The server-sent events of `/__privsite/events`, read as they come.
pub(crate) struct Events {
    stream: BufReader<TcpStream>,
    pending: String,
}

impl Events {
    /// The next message's data, as JSON.
    pub(crate) fn next(&mut self) -> serde_json::Value {
        let start = Instant::now();
        loop {
            // Keep-alive comments come between messages: time out anyway.
            assert!(start.elapsed() < PATIENCE, "no event in time");
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let data: Vec<&str> = block
                    .lines()
                    .filter_map(|line| line.strip_prefix("data:"))
                    .map(|data| data.strip_prefix(' ').unwrap_or(data))
                    .collect();
                if !data.is_empty() {
                    return serde_json::from_str(&data.join("\n")).expect("JSON data");
                }
                continue;
            }
            // One chunk of the chunked body.
            let mut size = String::new();
            self.stream.read_line(&mut size).expect("an event in time");
            let size = usize::from_str_radix(size.trim(), 16)
                .unwrap_or_else(|_| panic!("not a chunk size: {size:?}"));
            assert!(size > 0, "the event stream ended");
            let mut chunk = vec![0; size + 2];
            self.stream.read_exact(&mut chunk).expect("a whole chunk");
            self.pending
                .push_str(std::str::from_utf8(&chunk[..size]).unwrap());
        }
    }

    /// Reads messages until one satisfies `wanted` (described by `what`).
    pub(crate) fn until(
        &mut self,
        what: &str,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let message = self.next();
            if wanted(&message) {
                return message;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no event where {what}; the last: {message}"
            );
        }
    }
}

/// The body of a served file without the live script, after checking that
/// the script is where it belongs: immediately before the last `</body>` of
/// what `build` wrote, or nowhere when that has no `</body>`.
pub(crate) fn without_live_script(path: &str, served: &[u8], built: &[u8]) -> Vec<u8> {
    let built_text = String::from_utf8_lossy(built);
    let body_end = built_text.rfind("</body>");
    let Some(body_end) = body_end.filter(|_| path.ends_with(".html")) else {
        return served.to_vec();
    };
    let served_text = std::str::from_utf8(served).expect("a UTF-8 page");
    let start = served_text
        .find(LIVE_TAG)
        .unwrap_or_else(|| panic!("{path}: no live script"));
    assert_eq!(
        start, body_end,
        "{path}: the live script is not before the last </body>"
    );
    let end = start + served_text[start..].find("</script>").unwrap() + "</script>".len();
    assert!(
        !served_text[end..].contains(LIVE_TAG),
        "{path}: two live scripts"
    );
    [&served[..start], &served[end..]].concat()
}
