//! `privsite serve`: the real binary on an ephemeral port, against a
//! temporary project, read with a plain HTTP client (`serve/client.rs`).
//! What it serves is compared with what `privsite build` writes, file by
//! file, before and after edits; its event stream is read as a page's
//! script reads it. Every test ends the processes it starts.

mod client;

use std::fs;
use std::path::Path;

use client::{LIVE_TAG, Served, without_live_script};

use crate::support::{Project, SECTIONS, two_versions};

const TODAY: &str = "2024-12-01";

/// A copy of the feature corpus (four languages, Arabic among them, emails,
/// feeds, notices), with an image and a font among the theme's files.
fn feature_corpus() -> Project {
    let project = Project::empty();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/features");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = project.path(entry.path().strip_prefix(&from).unwrap().to_str().unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    project
        .file("themes/default/static/logo.png", "\u{89}PNG\r\n")
        .file("themes/default/static/fonts/body.woff2", "wOF2")
}

/// Asserts that the server serves every file of a fresh `privsite build`
/// (on `today`) with the bytes it wrote, the live script aside.
fn assert_serves_the_build(served: &Served, project: &Project, today: &str) {
    let _ = fs::remove_dir_all(project.path("site"));
    project.build(today);
    let files = project.snapshot_site();
    assert!(files.len() > 5, "{files:?}");
    for (path, built) in files {
        // The output folder's marker is the writer's, not a file of the site.
        if path == ".privsite" {
            assert_eq!(served.get("/.privsite").status, 404);
            continue;
        }
        let reply = served.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            without_live_script(&path, &reply.body, &built),
            built,
            "{path}: the served bytes differ from the built ones"
        );
    }
}

#[test]
fn serves_every_file_with_the_bytes_build_writes() {
    let project = feature_corpus();
    let served = Served::start(&project, &["--today", "2026-11-23"]);
    assert_serves_the_build(&served, &project, "2026-11-23");
    // The homepage notice is a fragment, which other pages include: as built.
    let notice = served.get("/privacy/en/notice.html");
    assert!(!notice.text().contains(LIVE_TAG));
    // Right-to-left pages get the script too.
    let arabic = served.get("/privacy/ar/").text();
    assert!(arabic.contains("dir=\"rtl\"") && arabic.contains(LIVE_TAG));
}

#[test]
fn every_kind_of_file_has_its_content_type() {
    let project = feature_corpus();
    let served = Served::start(&project, &["--today", "2026-11-23"]);
    let eml = project
        .build("2026-11-23")
        .site_files()
        .into_iter()
        .find(|f| f.ends_with(".eml"))
        .expect("an announcement");
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/privacy/ar/", "text/html; charset=utf-8"),
        ("/privacy/en/notice.html", "text/html; charset=utf-8"),
        ("/assets/privsite.css", "text/css; charset=utf-8"),
        ("/privacy/en/notice.json", "application/json"),
        ("/privacy/versions.json", "application/json"),
        (
            "/privacy/en/feed.xml",
            "application/atom+xml; charset=utf-8",
        ),
        ("/feed.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        (&format!("/{eml}"), "message/rfc822"),
        ("/assets/logo.png", "image/png"),
        ("/assets/fonts/body.woff2", "font/woff2"),
        ("/__privsite/live.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = served.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(expected), "{path}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
    }
}

#[test]
fn the_root_serves_the_index_and_a_folder_without_its_slash_redirects() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    project.build(TODAY);
    let root = served.get("/");
    assert_eq!(root.status, 200);
    assert_eq!(
        without_live_script(
            "index.html",
            &root.body,
            project.read("index.html").as_bytes()
        ),
        project.read("index.html").as_bytes()
    );
    for (from, to) in [
        ("/acme", "/acme/"),
        ("/acme/fr", "/acme/fr/"),
        ("/acme/fr/2024-01?lang=x", "/acme/fr/2024-01/?lang=x"),
    ] {
        let reply = served.get(from);
        assert_eq!(reply.status, 307, "{from}");
        assert_eq!(reply.header("location"), Some(to), "{from}");
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        assert_eq!(served.get(to).status, 200, "{to}");
    }
    // A folder without a page of its own is not a page.
    assert_eq!(served.get("/assets").status, 404);
    assert_eq!(served.get("/acme/announcements/").status, 404);
}

#[test]
fn a_missing_page_is_a_404_page_that_keeps_listening() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    let reply = served.get("/acme/en/2026-01/?q=%3Cb%3E");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let page = reply.text();
    assert!(page.contains("<code>/acme/en/2026-01/</code>"), "{page}");
    assert!(page.contains(LIVE_TAG), "{page}");
    let page = served.get("/%3Cscript%3E").text();
    assert!(page.contains("<code>/%3Cscript%3E</code>"), "{page}");
    assert_eq!(served.get("/__privsite/nothing").status, 404);
    assert_eq!(served.get("/nothing.css").status, 404);
}

#[test]
fn only_get_and_head_are_answered() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    let get = served.get("/acme/en/");
    let head = served.request("HEAD", "/acme/en/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert_eq!(head.header("content-length"), get.header("content-length"));
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        for target in [
            "/acme/en/",
            "/nothing",
            "/__privsite/events",
            "/__privsite/live.js",
        ] {
            let reply = served.request(method, target);
            assert_eq!(reply.status, 405, "{method} {target}");
            assert_eq!(reply.header("allow"), Some("GET,HEAD"), "{method} {target}");
            assert_eq!(reply.header("cache-control"), Some("no-store"));
        }
    }
}

#[test]
fn nothing_outside_the_site_is_served() {
    let project = two_versions().file("secret.txt", "TOP SECRET");
    let served = Served::start(&project, &["--today", TODAY]);
    let index = served.get("/").body;
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/acme/../../secret.txt",
        "/acme/../index.html",
        "/./index.html",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/secret.txt",
        "/acme/%2e%2e/index.html",
        "/..%2fsecret.txt",
        "/acme%2f..%2f..%2fsecret.txt",
        "/acme%2Fen%2Findex.html",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/acme\\..\\index.html",
        "/index.html%00",
        "/%00/../secret.txt",
        "//etc/passwd",
        "//secret.txt",
        "/acme//en/",
        "/etc/passwd",
        "/secret.txt",
        "/policies/site.yaml",
        "/policies/acme/2024-01/en.yaml",
        "/%ff%fe",
        "http://127.0.0.1/../secret.txt",
        "*",
    ] {
        let reply = served.get(target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(!reply.text().contains("TOP SECRET"), "{target}");
        assert_ne!(reply.body, index, "{target}");
    }
}

#[test]
fn an_edit_is_served_and_announced_as_a_newer_generation() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    let mut events = served.events();
    let first = events.next();
    assert_eq!(first["errors"], 0);
    let generation = first["generation"].as_u64().unwrap();
    assert!(
        served
            .get("/acme/en/")
            .text()
            .contains("We respect your privacy.")
    );

    edit(
        &project,
        "policies/acme/2024-01/en.yaml",
        "We respect your privacy.",
        "We guard your privacy.",
    );
    let next = events.until("a newer generation", |m| {
        m["generation"].as_u64() > Some(generation)
    });
    assert_eq!(next["errors"], 0);
    assert_eq!(next["instance"], first["instance"]);
    let page = served.get("/acme/en/").text();
    assert!(page.contains("We guard your privacy."), "{page}");
    assert!(
        page.contains(&format!("data-generation=\"{}\"", next["generation"])),
        "{page}"
    );
    assert_serves_the_build(&served, &project, TODAY);
}

#[test]
fn a_broken_file_shows_its_problems_over_the_last_good_site_until_fixed() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    let mut events = served.events();
    let generation = events.next()["generation"].as_u64().unwrap();
    let good = served.get("/acme/en/").body;

    let file = "policies/acme/2024-01/en.yaml";
    edit(
        &project,
        file,
        "effective: 2024-01-15",
        "effective: 2024-13-45",
    );
    let broken = events.until("errors", |m| m["errors"].as_u64() > Some(0));
    assert_eq!(broken["generation"].as_u64(), Some(generation));
    let problem = &broken["problems"][0];
    assert_eq!(problem["severity"], "error");
    assert_eq!(problem["file"], file);
    assert_eq!(problem["location"], format!("{file}:1:12"));
    assert!(
        problem["message"].as_str().unwrap().contains("2024-13-45"),
        "{problem}"
    );
    served.wait_for_stderr(&format!("{file}:1:12: error"));
    served.wait_for_stderr("the preview shows the last good site");
    // The last good page, still.
    assert_eq!(served.get("/acme/en/").body, good);

    edit(
        &project,
        file,
        "effective: 2024-13-45",
        "effective: 2024-01-15",
    );
    let fixed = events.until("no errors", |m| m["errors"] == 0);
    // What is left are the warnings the sources had before.
    for problem in fixed["problems"].as_array().unwrap() {
        assert_eq!(problem["severity"], "warning", "{problem}");
    }
    assert_eq!(served.get("/acme/en/").body, good);
    assert_serves_the_build(&served, &project, TODAY);
}

#[test]
fn a_deleted_version_goes_and_an_added_one_comes() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    let mut events = served.events();
    let generation = events.next()["generation"].as_u64().unwrap();
    assert_eq!(served.get("/acme/en/2025-01/").status, 200);
    let missing = served.get("/acme/en/2023-06/");
    assert_eq!(missing.status, 404);

    fs::remove_dir_all(project.path("policies/acme/2025-01")).unwrap();
    let gone = events.until("a newer generation", |m| {
        m["generation"].as_u64() > Some(generation)
    });
    assert_eq!(gone["errors"], 0);
    assert_eq!(served.get("/acme/en/2025-01/").status, 404);
    assert_serves_the_build(&served, &project, TODAY);

    let project = project.version("2023-06", "en", "effective: 2023-06-01", SECTIONS);
    let generation = gone["generation"].as_u64().unwrap();
    events.until("a newer generation", |m| {
        m["generation"].as_u64() > Some(generation)
    });
    let added = served.get("/acme/en/2023-06/");
    assert_eq!(added.status, 200);
    assert!(added.text().contains(LIVE_TAG));
    assert_serves_the_build(&served, &project, TODAY);
}

#[test]
fn a_save_tells_only_the_pages_it_changed_to_reload() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    // The page of the old version, and the page of the upcoming one, which
    // shows nothing of the old version's text.
    let mut old = served.events_for("/acme/en/2024-01/");
    let mut upcoming = served.events_for("/acme/en/2025-01/");
    let mut missing = served.events_for("/acme/en/2024-11/");
    for events in [&mut old, &mut upcoming, &mut missing] {
        assert_eq!(
            events.next()["reload"],
            false,
            "up to date when it connects"
        );
    }

    edit(
        &project,
        "policies/acme/2024-01/en.yaml",
        "We respect your privacy.",
        "We guard your privacy.",
    );
    old.until("the old version's page to reload", |m| m["reload"] == true);
    served.wait_for_stderr("Rebuilt");
    let now = served.events().next()["generation"].as_u64().unwrap();
    for events in [&mut upcoming, &mut missing] {
        let last = events.until("the newest generation", |m| {
            assert_eq!(m["reload"], false, "its bytes did not change: {m}");
            m["generation"].as_u64() == Some(now)
        });
        assert_eq!(last["errors"], 0);
    }

    // The missing page is made: it reloads to show it.
    let _project = project.version("2024-11", "en", "effective: 2024-11-20", SECTIONS);
    missing.until("the page made to reload", |m| m["reload"] == true);
    assert_eq!(served.get("/acme/en/2024-11/").status, 200);
}

#[test]
fn a_save_that_changes_nothing_keeps_the_generation() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    let mut events = served.events();
    let generation = events.next()["generation"].clone();
    let file = project.path("policies/acme/2024-01/en.yaml");
    fs::write(&file, fs::read(&file).unwrap()).unwrap();
    served.wait_for_stderr("nothing changed");
    let page = served.get("/acme/en/").text();
    assert!(
        page.contains(&format!("data-generation=\"{generation}\"")),
        "{page}"
    );
}

#[test]
fn broken_sources_at_the_start_are_served_as_their_problems() {
    let project = two_versions().file("policies/acme/policy.yaml", "title: [unclosed\n");
    let served = Served::start(&project, &["--today", TODAY]);
    let mut events = served.events();
    let first = events.next();
    assert!(first["errors"].as_u64() > Some(0), "{first}");
    assert_eq!(first["generation"], 0);
    served.wait_for_stderr("every page shows them until they are fixed");
    let page = served.get("/");
    assert_eq!(page.status, 404);
    assert!(page.text().contains(LIVE_TAG));

    let _project = project.file(
        "policies/acme/policy.yaml",
        "title: Privacy Policy\nowner: Acme Inc.\n",
    );
    let fixed = events.until("the first good build", |m| m["generation"] == 1);
    assert_eq!(fixed["errors"], 0);
    assert_eq!(served.get("/").status, 200);
}

#[test]
fn it_listens_on_this_machine_only_unless_told_otherwise() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    assert!(
        served.banner.starts_with("Serving http://127.0.0.1:"),
        "{}",
        served.banner
    );
    assert!(
        !served.stderr().contains("listening on"),
        "{}",
        served.stderr()
    );
    drop(served);

    let served = Served::start(&project, &["--today", TODAY, "--bind", "0.0.0.0"]);
    let stderr = served.wait_for_stderr("warning: listening on 0.0.0.0");
    assert!(stderr.contains("anyone who can reach it"), "{stderr}");
    assert!(stderr.contains("drafts"), "{stderr}");
    // Shown as an address a browser on this machine can open.
    assert!(
        served.banner.starts_with("Serving http://127.0.0.1:"),
        "{}",
        served.banner
    );
    // Asked for by any name, as a phone on the network would.
    assert_eq!(
        served.request_to("laptop.example:4111", "GET", "/").status,
        200
    );
}

#[test]
fn on_this_machine_it_answers_only_to_names_of_this_machine() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    let port = served.addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(served.request_to(&host, "GET", "/").status, 200, "{host}");
    }
    // A page elsewhere that points a name of its own at 127.0.0.1 (DNS
    // rebinding) would read the preview, drafts included.
    for host in [format!("rebind.example:{port}"), "example.com".to_owned()] {
        for target in [
            "/",
            "/acme/en/",
            "/__privsite/events",
            "/__privsite/live.js",
        ] {
            let reply = served.request_to(&host, "GET", target);
            assert_eq!(reply.status, 403, "{host} {target}");
            assert!(reply.text().contains("--bind"), "{host} {target}");
        }
    }
}

#[test]
fn a_taken_port_is_a_usage_error_that_names_it() {
    let project = two_versions();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = project
        .privsite(&["serve", "--today", TODAY, "--port", &port])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port} is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}

#[test]
fn a_folder_without_policies_is_a_usage_error() {
    let project = Project::empty();
    let output = project
        .privsite(&["serve", "--port", "0"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no `policies` folder"));
}

#[test]
fn ctrl_c_stops_it_cleanly_even_with_a_page_listening() {
    let project = two_versions();
    let served = Served::start(&project, &["--today", TODAY]);
    let mut events = served.events();
    events.next();
    let addr = served.addr;
    let (status, stderr) = served.interrupt();
    assert!(status.success(), "{status}: {stderr}");
    assert!(stderr.contains("Stopped."), "{stderr}");
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn open_starts_the_browser_on_the_address_and_survives_a_missing_one() {
    let project = two_versions().file(
        "browser.sh",
        "#!/bin/sh\nprintf '%s' \"$1\" > \"$(dirname \"$0\")/opened.txt\"\n",
    );
    let browser = project.path("browser.sh");
    make_executable(&browser);
    let served = Served::start_with(
        &project,
        &["--today", TODAY, "--open"],
        &[("BROWSER", browser.to_str().unwrap())],
    );
    let opened = project.path("opened.txt");
    let start = std::time::Instant::now();
    while !opened.exists() {
        assert!(
            start.elapsed().as_secs() < 30,
            "the browser was not started"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(
        fs::read_to_string(&opened).unwrap(),
        format!("http://{}/", served.addr)
    );
    drop(served);

    let served = Served::start_with(
        &project,
        &["--today", TODAY, "--open"],
        &[("BROWSER", "/nonexistent/browser")],
    );
    served.wait_for_stderr("warning: could not open a browser");
    assert_eq!(served.get("/").status, 200);
}

/// Replaces `from` by `to` in a project file, as an editor saves it.
fn edit(project: &Project, file: &str, from: &str, to: &str) {
    let path = project.path(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
}
