//! At most so many connections to one host at a time, shared by all the
//! threads that use a client.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, PoisonError};

/// Counts the requests in flight to each host (`host:port`).
#[derive(Debug)]
pub(crate) struct Hosts {
    limit: usize,
    busy: Mutex<HashMap<String, usize>>,
    freed: Condvar,
}

/// A place in a host's queue; dropping it frees the place.
pub(crate) struct Permit<'a> {
    hosts: &'a Hosts,
    host: String,
}

impl Hosts {
    /// At most `limit` (at least 1) requests to a host at a time.
    pub(crate) fn new(limit: usize) -> Hosts {
        Hosts {
            limit: limit.max(1),
            busy: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
        }
    }

    /// Waits until fewer than the limit are in flight to `host`, then takes
    /// a place.
    pub(crate) fn acquire(&self, host: &str) -> Permit<'_> {
        // A thread that panicked while holding the lock left the counts
        // consistent (each change is one statement), so poison is ignored.
        let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        while busy.get(host).is_some_and(|&n| n >= self.limit) {
            busy = self
                .freed
                .wait(busy)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *busy.entry(host.to_string()).or_insert(0) += 1;
        Permit {
            hosts: self,
            host: host.to_string(),
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut busy = self
            .hosts
            .busy
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = busy.get_mut(&self.host) {
            *n -= 1;
            if *n == 0 {
                busy.remove(&self.host);
            }
        }
        self.hosts.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn no_more_than_the_limit_at_once() {
        let hosts = Hosts::new(2);
        let (now, max) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            for i in 0..6 {
                let (hosts, now, max) = (&hosts, &now, &max);
                s.spawn(move || {
                    let host = if i % 2 == 0 { "a:80" } else { "b:80" };
                    let _permit = hosts.acquire(host);
                    if host == "a:80" {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        max.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(30));
                        now.fetch_sub(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(max.load(Ordering::SeqCst), 2);
        assert!(hosts.busy.lock().unwrap().is_empty());
    }
}
