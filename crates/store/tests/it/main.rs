//! Opening a data directory: what is created, what is refused and left
//! untouched, and the one-writer rule; what an article's row keeps.

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
    let version = || -> i64 {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    let set_version = |v: i64| {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.pragma_update(None, "user_version", v).unwrap();
    };
    let current = version();
    set_version(99);
    assert!(matches!(
        open(tmp.path(), Mode::Write),
        Err(Error::Newer { found: 99, .. })
    ));
    set_version(current);
    assert!(open(tmp.path(), Mode::Read).is_ok());
    // Version 2 changed no stored row: a store of version 1 reads as it is,
    // and a writer brings it to the current version.
    set_version(1);
    assert!(open(tmp.path(), Mode::Read).is_ok());
    drop(open(tmp.path(), Mode::Write).unwrap());
    assert_eq!(version(), current);
}

/// An article read from plain text: its body is its text.
fn plain(id: &str, title: &str, text: &str) -> pipeline::RawDoc {
    pipeline::RawDoc {
        id: id.to_string(),
        path: format!("{id}.txt"),
        title: Some(title.to_string()),
        text: text.to_string(),
        date: Some("2021-12-30".to_string()),
        lang: Some("fr".to_string()),
        ..Default::default()
    }
}

#[test]
fn a_raw_text_that_is_the_body_is_stored_once_and_replayed_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = pipeline::Settings::default();
    // A text that repeats its title on its first line: the body is read
    // without it.
    let with_title_line = format!(
        "Appel Biden-Poutine\n{}",
        [
            "Joe Biden et Vladimir Poutine se sont parlé jeudi pendant cinquante minutes \
             au sujet de l'Ukraine, à la demande du président russe.",
            "Washington a répété que des sanctions sévères suivraient toute invasion.",
        ]
        .join("\n")
    );
    let raws = vec![
        plain(
            "a",
            "Biden et Poutine se parlent",
            "Joe Biden et Vladimir Poutine se sont entretenus au téléphone jeudi soir \
             au sujet de l'Ukraine, a annoncé la Maison Blanche.",
        ),
        plain(
            "b",
            "Nouvel appel entre Washington et Moscou",
            "Le président américain Joe Biden a mis en garde Vladimir Poutine contre \
             une invasion de l'Ukraine lors d'un appel téléphonique jeudi.",
        ),
        plain("c", "Appel Biden-Poutine", &with_title_line),
    ];
    {
        let mut store = open(tmp.path(), Mode::Write).unwrap();
        let added = store.ingest(raws, &settings, &mut |_, _| {}).unwrap();
        assert_eq!(added.added, 3, "{:?}", added.rejected);
        let db = rusqlite::Connection::open(tmp.path().join("store.db")).unwrap();
        let stored: Vec<(String, bool, bool)> = db
            .prepare("SELECT id, raw_text = '', body = '' FROM articles ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // Two texts are their bodies; the third's body is read from it.
        let blank = |id: &str| stored.iter().find(|s| s.0 == id).map(|s| (s.1, s.2));
        assert_eq!(blank("a"), Some((true, false)), "{stored:?}");
        assert_eq!(blank("b"), Some((true, false)), "{stored:?}");
        assert_eq!(blank("c"), Some((false, false)), "{stored:?}");
        // As if the process had stopped before its checkpoint: everything
        // is replayed from the raw texts, and each article must land where
        // it was stored.
        db.execute("DELETE FROM checkpoint", []).unwrap();
    }
    let store = open(tmp.path(), Mode::Write).unwrap();
    let engine = store.engine(&settings).unwrap();
    assert_eq!(engine.placed(), 3);
    assert_eq!(store.check(&settings).unwrap(), Vec::<String>::new());
}
