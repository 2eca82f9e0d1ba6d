//! The data that flows through the pipeline, from a raw document to its place
//! in an event and a story.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// A document as a reader found it: text plus whatever metadata the format
/// carried, nothing interpreted yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawDoc {
    /// Stable id: a file stem, or a JSON Lines `id` field.
    pub id: String,
    /// Where it came from (a file path, with `:LINE` for JSON Lines).
    pub path: String,
    /// A title given by metadata or a header line, if any.
    pub title: Option<String>,
    /// The text, possibly starting with its title and carrying boilerplate.
    pub text: String,
    /// A publication date as written in metadata or a header (ISO 8601, possibly
    /// only `YYYY-MM`).
    pub date: Option<String>,
    /// The article's URL, if known.
    pub url: Option<String>,
    /// The outlet's name or domain, if given apart from the URL.
    pub source: Option<String>,
    /// A language code given by metadata (`fr`, `en`, `fra`…), if any.
    pub lang: Option<String>,
}

/// How much of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year and month are known; the day is the first of the month.
    Month,
    /// The day is known, not the time.
    Day,
    /// The date and time are known.
    Time,
}

/// An article's publication time and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Published {
    /// The time; midnight when only the day is known.
    pub at: NaiveDateTime,
    /// How much of `at` is known.
    pub precision: Precision,
    /// True when the date was inferred from the text rather than given.
    pub inferred: bool,
}

impl Published {
    /// The calendar day.
    pub fn date(&self) -> NaiveDate {
        self.at.date()
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Month => write!(f, "{}", self.at.format("%Y-%m")),
            Precision::Day => write!(f, "{}", self.at.format("%Y-%m-%d")),
            Precision::Time => write!(f, "{}", self.at.format("%Y-%m-%dT%H:%M:%S")),
        }
    }
}

/// A calendar day named in a text, whose year may be unknown ("le 10 janvier"
/// in an undated article).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayMention {
    /// The year, when written or inferred from the publication date.
    pub year: Option<i32>,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
}

impl DayMention {
    /// The full date, when the year is known and the day exists.
    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }
}

impl fmt::Display for DayMention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(year) => write!(f, "{year:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

/// A cleaned article: the text that is the article, and what is known about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    /// Stable id from the reader.
    pub id: String,
    /// Where it came from.
    pub path: String,
    /// The headline (may be empty when the text had none).
    pub title: String,
    /// The article body, boilerplate removed, paragraphs separated by newlines.
    pub body: String,
    /// The language of the text.
    pub lang: Lang,
    /// When it was published, if known or inferable.
    pub published: Option<Published>,
    /// The days the text names, in order of first mention, without repeats
    /// (with no publication day, those named with their weekday first).
    pub mentions: Vec<DayMention>,
    /// Weekday names the text uses when its publication day is unknown (they
    /// cannot be resolved to days, but still tell when the news happened).
    pub weekdays: Vec<Weekday>,
    /// The article's URL, if known.
    pub url: Option<String>,
    /// The outlet (a domain, or the name the metadata gave).
    pub outlet: Option<String>,
}

/// A hashed term: a stem or an entity key. Hashing keeps the engine free of a
/// global vocabulary. 32 bits halve what every centroid holds against 64;
/// two terms then share a hash about once in 2³² pairs (a million
/// distinct terms give about a hundred such pairs, almost all of rare
/// words), which moves a cosine by a hair.
pub type Term = u32;

/// An analysed article: the [`Article`] plus the features the engine compares.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    /// The article itself.
    pub article: Article,
    /// Stems of the body's content words with their counts, sorted by term.
    pub body_terms: Vec<(Term, u32)>,
    /// Stems of the title's content words with their counts, sorted by term.
    pub title_terms: Vec<(Term, u32)>,
    /// The body's content words in the pivot language
    /// (see [`crate::lexicon`]), with their counts, sorted by term.
    pub pivot_terms: Vec<(Term, u32)>,
    /// The title's content words in the pivot language.
    pub pivot_title: Vec<(Term, u32)>,
    /// Named entities (people, places, organisations) as alias-resolved keys
    /// with their counts, sorted by key.
    pub entities: Vec<(String, u32)>,
    /// MinHash signature of the article's word shingles, for copy detection:
    /// the low 16 bits of each of its minima.
    pub sketch: Vec<u16>,
}

/// The id of an event, in creation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EventId(pub u32);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "e{}", self.0)
    }
}

/// The id of a story, in creation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StoryId(pub u32);

impl fmt::Display for StoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s{}", self.0)
    }
}

/// Why a document was not taken in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// The text is empty or holds no words once cleaned.
    Empty,
    /// The text does not look like natural language (binary, markup, numbers).
    NotText,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Empty => f.write_str("no article text once cleaned"),
            Rejection::NotText => f.write_str("the text does not look like natural language"),
        }
    }
}

/// Where one document ended up.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The document could not be used.
    Rejected {
        /// Its id.
        id: String,
        /// Why.
        reason: Rejection,
    },
    /// The document was placed in an event (and so in a story).
    Placed(Box<Placement>),
}

/// A document's place: its event, its story, and the earlier article it copies.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    /// The analysed document.
    pub doc: Doc,
    /// Its event.
    pub event: EventId,
    /// The story of its event.
    pub story: StoryId,
    /// The id of the earliest article it copies, if it is a copy.
    pub copy_of: Option<String>,
    /// True when this document opened a new event.
    pub new_event: bool,
}
