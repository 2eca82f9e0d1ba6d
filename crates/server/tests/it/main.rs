//! Integration tests of the server: a real server on 127.0.0.1 (port 0)
//! over a store built from the seeds in `../shared`, asked over plain TCP
//! so that requests go out exactly as written (even `/../`).

mod api;
mod errors;
mod openapi;
mod pages;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

/// The `shared` folder beside the repository (CI always has it).
pub(crate) fn shared() -> PathBuf {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    assert!(
        path.join("seeds").is_dir(),
        "the shared folder is missing: expected {} (with seeds/) beside the repository",
        path.display()
    );
    path.canonicalize().expect("the shared folder resolves")
}

/// Adds the articles under `paths` to the data directory `data`, as
/// `storyline ingest` does.
pub(crate) fn ingest(data: &Path, paths: &[PathBuf]) -> store::Added {
    let (inputs, errors) = ingest::read_paths(paths, &ingest::Options::default());
    assert!(errors.is_empty(), "{errors:?}");
    let mut store = store::Store::open(data, store::Mode::Write).expect("a writable store");
    store
        .ingest(
            inputs.into_iter().map(|i| i.doc).collect(),
            &pipeline::Settings::default(),
            &mut |_, _| {},
        )
        .expect("ingest")
}

/// A temp dir with `data/` holding the five seeds.
pub(crate) fn seeded() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let added = ingest(&tmp.path().join("data"), &[shared().join("seeds")]);
    assert_eq!(added.added, 5);
    tmp
}

/// A server running on its own thread; stopped when dropped.
pub(crate) struct Running {
    pub(crate) addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts a server on 127.0.0.1, port 0, with `adjust` applied to its
/// configuration.
pub(crate) fn start(data: &Path, adjust: impl FnOnce(&mut server::Config)) -> Running {
    let mut config = server::Config::new(data.to_path_buf(), "127.0.0.1:0".parse().unwrap());
    config.refresh = Duration::from_millis(100);
    adjust(&mut config);
    let (tx, rx) = mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let server = match server::Server::bind(config).await {
                Ok(s) => s,
                Err(e) => {
                    tx.send(Err(e.to_string())).unwrap();
                    return;
                }
            };
            tx.send(Ok(server.local_addr())).unwrap();
            server
                .run(async {
                    let _ = stopped.await;
                })
                .await
                .expect("the server runs");
        });
    });
    let addr = rx
        .recv()
        .expect("the server thread reports")
        .unwrap_or_else(|e| panic!("the server did not start: {e}"));
    Running {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    }
}

/// An HTTP response.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request as written (the target is not normalised) and reads
/// the whole response.
pub(crate) fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write");
    // A server may answer (413) before the whole body is sent.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..end]).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = unchunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(
            std::str::from_utf8(&data[..eol])
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .expect("a chunk size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
}

/// `POST /api/articles` with a bearer token and a JSON body.
pub(crate) fn post(addr: SocketAddr, token: &str, body: &Value) -> Response {
    let auth = format!("Bearer {token}");
    request(
        addr,
        "POST",
        "/api/articles",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body.to_string().as_bytes(),
    )
}

/// `GET target`.
pub(crate) fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target, &[], b"")
}

/// The event holding the seeds' 30 December call (most of the four seeds
/// labelled with it).
pub(crate) fn call_event(addr: SocketAddr) -> String {
    let events = get(addr, "/api/events").json();
    events["items"]
        .as_array()
        .expect("items")
        .iter()
        .max_by_key(|e| {
            e["articles"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| {
                    let a = a.as_str().unwrap();
                    ["000_", "001_", "002_", "004_"]
                        .iter()
                        .any(|p| a.starts_with(p))
                })
                .count()
        })
        .and_then(|e| e["id"].as_str())
        .expect("an event")
        .to_string()
}
