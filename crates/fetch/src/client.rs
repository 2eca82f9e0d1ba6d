//! The client: the cache, robots.txt, redirects, retries and the per-host
//! limit around each request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use tracing::{debug, info};
use ureq::http::header;
use url::Url;

use crate::cache::{self, Cache, Entry};
use crate::hosts::Hosts;
use crate::robots::Rules;
use crate::{Accept, Error, Response, Result, Settings, Source};

/// Fetches URLs politely; share one between threads (it is `Sync`).
pub struct Client {
    agent: ureq::Agent,
    settings: Settings,
    cache: Option<Cache>,
    hosts: Hosts,
    /// The robots.txt rules of each site seen, read once: the other threads
    /// asking for the same site wait for the first.
    robots: Mutex<HashMap<String, Arc<OnceLock<Rules>>>>,
}

/// One answer from the server: the headers that matter, and the body of a
/// success.
struct Reply {
    status: u16,
    location: Option<String>,
    content_type: Option<String>,
    etag: Option<String>,
    last_modified: Option<String>,
    cache_control: Option<String>,
    expires: Option<String>,
    date: Option<String>,
    retry_after: Option<String>,
    body: Vec<u8>,
}

/// Validators of a cached response, sent to ask whether it changed.
struct Conditions<'a> {
    etag: Option<&'a str>,
    last_modified: Option<&'a str>,
}

impl Client {
    /// A client with `settings`; creates the cache folder.
    pub fn new(settings: Settings) -> Result<Client> {
        let cache = match &settings.cache_dir {
            Some(dir) => Some(Cache::open(dir).map_err(|source| Error::Cache {
                path: dir.clone(),
                source,
            })?),
            None => None,
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are followed here, each hop checked against robots.txt.
            .max_redirects(0)
            .user_agent(settings.user_agent.as_str())
            .timeout_connect(Some(settings.connect_timeout))
            .timeout_recv_response(Some(settings.read_timeout))
            .timeout_recv_body(Some(settings.read_timeout))
            .max_idle_connections_per_host(settings.per_host.max(1))
            .build();
        Ok(Client {
            agent: config.new_agent(),
            hosts: Hosts::new(settings.per_host),
            settings,
            cache,
            robots: Mutex::new(HashMap::new()),
        })
    }

    /// Fetches `url`, from the cache when it holds a fresh copy.
    pub fn get(&self, url: &str, accept: Accept) -> Result<Response> {
        let start = parse(url)?;
        let cached = self.cache.as_ref().and_then(|c| c.load(start.as_str()));
        if let Some((entry, body)) = &cached {
            if entry.is_fresh() && wanted(entry.content_type.as_deref(), accept) {
                debug!(url = %start, "fresh in the cache");
                return Ok(Response {
                    url: entry.final_url.clone(),
                    content_type: entry.content_type.clone(),
                    body: body.clone(),
                    source: Source::Cache,
                });
            }
        }
        let mut current = start.clone();
        for _ in 0..=self.settings.max_redirects {
            self.check_robots(&current)?;
            // The validators belong to the URL that gave the body.
            let conditions = cached
                .as_ref()
                .filter(|(e, _)| e.final_url == current.as_str())
                .map(|(e, _)| Conditions {
                    etag: e.etag.as_deref(),
                    last_modified: e.last_modified.as_deref(),
                });
            let reply = self.request(&current, Some(accept), conditions.as_ref())?;
            if reply.status == 304 {
                let Some((entry, body)) = cached.filter(|(e, _)| e.final_url == current.as_str())
                else {
                    return Err(Error::Status {
                        url: current.to_string(),
                        status: 304,
                    });
                };
                debug!(url = %current, "not modified: the cached copy is used");
                return Ok(self.revalidated(entry, body, reply));
            }
            match reply.status {
                301 | 302 | 303 | 307 | 308 => {
                    let next = reply
                        .location
                        .as_deref()
                        .and_then(|l| current.join(l).ok())
                        .filter(|u| matches!(u.scheme(), "http" | "https"))
                        .ok_or_else(|| Error::Redirect {
                            url: current.to_string(),
                            reason: format!(
                                "HTTP {} without a usable Location ({:?})",
                                reply.status,
                                reply.location.as_deref().unwrap_or("none")
                            ),
                        })?;
                    debug!(from = %current, to = %next, "redirected");
                    current = next;
                }
                200..=299 => {
                    info!(url = %current, bytes = reply.body.len(), "fetched");
                    if let (Some(c), Some(fresh_for)) = (&self.cache, self.freshness(&reply)) {
                        c.store(
                            &Entry {
                                url: start.to_string(),
                                final_url: current.to_string(),
                                content_type: reply.content_type.clone(),
                                etag: reply.etag,
                                last_modified: reply.last_modified,
                                checked: cache::now(),
                                fresh_for,
                            },
                            &reply.body,
                        );
                    }
                    return Ok(Response {
                        url: current.to_string(),
                        content_type: reply.content_type,
                        body: reply.body,
                        source: Source::Network,
                    });
                }
                status => {
                    return Err(Error::Status {
                        url: current.to_string(),
                        status,
                    })
                }
            }
        }
        Err(Error::Redirect {
            url: start.to_string(),
            reason: format!("more than {} redirects", self.settings.max_redirects),
        })
    }

    /// The cached copy, confirmed by a 304: its freshness starts again.
    fn revalidated(&self, mut entry: Entry, body: Vec<u8>, reply: Reply) -> Response {
        if let Some(fresh_for) = self.freshness(&reply) {
            entry.checked = cache::now();
            entry.fresh_for = fresh_for;
            entry.etag = reply.etag.or(entry.etag);
            entry.last_modified = reply.last_modified.or(entry.last_modified);
            if let Some(c) = &self.cache {
                c.touch(&entry);
            }
        }
        Response {
            url: entry.final_url,
            content_type: entry.content_type,
            body,
            source: Source::Revalidated,
        }
    }

    fn freshness(&self, reply: &Reply) -> Option<u64> {
        cache::freshness(
            reply.cache_control.as_deref(),
            reply.expires.as_deref(),
            reply.date.as_deref(),
            self.settings.fresh_for,
        )
    }

    /// Fails unless the site's robots.txt allows `url`.
    fn check_robots(&self, url: &Url) -> Result<()> {
        let site = url.origin().ascii_serialization();
        let cell = {
            let mut robots = self.robots.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(robots.entry(site.clone()).or_default())
        };
        match cell.get_or_init(|| self.read_robots(&site)) {
            Rules::AllowAll => Ok(()),
            Rules::Robot(robot) if robot.allowed(url.as_str()) => Ok(()),
            Rules::Robot(_) => Err(Error::Disallowed {
                url: url.to_string(),
            }),
            Rules::Unavailable(reason) => Err(Error::Robots {
                url: url.to_string(),
                reason: reason.clone(),
            }),
        }
    }

    /// Fetches and parses a site's robots.txt (through the cache, without
    /// checking robots.txt itself).
    fn read_robots(&self, site: &str) -> Rules {
        let url = format!("{site}/robots.txt");
        let result = self.get_robots(&url);
        match result {
            Ok(body) => Rules::parse(crate::ROBOTS_AGENT, &body),
            Err(Error::Status { status, .. }) if (400..500).contains(&status) => {
                debug!(url, status, "no robots.txt: everything allowed");
                Rules::AllowAll
            }
            Err(e) => {
                debug!(url, error = %e, "robots.txt unavailable: nothing allowed");
                Rules::Unavailable(e.to_string())
            }
        }
    }

    /// The body of a robots.txt, following redirects (as RFC 9309 asks).
    fn get_robots(&self, url: &str) -> Result<Vec<u8>> {
        let start = parse(url)?;
        if let Some((entry, body)) = self.cache.as_ref().and_then(|c| c.load(url)) {
            if entry.is_fresh() {
                return Ok(body);
            }
        }
        let mut current = start.clone();
        for _ in 0..=self.settings.max_redirects {
            let reply = self.request(&current, None, None)?;
            match reply.status {
                200..=299 => {
                    if let (Some(c), Some(fresh_for)) = (&self.cache, self.freshness(&reply)) {
                        c.store(
                            &Entry {
                                url: url.to_string(),
                                final_url: current.to_string(),
                                content_type: reply.content_type,
                                etag: None,
                                last_modified: None,
                                checked: cache::now(),
                                fresh_for,
                            },
                            &reply.body,
                        );
                    }
                    return Ok(reply.body);
                }
                300..=399 => match reply.location.as_deref().and_then(|l| current.join(l).ok()) {
                    Some(next) => current = next,
                    None => break,
                },
                status => {
                    return Err(Error::Status {
                        url: current.to_string(),
                        status,
                    })
                }
            }
        }
        // A robots.txt that cannot be reached through its redirects is
        // treated as missing (RFC 9309, 2.3.1.2).
        Err(Error::Status {
            url: url.to_string(),
            status: 404,
        })
    }

    /// One request with retries: timeouts and broken connections, 5xx and
    /// 429 are tried again after a wait that doubles each time (or the
    /// server's `Retry-After`, when it is within the cap).
    fn request(
        &self,
        url: &Url,
        accept: Option<Accept>,
        conditions: Option<&Conditions<'_>>,
    ) -> Result<Reply> {
        let attempts = self.settings.retries + 1;
        let mut wait = self.settings.backoff;
        for attempt in 1..=attempts {
            let last = attempt == attempts;
            match self.attempt(url, accept, conditions) {
                Ok(reply) if reply.status == 429 || (500..600).contains(&reply.status) => {
                    let asked = reply.retry_after.as_deref().and_then(retry_after);
                    let pause = match asked {
                        Some(asked) if asked > self.settings.max_retry_after => None,
                        Some(asked) => Some(asked),
                        None => Some(wait),
                    };
                    match pause {
                        Some(pause) if !last => {
                            debug!(url = %url, status = reply.status, attempt, ?pause, "retrying");
                            std::thread::sleep(pause);
                        }
                        _ => return Ok(reply),
                    }
                }
                Ok(reply) => return Ok(reply),
                Err(Failure::Retry(e)) if !last => {
                    debug!(url = %url, error = %e, attempt, ?wait, "retrying");
                    std::thread::sleep(wait);
                }
                Err(Failure::Retry(e)) => {
                    return Err(match e {
                        ureq::Error::Timeout(_) => Error::Timeout {
                            url: url.to_string(),
                            attempts,
                        },
                        e => network(url, &e),
                    })
                }
                Err(Failure::Fatal(e)) => return Err(e),
            }
            wait = wait.saturating_mul(2);
        }
        unreachable!("the last attempt returns")
    }

    /// One request, holding a place in the host's queue until its body is
    /// read.
    fn attempt(
        &self,
        url: &Url,
        accept: Option<Accept>,
        conditions: Option<&Conditions<'_>>,
    ) -> Result<Reply, Failure> {
        let host = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or(0)
        );
        let _permit = self.hosts.acquire(&host);
        let mut request = self.agent.get(url.as_str());
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT, accept_header(accept));
        }
        if let Some(c) = conditions {
            if let Some(etag) = c.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(modified) = c.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, modified);
            }
        }
        let mut response = request.call().map_err(|e| classify(url, e))?;
        let text = |name: header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
        };
        let mut reply = Reply {
            status: response.status().as_u16(),
            location: text(header::LOCATION),
            content_type: text(header::CONTENT_TYPE),
            etag: text(header::ETAG),
            last_modified: text(header::LAST_MODIFIED),
            cache_control: text(header::CACHE_CONTROL),
            expires: text(header::EXPIRES),
            date: text(header::DATE),
            retry_after: text(header::RETRY_AFTER),
            body: Vec::new(),
        };
        if !(200..300).contains(&reply.status) {
            return Ok(reply);
        }
        if let Some(accept) = accept {
            if !wanted(reply.content_type.as_deref(), accept) {
                return Err(Failure::Fatal(Error::Unwanted {
                    url: url.to_string(),
                    content_type: reply.content_type.unwrap_or_default(),
                    expected: match accept {
                        Accept::Page => "an HTML page",
                        Accept::Feed => "a feed",
                        Accept::Any => "an HTML page or a feed",
                    },
                }));
            }
        }
        let limit = self.settings.max_body;
        let too_large = || {
            Failure::Fatal(Error::TooLarge {
                url: url.to_string(),
                limit,
            })
        };
        if response.body().content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        reply.body = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => too_large(),
                e => classify(url, e),
            })?;
        Ok(reply)
    }
}

/// How an attempt failed.
enum Failure {
    /// Worth another try: a timeout, a broken connection.
    Retry(ureq::Error),
    /// Final.
    Fatal(Error),
}

fn classify(url: &Url, e: ureq::Error) -> Failure {
    match e {
        ureq::Error::Timeout(_) | ureq::Error::Io(_) | ureq::Error::ConnectionFailed => {
            Failure::Retry(e)
        }
        e => Failure::Fatal(network(url, &e)),
    }
}

fn network(url: &Url, e: &ureq::Error) -> Error {
    Error::Network {
        url: url.to_string(),
        message: e.to_string(),
    }
}

/// A `Retry-After`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = cache::http_date(value)?;
    Some(Duration::from_secs(at.saturating_sub(cache::now())))
}

fn parse(url: &str) -> Result<Url> {
    let parsed = Url::parse(url).map_err(|e| Error::Url {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::Url {
            url: url.to_string(),
            reason: format!("the scheme is {}", parsed.scheme()),
        });
    }
    Ok(parsed)
}

fn accept_header(accept: Accept) -> &'static str {
    match accept {
        Accept::Page => "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        Accept::Feed => {
            "application/rss+xml,application/atom+xml,application/feed+json,\
             application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
        }
        Accept::Any => {
            "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,\
             application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
        }
    }
}

/// Whether a `Content-Type` is of the kind wanted; none at all is taken.
fn wanted(content_type: Option<&str>, accept: Accept) -> bool {
    let Some(content_type) = content_type else {
        return true;
    };
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let page = matches!(mime.as_str(), "text/html" | "application/xhtml+xml");
    // Feeds come as XML of many names, JSON Feed, and often as plain text.
    let feed = mime.ends_with("/xml")
        || mime.ends_with("+xml")
        || mime.ends_with("/json")
        || mime.ends_with("+json")
        || mime.ends_with("opml")
        || mime == "text/plain";
    match accept {
        Accept::Page => page,
        Accept::Feed => feed,
        Accept::Any => page || feed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert!(wanted(Some("text/html; charset=utf-8"), Accept::Page));
        assert!(!wanted(Some("application/pdf"), Accept::Page));
        assert!(!wanted(Some("text/html"), Accept::Feed));
        assert!(wanted(Some("application/rss+xml"), Accept::Feed));
        assert!(wanted(Some("text/xml"), Accept::Any));
        assert!(wanted(None, Accept::Page));
        assert!(!wanted(Some("image/png"), Accept::Any));
    }

    #[test]
    fn retry_after_values() {
        assert_eq!(retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn only_web_urls() {
        assert!(parse("https://x.example/a").is_ok());
        assert!(parse("file:///etc/passwd").is_err());
        assert!(parse("not a url").is_err());
    }
}
