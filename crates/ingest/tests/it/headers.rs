//! The header line of text files: ` date YYYY-MM[-DD] [URL or title]`.

use ingest::Options;
use pipeline::RawDoc;

use crate::{write, BODY};

/// Reads one text file holding `text`.
fn read(text: &str) -> RawDoc {
    let dir = tempfile::tempdir().expect("a temp dir");
    write(dir.path(), "000_x.txt", text);
    let mut got = ingest::read_file(&dir.path().join("000_x.txt"), &Options::default());
    assert_eq!(got.len(), 1);
    got.remove(0).expect("an article").doc
}

#[test]
fn a_date_and_a_url() {
    let doc = read(&format!(
        " date 2021-12 https://x.example/a\n\nTitle\n{BODY}"
    ));
    assert_eq!(doc.id, "000_x");
    assert_eq!(doc.date.as_deref(), Some("2021-12"));
    assert_eq!(doc.url.as_deref(), Some("https://x.example/a"));
    assert_eq!(doc.title, None);
    assert_eq!(doc.text, format!("\nTitle\n{BODY}"));
}

#[test]
fn a_date_and_a_title() {
    let doc = read(&format!(" date 2021-12 Some title\n\n{BODY}"));
    assert_eq!(doc.date.as_deref(), Some("2021-12"));
    assert_eq!(doc.url, None);
    assert_eq!(doc.title.as_deref(), Some("Some title"));
    assert_eq!(doc.text, format!("\n{BODY}"));
}

#[test]
fn a_date_alone() {
    let doc = read(&format!(" date 2025-03-03\nTitle\n{BODY}"));
    assert_eq!(doc.date.as_deref(), Some("2025-03-03"));
    assert_eq!((doc.url, doc.title), (None, None));
    assert_eq!(doc.text, format!("Title\n{BODY}"));
}

#[test]
fn no_header() {
    for text in [
        format!("Title\n{BODY}"),
        format!("date of the talks moved\n{BODY}"),
        format!("dated 2021-12 notes\n{BODY}"),
    ] {
        let doc = read(&text);
        assert_eq!((doc.date, doc.url, doc.title), (None, None, None), "{text}");
        assert_eq!(doc.text, text);
    }
}

#[test]
fn a_byte_order_mark_is_dropped() {
    let doc = read(&format!(
        "\u{feff} date 2021-12 https://x.example/a\n{BODY}"
    ));
    assert_eq!(doc.date.as_deref(), Some("2021-12"));
    assert_eq!(doc.text, BODY);
}
