//! The preview server of `privsite serve`: answers HTTP requests from a
//! [`Snapshot`] of the site held in memory, and keeps open pages live.
//!
//! The pipeline hands it snapshots through a [`Publisher`]; the server never
//! reads or writes a file, never builds anything, and serves nothing that is
//! not a file of the current snapshot. What it sends is the bytes `build`
//! writes, except that every HTML document gets one `<script>` element
//! immediately before its last `</body>` ([`inject`]). That script
//! (`live.js`, served under the reserved prefix [`PREFIX`], which no site
//! path can take: policy ids start with a lowercase letter or a digit)
//! listens to the server-sent events of [`events`], reloads the page when a
//! newer generation is published, keeping the scroll position, and shows the
//! problems of the newest sources in an overlay while they have errors.
//!
//! Requests are read by [`paths`] (which file, if any, an address names,
//! refusing every way out of the site) and answered by [`respond`].

mod events;
mod inject;
mod paths;
mod respond;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{Method, Uri};
use axum::response::Response;
use axum::routing::get;
use tokio::sync::watch;

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};

/// The reserved address prefix of the server's own files: no site path can
/// start with it, since policy ids, the site's top-level names, start with a
/// lowercase letter or a digit.
pub const PREFIX: &str = "/__privsite/";

/// The address of the live-reload script.
const SCRIPT_PATH: &str = "/__privsite/live.js";

/// The address of the server-sent events that keep pages live.
const EVENTS_PATH: &str = "/__privsite/events";

/// How long a stopping server lets requests in flight finish.
const GRACE: Duration = Duration::from_secs(2);

/// What the server shows: the site as the last good build made it, and the
/// problems of the newest sources.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Every file of the site, by its path relative to the site root with `/`
    /// separators ("acme/en/index.html", "assets/privsite.css"), exactly the
    /// bytes `build` writes.
    pub files: Arc<BTreeMap<String, Arc<[u8]>>>,
    /// The diagnostics of the newest attempt (errors and warnings); when it
    /// has errors, `files` is still the last good site.
    pub problems: Vec<Diagnostic>,
    /// Counts rebuilds; a page whose generation is older reloads.
    pub generation: u64,
}

impl Snapshot {
    /// Whether the newest attempt failed (its problems include an error).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }
}

/// A snapshot as the server shows it, with what is derived from it once,
/// when it is published, rather than for every request.
#[derive(Debug)]
struct Published {
    snapshot: Snapshot,
    /// The digest of the site's static files ([`events::assets_digest`]).
    assets: String,
}

impl Published {
    fn new(snapshot: Snapshot) -> Arc<Published> {
        let assets = events::assets_digest(&snapshot);
        Arc::new(Published { snapshot, assets })
    }
}

impl std::ops::Deref for Published {
    type Target = Snapshot;

    fn deref(&self) -> &Snapshot {
        &self.snapshot
    }
}

/// Hands new snapshots to a running server (cheap to clone, `Send + Sync`,
/// callable from plain threads).
#[derive(Clone)]
pub struct Publisher {
    sender: Arc<watch::Sender<Arc<Published>>>,
    viewers: Arc<events::Viewers>,
}

impl Publisher {
    /// Makes `snapshot` what the server shows from now on; open pages hear of
    /// it at once. Publishing to a server that has stopped does nothing.
    pub fn publish(&self, snapshot: Snapshot) {
        self.sender.send_replace(Published::new(snapshot));
    }

    /// The files of the site open in a browser now (their keys, as in
    /// [`Snapshot::files`]), for the pipeline to render first.
    pub fn viewed(&self) -> Vec<String> {
        self.viewers.files()
    }
}

impl std::fmt::Debug for Publisher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Publisher")
            .field("generation", &self.sender.borrow().generation)
            .finish()
    }
}

/// A bound server, not yet serving.
#[derive(Debug)]
pub struct Server {
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    sender: Arc<watch::Sender<Arc<Published>>>,
    viewers: Arc<events::Viewers>,
}

impl Server {
    /// Binds `addr`, with the first snapshot to show. A port that is taken,
    /// or an address that is not this machine's, is an [`Error::Usage`] that
    /// names it and says what to do.
    pub fn bind(addr: SocketAddr, first: Snapshot) -> Result<Server> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
        let listener = std::net::TcpListener::bind(addr)
            .and_then(|l| l.set_nonblocking(true).map(|()| l))
            .map_err(|e| bind_error(addr, &e))?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(|e| bind_error(addr, &e))?
        };
        let addr = listener.local_addr().map_err(|e| bind_error(addr, &e))?;
        let (sender, _) = watch::channel(Published::new(first));
        Ok(Server {
            runtime,
            listener,
            addr,
            sender: Arc::new(sender),
            viewers: Arc::default(),
        })
    }

    /// The address it listens on (with the port chosen when asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// A handle that publishes new snapshots to this server.
    pub fn publisher(&self) -> Publisher {
        Publisher {
            sender: Arc::clone(&self.sender),
            viewers: Arc::clone(&self.viewers),
        }
    }

    /// Serves on a background thread (its own tokio runtime) until the
    /// returned handle is dropped or [`Running::shutdown`] is called.
    pub fn start(self) -> Running {
        let (stop, stopped) = watch::channel(false);
        let shared = Shared {
            snapshots: self.sender.subscribe(),
            instance: instance_token(self.addr),
            stopped: stopped.clone(),
            any_host: !self.addr.ip().is_loopback(),
            viewers: Arc::clone(&self.viewers),
        };
        let Server {
            runtime, listener, ..
        } = self;
        let thread = std::thread::Builder::new()
            .name("privsite-serve".to_owned())
            .spawn(move || serve(runtime, listener, router(shared), stopped))
            .expect("the operating system starts a thread");
        Running {
            addr: self.addr,
            stop,
            thread: Some(thread),
        }
    }
}

/// A serving server; dropping it stops the server.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving: no new connection is accepted, open pages' event
    /// streams end, and requests in flight get a moment to finish. Returns
    /// once the server's thread has ended.
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        if let Some(thread) = self.thread.take() {
            // A panic on the server thread has already been reported there.
            let _ = thread.join();
        }
    }
}

/// What every request handler reads.
#[derive(Debug, Clone)]
struct Shared {
    /// The newest snapshot.
    snapshots: watch::Receiver<Arc<Published>>,
    /// Tells one run of the server from another, so that a page served by
    /// an earlier run (whose generations counted from zero too) reloads.
    instance: Arc<str>,
    /// Turns true when the server stops.
    stopped: watch::Receiver<bool>,
    /// Whether requests may name the server by any host name: only when it
    /// listens beyond this machine (`--bind`).
    any_host: bool,
    /// The pages open now.
    viewers: Arc<events::Viewers>,
}

impl Shared {
    fn current(&self) -> Arc<Published> {
        Arc::clone(&self.snapshots.borrow())
    }

    /// The element injected into the HTML page `page` (`None`: the page of
    /// a missing address) served from `snapshot`.
    fn live_tag(&self, snapshot: &Published, page: Option<&[u8]>) -> String {
        inject::tag(
            SCRIPT_PATH,
            &inject::Served {
                generation: snapshot.generation,
                instance: &self.instance,
                digest: page.map(events::digest).unwrap_or_default(),
                assets: snapshot.assets.clone(),
            },
        )
    }
}

/// The routes: the server's own files under [`PREFIX`], the site for every
/// other address.
fn router(shared: Shared) -> Router {
    Router::new()
        .route(SCRIPT_PATH, get(script))
        .route(EVENTS_PATH, get(events::stream))
        .fallback(site)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            local_only,
        ))
        .layer(axum::middleware::map_response(respond::common_headers))
        .with_state(shared)
}

/// Refuses a request that names the server by a host name other than this
/// machine's, unless it listens beyond this machine. A web page elsewhere
/// could otherwise read the preview, drafts included, through a name of its
/// own that it points at 127.0.0.1 ("DNS rebinding").
async fn local_only(
    State(shared): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request.headers().get(axum::http::header::HOST);
    match host.map(|h| h.to_str().map(names_this_machine)) {
        None | Some(Ok(true)) => next.run(request).await,
        _ if shared.any_host => next.run(request).await,
        Some(_) => respond::foreign_host(),
    }
}

/// Whether a `Host` header names this machine: `localhost` (or a name
/// under it) or a loopback address, with or without a port.
fn names_this_machine(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _port)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Runs the server until `stopped` turns true, then lets requests in flight
/// finish for a moment and drops the rest.
fn serve(
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    app: Router,
    stopped: watch::Receiver<bool>,
) {
    runtime.block_on(async move {
        let server =
            axum::serve(listener, app).with_graceful_shutdown(until_stopped(stopped.clone()));
        let task = tokio::spawn(std::future::IntoFuture::into_future(server));
        until_stopped(stopped).await;
        let _ = tokio::time::timeout(GRACE, task).await;
    });
    runtime.shutdown_background();
}

/// Resolves once the server is told to stop.
async fn until_stopped(mut stopped: watch::Receiver<bool>) {
    // An error means the `Running` handle is gone: stop as well.
    let _ = stopped.wait_for(|&stop| stop).await;
}

/// `GET /__privsite/live.js`.
async fn script() -> Response {
    respond::script(include_str!("live.js"))
}

/// Every address outside [`PREFIX`]'s routes: a file of the site, a
/// redirect to a folder's page, or a 404.
async fn site(State(shared): State<Shared>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return respond::method_not_allowed();
    }
    let snapshot = shared.current();
    match paths::resolve(uri.path(), |key| snapshot.files.contains_key(key)) {
        paths::Resolved::File(key) => {
            let bytes = &snapshot.files[&key];
            respond::file(&key, bytes, || shared.live_tag(&snapshot, Some(bytes)))
        }
        paths::Resolved::Folder => respond::redirect(uri.path(), uri.query()),
        paths::Resolved::Missing => {
            respond::not_found(uri.path(), &shared.live_tag(&snapshot, None))
        }
        paths::Resolved::Refused => respond::bad_request(),
    }
}

/// The message for a failed bind, in words for the author.
fn bind_error(addr: SocketAddr, err: &std::io::Error) -> Error {
    use std::io::ErrorKind;
    let port = addr.port();
    Error::Usage(match err.kind() {
        ErrorKind::AddrInUse => format!(
            "port {port} is already in use on {} (another `privsite serve`?): choose another \
             with --port N, or --port 0 for any free port",
            addr.ip()
        ),
        ErrorKind::PermissionDenied => format!(
            "this user may not listen on port {port} of {}: choose a port above 1023 with --port N",
            addr.ip()
        ),
        ErrorKind::AddrNotAvailable => format!(
            "{} is not an address of this machine: choose one of its own with --bind, or \
             leave --bind out to serve on 127.0.0.1",
            addr.ip()
        ),
        _ => format!("cannot listen on {addr}: {err}"),
    })
}

/// A token that differs between two runs of the server.
fn instance_token(addr: SocketAddr) -> Arc<str> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}-{:x}-{:x}", std::process::id(), addr.port(), nanos).into()
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use super::*;

    fn snapshot(generation: u64, page: &str) -> Snapshot {
        let files = BTreeMap::from([("index.html".to_owned(), Arc::from(page.as_bytes()))]);
        Snapshot {
            files: Arc::new(files),
            problems: Vec::new(),
            generation,
        }
    }

    fn get(addr: SocketAddr, path: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    }

    fn loopback() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 0))
    }

    #[test]
    fn a_published_snapshot_is_served_from_the_next_request_on() {
        let server = Server::bind(loopback(), snapshot(1, "<body>one</body>")).unwrap();
        let publisher = server.publisher();
        let running = server.start();
        let addr = running.local_addr();
        assert!(
            get(addr, "/")
                .contains("<body>one<script src=\"/__privsite/live.js\" data-generation=\"1\"")
        );
        std::thread::spawn(move || publisher.publish(snapshot(2, "<body>two</body>")))
            .join()
            .unwrap();
        assert!(
            get(addr, "/")
                .contains("<body>two<script src=\"/__privsite/live.js\" data-generation=\"2\"")
        );
    }

    #[test]
    fn a_stopped_server_no_longer_listens_and_a_publisher_outlives_it() {
        let server = Server::bind(loopback(), Snapshot::default()).unwrap();
        let publisher = server.publisher();
        let running = server.start();
        let addr = running.local_addr();
        assert!(get(addr, "/").starts_with("HTTP/1.1 404"));
        running.shutdown();
        assert!(TcpStream::connect(addr).is_err());
        publisher.publish(Snapshot::default());
    }

    #[test]
    fn only_names_of_this_machine_reach_a_server_on_this_machine() {
        for host in [
            "127.0.0.1:4111",
            "127.0.0.1",
            "127.1.2.3:80",
            "localhost:4111",
            "LOCALHOST",
            "localhost.",
            "preview.localhost:4111",
            "[::1]:4111",
            "[::1]",
        ] {
            assert!(names_this_machine(host), "{host}");
        }
        for host in [
            "example.com",
            "evil.example:4111",
            "localhost.example.com",
            "notlocalhost",
            "192.168.1.2:4111",
            "0.0.0.0:4111",
            "[2001:db8::1]:4111",
            "127.0.0.1.nip.io",
            "",
        ] {
            assert!(!names_this_machine(host), "{host}");
        }
    }

    #[test]
    fn a_taken_port_is_a_usage_error_naming_it_and_the_way_out() {
        let taken = std::net::TcpListener::bind(loopback()).unwrap();
        let addr = taken.local_addr().unwrap();
        match Server::bind(addr, Snapshot::default()) {
            Err(Error::Usage(message)) => {
                assert!(
                    message.contains(&format!("port {}", addr.port())),
                    "{message}"
                );
                assert!(message.contains("--port"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
