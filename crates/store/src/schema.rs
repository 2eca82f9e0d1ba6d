//! The database: its identity, its schema version and the migrations that
//! bring an older database forward when it is opened.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{Error, Result};

/// Marks a SQLite file as Storyline's (`PRAGMA application_id`: "STRY").
const APPLICATION_ID: i32 = 0x5354_5259;

/// The schema, one migration a version: migration `i` takes a database from
/// version `i` to `i + 1`. Append; never edit one that has shipped.
const MIGRATIONS: &[&str] = &[
    // 1: articles, events, stories, the engine's checkpoint.
    "CREATE TABLE stories (
         id INTEGER PRIMARY KEY
     );
     CREATE TABLE events (
         id INTEGER PRIMARY KEY,
         story INTEGER NOT NULL REFERENCES stories(id)
     );
     CREATE TABLE articles (
         seq INTEGER PRIMARY KEY,
         id TEXT NOT NULL UNIQUE,
         hash TEXT NOT NULL,
         event INTEGER NOT NULL REFERENCES events(id),
         copy_of TEXT,
         title TEXT NOT NULL,
         body TEXT NOT NULL,
         lang TEXT NOT NULL,
         published TEXT,
         day TEXT,
         outlet TEXT,
         url TEXT,
         raw_path TEXT NOT NULL,
         raw_title TEXT,
         raw_text TEXT NOT NULL,
         raw_date TEXT,
         raw_url TEXT,
         raw_source TEXT,
         raw_lang TEXT
     );
     CREATE INDEX articles_event ON articles(event);
     CREATE INDEX articles_hash ON articles(hash);
     CREATE INDEX articles_url ON articles(raw_url);
     CREATE TABLE checkpoint (
         one INTEGER PRIMARY KEY CHECK (one = 1),
         placed INTEGER NOT NULL,
         state BLOB NOT NULL
     );",
    // 2: an article's raw text is stored only where it differs from its
    // body (where cleaning took a repeated title or boilerplate lines out;
    // readers give pages as text already): an empty `raw_text` stands for
    // the body. A stored
    // article always has a body, so an empty raw text never meant itself.
    // Nothing to change in stored rows; the version keeps older builds,
    // which would read the empty text as it is, away.
    "",
];

/// The schema version this build writes.
pub(crate) const VERSION: usize = MIGRATIONS.len();

/// The oldest schema version this build reads as it is: the migrations
/// since changed no stored row, only what a writer may write.
const READS_FROM: usize = 1;

/// The database file's name in the data directory.
pub(crate) const DB_FILE: &str = "store.db";

/// Opens the database of `dir`, creating it and migrating it forward when
/// `write`; refuses a file that is not a Storyline database.
pub(crate) fn open(dir: &Path, write: bool) -> Result<Connection> {
    let path = dir.join(DB_FILE);
    let foreign = |why: String| Error::Foreign {
        path: path.clone(),
        why,
    };
    let fresh = std::fs::metadata(&path).map_or(true, |m| m.len() == 0);
    if fresh && !write {
        return Err(Error::Missing {
            path: dir.to_path_buf(),
        });
    }
    let flags = if write {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    };
    let mut db = Connection::open_with_flags(&path, flags)?;
    // Any read tells a file that is not SQLite at all.
    let id: i32 = db
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| foreign(format!("not a SQLite database ({e})")))?;
    let version: usize = db.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if id != APPLICATION_ID {
        let tables: i64 = db.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if id != 0 || tables > 0 {
            return Err(foreign(format!(
                "a SQLite database of another application (application_id {id:#x})"
            )));
        }
    }
    if version > VERSION {
        return Err(Error::Newer {
            path,
            found: version,
            known: VERSION,
        });
    }
    db.busy_timeout(std::time::Duration::from_secs(10))?;
    if write {
        // Pages of 16 KB hold an article's texts with fewer overflow pages
        // than SQLite's 4 KB: a quarter of the writes. It takes only on a
        // new database; an older one keeps its pages.
        db.pragma_update(None, "page_size", 16384)?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "FULL")?;
        migrate(&mut db, version)?;
    } else if version < READS_FROM {
        return Err(Error::Older {
            path,
            found: version,
            known: VERSION,
        });
    }
    db.pragma_update(None, "foreign_keys", "ON")?;
    Ok(db)
}

/// Runs the migrations after `from`, each in its own transaction with the
/// version it reaches.
fn migrate(db: &mut Connection, from: usize) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from) {
        let tx = db.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
        tracing::info!(version = i + 1, "database schema migrated");
    }
    Ok(())
}
