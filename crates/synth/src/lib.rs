//! Synthetic news corpora with known events and stories, to measure the
//! engine's speed and its cost as the archive grows. Quality is measured on
//! real articles; these only have to be shaped like news: Zipfian vocabulary
//! of real words in several languages, names and dates shared within an
//! event and its story, coverage in bursts after the event, event sizes with
//! a long tail, and wire copies with light rewrites on other outlets.
//!
//! The same configuration and seed give the same corpus, article by article,
//! whatever order the articles are asked for in: each article is drawn from
//! its own random stream.
//!
//! ```no_run
//! use std::path::Path;
//! let config = synth::Config { articles: 1000, ..synth::Config::default() };
//! let words = synth::Words::load(Path::new("/usr/share/dict"), &config.langs, config.seed)?;
//! let corpus = synth::Corpus::plan(&config, &words)?;
//! for article in corpus.articles() {
//!     println!("{} {} {}", article.id, article.event, article.title);
//! }
//! # Ok::<(), synth::Error>(())
//! ```

mod text;
mod words;

use std::path::PathBuf;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, Zipf};

pub use words::Words;

/// What can go wrong before generating.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A language without a known word list.
    #[error("no word list is known for language {0:?} (known: en, fr, de, es, it, pt, nl)")]
    Lang(String),
    /// A word list could not be read.
    #[error("{}: cannot read the word list ({source}); install Debian's {package} package or pass another folder", path.display())]
    WordList {
        /// The file.
        path: PathBuf,
        /// The Debian package that ships it.
        package: &'static str,
        /// Why.
        source: std::io::Error,
    },
    /// A word list with too few usable words.
    #[error("{}: too few {what} in this word list", path.display())]
    TooFew {
        /// The file.
        path: PathBuf,
        /// What is missing.
        what: &'static str,
    },
    /// A configuration that cannot be generated.
    #[error("invalid configuration: {0}")]
    Config(&'static str),
}

/// This crate's result.
pub type Result<T> = std::result::Result<T, Error>;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    /// Number of articles.
    pub articles: usize,
    /// Number of events; 0 means one for every ten articles.
    pub events: usize,
    /// Languages (ISO 639-1), each with its own word list.
    pub langs: Vec<String>,
    /// The seed: the same seed gives the same corpus.
    pub seed: u64,
    /// The first day of the corpus.
    pub start: NaiveDate,
    /// Articles per day, on average: the corpus spans `articles / per_day`
    /// days (a global news day is 100,000 to 200,000 articles).
    pub per_day: usize,
    /// Target size of an article's text in bytes.
    pub bytes: usize,
    /// Share of articles that are wire copies of an earlier one.
    pub copies: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            articles: 10_000,
            events: 0,
            langs: ["fr", "en", "de", "es"].map(String::from).to_vec(),
            seed: 1,
            start: NaiveDate::from_ymd_opt(2025, 1, 6).expect("a valid day"),
            per_day: 100_000,
            bytes: 3_000,
            copies: 0.15,
        }
    }
}

/// One generated article with its gold labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    /// Its id (`g0000042`), unique in the corpus, in publication order.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The body: paragraphs separated by newlines.
    pub text: String,
    /// When it was published.
    pub published: NaiveDateTime,
    /// Its URL, on its outlet's reserved `.example` domain.
    pub url: String,
    /// Its outlet's domain.
    pub outlet: String,
    /// Its language (ISO 639-1).
    pub lang: String,
    /// Its event (gold label).
    pub event: u32,
    /// Its story (gold label).
    pub story: u32,
    /// The id of the article it copies, for a wire copy.
    pub copy_of: Option<String>,
}

/// The random streams of a corpus: each purpose and item has its own, so
/// that drawing one article never shifts another.
#[derive(Clone, Copy)]
enum Stream {
    Vocabulary = 1,
    Plan,
    Story,
    Event,
    Article,
    Rewrite,
}

/// The generator for one item of one stream.
fn rng(seed: u64, stream: Stream, item: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ ((stream as u64) << 56));
    rng.set_stream(item);
    rng
}

/// Outlets per language.
const OUTLETS: usize = 40;
/// Mean delay between an event and an article about it.
const MEAN_DELAY_HOURS: f64 = 8.0;
/// No article comes later than this after its event.
const LONGEST_DELAY_DAYS: i64 = 4;
/// Share of an event's articles in its main language.
const MAIN_LANG_SHARE: f64 = 0.7;
/// Zipf's exponent of event sizes: a few large events, a long tail of small
/// ones (the largest of 10,000 events gets about 1% of the articles).
const EVENT_SIZE_EXPONENT: f64 = 0.6;

/// One article's place in the corpus, before its text is written.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Seconds after the corpus's start.
    at: i64,
    event: u32,
    lang: u8,
    outlet: u16,
    /// The slot (index in publication order) it copies.
    copy_of: Option<u32>,
}

/// An event's fixed traits.
#[derive(Clone, Copy, Debug)]
struct EventPlan {
    story: u32,
    /// Seconds after the corpus's start.
    at: i64,
    lang: u8,
}

/// A planned corpus: every article's event, time, language, outlet and
/// copy relation; texts are written on demand.
pub struct Corpus<'w> {
    config: Config,
    words: &'w Words,
    events: Vec<EventPlan>,
    slots: Vec<Slot>,
    outlets: Vec<Vec<String>>,
}

impl<'w> Corpus<'w> {
    /// Plans a corpus: `words` must hold a lexicon for each of the
    /// configuration's languages, in the same order.
    pub fn plan(config: &Config, words: &'w Words) -> Result<Corpus<'w>> {
        if config.articles == 0 || config.langs.is_empty() || config.per_day == 0 {
            return Err(Error::Config(
                "articles, languages and per-day must not be zero",
            ));
        }
        let langs: Vec<&str> = words.lexicons.iter().map(|l| l.lang.as_str()).collect();
        if langs != config.langs.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(Error::Config(
                "the word lists are not those of the languages asked for",
            ));
        }
        let n_events = match config.events {
            0 => config.articles.div_ceil(10),
            m => m.min(config.articles),
        };
        let mut rng = rng(config.seed, Stream::Plan, 0);
        let span = (config.articles as f64 / config.per_day as f64 * 86_400.0).max(3600.0);
        let events = plan_events(n_events, config.langs.len(), span, &mut rng);
        let mut slots = plan_slots(config, &events, &mut rng);
        slots.sort_by_key(|s| (s.at, s.event));
        mark_copies(&mut slots, config.copies, &mut rng);
        let outlets = (0..config.langs.len())
            .map(|l| outlet_names(words, &config.langs[l], config.seed))
            .collect();
        Ok(Corpus {
            config: config.clone(),
            words,
            events,
            slots,
            outlets,
        })
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when the corpus has no article (never, once planned).
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The articles in publication order.
    pub fn articles(&self) -> impl Iterator<Item = Article> + '_ {
        (0..self.slots.len()).map(|i| self.article(i))
    }

    /// The article at `index` in publication order.
    pub fn article(&self, index: usize) -> Article {
        let slot = self.slots[index];
        let event = self.events[slot.event as usize];
        let lexicon = &self.words.lexicons[slot.lang as usize];
        let original = slot.copy_of.unwrap_or(index as u32);
        let mut rewrite = slot
            .copy_of
            .map(|_| rng(self.config.seed, Stream::Rewrite, index as u64));
        let text = text::write(
            &text::Scene {
                words: self.words,
                lexicon,
                seed: self.config.seed,
                event: slot.event,
                story: event.story,
                day: self.day(event.at),
                bytes: self.config.bytes,
            },
            &mut rng(self.config.seed, Stream::Article, original.into()),
            rewrite.as_mut(),
        );
        let published = self.time(slot.at);
        let outlet = self.outlets[slot.lang as usize][slot.outlet as usize].clone();
        Article {
            id: id(index),
            url: format!(
                "https://{outlet}/{}/{}",
                published.format("%Y/%m/%d"),
                id(index)
            ),
            outlet,
            title: text.title,
            text: text.body,
            published,
            lang: lexicon.lang.clone(),
            event: slot.event,
            story: event.story,
            copy_of: slot.copy_of.map(|o| id(o as usize)),
        }
    }

    fn time(&self, seconds: i64) -> NaiveDateTime {
        self.config.start.and_hms_opt(0, 0, 0).expect("midnight") + Duration::seconds(seconds)
    }

    fn day(&self, seconds: i64) -> NaiveDate {
        self.time(seconds).date()
    }
}

/// An article's id from its place in publication order.
fn id(index: usize) -> String {
    format!("g{index:07}")
}

/// Events grouped in stories of one to four, each story starting at a random
/// time of the span and its events a few days apart.
fn plan_events(n: usize, langs: usize, span: f64, rng: &mut ChaCha8Rng) -> Vec<EventPlan> {
    let mut events = Vec::with_capacity(n);
    let mut story = 0u32;
    while events.len() < n {
        let size = rng.gen_range(1..=4usize).min(n - events.len());
        let mut at = rng.gen_range(0.0..span) as i64;
        let lang = rng.gen_range(0..langs) as u8;
        for _ in 0..size {
            events.push(EventPlan { story, at, lang });
            at += rng.gen_range(86_400..5 * 86_400);
        }
        story += 1;
    }
    // Stories interleave in time; shuffling keeps event ids from telling the
    // story apart.
    events.shuffle(rng);
    events
}

/// Every event gets one article; the rest go to events by a Zipfian draw
/// over a random ranking, each some hours after its event, mostly in the
/// event's main language.
fn plan_slots(config: &Config, events: &[EventPlan], rng: &mut ChaCha8Rng) -> Vec<Slot> {
    let mut ranking: Vec<u32> = (0..events.len() as u32).collect();
    ranking.shuffle(rng);
    let sizes = Zipf::new(events.len() as u64, EVENT_SIZE_EXPONENT).expect("a valid Zipf law");
    let delay = Exp::new(1.0 / (MEAN_DELAY_HOURS * 3600.0)).expect("a valid rate");
    let langs = config.langs.len();
    (0..config.articles)
        .map(|i| {
            let event = if i < events.len() {
                i as u32
            } else {
                ranking[sizes.sample(rng) as usize - 1]
            };
            let plan = events[event as usize];
            let wait = (delay.sample(rng) as i64).min(LONGEST_DELAY_DAYS * 86_400);
            let lang = if rng.gen_bool(MAIN_LANG_SHARE) {
                plan.lang
            } else {
                rng.gen_range(0..langs) as u8
            };
            Slot {
                at: plan.at + wait,
                event,
                lang,
                outlet: rng.gen_range(0..OUTLETS as u16),
                copy_of: None,
            }
        })
        .collect()
}

/// Turns a share of the articles into copies of their event's first article,
/// in its language, on another outlet.
fn mark_copies(slots: &mut [Slot], share: f64, rng: &mut ChaCha8Rng) {
    let mut first: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
    for i in 0..slots.len() {
        let event = slots[i].event;
        match first.get(&event) {
            None => {
                first.insert(event, i as u32);
            }
            Some(&original) if rng.gen_bool(share) => {
                let source = slots[original as usize];
                let slot = &mut slots[i];
                slot.lang = source.lang;
                slot.copy_of = Some(original);
                if slot.outlet == source.outlet {
                    slot.outlet = (slot.outlet + 1) % OUTLETS as u16;
                }
            }
            Some(_) => {}
        }
    }
}

/// A language's outlets: `name-word.lang.example`-like domains.
fn outlet_names(words: &Words, lang: &str, seed: u64) -> Vec<String> {
    let mut rng = rng(
        seed,
        Stream::Plan,
        1 + lang.len() as u64 * 31 + lang.as_bytes()[0] as u64,
    );
    (0..OUTLETS)
        .map(|i| {
            let name = words::name(words, &mut rng).to_lowercase();
            format!("{name}-{i}.{lang}.example")
        })
        .collect()
}
