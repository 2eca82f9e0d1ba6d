//! The server's shared state: read-only connections to the store (a small
//! pool, used from blocking tasks), the listing snapshot that answers
//! `/api/events` and `/api/stories` from memory, and the write path.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use pipeline::Settings;
use store::{EventRow, Filter, Mode, Store, StoryRow};
use tracing::{debug, warn};

/// Read connections kept open between requests; more are opened under load
/// and closed when they come back to a full pool.
const IDLE_READERS: usize = 16;

/// What every handler shares.
pub(crate) struct App {
    pub(crate) data: PathBuf,
    pub(crate) settings: Settings,
    /// The bearer token the write API asks for; without one it answers 401.
    pub(crate) token: Option<String>,
    readers: Mutex<Vec<Store>>,
    listing: RwLock<Arc<Listing>>,
    /// One write at a time from this process (the store's lock keeps other
    /// processes out; a second write here waits rather than failing).
    pub(crate) writing: tokio::sync::Mutex<()>,
}

/// All events and stories as one read of the store saw them, oldest first:
/// listings are filtered and paged from here without touching SQLite.
pub(crate) struct Listing {
    /// The number of articles stored when it was read (the store's
    /// generation: article numbers have no gaps and are never reused).
    pub(crate) generation: u64,
    pub(crate) events: Vec<EventRow>,
    pub(crate) stories: Vec<StoryRow>,
    /// Each story's events (indices into `events`), by story id.
    pub(crate) story_events: HashMap<String, Vec<usize>>,
    /// Each event and story as JSON, written once per snapshot: a page of
    /// a listing is these pieces joined, not a serialisation per request.
    pub(crate) event_json: Vec<Box<str>>,
    pub(crate) story_json: Vec<Box<str>>,
}

impl Listing {
    fn read(store: &Store) -> store::Result<Listing> {
        // The generation first: a write landing during the read makes the
        // next check read again, never the other way round.
        let generation = store.articles()?;
        let events = store.events(&Filter::default())?;
        let mut story_events: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            story_events.entry(e.story.clone()).or_default().push(i);
        }
        let stories = store::group_stories(events.clone());
        Ok(Listing {
            generation,
            event_json: events.iter().map(to_json).collect(),
            story_json: stories.iter().map(to_json).collect(),
            events,
            stories,
            story_events,
        })
    }
}

fn to_json(value: &impl serde::Serialize) -> Box<str> {
    serde_json::to_string(value)
        .expect("rows of strings serialise")
        .into_boxed_str()
}

/// Whether an event meets a filter, as `Store::events` decides it in SQL:
/// its days overlap [since, until] (an undated event meets no date bound),
/// it has an article in the language, from the outlet.
pub(crate) fn event_matches(e: &EventRow, f: &Filter) -> bool {
    let day = |d: &chrono::NaiveDate| d.to_string();
    f.since
        .as_ref()
        .is_none_or(|s| e.end.as_ref().is_some_and(|end| *end >= day(s)))
        && f.until
            .as_ref()
            .is_none_or(|u| e.start.as_ref().is_some_and(|start| *start <= day(u)))
        && f.lang.as_ref().is_none_or(|l| e.langs.contains(l))
        && f.outlet.as_ref().is_none_or(|o| e.outlets.contains(o))
}

impl App {
    /// Opens the data directory for reading (creating an empty store when
    /// there is none yet) and reads the first listing.
    pub(crate) fn open(
        data: PathBuf,
        settings: Settings,
        token: Option<String>,
    ) -> store::Result<App> {
        let store = match Store::open(&data, Mode::Read) {
            Err(store::Error::Missing { .. }) => {
                // A writer creates it, then lets go of the lock at once.
                drop(Store::open(&data, Mode::Write)?);
                Store::open(&data, Mode::Read)?
            }
            other => other?,
        };
        let listing = Listing::read(&store)?;
        Ok(App {
            data,
            settings,
            token,
            readers: Mutex::new(vec![store]),
            listing: RwLock::new(Arc::new(listing)),
            writing: tokio::sync::Mutex::new(()),
        })
    }

    /// The current listing snapshot.
    pub(crate) fn listing(&self) -> Arc<Listing> {
        self.listing.read().expect("listing lock").clone()
    }

    /// Runs `read` with a read-only connection on a blocking thread.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, read: F) -> store::Result<T>
    where
        F: FnOnce(&Store) -> store::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let app = self.clone();
        tokio::task::spawn_blocking(move || {
            let store = app.take_reader()?;
            let result = read(&store);
            app.give_back(store);
            result
        })
        .await
        .expect("a read task does not panic")
    }

    fn take_reader(&self) -> store::Result<Store> {
        let idle = self.readers.lock().expect("reader pool").pop();
        match idle {
            Some(store) => Ok(store),
            None => Store::open(&self.data, Mode::Read),
        }
    }

    fn give_back(&self, store: Store) {
        let mut pool = self.readers.lock().expect("reader pool");
        if pool.len() < IDLE_READERS {
            pool.push(store);
        }
    }

    /// Reads the listing again if articles were stored since it was read.
    pub(crate) async fn refresh(self: &Arc<Self>) -> store::Result<()> {
        let known = self.listing().generation;
        let fresh = self
            .read(move |store| {
                if store.articles()? == known {
                    return Ok(None);
                }
                Listing::read(store).map(Some)
            })
            .await?;
        if let Some(fresh) = fresh {
            debug!(
                articles = fresh.generation,
                events = fresh.events.len(),
                "listing read again"
            );
            *self.listing.write().expect("listing lock") = Arc::new(fresh);
        }
        Ok(())
    }

    /// Keeps the listing in step with the store: checks every `every`
    /// (a cheap query; a write through this server refreshes at once). Reading
    /// a large store's listing takes a while; the pause after a read is at
    /// least four times what it took, so that a long ingest by another
    /// process does not keep a core busy re-reading.
    pub(crate) async fn keep_fresh(self: Arc<Self>, every: Duration) {
        let mut pause = every;
        loop {
            tokio::time::sleep(pause).await;
            let start = std::time::Instant::now();
            if let Err(e) = self.refresh().await {
                warn!(error = %e, "could not read the listing again");
            }
            pause = every.max(start.elapsed() * 4);
        }
    }
}
