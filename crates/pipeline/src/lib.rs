//! The Storyline engine: pure, deterministic stages that turn raw news
//! documents into articles, spot copies, group articles into events online and
//! link events into stories. No I/O, no async: readers live in `ingest`.
//!
//! ```
//! use pipeline::{Engine, Outcome, RawDoc, Settings};
//!
//! let mut engine = Engine::new(Settings::default());
//! let raw = RawDoc {
//!     id: "a1".into(),
//!     text: "Storm hits harbour\nA storm hit the harbour of Kerbrieuc on Monday, \
//!            officials said, leaving one fisherman dead.".into(),
//!     date: Some("2025-03-03".into()),
//!     ..RawDoc::default()
//! };
//! match engine.process(raw) {
//!     Outcome::Placed(p) => assert_eq!(p.event.to_string(), "e0"),
//!     Outcome::Rejected { reason, .. } => panic!("{reason}"),
//! }
//! ```

pub mod analyze;
pub mod cluster;
pub mod compare;
pub mod dates;
pub mod dedup;
pub mod embed;
pub mod eval;
pub mod extract;
pub mod lang;
pub mod lexicon;
pub mod link;
pub mod model;
mod place;
mod state;
pub mod summary;
mod text;
mod vector;

pub use analyze::AnalyzeSettings;
pub use cluster::{ClusterSettings, Clusterer};
pub use dedup::{DedupSettings, Deduper};
pub use embed::Embedder;
pub use extract::ExtractSettings;
pub use lang::Lang;
pub use lexicon::{Dictd, Dictionary, Lexicon};
pub use link::{LinkSettings, Linker};
pub use model::{
    Article, DayMention, Doc, EventId, Outcome, Placement, Precision, Published, RawDoc, Rejection,
    StoryId,
};
pub use state::StateError;

use std::cmp::Ordering;

/// The settings of every stage; the defaults need no tuning per data set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Extraction.
    pub extract: ExtractSettings,
    /// Analysis.
    pub analyze: AnalyzeSettings,
    /// Copy detection.
    pub dedup: DedupSettings,
    /// Event clustering.
    pub cluster: ClusterSettings,
    /// Story linking.
    pub link: LinkSettings,
}

/// Extracts and analyses a raw document: the pure, parallelisable half of
/// the pipeline.
pub fn prepare(raw: &RawDoc, settings: &Settings) -> Result<Doc, Rejection> {
    let article = extract::extract(raw, &settings.extract)?;
    Ok(analyze::analyze(article, &settings.analyze))
}

/// The order the engine takes documents in: by publication time, undated
/// documents last, ties by id and then by path. A document dated only to
/// its month comes after that month's dated ones, so it meets the month's
/// events once they have formed.
pub fn publication_order(a: &Doc, b: &Doc) -> Ordering {
    article_order(&a.article, &b.article)
}

/// [`publication_order`] of extracted articles: the order is known before
/// analysis, so analysis can run alongside placement.
pub fn article_order(x: &Article, y: &Article) -> Ordering {
    order_of((x.published, &x.id, &x.path), (y.published, &y.id, &y.path))
}

/// [`publication_order`] of what decides it: (publication time, id, path),
/// for a caller that keeps only these of each article until its turn.
pub fn order_of(
    x: (Option<Published>, &str, &str),
    y: (Option<Published>, &str, &str),
) -> Ordering {
    let key = |p: Option<Published>| (p.is_none(), p.map(sorting_time));
    key(x.0)
        .cmp(&key(y.0))
        .then_with(|| x.1.cmp(y.1))
        .then_with(|| x.2.cmp(y.2))
}

/// When a document takes its turn: its publication time, or for a date
/// known only to the month, the month's last moment.
fn sorting_time(p: Published) -> chrono::NaiveDateTime {
    match p.precision {
        model::Precision::Month => {
            let next = p.at.date().checked_add_months(chrono::Months::new(1));
            next.map_or(p.at, |d| d.and_time(chrono::NaiveTime::MIN))
                - chrono::Duration::nanoseconds(1)
        }
        _ => p.at,
    }
}

/// The stateful half of the pipeline: copies, events and stories.
pub struct Engine {
    settings: Settings,
    dedup: Deduper,
    weights: cluster::Weights,
    clusters: Clusterer,
    links: Linker,
    /// For each placed document, in order: its id and event.
    placed: Vec<(String, EventId)>,
}

impl Engine {
    /// An engine with no documents.
    pub fn new(settings: Settings) -> Engine {
        Engine {
            dedup: Deduper::new(&settings.dedup),
            weights: cluster::Weights::default(),
            clusters: Clusterer::new(settings.cluster.clone()),
            links: Linker::new(settings.link.clone()),
            placed: Vec::new(),
            settings,
        }
    }

    /// Takes in one raw document: extraction, analysis and placement.
    pub fn process(&mut self, raw: RawDoc) -> Outcome {
        match prepare(&raw, &self.settings) {
            Ok(doc) => Outcome::Placed(Box::new(self.place(doc))),
            Err(reason) => Outcome::Rejected { id: raw.id, reason },
        }
    }

    /// Places an analysed document: as a copy of an earlier one (in the
    /// original's event), in an existing event, or in a new one; and its
    /// event in a story.
    pub fn place(&mut self, doc: Doc) -> Placement {
        let (mut weigher, mut placer) = self.split();
        placer.place(weigher.weigh(doc))
    }

    /// The engine in its two halves, which may work on two threads at
    /// once: the weigher takes each document first, in order, and the
    /// placer then takes what the weigher gave, in the same order. Placing
    /// is the one part of the pipeline that cannot be spread over cores,
    /// so what can be done before it is done apart.
    pub fn split(&mut self) -> (Weigher<'_>, Placer<'_>) {
        (
            Weigher {
                weights: &mut self.weights,
                dedup: &mut self.dedup,
                title_boost: self.settings.cluster.title_boost,
            },
            Placer {
                clusters: &mut self.clusters,
                links: &mut self.links,
                placed: &mut self.placed,
            },
        )
    }

    /// How many events are in the active window now.
    pub fn active_events(&self) -> usize {
        self.clusters.active_events()
    }
}

/// The half of an [`Engine`] that weighs each document's features with the
/// document frequencies of the documents before it, and finds the earlier
/// document it copies, if any: neither depends on where earlier documents
/// were placed.
pub struct Weigher<'a> {
    weights: &'a mut cluster::Weights,
    dedup: &'a mut Deduper,
    title_boost: u32,
}

impl Weigher<'_> {
    /// Takes the next document, in publication order.
    pub fn weigh(&mut self, doc: Doc) -> Weighed {
        let vectors = self.weights.vectors(&doc, self.title_boost);
        let original = self.dedup.check(&doc);
        Weighed {
            doc,
            vectors,
            original,
        }
    }
}

/// A document as the [`Weigher`] gave it, for the [`Placer`].
pub struct Weighed {
    doc: Doc,
    vectors: cluster::DocVectors,
    /// The sequence number of the document it copies.
    original: Option<u32>,
}

/// The half of an [`Engine`] that places weighed documents in events and
/// stories.
pub struct Placer<'a> {
    clusters: &'a mut Clusterer,
    links: &'a mut Linker,
    placed: &'a mut Vec<(String, EventId)>,
}

impl Placer<'_> {
    /// Places the next weighed document, in the order they were weighed:
    /// as a copy of an earlier one (in the original's event), in an
    /// existing event, or in a new one; and its event in a story.
    pub fn place(&mut self, weighed: Weighed) -> Placement {
        let Weighed {
            doc,
            vectors,
            original,
        } = weighed;
        let original = original.map(|seq| self.placed[seq as usize].clone());
        let (event, new_event, copy_of) = match original {
            Some((id, event)) => {
                self.clusters.add_copy(event, &vectors);
                (event, false, Some(id))
            }
            None => {
                let (event, new) = self.clusters.assign(&doc, &vectors);
                (event, new, None)
            }
        };
        let story = self
            .links
            .link(event, &vectors, copy_of.is_some(), self.clusters);
        self.placed.push((doc.article.id.clone(), event));
        Placement {
            doc,
            event,
            story,
            copy_of,
            new_event,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_known_only_to_its_month_takes_its_turn_at_the_month_end() {
        let at = |s: &str| dates::parse_given(s);
        let mut docs = [
            (at("2022-02-01"), "feb"),
            (None, "undated"),
            (at("2022-01"), "january"),
            (at("2022-01-31T23:59:00"), "jan-31"),
            (at("2022-01-05"), "jan-5"),
        ];
        docs.sort_by(|a, b| order_of((a.0, a.1, ""), (b.0, b.1, "")));
        let ids: Vec<&str> = docs.iter().map(|d| d.1).collect();
        assert_eq!(ids, ["jan-5", "jan-31", "january", "feb", "undated"]);
    }
}
