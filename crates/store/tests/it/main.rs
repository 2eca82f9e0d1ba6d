//! Opening a data directory: what is created, what is refused and left
//! untouched, and the one-writer rule.

use std::path::Path;

use store::{Error, Mode, Store};

fn open(dir: &Path, mode: Mode) -> Result<Store, Error> {
    Store::open(dir, mode)
}

#[test]
fn a_writer_creates_an_empty_store_that_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    assert!(matches!(open(&dir, Mode::Read), Err(Error::Missing { .. })));
    let store = open(&dir, Mode::Write).expect("created");
    assert_eq!(store.articles().unwrap(), 0);
    assert!(store
        .check(&pipeline::Settings::default())
        .unwrap()
        .is_empty());
    drop(store);
    let reader = open(&dir, Mode::Read).expect("readable");
    assert!(reader.events(&store::Filter::default()).unwrap().is_empty());
    // Made with 16 KB pages: an article's texts fit in fewer of them.
    let db = rusqlite::Connection::open(dir.join("store.db")).unwrap();
    let page: u32 = db
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .unwrap();
    assert_eq!(page, 16384);
}

#[test]
fn one_writer_at_a_time_while_readers_read() {
    let tmp = tempfile::tempdir().unwrap();
    let writer = open(tmp.path(), Mode::Write).unwrap();
    match open(tmp.path(), Mode::Write) {
        Err(Error::Locked { holder, .. }) => {
            assert_eq!(holder, format!("storyline process {}", std::process::id()))
        }
        other => panic!("expected a lock error, got {:?}", other.err()),
    }
    assert!(open(tmp.path(), Mode::Read).is_ok());
    drop(writer);
    assert!(
        open(tmp.path(), Mode::Write).is_ok(),
        "the lock goes with its holder"
    );
}

#[test]
fn other_applications_data_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    // Another program's SQLite database.
    let theirs = tmp.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    let db = rusqlite::Connection::open(theirs.join("store.db")).unwrap();
    db.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    drop(db);
    let before = std::fs::read(theirs.join("store.db")).unwrap();
    assert!(matches!(
        open(&theirs, Mode::Write),
        Err(Error::Foreign { .. })
    ));
    assert_eq!(std::fs::read(theirs.join("store.db")).unwrap(), before);
    // A folder of other files.
    let folder = tmp.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("thesis.tex"), "x").unwrap();
    assert!(matches!(
        open(&folder, Mode::Write),
        Err(Error::Foreign { .. })
    ));
    assert!(!folder.join("store.db").exists());
}

#[test]
fn a_newer_schema_is_refused_and_the_current_one_reads() {
    let tmp = tempfile::tempdir().unwrap();
    drop(open(tmp.path(), Mode::Write).unwrap());
    let path = tmp.path().join("store.db");
    let set_version = |v: i64| {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.pragma_update(None, "user_version", v).unwrap();
    };
    set_version(99);
    assert!(matches!(
        open(tmp.path(), Mode::Write),
        Err(Error::Newer { found: 99, .. })
    ));
    set_version(1);
    assert!(open(tmp.path(), Mode::Read).is_ok());
}
