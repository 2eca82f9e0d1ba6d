//! Polite HTTP fetching: pages and feeds for storyline, one URL at a time
//! from as many threads as the caller likes.
//!
//! A [`Client`] asks each site's `robots.txt` first, keeps at most
//! [`Settings::per_host`] connections to a host at a time, gives up on slow
//! servers ([`Settings::connect_timeout`], [`Settings::read_timeout`]),
//! retries timeouts, 5xx and 429 answers with exponential backoff (waiting
//! as long as `Retry-After` asks, within [`Settings::max_retry_after`]),
//! follows a bounded number of redirects, refuses bodies over
//! [`Settings::max_body`] and answers of the wrong kind, and keeps what it
//! fetched in an on-disk cache: a fresh entry is used without a request, a
//! stale one is revalidated with `If-None-Match` / `If-Modified-Since`.
//! Every failure is an [`Error`] naming the URL.
//!
//! ```no_run
//! let client = fetch::Client::new(fetch::Settings {
//!     cache_dir: Some("storyline-data/cache".into()),
//!     ..fetch::Settings::default()
//! })?;
//! let page = client.get("https://example.invalid/news/storm.html", fetch::Accept::Page)?;
//! println!("{} bytes from {}", page.body.len(), page.url);
//! # Ok::<(), fetch::Error>(())
//! ```

mod cache;
mod client;
mod hosts;
mod robots;

use std::path::PathBuf;
use std::time::Duration;

pub use client::Client;

/// The `User-Agent` sent with every request.
pub const USER_AGENT: &str = concat!(
    "Storyline/",
    env!("CARGO_PKG_VERSION"),
    " (+https://example.invalid/storyline)"
);

/// The name `robots.txt` rules are matched against.
pub const ROBOTS_AGENT: &str = "Storyline";

/// How to fetch. The defaults suit news sites; tests shorten the waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The `User-Agent` header.
    pub user_agent: String,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// How long to wait for the answer's headers, and again for its body.
    pub read_timeout: Duration,
    /// How many times a timeout, a 5xx or a 429 is retried.
    pub retries: u32,
    /// The first wait before a retry; each next one doubles.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a server asking for more is not
    /// retried.
    pub max_retry_after: Duration,
    /// The largest body read, in bytes.
    pub max_body: u64,
    /// How many redirects are followed.
    pub max_redirects: u32,
    /// How many connections to one host (and port) may be open at a time.
    pub per_host: usize,
    /// Where responses are kept between runs; `None` keeps nothing.
    pub cache_dir: Option<PathBuf>,
    /// How long a response that states no freshness (`Cache-Control`,
    /// `Expires`) is used without asking the server again.
    pub fresh_for: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            user_agent: USER_AGENT.to_string(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
            max_body: 16 * 1024 * 1024,
            max_redirects: 5,
            per_host: 2,
            cache_dir: None,
            fresh_for: Duration::from_secs(3600),
        }
    }
}

/// What kind of answer a request wants; another `Content-Type` is an
/// [`Error::Unwanted`] (an answer without one is taken).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accept {
    /// An HTML page.
    Page,
    /// A feed or an OPML list: XML or JSON.
    Feed,
    /// Either.
    Any,
}

/// A body fetched, or taken from the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// Where the body was found, after redirects.
    pub url: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body (decompressed).
    pub body: Vec<u8>,
    /// Where it came from.
    pub source: Source,
}

/// Where a [`Response`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The server sent it.
    Network,
    /// The cache had it, fresh: no request was made.
    Cache,
    /// The cache had it, stale; the server said it had not changed (304).
    Revalidated,
}

/// Why a URL could not be fetched. Each names the URL.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not an `http` or `https` URL.
    #[error("{url}: not an http(s) URL: {reason}")]
    Url {
        /// The URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The site's `robots.txt` disallows it.
    #[error("{url}: disallowed by robots.txt")]
    Disallowed {
        /// The URL.
        url: String,
    },
    /// The site's `robots.txt` could not be read (a server error), which
    /// counts as disallowing the whole site.
    #[error("{url}: not fetched, the site's robots.txt is unavailable ({reason})")]
    Robots {
        /// The URL.
        url: String,
        /// Why robots.txt could not be read.
        reason: String,
    },
    /// An HTTP status other than success (after retries, for 5xx and 429).
    #[error("{url}: HTTP {status}{}", reason(*.status))]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The server did not connect or answer in time (after retries).
    #[error("{url}: timed out ({attempts} attempts)")]
    Timeout {
        /// The URL.
        url: String,
        /// How many times it was tried.
        attempts: u32,
    },
    /// The body is over [`Settings::max_body`].
    #[error("{url}: too large (over {limit} bytes)")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// The answer is not the kind asked for.
    #[error("{url}: not {expected} (Content-Type: {content_type})")]
    Unwanted {
        /// The URL.
        url: String,
        /// The `Content-Type` the server sent.
        content_type: String,
        /// What was wanted.
        expected: &'static str,
    },
    /// More redirects than [`Settings::max_redirects`], or one without a
    /// usable `Location`.
    #[error("{url}: {reason}")]
    Redirect {
        /// The URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The connection failed (no such host, refused, reset, TLS…).
    #[error("{url}: {message}")]
    Network {
        /// The URL.
        url: String,
        /// What the HTTP client said.
        message: String,
    },
    /// The cache folder cannot be created.
    #[error("{path}: cannot create the cache folder: {source}")]
    Cache {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// " Not Found" for 404: the status's standard name, if it has one.
fn reason(status: u16) -> String {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map(|r| format!(" {r}"))
        .unwrap_or_default()
}

/// What fetching returns.
pub type Result<T, E = Error> = std::result::Result<T, E>;
