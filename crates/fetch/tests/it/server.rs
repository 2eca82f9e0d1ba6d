//! A small HTTP/1.1 server on 127.0.0.1 for the tests: one thread per
//! connection, `Connection: close` on every answer, and a record of what
//! it was asked and how many requests it served at once.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub(crate) path: String,
    /// Header names in lower case.
    pub(crate) headers: HashMap<String, String>,
}

/// What to answer.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    /// How long to wait before answering.
    pub(crate) delay: Duration,
}

impl Reply {
    pub(crate) fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub(crate) fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

/// A running server; it lives until the test process ends.
pub(crate) struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Request>>>,
    max_busy: Arc<AtomicUsize>,
}

impl Server {
    /// Serves `handler(request, n)`, where `n` counts the requests for the
    /// same path so far (1 for the first).
    pub(crate) fn start(
        handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let addr = listener.local_addr().expect("an address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let max_busy = Arc::new(AtomicUsize::new(0));
        let busy = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log2, max2) = (Arc::clone(&log), Arc::clone(&max_busy));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, max_busy, busy, handler) = (
                    Arc::clone(&log2),
                    Arc::clone(&max2),
                    Arc::clone(&busy),
                    Arc::clone(&handler),
                );
                std::thread::spawn(move || {
                    serve(stream, &log, &busy, &max_busy, &*handler);
                });
            }
        });
        Server {
            addr,
            log,
            max_busy,
        }
    }

    /// The URL of `path` on this server.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request served so far, in order.
    pub(crate) fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    /// How many requests for `path` were served.
    pub(crate) fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }

    /// The most requests it was serving at one time.
    pub(crate) fn max_busy(&self) -> usize {
        self.max_busy.load(Ordering::SeqCst)
    }
}

fn serve(
    stream: TcpStream,
    log: &Mutex<Vec<Request>>,
    busy: &AtomicUsize,
    max_busy: &AtomicUsize,
    handler: &Handler,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let request = Request { path, headers };
    // Counted from the request read to the answer written: inside the time
    // the client holds its place for the host.
    let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
    max_busy.fetch_max(now, Ordering::SeqCst);
    let n = {
        let mut log = log.lock().unwrap();
        log.push(request.clone());
        log.iter().filter(|r| r.path == request.path).count()
    };
    let reply = handler(&request, n);
    std::thread::sleep(reply.delay);
    busy.fetch_sub(1, Ordering::SeqCst);
    let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    if reply.status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    // The client may have given up (a timeout): a failed write is fine.
    let _ = stream.write_all(head.as_bytes());
    if reply.status != 304 {
        let _ = stream.write_all(&reply.body);
    }
    let _ = stream.flush();
}
