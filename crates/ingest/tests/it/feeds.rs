//! Feeds and OPML lists: the fixtures in `tests/fixtures` read into the
//! expected articles; malformed feeds give errors naming them, never a panic.

use std::path::{Path, PathBuf};

use ingest::{Error, Input, Options};
use proptest::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name)
}

fn read(path: &Path) -> Vec<Result<Input, Error>> {
    ingest::read_file(path, &Options::default())
}

fn docs(path: &Path) -> Vec<pipeline::RawDoc> {
    read(path)
        .into_iter()
        .map(|r| r.expect("an article").doc)
        .collect()
}

#[test]
fn rss_items_become_articles() {
    let path = fixture("world.rss");
    let got = docs(&path);
    let ids: Vec<&str> = got.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["storm-kerbrieuc", "kerbrieuc-aid", "world:3"]);
    let first = &got[0];
    assert_eq!(
        first.title.as_deref(),
        Some("Storm kills fisherman in Kerbrieuc")
    );
    assert_eq!(first.date.as_deref(), Some("2025-03-03T21:40:00"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://harbour-post.example/2025/03/03/storm-kerbrieuc.html")
    );
    assert_eq!(first.source.as_deref(), Some("The Harbour Post – World"));
    assert_eq!(first.lang.as_deref(), Some("en"));
    assert_eq!(
        first.text,
        "A violent storm hit the Breton port of Kerbrieuc on Monday night, killing one \
         fisherman.\nWinds tore roofs off houses & flooded the lower town."
    );
    assert_eq!(first.path, format!("{}#1", path.display()));
    assert_eq!(got[1].date.as_deref(), Some("2025-03-04T08:15:00"));
    // An item without a link keeps its (escaped HTML) description as text.
    assert_eq!(got[2].url, None);
    assert_eq!(
        got[2].text,
        "Fishing boats stay in port until Thursday, the harbour master said."
    );
}

#[test]
fn atom_entries_become_articles() {
    let got = docs(&fixture("coast.atom"));
    assert_eq!(got.len(), 2);
    let first = &got[0];
    assert_eq!(first.id, "tempete-kerbrieuc");
    assert_eq!(
        first.title.as_deref(),
        Some("Tempête à Kerbrieuc : un mort")
    );
    // `published` (in UTC), not `updated`; the alternate link, not the image.
    assert_eq!(first.date.as_deref(), Some("2025-03-04T05:30:00"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://coast-news.example/fr/2025/03/04/tempete-kerbrieuc")
    );
    // The full content is preferred to the summary.
    assert_eq!(
        first.text,
        "Une violente tempête a frappé le port breton de Kerbrieuc lundi soir.\nUn pêcheur est mort."
    );
    assert_eq!(first.source.as_deref(), Some("Coast News"));
    let second = &got[1];
    assert_eq!(second.id, "secours");
    assert_eq!(second.date.as_deref(), Some("2025-03-05T12:00:00"));
    assert_eq!(second.text, "Les pompiers ont évacué deux cents habitants.");
}

#[test]
fn opml_lists_its_feeds_and_reads_those_on_disk() {
    let path = fixture("news.opml");
    let feeds = ingest::read_opml(&path).expect("a list");
    assert_eq!(
        feeds,
        [
            "world.rss",
            "coast.atom",
            "https://wire.example/feeds/europe.xml"
        ]
    );
    let items = read(&path);
    let ids: Vec<String> = items
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|i| i.doc.id.clone())
        .collect();
    assert_eq!(
        ids,
        [
            "storm-kerbrieuc",
            "kerbrieuc-aid",
            "world:3",
            "tempete-kerbrieuc",
            "secours"
        ]
    );
    let errors: Vec<String> = items
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [format!(
            "{}: https://wire.example/feeds/europe.xml is on the web: `storyline fetch` reads it",
            path.display()
        )]
    );
}

#[test]
fn folders_hold_feeds() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["world.rss", "coast.atom"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("notes.md"), "# notes").unwrap();
    let (inputs, errors) = ingest::read_paths(&[dir.path().to_path_buf()], &Options::default());
    assert!(errors.is_empty(), "{errors:?}");
    // Sorted by file name: the Atom feed first.
    let ids: Vec<&str> = inputs.iter().map(|i| i.doc.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "tempete-kerbrieuc",
            "secours",
            "storm-kerbrieuc",
            "kerbrieuc-aid",
            "world:3"
        ]
    );
}

#[test]
fn an_item_with_nothing_in_it_is_named() {
    let rss = br#"<rss version="2.0"><channel><title>T</title>
        <item><title>Kept</title><description>Some text.</description></item>
        <item><description>   </description></item>
        </channel></rss>"#;
    let got = ingest::parse_feed(rss, "http://127.0.0.1:9/feed.xml");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].as_ref().expect("an item").id, "feed:1");
    let e = got[1].as_ref().expect_err("an empty item");
    assert_eq!(
        e.to_string(),
        "http://127.0.0.1:9/feed.xml: item 2: no title, text or link"
    );
}

#[test]
fn relative_links_resolve_against_the_feed_url() {
    let rss = br#"<rss version="2.0"><channel><title>T</title>
        <item><title>A</title><link>/2025/03/03/a.html</link></item>
        </channel></rss>"#;
    let got = ingest::parse_feed(rss, "http://127.0.0.1:9/feeds/feed.xml");
    let doc = got[0].as_ref().expect("an item");
    assert_eq!(
        doc.url.as_deref(),
        Some("http://127.0.0.1:9/2025/03/03/a.html")
    );
}

/// Malformed inputs, each with the start of the error it must give.
fn malformed() -> crate::Malformed {
    let good = std::fs::read(fixture("world.rss")).unwrap();
    vec![
        ("truncated.rss", good[..good.len() / 2].to_vec(), "not a feed"),
        (
            "junk.xml",
            b"\x7fELF\x02\x01\x01\0\0\0\x89PNG\r\n\x1a\n".to_vec(),
            "binary data",
        ),
        ("empty.atom", Vec::new(), "empty"),
        (
            "latin1.rss",
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
              <title>Caf\xe9</title></channel></rss>"
                .to_vec(),
            "not valid UTF-8 (first bad byte at offset 76)",
        ),
        (
            "page.rss",
            b"<!doctype html><html><head><title>News</title></head><body><p>Hello</p></body></html>"
                .to_vec(),
            "not a feed",
        ),
        ("text.rdf", b"just some words, not XML at all".to_vec(), "not a feed"),
        ("broken.opml", b"<opml version=\"2.0\"><body><outline".to_vec(), "not valid XML"),
        (
            "feed.opml",
            b"<rss version=\"2.0\"><channel><title>T</title></channel></rss>".to_vec(),
            "not an OPML list (its root is <rss>)",
        ),
        (
            "empty-list.opml",
            b"<opml version=\"2.0\"><head/><body><outline text=\"x\"/></body></opml>".to_vec(),
            "the list names no feed",
        ),
    ]
}

#[test]
fn a_folder_of_malformed_feeds_gives_one_error_each() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = crate::read_with_one_error_each(dir.path(), &malformed());
    assert!(inputs.is_empty(), "{inputs:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = ingest::parse_feed(&bytes, "fuzz.xml");
        let _ = ingest::parse_opml(&bytes, "fuzz.opml");
        let _ = ingest::sniff(&bytes);
    }

    #[test]
    fn feed_like_text_never_panics(
        body in "(<rss( version=\"2.0\")?>|<feed>|<opml>|<channel>|<item>|<title>|</title>|<link>|</item>|</channel>|&amp;|&#x1F600;|<!\\[CDATA\\[|\\]\\]>|<p>|[a-zé ]{0,8})*"
    ) {
        let _ = ingest::parse_feed(body.as_bytes(), "fuzz.xml");
        let _ = ingest::parse_opml(body.as_bytes(), "fuzz.opml");
    }
}
