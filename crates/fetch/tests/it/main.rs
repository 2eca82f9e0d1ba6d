//! Integration tests of the fetcher against a local HTTP server on
//! 127.0.0.1: timeouts, errors, redirects, retries, the cache and
//! conditional GET, robots.txt and the per-host limit. Nothing outside
//! loopback is contacted.

mod cache;
mod errors;
mod politeness;
mod server;

use std::path::Path;
use std::time::Duration;

use fetch::{Client, Settings};

/// Settings with short waits, so that the suite stays fast, and no cache.
pub(crate) fn quick() -> Settings {
    Settings {
        connect_timeout: Duration::from_millis(500),
        read_timeout: Duration::from_millis(300),
        retries: 2,
        backoff: Duration::from_millis(10),
        max_retry_after: Duration::from_secs(1),
        ..Settings::default()
    }
}

/// A client with [`quick`] settings.
pub(crate) fn client() -> Client {
    Client::new(quick()).expect("a client")
}

/// A client with [`quick`] settings and a cache in `dir`.
pub(crate) fn cached_client(dir: &Path) -> Client {
    Client::new(Settings {
        cache_dir: Some(dir.to_path_buf()),
        ..quick()
    })
    .expect("a client")
}

pub(crate) const PAGE: &str =
    "<html><body><article><p>A storm hit the harbour.</p></article></body></html>";
