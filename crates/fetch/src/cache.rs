//! The on-disk cache: for each URL asked for, the body last fetched and what
//! is needed to reuse or revalidate it. Two files per URL, named by a hash of
//! it: `HASH.json` (the [`Entry`]) and `HASH.body`. A file that cannot be
//! read is a miss and one that cannot be written a warning: the cache never
//! fails a fetch.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tracing::warn;

/// What is kept about a response besides its body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The URL asked for (the key).
    pub(crate) url: String,
    /// Where the body was found, after redirects.
    pub(crate) final_url: String,
    /// Its `Content-Type`.
    pub(crate) content_type: Option<String>,
    /// Its `ETag`, for `If-None-Match`.
    pub(crate) etag: Option<String>,
    /// Its `Last-Modified`, for `If-Modified-Since`.
    pub(crate) last_modified: Option<String>,
    /// When it was fetched or last revalidated (seconds since 1970).
    pub(crate) checked: u64,
    /// For how many seconds after `checked` it is fresh.
    pub(crate) fresh_for: u64,
}

impl Entry {
    /// Whether it may be used without asking the server.
    pub(crate) fn is_fresh(&self) -> bool {
        now() < self.checked.saturating_add(self.fresh_for)
    }
}

/// Seconds since 1970.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A cache folder.
#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
}

/// Distinguishes the temp files of concurrent writes.
static TEMP: AtomicU64 = AtomicU64::new(0);

impl Cache {
    /// A cache in `dir`, which is created if need be.
    pub(crate) fn open(dir: &Path) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        Ok(Cache {
            dir: dir.to_path_buf(),
        })
    }

    /// The entry and body kept for `url`, if any.
    pub(crate) fn load(&self, url: &str) -> Option<(Entry, Vec<u8>)> {
        let (meta, body) = self.paths(url);
        let text = std::fs::read_to_string(&meta).ok()?;
        let entry: Entry = match serde_json::from_str(&text) {
            Ok(entry) => entry,
            Err(e) => {
                warn!(path = %meta.display(), error = %e, "unreadable cache entry ignored");
                return None;
            }
        };
        // Another URL with the same hash: a miss (and soon overwritten).
        if entry.url != url {
            return None;
        }
        let body = std::fs::read(body).ok()?;
        Some((entry, body))
    }

    /// Keeps `body` and its entry, replacing what was kept for the URL.
    pub(crate) fn store(&self, entry: &Entry, body: &[u8]) {
        let (meta, body_path) = self.paths(&entry.url);
        let result = write_atomically(&body_path, body).and_then(|()| {
            let json = serde_json::to_vec_pretty(entry).map_err(std::io::Error::other)?;
            write_atomically(&meta, &json)
        });
        if let Err(e) = result {
            warn!(url = %entry.url, dir = %self.dir.display(), error = %e, "cannot write to the cache");
        }
    }

    /// Updates an entry whose body is unchanged.
    pub(crate) fn touch(&self, entry: &Entry) {
        let (meta, _) = self.paths(&entry.url);
        let result = serde_json::to_vec_pretty(entry)
            .map_err(std::io::Error::other)
            .and_then(|json| write_atomically(&meta, &json));
        if let Err(e) = result {
            warn!(url = %entry.url, dir = %self.dir.display(), error = %e, "cannot write to the cache");
        }
    }

    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        // FNV is stable across runs and platforms, unlike the std hasher.
        let mut hasher = fnv::FnvHasher::default();
        hasher.write(url.as_bytes());
        let key = format!("{:016x}", hasher.finish());
        (
            self.dir.join(format!("{key}.json")),
            self.dir.join(format!("{key}.body")),
        )
    }
}

/// Writes through a temp file and a rename, so that a reader never sees
/// half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let n = TEMP.fetch_add(1, Ordering::Relaxed);
    let temp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// For how long a response may be used without asking again: `no-store`
/// gives `None` (not kept), `no-cache` zero, else `max-age`, else `Expires`
/// (against the server's `Date`, or now), else `default`.
pub(crate) fn freshness(
    cache_control: Option<&str>,
    expires: Option<&str>,
    date: Option<&str>,
    default: Duration,
) -> Option<u64> {
    let directives: Vec<String> = cache_control
        .unwrap_or_default()
        .split(',')
        .map(|d| d.trim().to_ascii_lowercase())
        .collect();
    if directives.iter().any(|d| d == "no-store") {
        return None;
    }
    if directives.iter().any(|d| d == "no-cache") {
        return Some(0);
    }
    if let Some(age) = directives.iter().find_map(|d| {
        d.strip_prefix("max-age=")?
            .trim_matches('"')
            .parse::<u64>()
            .ok()
    }) {
        return Some(age);
    }
    if let Some(expires) = expires {
        // An invalid date (often "0" or "-1") means already expired.
        let Some(expires) = http_date(expires) else {
            return Some(0);
        };
        let origin = date.and_then(http_date).unwrap_or_else(now);
        return Some(expires.saturating_sub(origin));
    }
    Some(default.as_secs())
}

/// An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`) in seconds since 1970.
pub(crate) fn http_date(text: &str) -> Option<u64> {
    let date = chrono::DateTime::parse_from_rfc2822(text.trim()).ok()?;
    u64::try_from(date.timestamp()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_from_headers() {
        let hour = Duration::from_secs(3600);
        let check = |cc: Option<&str>, expires: Option<&str>, want: Option<u64>| {
            let date = Some("Wed, 21 Oct 2015 07:28:00 GMT");
            assert_eq!(
                freshness(cc, expires, date, hour),
                want,
                "{cc:?} {expires:?}"
            );
        };
        check(None, None, Some(3600));
        check(Some("public, max-age=60"), None, Some(60));
        check(Some("no-cache, max-age=60"), None, Some(0));
        check(Some("private, no-store"), None, None);
        check(None, Some("Wed, 21 Oct 2015 08:28:00 GMT"), Some(3600));
        check(None, Some("0"), Some(0));
    }

    #[test]
    fn entries_round_trip_and_other_urls_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("c")).unwrap();
        let entry = Entry {
            url: "http://a.example/x".into(),
            final_url: "http://a.example/y".into(),
            content_type: Some("text/html".into()),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            checked: now(),
            fresh_for: 60,
        };
        assert!(cache.load(&entry.url).is_none());
        cache.store(&entry, b"<p>hi</p>");
        let (got, body) = cache.load(&entry.url).expect("a hit");
        assert_eq!((got.clone(), body.as_slice()), (entry, &b"<p>hi</p>"[..]));
        assert!(got.is_fresh());
        assert!(cache.load("http://a.example/z").is_none());
    }
}
