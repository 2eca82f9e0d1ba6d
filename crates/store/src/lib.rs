//! Storyline's data directory: articles, events and stories in SQLite (the
//! truth), their text in a tantivy index (for search), and the engine's
//! state, so that each run goes on from where the last one stopped.
//!
//! Crash safety comes from the order of writes: articles are committed in
//! batches, each in one transaction with the events and stories it opens;
//! the engine's state is saved at checkpoints; a run after a crash restores
//! the last checkpoint and replays the articles committed since, which the
//! engine places exactly as before (it is deterministic). The index records
//! how many articles it holds and catches up from the database.
//!
//! ```no_run
//! use store::{Mode, Store};
//!
//! let store = Store::open("storyline-data".as_ref(), Mode::Read)?;
//! for event in store.events(&store::Filter::default())? {
//!     println!("{} {} ({} articles)", event.id, event.title, event.articles.len());
//! }
//! # Ok::<(), store::Error>(())
//! ```

mod add;
mod check;
mod index;
mod lock;
mod queue;
mod read;
mod schema;
mod stem;
mod write;

pub use add::Added;
pub use queue::{Queue, SpillError};
pub use read::{group_stories, ArticleRow, EventRow, SearchGroup, StoryRow};
pub use write::content_hash;

use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;

use index::SearchIndex;

/// How a store is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Reading only: several readers may work while one writer writes.
    Read,
    /// Reading and writing, holding the writer lock; creates the directory.
    Write,
}

/// What a listing or a search keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only what happened on or after this day.
    pub since: Option<NaiveDate>,
    /// Only what happened on or before this day.
    pub until: Option<NaiveDate>,
    /// Only articles in this language (ISO 639-1), or events that have one.
    pub lang: Option<String>,
    /// Only articles from this outlet, or events that have one.
    pub outlet: Option<String>,
}

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// There is no store at this place yet.
    #[error("{path}: no Storyline data here (run `storyline ingest` first)")]
    Missing {
        /// The data directory or the part of it that is missing.
        path: PathBuf,
    },
    /// What is there is not a Storyline store; it is left untouched.
    #[error("{path}: not Storyline data, left untouched: {why}")]
    Foreign {
        /// The file or folder.
        path: PathBuf,
        /// What it is instead.
        why: String,
    },
    /// Another process is writing.
    #[error("{path}: already being written by {holder}; one writer at a time")]
    Locked {
        /// The data directory.
        path: PathBuf,
        /// Who holds the lock.
        holder: String,
    },
    /// The database was made by a newer Storyline.
    #[error("{path}: schema version {found} is newer than this Storyline's ({known}); upgrade Storyline")]
    Newer {
        /// The database.
        path: PathBuf,
        /// Its version.
        found: usize,
        /// The newest this build knows.
        known: usize,
    },
    /// The database needs migrating, which only a writer may do.
    #[error("{path}: schema version {found} is older than this Storyline's ({known}); run `storyline ingest` once to migrate it")]
    Older {
        /// The database.
        path: PathBuf,
        /// Its version.
        found: usize,
        /// The version this build writes.
        known: usize,
    },
    /// The documents waiting to be placed could not be put aside or read
    /// back.
    #[error(transparent)]
    Spill(#[from] SpillError),
    /// A search query could not be parsed.
    #[error("cannot read the query {query:?}: {why}")]
    Query {
        /// The query.
        query: String,
        /// What is wrong with it.
        why: String,
    },
    /// Replaying the articles stored after the last checkpoint did not give
    /// their stored places (the settings changed after a crash, or the data
    /// was edited).
    #[error("article {id} (stored as number {seq}) {why}; the store is not consistent with the engine (see `storyline check`)")]
    Diverged {
        /// The article.
        id: String,
        /// Its sequence number.
        seq: u64,
        /// What differs.
        why: String,
    },
    /// The database failed.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The search index failed.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The saved engine state could not be restored.
    #[error("engine state: {0}")]
    State(#[from] pipeline::StateError),
}

/// The result of store operations.
pub type Result<T> = std::result::Result<T, Error>;

/// The index's folder in the data directory.
const INDEX_DIR: &str = "index";

/// A data directory, open for reading or for writing.
pub struct Store {
    dir: PathBuf,
    db: Connection,
    index: SearchIndex,
    /// How many articles the index writer has been given (committed or
    /// not), once it is known to be in step with the database.
    pending: Option<u64>,
    /// Held while writing; the lock goes with the file.
    _lock: Option<File>,
}

impl Store {
    /// Opens the data directory `dir`. A writer creates it (if it is absent
    /// or empty), takes the writer lock and migrates the database forward;
    /// anything there that is not Storyline's is refused and left alone.
    pub fn open(dir: &Path, mode: Mode) -> Result<Store> {
        let write = mode == Mode::Write;
        let io = |source| Error::Io {
            path: dir.to_path_buf(),
            source,
        };
        match std::fs::metadata(dir) {
            Ok(m) if !m.is_dir() => {
                return Err(Error::Foreign {
                    path: dir.to_path_buf(),
                    why: "a file, not a directory".into(),
                })
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && write => {
                std::fs::create_dir_all(dir).map_err(io)?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::Missing {
                    path: dir.to_path_buf(),
                })
            }
            Err(e) => return Err(io(e)),
        }
        if write && !dir.join(schema::DB_FILE).exists() {
            let others = std::fs::read_dir(dir)
                .map_err(io)?
                .filter_map(|e| e.ok())
                .any(|e| e.file_name() != lock::LOCK_FILE);
            if others {
                return Err(Error::Foreign {
                    path: dir.to_path_buf(),
                    why: format!("a directory with other files and no {}", schema::DB_FILE),
                });
            }
        }
        let lock = if write {
            Some(lock::acquire(dir)?)
        } else {
            None
        };
        let db = schema::open(dir, write)?;
        let index = SearchIndex::open(&dir.join(INDEX_DIR), write)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            db,
            index,
            pending: None,
            _lock: lock,
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many articles are stored.
    pub fn articles(&self) -> Result<u64> {
        self.count("articles")
    }

    /// How many events are stored.
    pub fn events_stored(&self) -> Result<u64> {
        self.count("events")
    }

    fn count(&self, table: &str) -> Result<u64> {
        let sql = format!("SELECT count(*) FROM {table}");
        Ok(self.db.query_row(&sql, [], |r| r.get(0))?)
    }
}

/// A day as a number (days since 1970-01-01), for the index's range filters.
pub(crate) fn day_number(day: NaiveDate) -> i64 {
    (day - NaiveDate::default()).num_days()
}
