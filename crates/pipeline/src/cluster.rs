//! Online event clustering: each document, in publication order, joins the
//! most similar active event or opens a new one. Assignments are final: a
//! later document never moves an earlier one.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use tracing::{debug, trace};

use crate::analyze::term;
use crate::dates;
use crate::embed;
use crate::lang::Lang;
use crate::link::Learned;
use crate::model::{Article, DayMention, Doc, EventId, Term};
use crate::place;
use crate::vector::{expire, frequencies_within, ActiveIndex, Centroid, Compact, DocFreq, Probe};

/// Settings of event clustering.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterSettings {
    /// A document joins an event when its similarity reaches this.
    pub threshold: f32,
    /// Weight of the body's content words.
    pub body_weight: f32,
    /// Weight of the title's content words.
    pub title_weight: f32,
    /// The title's words count this many times in the body vector: a headline
    /// says what the article is about more surely than any body sentence, and
    /// carries articles whose scraped body is thin.
    pub title_boost: u32,
    /// Weight of named entities.
    pub entity_weight: f32,
    /// Weight of the days both name.
    pub date_weight: f32,
    /// Factor applied to an article not dated to the day whose first
    /// weekday name (its lead's, the day of its news) is none of the
    /// event's weekdays; a weekday it recalls further on does not count.
    pub weekday_mismatch: f32,
    /// Days between a document and an event that cost nothing.
    pub grace_days: i64,
    /// Beyond the grace days, similarity decays with this time constant (days).
    pub decay_days: f32,
    /// An event with no new article for this many days leaves the active
    /// index for the archive.
    pub window_days: i64,
    /// An archived event takes a new article only when their similarity,
    /// without any time decay, reaches this: late coverage and misdated
    /// pages find their event again, while a mere return of the subject
    /// opens a new one.
    pub revive_threshold: f32,
    /// Latest members an article is also compared with, one by one.
    pub members: usize,
    /// How much a match with one member counts against a match with the
    /// centroid.
    pub member_discount: f32,
    /// Terms kept in an event's centroid.
    pub centroid_terms: usize,
    /// Terms of a document looked up in the index, and of an event indexed.
    pub index_terms: usize,
    /// Events (active and archived, each) an article is compared with at
    /// most: those sharing the most looked-up terms. 16 score the labelled
    /// sets as 24, 32 and 64 did, and the generated 100k and 1M corpora a
    /// little better, 13 % and 18 % faster than 24 (BENCHMARKS, twelfth,
    /// fourteenth and sixteenth sessions).
    pub candidates: usize,
    /// How much a match of words in the pivot language counts against a
    /// match of words of the same language. Translation loses words (those
    /// the dictionaries lack) and blurs senses, so a text and its
    /// translation meet at a lower cosine than two reports in one language:
    /// 1.4 makes up part of it; from 1.7, look-alike happenings in two
    /// languages join (BENCHMARKS "Across languages"). Only an event with
    /// articles in another language than the new one's is compared in the
    /// pivot language.
    pub pivot_weight: f32,
    /// Factor applied when the article's news day (the first day it names
    /// in the week before its publication) is none of the event's news days,
    /// give or take `news_day_tolerance`, and the article comes after the
    /// event's last day: a follow-up (the aid a week after the storm, a
    /// second round of talks two days after the first) is a happening of
    /// its own.
    pub news_day_mismatch: f32,
    /// Days by which two news days may differ and still be the same: none
    /// by default (one day or two merged rounds of talks; news-cluster-en
    /// scores better with none: BENCHMARKS "Days, and the winter
    /// fixtures").
    pub news_day_tolerance: i64,
    /// A further factor for such an article when one of the event's news
    /// days lies two days or more before its own, as long before as its
    /// lead says the happening it recalls came ("Biden spoke with Zelensky
    /// on Thursday, two days after his call with Putin"), or any time
    /// before when its title tells its news as after another happening
    /// ("Djokovic deported after losing court fight"): the event is the
    /// happening it recalls.
    pub follow_up: f32,
    /// Factor applied when the city an article places its news in (its
    /// title's, or its body's opening words', see [`place::venue`]) is
    /// none of the event's articles' cities and its title names none of
    /// them: the same people's talks in Geneva on Monday and in Brussels
    /// on Wednesday are two happenings. A place is content, so the factor
    /// applies with or without time decay.
    pub place_mismatch: f32,
    /// A sentence embedding model to check links across languages, if any:
    /// an article whose best event has no article in its language is
    /// embedded (title and lead) and compared with the event's first
    /// article.
    pub embedder: Option<embed::Shared>,
    /// Such an event scoring at least this share of the threshold joins
    /// when the embeddings' cosine reaches `embed_join`…
    pub embed_band: f32,
    /// …the cosine that makes two texts one happening's.
    pub embed_join: f32,
    /// Such an event scoring over the threshold (by less than half) is
    /// refused when the cosine stays under this.
    pub embed_veto: f32,
}

impl Default for ClusterSettings {
    fn default() -> Self {
        ClusterSettings {
            threshold: 0.20,
            body_weight: 0.50,
            title_weight: 0.30,
            title_boost: 3,
            entity_weight: 0.20,
            date_weight: 0.10,
            weekday_mismatch: 0.5,
            grace_days: 3,
            decay_days: 90.0,
            window_days: 90,
            revive_threshold: 0.5,
            members: 12,
            member_discount: 0.9,
            centroid_terms: 300,
            index_terms: 20,
            candidates: 16,
            pivot_weight: 1.4,
            news_day_mismatch: 0.6,
            news_day_tolerance: 0,
            follow_up: 0.5,
            place_mismatch: 0.3,
            embedder: None,
            embed_band: 0.5,
            embed_join: 0.9,
            embed_veto: 0.82,
        }
    }
}

/// The weighted vectors of one document, as the clusterer saw it; the story
/// linker reuses them.
#[derive(Clone, Debug)]
pub(crate) struct DocVectors {
    pub(crate) body: Probe,
    pub(crate) title: Probe,
    pub(crate) entities: Probe,
    pub(crate) date: Option<NaiveDate>,
    /// The document's language, and its words (title boosted) and title in
    /// the pivot language, weighed by the pivot language's frequencies.
    pub(crate) lang: Lang,
    pub(crate) pivot: Probe,
    pub(crate) pivot_title: Probe,
}

impl DocVectors {
    /// The terms to look up in an index: the heaviest words and entities.
    pub(crate) fn lookup_terms(&self, n: usize) -> Vec<Term> {
        finding_terms(
            self.body.vec.top_terms(n),
            self.entities.vec.top_terms(n),
            self.pivot.vec.top_terms(n),
        )
    }
}

/// Terms kept of each member vector: its heaviest, which are what one
/// article shares with another of the same happening. 32 score the
/// labelled sets as 64 did, with half the memory (BENCHMARKS "Memory").
const MEMBER_TERMS: usize = 32;

/// No member's cosine with an article exceeds this: both are unit vectors
/// of positive weights (1, plus room for rounding and the member's 16-bit
/// quantisation, at most 32 half-steps of 1/65,535).
const MEMBER_BOUND: f32 = 1.001;

/// The similarity of an article with an event, but for the event's members.
struct Parts {
    /// Cosines with the event's body, title and name centroids.
    body: f32,
    title: f32,
    names: f32,
    /// Body and title cosines in the pivot language with the event's
    /// articles of other languages, if it has any.
    pivot: Option<(f32, f32)>,
    /// The share of the article's named days that the event names (each
    /// day weighed by how few live candidates name it).
    days: f32,
    /// Time decay and the news-day factor, applied to live events only.
    time: f32,
    news: f32,
    /// For an undated article, the weekday check (else 1).
    undated: f32,
    /// The city check (1 when the article or the event names no city).
    place: f32,
}

/// The fewest days between an event's news day and an article's that make
/// the article a follow-up when it says it comes after another happening
/// (see [`ClusterSettings::follow_up`]): "the day after" is as often the
/// next day's coverage of one happening (news-cluster-en holds a
/// quarterback retiring the day after his coach as one event).
const FOLLOW_UP_DAYS: i64 = 2;

/// The best cosine of an article's body with one of the event's latest members.
fn nearest_member(event: &Active, v: &DocVectors) -> f32 {
    event
        .members
        .iter()
        .map(|m| m.cosine(&v.body))
        .fold(0.0f32, f32::max)
}

/// The state of one event, active or archived.
#[derive(Serialize, Deserialize)]
struct Active {
    body: Centroid,
    /// The latest members' body vectors, cut short: an article may match one
    /// member well while the centroid has drifted elsewhere.
    members: std::collections::VecDeque<Compact>,
    title: Centroid,
    entities: Centroid,
    /// Days named by its articles, as (month, day), with counts.
    days: HashMap<(u32, u32), u32>,
    /// The weekdays of its news: those of its dated articles' news days, and
    /// the weekday names of the others.
    weekdays: HashSet<Weekday>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// The clock when it last took an article, for retiring it.
    touched: Option<NaiveDate>,
    /// Its words and titles in the pivot language, by language, to meet
    /// articles in other languages.
    pivots: Pivots,
    /// The news days of its articles, as (month, day).
    news_days: Vec<(u32, u32)>,
    /// The cities its articles place their news in.
    venues: Vec<String>,
    /// With an embedder: the title and lead of its first article, and their
    /// embedding once asked for.
    lead: Option<String>,
    embedding: Option<Vec<f32>>,
}

/// The document frequencies a document's features are weighed with:
/// counted over every document placed, in order, whatever event each
/// joined. Weighing a document needs only the documents before it, not
/// their events, so it can run ahead of placement on another thread.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct Weights {
    /// Document frequencies per language: one language's articles weigh
    /// their terms the same whatever else the corpus holds.
    words: HashMap<String, DocFreq>,
    names: HashMap<String, DocFreq>,
    /// Document frequencies of the pivot language's terms, over every
    /// language: translated words are weighed alike whatever their source.
    pivot: DocFreq,
}

impl Weights {
    /// Weighs a document's features with the document frequencies seen so
    /// far (this document included); the title's terms count `title_boost`
    /// times in the body's.
    pub(crate) fn vectors(&mut self, doc: &Doc, title_boost: u32) -> DocVectors {
        let text = merge(&doc.body_terms, &doc.title_terms, title_boost);
        let lang = doc.article.lang.code();
        let words = self.words.entry(lang.to_string()).or_default();
        let text_dfs = words.add(&text);
        let title_dfs = frequencies_within(&doc.title_terms, &text, &text_dfs);
        let names: Vec<(Term, u32)> = doc.entities.iter().map(|(k, n)| (term(k), *n)).collect();
        let name_freq = self.names.entry(lang.to_string()).or_default();
        let name_dfs = name_freq.add(&names);
        let pivot = merge(&doc.pivot_terms, &doc.pivot_title, title_boost);
        let pivot_dfs = self.pivot.add(&pivot);
        let pivot_title_dfs = frequencies_within(&doc.pivot_title, &pivot, &pivot_dfs);
        DocVectors {
            body: Probe::new(words.weigh(&text, &text_dfs)),
            title: Probe::new(words.weigh(&doc.title_terms, &title_dfs)),
            entities: Probe::new(name_freq.weigh(&names, &name_dfs)),
            date: day_of(doc.article.published),
            lang: doc.article.lang,
            pivot: Probe::new(self.pivot.weigh(&pivot, &pivot_dfs)),
            pivot_title: Probe::new(self.pivot.weigh(&doc.pivot_title, &pivot_title_dfs)),
        }
    }
}

/// The online event clusterer. Its state is saved and restored with the
/// engine's ([`crate::Engine::save`]); the settings are not part of it.
#[derive(Serialize, Deserialize)]
pub struct Clusterer {
    #[serde(skip)]
    settings: ClusterSettings,
    active: HashMap<u32, Active>,
    index: ActiveIndex,
    /// Events that left the active window, found again through their own index.
    archive: HashMap<u32, Active>,
    archive_index: ActiveIndex,
    /// Active events by the day they were last touched, to retire the old.
    by_touch: BTreeSet<(NaiveDate, u32)>,
    events: u32,
    clock: Option<NaiveDate>,
}

impl Clusterer {
    /// A clusterer with no events.
    pub fn new(settings: ClusterSettings) -> Clusterer {
        Clusterer {
            settings,
            active: HashMap::new(),
            index: ActiveIndex::default(),
            archive: HashMap::new(),
            archive_index: ActiveIndex::default(),
            by_touch: BTreeSet::new(),
            events: 0,
            clock: None,
        }
    }

    /// The same clusterer under other settings (after a restore).
    pub(crate) fn with_settings(self, settings: ClusterSettings) -> Clusterer {
        Clusterer { settings, ..self }
    }

    /// How many events are in the active window.
    pub fn active_events(&self) -> usize {
        self.active.len()
    }

    /// What an event learned of its articles that a story also learns: a
    /// story of one event reads it there ([`crate::link`]).
    pub(crate) fn learned(&self, e: EventId) -> Option<Learned<'_>> {
        let event = self.active.get(&e.0).or_else(|| self.archive.get(&e.0))?;
        Some(Learned {
            body: &event.body,
            entities: &event.entities,
            pivots: &event.pivots,
        })
    }

    /// How much a match in the pivot language counts.
    pub(crate) fn pivot_weight(&self) -> f32 {
        self.settings.pivot_weight
    }

    /// Places a document: the id of its event and whether the event is new.
    pub(crate) fn assign(&mut self, doc: &Doc, v: &DocVectors) -> (EventId, bool) {
        self.advance(v.date);
        let s = &self.settings;
        let lookup = v.lookup_terms(s.index_terms);
        let active = self.index.candidates(lookup.iter().copied(), s.candidates);
        let archived = self.archive_index.candidates(lookup, s.candidates);
        let live = |event: &Active, archived: bool| self.is_live(event, v.date, archived);
        let event = |e: u32, archived: bool| match archived {
            true => &self.archive[&e],
            false => &self.active[&e],
        };
        let candidates: Vec<(u32, bool)> = active
            .into_iter()
            .map(|e| (e, false))
            .chain(archived.into_iter().map(|e| (e, true)))
            .collect();
        // The candidates' centroids are mostly out of the processor's
        // caches: their lines are all asked for first, their waits
        // overlapping, then compared.
        std::hint::black_box(candidates.iter().fold(0, |seen, (e, archived)| {
            let event = event(*e, *archived);
            seen ^ event.body.touch()
                ^ event.title.touch()
                ^ event.entities.touch()
                ^ event
                    .pivots
                    .by_lang
                    .iter()
                    .fold(0, |seen, (_, body, title)| {
                        seen ^ body.touch() ^ title.touch()
                    })
        }));
        // What the article says of its news's day, read once for all
        // candidates.
        let said = News::of(&doc.article);
        // How many of the live candidates name each day the article names.
        let mut day_events: HashMap<(u32, u32), u32> = HashMap::new();
        for (e, archived) in &candidates {
            let event = event(*e, *archived);
            if live(event, *archived) {
                for m in &doc.article.mentions {
                    if event.days.contains_key(&(m.month, m.day)) {
                        *day_events.entry((m.month, m.day)).or_default() += 1;
                    }
                }
            }
        }
        // A live event is held to the threshold with the time factors, or
        // failing that to the (stricter) revival threshold without them: a
        // page dated when it was crawled, weeks after its news, still finds
        // its event on content alone. A past event only to the latter.
        let strict = s.revive_threshold.max(s.threshold);
        let decide = |parts: &Parts, nearest: f32, live: bool| {
            let (timed, raw) = (
                self.combine(parts, nearest, true),
                self.combine(parts, nearest, false),
            );
            if live && (timed >= s.threshold || raw < strict) {
                (timed, s.threshold)
            } else {
                (raw, strict)
            }
        };
        // Each candidate's similarity but for its members, and a bound of
        // the whole (members matching perfectly): the best score it may
        // reach over its threshold, if any; highest bound first.
        let mut bounded: Vec<(u32, bool, Parts, bool, Option<f32>)> = candidates
            .into_iter()
            .map(|(e, archived)| {
                let event = event(e, archived);
                let parts = self.parts(event, v, &said, &day_events);
                let live = live(event, archived);
                let timed = self.combine(&parts, MEMBER_BOUND, true);
                let raw = self.combine(&parts, MEMBER_BOUND, false);
                let bound = [
                    (live && timed >= s.threshold).then_some(timed),
                    (raw >= strict).then_some(raw),
                ]
                .into_iter()
                .flatten()
                .reduce(f32::max);
                (e, archived, parts, live, bound)
            })
            .collect();
        bounded.sort_by(|a, b| {
            let key = |x: Option<f32>| x.unwrap_or(f32::NEG_INFINITY);
            key(b.4).total_cmp(&key(a.4)).then(a.0.cmp(&b.0))
        });
        // The members, the dearest part, are compared only where they can
        // change the outcome: an event whose bound stays under its
        // threshold, or under the score of an event already over its own,
        // can be neither the best nor over the threshold. The embedding
        // check reads events under the threshold too, so with an embedder
        // every event is scored whole.
        let prune = s.embedder.is_none();
        // The members of the events that may be compared whole, asked for
        // together, as the centroids were.
        std::hint::black_box(
            bounded
                .iter()
                .filter(|(.., bound)| bound.is_some() || !prune)
                .flat_map(|(e, archived, ..)| &event(*e, *archived).members)
                .fold(0, |seen, m| seen ^ m.touch()),
        );
        // The best score over its threshold so far, of the events on the
        // article's news day and of the others (see [`best_of`]).
        let mut best = [f32::NEG_INFINITY; 2];
        let mut scored: Vec<Scored> = Vec::with_capacity(bounded.len());
        for (e, archived, parts, live, bound) in bounded {
            let on_day = parts.news >= 1.0;
            let floor = match on_day {
                true => best[1],
                false if best[1] > f32::NEG_INFINITY => f32::INFINITY,
                false => best[0],
            };
            if prune && bound.is_none_or(|bound| bound < floor) {
                trace!(doc = %doc.article.id, event = %EventId(e), ?bound, "passed over");
                continue;
            }
            let nearest = nearest_member(event(e, archived), v);
            let (score, threshold) = decide(&parts, nearest, live);
            trace!(
                doc = %doc.article.id,
                event = %EventId(e),
                score,
                body = parts.body,
                title = parts.title,
                pivot = ?parts.pivot,
                names = parts.names,
                days = parts.days,
                nearest,
                "compared"
            );
            if score >= threshold {
                let best = &mut best[usize::from(on_day)];
                *best = best.max(score);
            }
            scored.push(Scored {
                event: e,
                score,
                threshold,
                on_day,
            });
        }
        let best = match s.embedder.clone() {
            Some(embedder) => self.check_across_languages(&*embedder.0, doc, scored),
            None => best_of(&scored),
        };
        match best {
            Some(Scored {
                event: e,
                score,
                threshold,
                ..
            }) => {
                // A live event that took the article only at the revival
                // threshold took it on content alone, against its date (a
                // page dated when it was crawled, a look back): that date
                // does not stretch the event's span.
                let on_time = threshold <= self.settings.threshold
                    || match self.active.get(&e) {
                        Some(event) => !self.is_live(event, v.date, false),
                        None => !self.is_live(&self.archive[&e], v.date, true),
                    };
                if self.is_late(v.date) && self.archive.contains_key(&e) {
                    // A late article joins its archived event where it lies.
                    debug!(doc = %doc.article.id, event = %EventId(e), score, "joined archived event");
                } else if let Some(event) = self.archive.remove(&e) {
                    debug!(doc = %doc.article.id, event = %EventId(e), score, "revived event");
                    self.archive_index.remove(e);
                    self.active.insert(e, event);
                } else {
                    debug!(doc = %doc.article.id, event = %EventId(e), score, "joined event");
                }
                self.add(e, v, &said, on_time);
                (EventId(e), false)
            }
            None => {
                let e = self.events;
                self.events += 1;
                let mut event = self.empty_event();
                if self.settings.embedder.is_some() {
                    event.lead = Some(embed::lead(&doc.article.title, &doc.article.body));
                }
                self.active.insert(e, event);
                debug!(doc = %doc.article.id, event = %EventId(e), "opened event");
                self.add(e, v, &said, true);
                (EventId(e), true)
            }
        }
    }

    /// The best event over its threshold, after the embedding check of links
    /// across languages: the best, if its event has no article in the
    /// document's language and it passes by less than half, must not be
    /// plainly unlike the document (`embed_veto`); with no best, the
    /// strongest such event within `embed_band` of its threshold joins when
    /// the two read alike (`embed_join`).
    fn check_across_languages(
        &mut self,
        embedder: &dyn embed::Embedder,
        doc: &Doc,
        mut scored: Vec<Scored>,
    ) -> Option<Scored> {
        let lang = doc.article.lang;
        let foreign = |c: &Clusterer, e: u32| {
            c.active
                .get(&e)
                .or_else(|| c.archive.get(&e))
                .is_some_and(|event| !event.pivots.has(lang))
        };
        let mut mine: Option<Vec<f32>> = None;
        let mut cosine = |c: &mut Clusterer, e: u32| {
            let doc_vec = mine
                .get_or_insert_with(|| {
                    embedder
                        .embed(&embed::lead(&doc.article.title, &doc.article.body))
                        .unwrap_or_default()
                })
                .clone();
            let event = c.active.get_mut(&e).or_else(|| c.archive.get_mut(&e))?;
            if event.embedding.is_none() {
                event.embedding = event.lead.as_deref().and_then(|t| embedder.embed(t));
            }
            let cos = embed::cosine(&doc_vec, event.embedding.as_deref()?);
            debug!(doc = %doc.article.id, event = %EventId(e), cos, "embeddings compared");
            Some(cos)
        };
        let (band, join, veto) = {
            let s = &self.settings;
            (s.embed_band, s.embed_join, s.embed_veto)
        };
        if let Some(best) = best_of(&scored) {
            let doubtful = foreign(self, best.event) && best.score < 1.5 * best.threshold;
            if !doubtful || cosine(self, best.event).is_none_or(|cos| cos >= veto) {
                return Some(best);
            }
            scored.retain(|c| c.event != best.event);
            return best_of(&scored);
        }
        let near = scored
            .iter()
            .copied()
            .filter(|c| c.score >= band * c.threshold && foreign(self, c.event))
            .max_by(|a, b| a.score.total_cmp(&b.score).then(b.event.cmp(&a.event)))?;
        cosine(self, near.event)
            .is_some_and(|cos| cos >= join)
            .then_some(near)
    }

    /// Counts a copy as a member of its original's event: its dates extend
    /// the event, its words (already counted through the original) do not.
    pub(crate) fn add_copy(&mut self, event: EventId, v: &DocVectors) {
        self.advance(v.date);
        if let Some(event) = self
            .active
            .get_mut(&event.0)
            .or_else(|| self.archive.get_mut(&event.0))
        {
            extend_span(event, v.date);
        }
    }

    fn empty_event(&self) -> Active {
        let n = self.settings.centroid_terms;
        Active {
            body: Centroid::new(n),
            members: std::collections::VecDeque::new(),
            title: Centroid::new(n),
            entities: Centroid::new(n),
            days: HashMap::new(),
            weekdays: HashSet::new(),
            first: None,
            last: None,
            touched: None,
            pivots: Pivots::default(),
            news_days: Vec::new(),
            venues: Vec::new(),
            lead: None,
            embedding: None,
        }
    }

    /// Whether an event is compared as a live one (with time decay, at the
    /// threshold) or as a past one (without decay, at the revive threshold):
    /// by the article's own date when both are dated, so that an article
    /// that comes late meets the events of its day as it would have in
    /// order; otherwise by the active window.
    fn is_live(&self, event: &Active, date: Option<NaiveDate>, archived: bool) -> bool {
        match (date, event.first, event.last) {
            (Some(d), Some(first), Some(last)) => {
                let w = chrono::Duration::days(self.settings.window_days);
                first - w <= d && d <= last + w
            }
            _ => !archived,
        }
    }

    /// The parts of the similarity of an article with an event but for
    /// its members: content, names and named days, and the time factors
    /// (the decay with the distance in days and the news-day check, which
    /// only a live event applies; for an undated article, the weekday
    /// check). [`Clusterer::combine`] makes the score of them.
    fn parts(
        &self,
        event: &Active,
        v: &DocVectors,
        said: &News,
        day_events: &HashMap<(u32, u32), u32>,
    ) -> Parts {
        let s = &self.settings;
        let article = said.article;
        let (time, undated) = match v.date {
            Some(_) => (self.time_factor(event, v.date), 1.0),
            // Undated: weekday names are the only clue; a lead's weekday
            // that is none of the event's says another day's news.
            None if !event.weekdays.is_empty()
                && article
                    .weekdays
                    .first()
                    .is_some_and(|w| !event.weekdays.contains(w)) =>
            {
                (1.0, s.weekday_mismatch)
            }
            None => (1.0, 1.0),
        };
        let news = match said.day() {
            // Dated only to its month, with no news day: its lead's weekday
            // in that month against the event's news days.
            None if said.month_weekday.is_some_and(|(month, weekday)| {
                !event.news_days.is_empty()
                    && !event
                        .news_days
                        .iter()
                        .any(|d| fits_month(*d, month, weekday))
            }) =>
            {
                s.news_day_mismatch
            }
            Some(day)
                if self.gap(event, v.date).is_none_or(|gap| gap > 0)
                    && !event.news_days.is_empty()
                    && event
                        .news_days
                        .iter()
                        .all(|d| days_apart(*d, day) > s.news_day_tolerance) =>
            {
                let recalled = said
                    .recalled
                    .get_or_init(|| dates::recalled_before(article));
                let follows = recalled.as_ref().is_some_and(|before| {
                    event.news_days.iter().any(|d| {
                        let days = days_after(*d, day);
                        days >= FOLLOW_UP_DAYS && before.contains(&days)
                    })
                });
                s.news_day_mismatch * if follows { s.follow_up } else { 1.0 }
            }
            _ => 1.0,
        };
        let place = match said.venue {
            Some(_) if !event.venues.is_empty() && !said.names_city_of(event) => s.place_mismatch,
            _ => 1.0,
        };
        trace!(time, news, place, "factors");
        let mentions = &article.mentions;
        let days = if mentions.is_empty() {
            0.0
        } else {
            // A day that several live candidates name (a holiday, the day
            // of a big story) tells them apart less: it counts for one over
            // their number.
            let shared: f32 = mentions
                .iter()
                .map(|m| (m.month, m.day))
                .filter(|day| event.days.contains_key(day))
                .map(|day| 1.0 / day_events.get(&day).copied().unwrap_or(1).max(1) as f32)
                .sum();
            shared / mentions.len() as f32
        };
        Parts {
            body: event.body.cosine(&v.body),
            title: event.title.cosine(&v.title),
            pivot: event.pivots.cross(v),
            names: event.entities.cosine(&v.entities),
            days,
            time,
            undated,
            news,
            place,
        }
    }

    /// The similarity: the weighted sum of body, title, name and named-day
    /// similarities, times the weekday and city checks and, when `timed` (the event
    /// compared as a live one), the time factors; `nearest` is the best
    /// cosine with one of the event's latest members.
    fn combine(&self, parts: &Parts, nearest: f32, timed: bool) -> f32 {
        let s = &self.settings;
        let mut body = parts.body.max(s.member_discount * nearest);
        let mut title = parts.title;
        if let Some((pivot_body, pivot_title)) = parts.pivot {
            body = body.max(s.pivot_weight * pivot_body);
            title = title.max(s.pivot_weight * pivot_title);
        }
        let names = parts.names;
        (s.body_weight * body
            + s.title_weight * title
            + s.entity_weight * names
            + s.date_weight * parts.days)
            * parts.undated
            * parts.place
            * if timed { parts.time * parts.news } else { 1.0 }
    }

    /// Days between a date and the event's span (0 within it), when both
    /// are known.
    fn gap(&self, event: &Active, date: Option<NaiveDate>) -> Option<i64> {
        let (Some(date), Some(first), Some(last)) = (date, event.first, event.last) else {
            return None;
        };
        Some(if date < first {
            (first - date).num_days()
        } else if date > last {
            (date - last).num_days()
        } else {
            0
        })
    }

    /// 1 within the grace days of the event's span, then decaying.
    fn time_factor(&self, event: &Active, date: Option<NaiveDate>) -> f32 {
        let Some(gap) = self.gap(event, date) else {
            return 1.0;
        };
        let late = (gap - self.settings.grace_days).max(0) as f32;
        (-late / self.settings.decay_days).exp()
    }

    fn add(&mut self, e: u32, v: &DocVectors, said: &News, on_time: bool) {
        let article = said.article;
        let index_terms = self.settings.index_terms;
        let max_members = self.settings.members;
        let clock = self.clock;
        let (active, index) = match self.active.get_mut(&e) {
            Some(event) => (event, &mut self.index),
            None => match self.archive.get_mut(&e) {
                Some(event) => (event, &mut self.archive_index),
                None => return,
            },
        };
        active.body.add(&v.body.vec);
        active
            .members
            .push_back(Compact::from(&v.body.vec.truncated(MEMBER_TERMS)));
        if active.members.len() > max_members {
            active.members.pop_front();
        }
        active.title.add(&v.title.vec);
        active.entities.add(&v.entities.vec);
        active.pivots.add(v, self.settings.centroid_terms);
        for m in &article.mentions {
            *active.days.entry((m.month, m.day)).or_default() += 1;
        }
        // A report let in by its title's naming one of the event's cities
        // ("In Moscow, the Kremlin calls the Geneva talks a failure") does
        // not add the city it was filed from.
        if let Some(city) = said.venue {
            if active.venues.is_empty() || !said.names_city_of(active) {
                active.venues.push(city.to_string());
            }
        }
        if let Some(day) = said.day() {
            if !active.news_days.contains(&day) {
                active.news_days.push(day);
            }
        }
        // The weekday of the article's news: its news day's, or with no
        // day of its own, its lead's.
        match v.date {
            Some(_) => active
                .weekdays
                .extend(said.mention.and_then(DayMention::date).map(|d| d.weekday())),
            None => active.weekdays.extend(article.weekdays.first().copied()),
        }
        if on_time {
            extend_span(active, v.date);
        }
        let terms = finding_terms(
            active.body.top_terms(index_terms),
            active.entities.top_terms(index_terms),
            active.pivots.top_terms(index_terms),
        );
        index.set(e, terms);
        self.touch(e, clock);
    }

    /// True when a date lies before the active window: an article that
    /// arrives after the clock has moved well past its day.
    fn is_late(&self, date: Option<NaiveDate>) -> bool {
        match (date, self.clock) {
            (Some(d), Some(clock)) => d < clock - chrono::Duration::days(self.settings.window_days),
            _ => false,
        }
    }

    fn touch(&mut self, e: u32, clock: Option<NaiveDate>) {
        let Some(active) = self.active.get_mut(&e) else {
            return;
        };
        if let Some(old) = active.touched {
            self.by_touch.remove(&(old, e));
        }
        active.touched = clock;
        if let Some(day) = clock {
            self.by_touch.insert((day, e));
        }
    }

    /// Moves the clock to a document's date and retires the events that have
    /// been quiet for longer than the window.
    fn advance(&mut self, date: Option<NaiveDate>) {
        let Some(date) = date else { return };
        if self.clock.is_some_and(|c| c >= date) {
            return;
        }
        self.clock = Some(date);
        // Events opened before the clock started (undated documents) get it now.
        let undated: Vec<u32> = self
            .active
            .iter()
            .filter(|(_, a)| a.touched.is_none())
            .map(|(e, _)| *e)
            .collect();
        for e in undated {
            self.touch(e, Some(date));
        }
        let horizon = date - chrono::Duration::days(self.settings.window_days);
        for e in expire(&mut self.by_touch, horizon) {
            if let Some(event) = self.active.remove(&e) {
                let terms = self.index.remove(e);
                self.archive_index.set(e, terms);
                self.archive.insert(e, event);
                trace!(event = %EventId(e), "event archived");
            }
        }
    }
}

/// The day an article was published, when that is known to the day: a
/// date known only to its month ("2021-12" in a header) leaves every rule
/// of days to the article's text, as if it were undated.
fn day_of(published: Option<crate::model::Published>) -> Option<NaiveDate> {
    published
        .filter(|p| p.precision >= crate::model::Precision::Day)
        .map(|p| p.date())
}

/// What an article says of the day of its news, read once for every
/// event it is compared with.
struct News<'a> {
    article: &'a Article,
    /// The day its news happened, as it names it (see [`news_mention`]).
    mention: Option<&'a DayMention>,
    /// Dated only to its month with no news day: the month and its lead's
    /// weekday (see [`month_weekday`]).
    month_weekday: Option<(NaiveDate, Weekday)>,
    /// How long before its news the article says the happening it recalls
    /// came: read at the first event that needs it.
    recalled: OnceCell<Option<RangeInclusive<i64>>>,
    /// The city its news happened in, when it says (see [`place::venue`]).
    venue: Option<&'static str>,
    /// Every city its title names: read at the first event that needs it.
    named: OnceCell<Vec<&'static str>>,
}

impl<'a> News<'a> {
    fn of(article: &'a Article) -> News<'a> {
        let mention = news_mention(article);
        let venue = place::venue(article);
        trace!(doc = %article.id, venue, "placed");
        News {
            article,
            mention,
            month_weekday: mention.is_none().then(|| month_weekday(article)).flatten(),
            recalled: OnceCell::new(),
            venue,
            named: OnceCell::new(),
        }
    }

    /// True when the article's city is one of the event's, or its title
    /// names one of them anywhere ("G7, avvertimento a Mosca da
    /// Liverpool": *a* is also "to"; "In Moscow, the Kremlin calls the
    /// Geneva talks a failure").
    fn names_city_of(&self, event: &Active) -> bool {
        let is_event_city = |city: &str| event.venues.iter().any(|v| v == city);
        self.venue.is_some_and(is_event_city)
            || self
                .named
                .get_or_init(|| place::named(&self.article.title))
                .iter()
                .any(|c| is_event_city(c))
    }

    /// The day an article's news happened, as (month, day): the first day
    /// it names within the week before its publication (or the day after,
    /// for a time zone ahead); in an article dated only to its month, the
    /// first day it names in that month or the week before; in an undated
    /// one, the first day it names; in either, unless it names a weekday
    /// first that this day does not fall on (see [`news_mention`]).
    fn day(&self) -> Option<(u32, u32)> {
        self.mention.map(|m| (m.month, m.day))
    }
}

/// The day of [`News::day`], as the article names it. An article not dated
/// to the day that speaks of its news by a weekday ("am Donnerstagabend")
/// and names no day on it first ("zum zweiten Mal binnen drei Wochen" …
/// "am 7. Dezember"; dated to its month, the first day in that month or
/// the week before) names days it recalls or announces: its news day is
/// unknown (the calendar decides in the year written, or in its month
/// header's), and [`month_weekday`] holds it.
fn news_mention(article: &Article) -> Option<&DayMention> {
    let published = day_of(article.published);
    // Dated to its month, an article tells news of that month (or of the
    // week before it): a day named after it is one announced.
    let month = article
        .published
        .filter(|p| p.precision == crate::model::Precision::Month)
        .map(|p| p.date().with_day(1).unwrap_or(p.date()));
    let first = article
        .mentions
        .iter()
        .find(|m| match (published, m.date()) {
            (Some(p), Some(d)) => {
                d <= p + chrono::Duration::days(1) && p - d <= chrono::Duration::days(7)
            }
            (Some(_), None) => false,
            (None, _) => month.is_none_or(|month| in_month(month, (m.month, m.day))),
        })?;
    if let (None, Some(lead)) = (published, article.weekdays.first()) {
        let day = first.date().or_else(|| {
            let year = dates::nearest_year(month?, first.month, first.day);
            NaiveDate::from_ymd_opt(year, first.month, first.day)
        });
        if day.is_none_or(|day| day.weekday() != *lead) {
            return None;
        }
    }
    Some(first)
}

/// For an article dated only to its month that names no news day (see
/// [`news_mention`]): the month and its lead's weekday, which say its news
/// happened on one of that weekday's days in that month, or in the week
/// before it (a report of 2 January of New Year's Eve).
fn month_weekday(article: &Article) -> Option<(NaiveDate, Weekday)> {
    let month = article
        .published
        .filter(|p| p.precision == crate::model::Precision::Month)?;
    let lead = article.weekdays.first()?;
    Some((month.date().with_day(1).unwrap_or(month.date()), *lead))
}

/// Whether `day` (month, day) may be the news day of an article of `month`
/// whose lead speaks of `weekday` (see [`month_weekday`]).
fn fits_month(day: (u32, u32), month: NaiveDate, weekday: Weekday) -> bool {
    in_month(month, day) && {
        let year = dates::nearest_year(month, day.0, day.1);
        NaiveDate::from_ymd_opt(year, day.0, day.1).is_some_and(|day| day.weekday() == weekday)
    }
}

/// Whether `day` (month, day) lies in `month` (its first day) or in the
/// week before it: the days an article dated to that month may tell the
/// news of (a report of 2 January of New Year's Eve).
fn in_month(month: NaiveDate, day: (u32, u32)) -> bool {
    let year = dates::nearest_year(month, day.0, day.1);
    let Some(day) = NaiveDate::from_ymd_opt(year, day.0, day.1) else {
        return false;
    };
    let start = month - chrono::Duration::days(7);
    let end = month
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(month);
    start <= day && day < end
}

/// Days between two (month, day) pairs, the shorter way round the year.
fn days_apart(a: (u32, u32), b: (u32, u32)) -> i64 {
    days_after(a, b).abs()
}

/// Days from `a` to `b`, two (month, day) pairs, the shorter way round the
/// year: negative when `b` comes first.
fn days_after(a: (u32, u32), b: (u32, u32)) -> i64 {
    let ordinal = |(m, d): (u32, u32)| {
        NaiveDate::from_ymd_opt(2000, m, d).map_or(0, |x| i64::from(x.ordinal()))
    };
    let diff = (ordinal(b) - ordinal(a)).rem_euclid(366);
    if diff > 183 {
        diff - 366
    } else {
        diff
    }
}

fn extend_span(active: &mut Active, date: Option<NaiveDate>) {
    if let Some(d) = date {
        active.first = Some(active.first.map_or(d, |f| f.min(d)));
        active.last = Some(active.last.map_or(d, |l| l.max(d)));
    }
}

/// An event's score for an article, against the threshold it is held to.
#[derive(Clone, Copy, Debug)]
struct Scored {
    event: u32,
    score: f32,
    threshold: f32,
    /// False when the article's news day is none of the event's (the
    /// news-day factor lowered the score).
    on_day: bool,
}

/// The best event over its threshold: of those on the article's news day,
/// if any, the highest score (ties to the older event). A report of a
/// later happening that recalls an earlier one ("Macron called Putin on
/// Sunday, as he had on 12 February") may read more like the earlier
/// event's reports, in its own language, than like the reports of its own
/// happening in others; its news day tells them apart.
fn best_of(scored: &[Scored]) -> Option<Scored> {
    scored
        .iter()
        .copied()
        .filter(|c| c.score >= c.threshold)
        .max_by(|a, b| {
            a.on_day
                .cmp(&b.on_day)
                .then(a.score.total_cmp(&b.score))
                .then(b.event.cmp(&a.event))
        })
}

/// Words and titles in the pivot language, a centroid of each for the
/// articles of each language: an article is compared in the pivot language
/// with the articles of the other languages only, since translation makes
/// two texts of one language look closer than their own words do.
#[derive(Clone, Default, Serialize, Deserialize)]
pub(crate) struct Pivots {
    /// (language code, words, titles), in order of first article.
    by_lang: Vec<(String, Centroid, Centroid)>,
}

impl Pivots {
    /// Learns a document's words under its language. `terms` bounds the
    /// event's own centroid; a language's pivot words keep a third of that,
    /// its titles a tenth: they only have to recognise the same happening,
    /// and an event may hold several languages.
    pub(crate) fn add(&mut self, v: &DocVectors, terms: usize) {
        let code = v.lang.code();
        let i = match self.by_lang.iter().position(|(l, _, _)| same_code(l, code)) {
            Some(i) => i,
            None => {
                let (body, title) = (Centroid::new(terms / 3), Centroid::new(terms / 10));
                let empty = (code.to_string(), body, title);
                self.by_lang.push(empty);
                self.by_lang.len() - 1
            }
        };
        let (_, body, title) = &mut self.by_lang[i];
        body.add(&v.pivot.vec);
        title.add(&v.pivot_title.vec);
    }

    /// A copy bounded by `terms` as [`Pivots::add`] bounds it.
    pub(crate) fn trimmed(&self, terms: usize) -> Pivots {
        Pivots {
            by_lang: self
                .by_lang
                .iter()
                .map(|(l, body, title)| {
                    (
                        l.clone(),
                        body.trimmed(terms / 3),
                        title.trimmed(terms / 10),
                    )
                })
                .collect(),
        }
    }

    /// Whether it has articles in a language.
    pub(crate) fn has(&self, lang: Lang) -> bool {
        self.by_lang
            .iter()
            .any(|(l, _, _)| same_code(l, lang.code()))
    }

    /// The best cosines (words, title) of a document with the articles of
    /// another language; `None` when all are in the document's language.
    pub(crate) fn cross(&self, v: &DocVectors) -> Option<(f32, f32)> {
        let code = v.lang.code();
        self.by_lang
            .iter()
            .filter(|(l, _, _)| !same_code(l, code))
            .map(|(_, body, title)| (body.cosine(&v.pivot), title.cosine(&v.pivot_title)))
            .reduce(|a, b| (a.0.max(b.0), a.1.max(b.1)))
    }

    /// The heaviest words of each language, for an index.
    pub(crate) fn top_terms(&self, n: usize) -> Vec<Term> {
        let mut terms: Vec<Term> = Vec::new();
        for (_, body, _) in &self.by_lang {
            for t in body.top_terms(n) {
                if !terms.contains(&t) {
                    terms.push(t);
                }
            }
        }
        terms
    }
}

/// Whether two language codes are the same, byte by byte in line: they
/// are two or three letters, and each event's are compared for every
/// candidate, where a call to the library's comparison cost more than the
/// comparing (1 % of a run).
fn same_code(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// The terms that find an event or a document: the `n` heaviest words, names
/// and words in the pivot language (those not already among the words).
pub(crate) fn finding_terms(words: Vec<Term>, names: Vec<Term>, pivot: Vec<Term>) -> Vec<Term> {
    let pivot: Vec<Term> = pivot.into_iter().filter(|t| !words.contains(t)).collect();
    words.into_iter().chain(names).chain(pivot).collect()
}

/// The union of two sorted term bags, the second counted `boost` times.
fn merge(a: &[(Term, u32)], b: &[(Term, u32)], boost: u32) -> Vec<(Term, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(&&(s, m)), Some(&&(t, n))) if s == t => {
                a.next();
                b.next();
                (s, m + n * boost)
            }
            (Some(&&x), Some(&&(t, _))) if x.0 < t => {
                a.next();
                x
            }
            (_, Some(&&(t, n))) => {
                b.next();
                (t, n * boost)
            }
            (Some(&&x), None) => {
                a.next();
                x
            }
            (None, None) => return out,
        };
        out.push(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_bags_add_the_boosted_counts_by_term() {
        let a = [(1, 2), (4, 1), (9, 3)];
        let b = [(0, 1), (4, 2), (10, 1)];
        assert_eq!(merge(&a, &b, 3), [(0, 3), (1, 2), (4, 7), (9, 3), (10, 3)]);
        assert_eq!(merge(&a, &[], 3), a);
        assert_eq!(merge(&[], &b, 1), b);
    }

    /// A report dated to January whose lead speaks of a Tuesday: the
    /// drills it announces for 10 February (a Thursday) come first, but
    /// its news day is the first day it names in its month, if that day
    /// is a Tuesday.
    #[test]
    fn a_month_dated_report_checks_its_lead_weekday_against_a_day_of_its_month() {
        let day = |month, day| DayMention {
            year: None,
            month,
            day,
        };
        let report = |january: u32| Article {
            id: "ahead".into(),
            path: "ahead.txt".into(),
            title: String::new(),
            body: String::new(),
            lang: crate::lang::Lang::ENGLISH,
            published: Some(crate::model::Published {
                at: NaiveDate::from_ymd_opt(2022, 1, 1)
                    .unwrap_or_default()
                    .and_time(chrono::NaiveTime::MIN),
                precision: crate::model::Precision::Month,
                inferred: false,
            }),
            mentions: vec![day(2, 10), day(2, 20), day(1, january)],
            weekdays: vec![Weekday::Tue],
            url: None,
            outlet: None,
        };
        // 18 January 2022 was a Tuesday, 19 January a Wednesday.
        let tuesday = report(18);
        assert_eq!(News::of(&tuesday).day(), Some((1, 18)));
        let wednesday = report(19);
        let said = News::of(&wednesday);
        assert_eq!(said.day(), None);
        assert!(said.month_weekday.is_some());
    }
}
