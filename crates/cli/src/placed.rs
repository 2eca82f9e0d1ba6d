//! The placed articles of a run as the outputs show them (`cluster`, `eval`,
//! `fetch`, `bench`): a run keeps every one until it writes them, so each
//! is held compactly — of its document only the metadata, its own texts in
//! one allocation, and the names it shares with others (the file of a
//! JSON Lines record or a feed item, its outlet, its language) once for the
//! whole run.

use std::collections::HashMap;
use std::fmt;

use pipeline::{EventId, Placement, Published, StoryId};

/// Marks a record without a shared file (its path is its own) or without
/// an outlet.
const NONE: u32 = u32::MAX;

/// Placed articles, in the order the engine took them.
pub(crate) struct Placements {
    records: Vec<Record>,
    /// The files, outlets and languages the records share, by number.
    names: Vec<Box<str>>,
}

/// [`Placements`] while articles come in.
pub(crate) struct Builder {
    records: Vec<Record>,
    /// The number of each name seen.
    numbers: HashMap<Box<str>, u32>,
}

impl Builder {
    /// Room for `n` articles.
    pub(crate) fn with_capacity(n: usize) -> Builder {
        Builder {
            records: Vec::with_capacity(n),
            numbers: HashMap::new(),
        }
    }

    /// Keeps what the outputs show of `placement`.
    pub(crate) fn push(&mut self, placement: Placement) {
        let record = Record::new(placement, |name| {
            let next = self.numbers.len() as u32;
            *self.numbers.entry(name.into()).or_insert(next)
        });
        self.records.push(record);
    }

    /// The placements, their names laid out by number.
    pub(crate) fn finish(self) -> Placements {
        let mut names = vec![Box::<str>::default(); self.numbers.len()];
        for (name, n) in self.numbers {
            names[n as usize] = name;
        }
        Placements {
            records: self.records,
            names,
        }
    }
}

impl Placements {
    /// How many articles were placed.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// The articles, in placement order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Placed<'_>> {
        self.records.iter().map(|record| Placed {
            record,
            names: &self.names,
        })
    }
}

/// One placed article as stored: 80 bytes and one allocation for its texts
/// (id, title, URL, …), where a struct of boxed strings took 136 bytes and
/// five or six allocations.
struct Record {
    /// One after another: the id, the title, the path when it is the
    /// record's own, the URL, and the original's id for a copy.
    texts: Box<str>,
    /// Where in `texts` the id, the title, the own path and the URL end.
    ends: [u32; 4],
    /// The shared start of the path (`FILE:` of a JSON Lines record,
    /// `FEED#` of a feed item) by number, or `NONE`.
    file: u32,
    /// The number that ends the path after `file`.
    line: u32,
    /// The outlet by number, or `NONE`.
    outlet: u32,
    /// The language's code by number (a [`pipeline::Lang`] is a 16-byte `&str`).
    lang: u32,
    has_url: bool,
    is_copy: bool,
    published: Option<Published>,
    event: EventId,
    story: StoryId,
}

impl Record {
    /// The record of `placement`, getting the number of a shared name
    /// from `number`.
    fn new(placement: Placement, mut number: impl FnMut(&str) -> u32) -> Record {
        let a = placement.doc.article;
        let shared = split_record(&a.path);
        let own_path = if shared.is_some() { "" } else { &a.path };
        let (url, copy_of) = (a.url.as_deref(), placement.copy_of.as_deref());
        let mut texts = String::with_capacity(
            a.id.len()
                + a.title.len()
                + own_path.len()
                + url.map_or(0, str::len)
                + copy_of.map_or(0, str::len),
        );
        let mut ends = [0; 4];
        for (end, text) in ends
            .iter_mut()
            .zip([&a.id, &a.title, own_path, url.unwrap_or("")])
        {
            texts.push_str(text);
            *end = u32::try_from(texts.len()).expect("an article's texts under 4 GB");
        }
        texts.push_str(copy_of.unwrap_or(""));
        let (file, line) = shared.map_or((NONE, 0), |(file, line)| (number(file), line));
        Record {
            texts: texts.into_boxed_str(),
            ends,
            file,
            line,
            outlet: a.outlet.as_deref().map_or(NONE, &mut number),
            lang: number(a.lang.code()),
            has_url: url.is_some(),
            is_copy: copy_of.is_some(),
            published: a.published,
            event: placement.event,
            story: placement.story,
        }
    }

    /// The `n`th of its texts.
    fn text(&self, n: usize) -> &str {
        let start = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        let end = self.ends.get(n).map_or(self.texts.len(), |e| *e as usize);
        &self.texts[start..end]
    }
}

/// A path that names a record of a file, `FILE:LINE` (JSON Lines, JSON
/// arrays) or `FEED#N` (feed items), as its start up to the separator and
/// the number; `None` for any other. The number is written in its one
/// decimal form (no sign, no leading zero), so that the two give back the
/// path byte for byte.
fn split_record(path: &str) -> Option<(&str, u32)> {
    let at = path.rfind([':', '#'])? + 1;
    let digits = &path[at..];
    let canonical = digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    let n = digits.parse().ok().filter(|_| canonical)?;
    Some((&path[..at], n))
}

/// A placed article: what the outputs show of it.
#[derive(Clone, Copy)]
pub(crate) struct Placed<'a> {
    record: &'a Record,
    names: &'a [Box<str>],
}

impl<'a> Placed<'a> {
    /// Its id.
    pub(crate) fn id(&self) -> &'a str {
        self.text(0)
    }

    /// Its title.
    pub(crate) fn title(&self) -> &'a str {
        self.text(1)
    }

    /// Where it came from, as the reader gave it.
    pub(crate) fn path(&self) -> ArticlePath<'a> {
        match self.record.file {
            NONE => ArticlePath(self.text(2), None),
            file => ArticlePath(&self.names[file as usize], Some(self.record.line)),
        }
    }

    /// Its URL, if known.
    pub(crate) fn url(&self) -> Option<&'a str> {
        self.record.has_url.then(|| self.text(3))
    }

    /// The id of the earliest article it copies, if it is a copy.
    pub(crate) fn copy_of(&self) -> Option<&'a str> {
        self.record.is_copy.then(|| self.text(4))
    }

    /// Its outlet, if known.
    pub(crate) fn outlet(&self) -> Option<&'a str> {
        match self.record.outlet {
            NONE => None,
            outlet => Some(&self.names[outlet as usize]),
        }
    }

    /// Its language's code.
    pub(crate) fn lang(&self) -> &'a str {
        &self.names[self.record.lang as usize]
    }

    /// When it was published, if known.
    pub(crate) fn published(&self) -> Option<Published> {
        self.record.published
    }

    /// Its event.
    pub(crate) fn event(&self) -> EventId {
        self.record.event
    }

    /// Its event's story.
    pub(crate) fn story(&self) -> StoryId {
        self.record.story
    }

    fn text(&self, n: usize) -> &'a str {
        self.record.text(n)
    }
}

/// A placed article's path: a start, and the number of a record after it.
pub(crate) struct ArticlePath<'a>(&'a str, Option<u32>);

impl fmt::Display for ArticlePath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)?;
        match self.1 {
            Some(n) => write!(f, "{n}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::{Article, Doc, Lang, Precision};

    fn placement(id: &str, path: &str, outlet: Option<&str>, url: Option<&str>) -> Placement {
        let article = Article {
            id: id.into(),
            path: path.into(),
            title: format!("Title of {id}"),
            body: "The body is not kept.".into(),
            lang: Lang::from_code("fr").expect("fr"),
            published: None,
            mentions: Vec::new(),
            weekdays: Vec::new(),
            url: url.map(str::to_string),
            outlet: outlet.map(str::to_string),
        };
        Placement {
            doc: Doc {
                article,
                body_terms: Vec::new(),
                title_terms: Vec::new(),
                pivot_terms: Vec::new(),
                pivot_title: Vec::new(),
                entities: Vec::new(),
                sketch: Vec::new(),
            },
            event: EventId(3),
            story: StoryId(1),
            copy_of: None,
            new_event: false,
        }
    }

    /// Every field reads back as it was given, an empty text apart from a
    /// missing one; the records of one file and one outlet share their names.
    #[test]
    fn placed_articles_read_back_what_was_placed_and_share_names() {
        let mut builder = Builder::with_capacity(4);
        let published = chrono::NaiveDate::from_ymd_opt(2025, 3, 3)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .map(|at| Published {
                at,
                precision: Precision::Time,
                inferred: false,
            });
        let mut first = placement(
            "a",
            "news.jsonl:1",
            Some("wire.example"),
            Some("https://w/a"),
        );
        first.doc.article.published = published;
        builder.push(first);
        let mut copy = placement("b", "news.jsonl:2", Some("wire.example"), Some(""));
        copy.copy_of = Some("a".into());
        builder.push(copy);
        builder.push(placement("c", "pages/c.html", None, None));
        builder.push(placement("", "", Some(""), None));
        let placements = builder.finish();
        assert_eq!(placements.len(), 4);
        assert_eq!(
            &*placements.names,
            ["news.jsonl:", "wire.example", "fr", ""].map(Box::from)
        );
        let shown: Vec<_> = placements
            .iter()
            .map(|p| {
                (
                    p.id(),
                    p.path().to_string(),
                    p.title().to_string(),
                    p.outlet(),
                    p.url(),
                    p.copy_of(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "a",
                    "news.jsonl:1".into(),
                    "Title of a".into(),
                    Some("wire.example"),
                    Some("https://w/a"),
                    None
                ),
                (
                    "b",
                    "news.jsonl:2".into(),
                    "Title of b".into(),
                    Some("wire.example"),
                    Some(""),
                    Some("a")
                ),
                (
                    "c",
                    "pages/c.html".into(),
                    "Title of c".into(),
                    None,
                    None,
                    None
                ),
                ("", String::new(), "Title of ".into(), Some(""), None, None),
            ]
        );
        let first = placements.iter().next().expect("placed");
        assert_eq!(first.published(), published);
        assert_eq!((first.event(), first.story()), (EventId(3), StoryId(1)));
        assert_eq!(first.lang(), "fr");
    }

    /// What a million placed articles cost beside their texts.
    #[test]
    fn a_record_stays_small() {
        assert!(
            std::mem::size_of::<Record>() <= 80,
            "{}",
            std::mem::size_of::<Record>()
        );
    }

    #[test]
    fn a_path_splits_only_where_it_can_be_written_back() {
        let check = |path: &str, expected: Option<(&str, u32)>| {
            let split = split_record(path);
            assert_eq!(split, expected, "{path}");
            if let Some((start, n)) = split {
                assert_eq!(format!("{start}{n}"), path);
            }
        };
        check(
            "corpus/articles-0000.jsonl:12",
            Some(("corpus/articles-0000.jsonl:", 12)),
        );
        check("feeds/world.xml#3", Some(("feeds/world.xml#", 3)));
        check("C:\\news\\a.json:7", Some(("C:\\news\\a.json:", 7)));
        for whole in [
            "news/a1b2.json",
            "a.jsonl:0",
            "a.jsonl:07",
            "a.jsonl:+7",
            "a.jsonl:",
            "a.jsonl:4294967296",
            "https://example.com/page#top",
            "dir:x/a.txt",
        ] {
            check(whole, None);
        }
    }
}
