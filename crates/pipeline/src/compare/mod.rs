//! What the sources of an event agree and disagree on: the entities they
//! name (spellings merged), who said what (quotes merged across outlets),
//! and the figures they give, grouped into facts and classified as
//! agreement, conflict, range, variant or single report. Pure: the caller
//! hands over the articles' texts.
//!
//! ```
//! use pipeline::compare::{compare, Source, Status};
//! use pipeline::Lang;
//!
//! let source = |id: &str, body: &str| Source {
//!     id: id.into(),
//!     title: String::new(),
//!     body: body.into(),
//!     lang: Lang::from_code("en").unwrap(),
//!     outlet: Some(format!("{id}.example")),
//!     published: None,
//!     copy_of: None,
//! };
//! let c = compare(&[
//!     source("a", "The call lasted 50 minutes, officials said."),
//!     source("b", "The two leaders spoke for about 50 minutes on Thursday."),
//! ]);
//! assert_eq!(c.facts[0].status, Status::Agree);
//! ```

pub(crate) mod entities;
mod figures;
mod quotes;
pub(crate) mod rules;

use std::collections::{BTreeMap, HashSet};

pub use entities::{key, Entity, Kind};
pub use figures::Value;
pub use rules::FigureKind;

use crate::analyze::term;
use crate::lang::{self, Lang, Profile};
use crate::lexicon::{self, Lexicon};
use crate::model::Published;
use crate::model::Term;
use crate::summary;
use crate::text;
use figures::FigureMention;
use quotes::{QuoteMention, Speaker};

/// One article of an event, as the comparison reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Its id.
    pub id: String,
    /// Its headline.
    pub title: String,
    /// Its cleaned body.
    pub body: String,
    /// Its language.
    pub lang: Lang,
    /// Its outlet.
    pub outlet: Option<String>,
    /// When it was published, if known.
    pub published: Option<Published>,
    /// The article it copies, if it is a copy.
    pub copy_of: Option<String>,
}

/// What an event's sources say, side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The languages of its articles, the most used first.
    pub langs: Vec<Lang>,
    /// The article published first (copies aside).
    pub first: Option<First>,
    /// Each original with the articles that copy it.
    pub copies: Vec<(String, Vec<String>)>,
    /// People, organisations and places, the most widely named first.
    pub entities: Vec<Entity>,
    /// Who said what, the most widely reported first.
    pub quotes: Vec<Quote>,
    /// Figures grouped into facts, the most widely reported first.
    pub facts: Vec<Fact>,
    /// An extractive summary: sentences of its articles, in its main
    /// language.
    pub summary: Vec<String>,
}

/// The article that published first.
#[derive(Clone, Debug, PartialEq)]
pub struct First {
    /// Its id.
    pub article: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// When.
    pub published: Published,
}

/// A quote, merged over the articles that report it.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// Who said it: an entity's name, a description ("un haut
    /// fonctionnaire"), or nobody named.
    pub speaker: Option<String>,
    /// The key of the speaker's entity, when named.
    pub speaker_key: Option<String>,
    /// The words, as the first article reporting them gives them.
    pub text: String,
    /// True for words in quotation marks.
    pub direct: bool,
    /// The articles that report it, in any language, in the event's order.
    pub articles: Vec<String>,
    /// The language of `text`.
    pub lang: Lang,
    /// The same words as articles of other languages give them.
    pub translations: Vec<Translation>,
}

/// A quote's words in another language.
#[derive(Clone, Debug, PartialEq)]
pub struct Translation {
    /// The language.
    pub lang: Lang,
    /// The words, as the first article of that language gives them.
    pub text: String,
    /// The articles of that language that report it.
    pub articles: Vec<String>,
}

/// How the reports of one fact compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// The articles give the same value (approximations included).
    Agree,
    /// Some articles give values that cannot both be true.
    Conflict,
    /// The values differ but overlap (a range and a value within it).
    Range,
    /// The same happening dated differently but overlapping ("le 10
    /// janvier" and "les 9 et 10 janvier").
    Variant,
    /// One article only.
    Single,
}

impl Status {
    /// The status's name, as the outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Agree => "agree",
            Status::Conflict => "conflict",
            Status::Range => "range",
            Status::Variant => "variant",
            Status::Single => "single",
        }
    }
}

/// One fact: the figures several articles give for the same thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// What kind of figure.
    pub kind: FigureKind,
    /// What it is about ("soldiers", "soldiers, withdrawn", "minutes",
    /// "réunion").
    pub subject: String,
    /// How the reports compare.
    pub status: Status,
    /// One report per article and value.
    pub reports: Vec<Report>,
    /// Outlets of the event that give no figure for it.
    pub silent: Vec<String>,
}

/// What one article says about a fact.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The article.
    pub article: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// The value it gives.
    pub value: Value,
    /// The sentence it gives it in.
    pub text: String,
    /// Who the article says gives the figure.
    pub attribution: Option<String>,
}

/// Two quotes are one when this share of the shorter one's content words
/// are in the other.
const SAME_QUOTE: f64 = 0.5;

/// A quote in another language is a translation when this share of its
/// content words meet the quote's wordings in the pivot language (FreeDict
/// gives a word's first senses only, and "cherchons" is "look for" there
/// while the English article says "searching").
const SAME_TRANSLATION: f64 = 0.2;

/// What one article yields.
struct Read<'a> {
    source: &'a Source,
    text: String,
    mentions: Vec<entities::Mention>,
    quotes: Vec<QuoteMention>,
    figures: Vec<FigureMention>,
}

/// Compares the articles of one event, given in the event's order, each
/// language on its own: see [`compare_with`] for a comparison across
/// languages.
pub fn compare(sources: &[Source]) -> Comparison {
    compare_with(sources, None)
}

/// Compares the articles of one event, given in the event's order; the
/// lexicon's dictionaries carry names and quotes of other languages into
/// the pivot language, so that "Italie" and "Italy" are one place and a
/// quote and its translation one quote. Figures meet across languages
/// without it: their units are the same in every rules file.
pub fn compare_with(sources: &[Source], lexicon: Option<&Lexicon>) -> Comparison {
    // Bodies only: headlines are often Title Case, which hides names.
    let texts: Vec<String> = sources.iter().map(|s| s.body.clone()).collect();
    let lower: HashSet<&str> = texts
        .iter()
        .flat_map(|t| text::lower_case_words(t))
        .collect();
    // An undated article dates its year-less days by the event's first day.
    let event_day = sources
        .iter()
        .filter_map(|s| s.published)
        .map(|p| p.date())
        .min();
    // Copies repeat their original: they are listed, not counted again.
    let reads: Vec<Read<'_>> = sources
        .iter()
        .zip(&texts)
        .filter(|(s, _)| s.copy_of.is_none())
        .filter_map(|(source, text)| {
            let rules = rules::rules(source.lang)?;
            let profile = lang::profile(source.lang);
            let sentences = text::sentences(text, true);
            let mut mentions = entities::mentions(text, &sentences, &lower, profile, rules);
            if let Some(dict) = lexicon.and_then(|l| l.get(source.lang)) {
                if profile.nouns_capitalised {
                    mentions = entities::drop_common_nouns(mentions, dict, profile);
                }
                entities::pivot_keys(&mut mentions, dict);
            }
            let quotes = quotes::quotes(text, &sentences, &mentions, rules, profile);
            let reference = source.published.map(|p| p.date()).or(event_day);
            let figures = figures::figures(text, &sentences, rules, profile, reference);
            Some(Read {
                source,
                text: text.clone(),
                mentions,
                quotes,
                figures,
            })
        })
        .collect();
    let per_article: Vec<(&str, &[entities::Mention])> = reads
        .iter()
        .map(|r| (r.source.id.as_str(), r.mentions.as_slice()))
        .collect();
    let registry = entities::Registry::build(&per_article);
    let quotes = merge_quotes(&reads, &registry, lexicon);
    let facts = facts(&reads, sources);
    let mut entities = registry.entities.clone();
    entities::sort(&mut entities);
    let langs = langs(sources);
    let main = langs.first().copied();
    let originals: Vec<&Source> = sources.iter().filter(|s| s.copy_of.is_none()).collect();
    let summary = main
        .map(|lang| summary::summarize(&originals, lang))
        .unwrap_or_default();
    Comparison {
        langs,
        first: first(sources),
        copies: copies(sources),
        entities,
        quotes,
        facts,
        summary,
    }
}

/// Languages by number of articles, then code.
fn langs(sources: &[Source]) -> Vec<Lang> {
    let mut counts: BTreeMap<Lang, usize> = BTreeMap::new();
    for s in sources {
        *counts.entry(s.lang).or_default() += 1;
    }
    let mut langs: Vec<(Lang, usize)> = counts.into_iter().collect();
    langs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    langs.into_iter().map(|(l, _)| l).collect()
}

/// The earliest dated original.
fn first(sources: &[Source]) -> Option<First> {
    sources
        .iter()
        .filter(|s| s.copy_of.is_none())
        .filter_map(|s| s.published.map(|p| (p.at, s, p)))
        .min_by_key(|(at, _, _)| *at)
        .map(|(_, s, p)| First {
            article: s.id.clone(),
            outlet: s.outlet.clone(),
            published: p,
        })
}

/// Originals with their copies, in the event's order.
fn copies(sources: &[Source]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for s in sources {
        let Some(original) = &s.copy_of else { continue };
        match out.iter_mut().find(|(o, _)| o == original) {
            Some((_, list)) => list.push(s.id.clone()),
            None => out.push((original.clone(), vec![s.id.clone()])),
        }
    }
    out
}

/// The content stems of a text, for comparing wordings.
fn stems(text: &str, profile: &Profile) -> HashSet<String> {
    lang::words(text, profile, false)
        .filter(|w| w.chars().count() > 2)
        .map(|w| lang::fold(&profile.stem(&w)))
        .collect()
}

/// The content words of a text in the pivot language, for comparing
/// wordings across languages: a word the dictionary knows becomes its
/// translations' terms, any other (names, words spelled alike) stays
/// itself. `None` when the text is not in the pivot language and there is
/// no dictionary of its language.
fn pivot_terms(text: &str, lang: Lang, lexicon: Option<&Lexicon>) -> Option<Vec<HashSet<Term>>> {
    let dict = match lang == lexicon::PIVOT {
        true => None,
        false => Some(lexicon?.get(lang)?),
    };
    let profile = lang::profile(lang);
    let mut out = Vec::new();
    for word in lang::words(text, profile, false).filter(|w| w.chars().count() > 2) {
        let stem = lang::fold(&profile.stem(&word));
        out.push(match dict.and_then(|d| d.word(&stem)) {
            Some(terms) => terms.iter().copied().collect(),
            None => HashSet::from([term(&stem)]),
        });
    }
    Some(out)
}

/// The share of `words` (each word's pivot terms) that meet a term of
/// `theirs`; none when only one word of more than six meets.
fn pivot_share(words: &[HashSet<Term>], theirs: &[HashSet<Term>]) -> f64 {
    let all: HashSet<Term> = theirs.iter().flatten().copied().collect();
    let met = words.iter().filter(|w| !w.is_disjoint(&all)).count();
    // One word in common is chance in a long quote.
    if met == 0 || (met == 1 && words.len() > 6) {
        return 0.0;
    }
    met as f64 / words.len().max(1) as f64
}

/// What a quote names that any language writes alike: numbers and
/// capitalised words after its first, folded.
fn marks(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || w.chars().next().is_some_and(char::is_uppercase)
        })
        .map(lang::fold)
        .collect()
}

/// True when most of the smaller set is in the other (at least `least`
/// items shared).
fn overlap<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>, least: usize) -> bool {
    let shared = a.intersection(b).count();
    let smaller = a.len().min(b.len()).max(1);
    shared >= least && shared as f64 / smaller as f64 >= SAME_QUOTE
}

/// Quotes of all articles, the same words from the same speaker merged
/// (also when the wording differs a little: most content stems shared).
/// The same words in another language, from the same named speaker, are
/// the quote's translation: most of their content words shared in the
/// pivot language, or, without a dictionary, the names and numbers they
/// name.
fn merge_quotes(
    reads: &[Read<'_>],
    registry: &entities::Registry,
    lexicon: Option<&Lexicon>,
) -> Vec<Quote> {
    struct Merged {
        quote: Quote,
        lang: Lang,
        /// Content stems of the first wording of each language.
        stems: BTreeMap<Lang, HashSet<String>>,
        /// The pivot terms of each word of its wordings in every language.
        pivot: Option<Vec<HashSet<Term>>>,
        /// The names and numbers of its wordings.
        marks: HashSet<String>,
        /// How many words its first wording has.
        words: f64,
    }
    let mut merged: Vec<Merged> = Vec::new();
    for read in reads {
        let lang = read.source.lang;
        let profile = lang::profile(lang);
        for q in &read.quotes {
            let (speaker, key) = match &q.speaker {
                Speaker::Named(i) => {
                    let key = &read.mentions[*i].key;
                    let entity = registry.get(key).map(|e| &registry.entities[e]);
                    (
                        entity.map(|e| e.name.clone()),
                        entity.map(|e| e.key.clone()),
                    )
                }
                Speaker::Phrase(p) => {
                    // "le dirigeant américain" is the one person of the
                    // event whose role reads alike.
                    let roles = registry
                        .entities
                        .iter()
                        .filter(|e| e.kind == Kind::Person)
                        .filter_map(|e| Some((e.key.as_str(), e.role.as_deref()?, e)));
                    match rules::rules(read.source.lang)
                        .and_then(|r| quotes::role_match(p, roles, r))
                    {
                        Some(e) => (Some(e.name.clone()), Some(e.key.clone())),
                        None => (Some(p.clone()), None),
                    }
                }
                Speaker::Unknown => (None, None),
            };
            let stems = stems(&q.text, profile);
            let pivot = pivot_terms(&q.text, lang, lexicon);
            let marks = marks(&q.text);
            // The same language: the first quote of the speaker with most
            // stems shared. Another language: of the same named speaker's
            // quotes, direct or reported alike and of a like length, the
            // one whose wordings (in every language met so far) share most
            // of this one's words in the pivot language; dictionaries give
            // only a word's first senses, so a fifth will do.
            let words = q.text.split_whitespace().count() as f64;
            let mut best: Option<(usize, f64)> = None;
            for (n, m) in merged.iter().enumerate() {
                if let Some(theirs) = m.stems.get(&lang) {
                    let speaker_matches = match (&m.quote.speaker_key, &key) {
                        (Some(a), Some(b)) => a == b,
                        _ => {
                            m.quote.speaker == speaker
                                || m.quote.speaker.is_none()
                                || speaker.is_none()
                        }
                    };
                    if speaker_matches && overlap(theirs, &stems, 3) {
                        best = Some((n, 1.0));
                        break;
                    }
                    continue;
                }
                let alike =
                    m.quote.direct == q.direct && (0.5..=2.0).contains(&(words / m.words.max(1.0)));
                if key.is_none() || m.quote.speaker_key != key || !alike {
                    continue;
                }
                let share = match (&m.pivot, &pivot) {
                    (Some(theirs), Some(ours)) => pivot_share(ours, theirs),
                    _ => match marks.intersection(&m.marks).count() {
                        0 => 0.0,
                        n => n as f64 / marks.len() as f64,
                    },
                };
                if share >= SAME_TRANSLATION && best.is_none_or(|(_, b)| share > b) {
                    best = Some((n, share));
                }
            }
            let same = best.map(|(n, _)| &mut merged[n]);
            match same {
                Some(m) => {
                    if !m.quote.articles.contains(&read.source.id) {
                        m.quote.articles.push(read.source.id.clone());
                    }
                    if m.quote.speaker.is_none() {
                        m.quote.speaker = speaker;
                        m.quote.speaker_key = key;
                    }
                    if lang != m.lang {
                        let id = read.source.id.clone();
                        match m.quote.translations.iter_mut().find(|t| t.lang == lang) {
                            Some(t) if !t.articles.contains(&id) => t.articles.push(id),
                            Some(_) => {}
                            None => m.quote.translations.push(Translation {
                                lang,
                                text: q.text.clone(),
                                articles: vec![id],
                            }),
                        }
                        m.stems.entry(lang).or_insert(stems);
                        if let (Some(all), Some(ours)) = (m.pivot.as_mut(), pivot) {
                            all.extend(ours);
                        }
                        m.marks.extend(marks);
                    }
                }
                None => merged.push(Merged {
                    quote: Quote {
                        speaker,
                        speaker_key: key,
                        text: q.text.clone(),
                        direct: q.direct,
                        articles: vec![read.source.id.clone()],
                        lang,
                        translations: Vec::new(),
                    },
                    lang,
                    stems: BTreeMap::from([(lang, stems)]),
                    pivot,
                    marks,
                    words,
                }),
            }
        }
    }
    // Two wordings may each have joined a different language first ("de"
    // with "en", "fr" with "it"): groups of the same speaker that share no
    // language and meet in the pivot language are one quote.
    let mut i = 0;
    while i < merged.len() {
        let mut j = i + 1;
        while j < merged.len() {
            let (a, b) = (&merged[i], &merged[j]);
            let apart = a.stems.keys().all(|l| !b.stems.contains_key(l));
            let meet = match (&a.pivot, &b.pivot) {
                (Some(x), Some(y)) => pivot_share(x, y).max(pivot_share(y, x)) >= SAME_TRANSLATION,
                _ => false,
            };
            if apart
                && meet
                && a.quote.speaker_key.is_some()
                && a.quote.speaker_key == b.quote.speaker_key
                && a.quote.direct == b.quote.direct
            {
                let b = merged.remove(j);
                let own: Vec<String> = b
                    .quote
                    .articles
                    .iter()
                    .filter(|id| !b.quote.translations.iter().any(|t| t.articles.contains(id)))
                    .cloned()
                    .collect();
                let a = &mut merged[i];
                for id in b.quote.articles {
                    if !a.quote.articles.contains(&id) {
                        a.quote.articles.push(id);
                    }
                }
                a.quote.translations.push(Translation {
                    lang: b.quote.lang,
                    text: b.quote.text,
                    articles: own,
                });
                a.quote.translations.extend(b.quote.translations);
                a.stems.extend(b.stems);
                if let (Some(x), Some(y)) = (a.pivot.as_mut(), b.pivot) {
                    x.extend(y);
                }
                a.marks.extend(b.marks);
                continue;
            }
            j += 1;
        }
        i += 1;
    }
    let order: Vec<&str> = reads.iter().map(|r| r.source.id.as_str()).collect();
    let at = |id: &String| order.iter().position(|o| o == id);
    let mut quotes: Vec<Quote> = merged
        .into_iter()
        .map(|mut m| {
            m.quote.articles.sort_by_key(at);
            m.quote
        })
        .collect();
    // Stable: ties keep the order of the text.
    quotes.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.speaker.is_none().cmp(&b.speaker.is_none()))
    });
    quotes
}

/// Groups the figures of all articles into facts: numbers by kind, unit and
/// modifier; dates by the days they share.
fn facts(reads: &[Read<'_>], sources: &[Source]) -> Vec<Fact> {
    let report = |read: &Read<'_>, f: &FigureMention| Report {
        article: read.source.id.clone(),
        outlet: read.source.outlet.clone(),
        value: f.value.clone(),
        text: read.text[f.sentence.clone()].to_string(),
        attribution: f.attribution.clone(),
    };
    let mut groups: Vec<Group> = Vec::new();
    let mut dates: Vec<Dated> = Vec::new();
    for read in reads {
        for f in &read.figures {
            if let Value::Days(days) = &f.value {
                let days = days.iter().map(|d| (d.month, d.day, d.year)).collect();
                dates.push((days, report(read, f), f.noun.clone()));
                continue;
            }
            let subject = match &f.modifier {
                Some(m) => format!("{}, {m}", f.unit),
                None => f.unit.clone(),
            };
            // A counted noun is shown as written, not as its stem.
            let noun = f.generic.then(|| f.noun.to_lowercase());
            match groups
                .iter_mut()
                .find(|(k, s, _, _)| *k == f.kind && *s == subject)
            {
                Some((_, _, reports, nouns)) => {
                    reports.push(report(read, f));
                    nouns.extend(noun);
                }
                None => groups.push((
                    f.kind,
                    subject,
                    vec![report(read, f)],
                    noun.into_iter().collect(),
                )),
            }
        }
    }
    let mut facts: Vec<Fact> = groups
        .into_iter()
        .map(|(kind, key, reports, nouns)| {
            let reports = dedup(reports);
            let subject = match most_common(&nouns) {
                Some(noun) => match key.split_once(", ") {
                    Some((_, modifier)) => format!("{noun}, {modifier}"),
                    None => noun,
                },
                None => key,
            };
            Fact {
                kind,
                status: number_status(&reports),
                subject,
                silent: Vec::new(),
                reports,
            }
        })
        .collect();
    facts.extend(date_facts(dates));
    let outlets: Vec<String> = sources
        .iter()
        .filter(|s| s.copy_of.is_none())
        .filter_map(|s| s.outlet.clone())
        .collect();
    for fact in &mut facts {
        let mut silent: Vec<String> = outlets
            .iter()
            .filter(|o| !fact.reports.iter().any(|r| r.outlet.as_ref() == Some(o)))
            .cloned()
            .collect();
        silent.dedup();
        fact.silent = silent;
    }
    facts.sort_by(|a, b| {
        articles(b)
            .cmp(&articles(a))
            .then(a.kind.cmp(&b.kind))
            .then(a.subject.cmp(&b.subject))
    });
    facts
}

fn articles(fact: &Fact) -> usize {
    fact.reports
        .iter()
        .map(|r| r.article.as_str())
        .collect::<HashSet<_>>()
        .len()
}

/// One report per article and value.
fn dedup(reports: Vec<Report>) -> Vec<Report> {
    let mut out: Vec<Report> = Vec::new();
    for r in reports {
        if !out
            .iter()
            .any(|o| o.article == r.article && o.value == r.value)
        {
            out.push(r);
        }
    }
    out
}

/// Agree when every article's value is centred alike, conflict when two
/// articles give values whose intervals do not meet, range otherwise (also
/// when too few articles give a single value to compare).
fn number_status(reports: &[Report]) -> Status {
    let distinct: HashSet<&str> = reports.iter().map(|r| r.article.as_str()).collect();
    if distinct.len() < 2 {
        return Status::Single;
    }
    // An article that gives several values for one subject speaks of
    // several things under one unit ("30 years", "20 years"); only articles
    // with one value can be held against each other.
    let values = |article: &str| reports.iter().filter(|r| r.article == article).count();
    let spans: Vec<(&str, (f64, f64), f64)> = reports
        .iter()
        .filter(|r| values(&r.article) == 1)
        .filter_map(|r| Some((r.article.as_str(), r.value.interval()?, r.value.centre()?)))
        .collect();
    if spans.iter().map(|s| s.0).collect::<HashSet<_>>().len() < 2 {
        return Status::Range;
    }
    for (i, a) in spans.iter().enumerate() {
        for b in &spans[i + 1..] {
            let meet = a.1 .0 <= b.1 .1 && b.1 .0 <= a.1 .1;
            if a.0 != b.0 && !meet {
                return Status::Conflict;
            }
        }
    }
    let centre = spans[0].2;
    let same = spans
        .iter()
        .all(|s| (s.2 - centre).abs() <= centre.abs() * 0.01)
        && !reports.iter().any(|r| matches!(r.value, Value::Range(..)));
    if same {
        Status::Agree
    } else {
        Status::Range
    }
}

/// Figures of one kind, unit and modifier: the key, the reports, and the
/// counted nouns as written when the unit is a noun's stem.
type Group = (FigureKind, String, Vec<Report>, Vec<String>);

/// The most frequent string; the first on ties.
fn most_common(items: &[String]) -> Option<String> {
    items
        .iter()
        .enumerate()
        .max_by_key(|(i, x)| {
            (
                items.iter().filter(|y| y == x).count(),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(_, x)| x.clone())
}

/// A day as (month, day, year if known).
type DayKey = (u32, u32, Option<i32>);

/// A date report: its days, the report, the happening it dates.
type Dated = (Vec<DayKey>, Report, String);

/// Dates that share a day are one happening; the same days everywhere is
/// agreement, overlapping but different days a variant.
fn date_facts(dates: Vec<Dated>) -> Vec<Fact> {
    let same_day = |a: &DayKey, b: &DayKey| {
        a.0 == b.0 && a.1 == b.1 && (a.2.is_none() || b.2.is_none() || a.2 == b.2)
    };
    let meets = |a: &[DayKey], b: &[DayKey]| a.iter().any(|x| b.iter().any(|y| same_day(x, y)));
    // Union of overlapping day sets, in order of first appearance.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..dates.len() {
        let joined: Vec<usize> = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.iter().any(|&j| meets(&dates[i].0, &dates[j].0)))
            .map(|(k, _)| k)
            .collect();
        let mut group = vec![i];
        for &k in joined.iter().rev() {
            group.extend(groups.remove(k));
        }
        group.sort_unstable();
        groups.push(group);
    }
    groups.sort_by_key(|g| g[0]);
    groups
        .into_iter()
        .map(|group| {
            let mut nouns: BTreeMap<&str, usize> = BTreeMap::new();
            for &i in &group {
                if !dates[i].2.is_empty() {
                    *nouns.entry(dates[i].2.as_str()).or_default() += 1;
                }
            }
            let subject = nouns
                .iter()
                .max_by_key(|(n, c)| (**c, std::cmp::Reverse(**n)))
                .map_or("day".to_string(), |(n, _)| n.to_string());
            let sets: Vec<&Vec<DayKey>> = group.iter().map(|&i| &dates[i].0).collect();
            let reports = dedup(group.iter().map(|&i| dates[i].1.clone()).collect());
            let distinct: HashSet<&str> = reports.iter().map(|r| r.article.as_str()).collect();
            let same = sets.iter().all(|s| {
                s.len() == sets[0].len() && s.iter().all(|d| sets[0].iter().any(|e| same_day(d, e)))
            });
            let status = if distinct.len() < 2 {
                Status::Single
            } else if same {
                Status::Agree
            } else {
                Status::Variant
            };
            Fact {
                kind: FigureKind::Date,
                subject,
                status,
                reports,
                silent: Vec::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::parse_given;

    fn source(id: &str, lang: &str, body: &str) -> Source {
        Source {
            id: id.into(),
            title: String::new(),
            body: body.into(),
            lang: Lang::from_code(lang).expect("lang"),
            outlet: Some(format!("{id}.example")),
            published: parse_given("2021-12-30"),
            copy_of: None,
        }
    }

    /// The facts of a comparison as "subject status article=value…".
    fn check(sources: &[Source], expected: &[&str]) {
        let got: Vec<String> = compare(sources)
            .facts
            .iter()
            .map(|f| {
                let reports: Vec<String> = f
                    .reports
                    .iter()
                    .map(|r| match &r.value {
                        Value::Days(d) => format!(
                            "{}={}",
                            r.article,
                            d.iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join("+")
                        ),
                        v => format!("{}={v:?}", r.article),
                    })
                    .collect();
                format!("{} {} {}", f.subject, f.status.as_str(), reports.join(" "))
            })
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn troops_conflict_and_withdrawals_stay_apart() {
        check(
            &[
                source("a", "fr", "Selon Washington, la Russie a massé plus de 100.000 soldats."),
                source("b", "fr", "A Kiev, on s'inquiète pour les 60 000 à 90 000 soldats russes. La Russie retirerait environ 10 000 soldats."),
            ],
            &[
                "soldiers conflict a=MoreThan(100000.0) b=Range(60000.0, 90000.0)",
                "soldiers, withdrawn single b=About(10000.0)",
            ],
        );
    }

    #[test]
    fn durations_agree_and_dates_vary() {
        check(
            &[
                source(
                    "a",
                    "fr",
                    "Un appel qui a duré 50 minutes. Des discussions le 10 janvier à Genève.",
                ),
                source(
                    "b",
                    "fr",
                    "Un appel de 50 minutes. Une réunion les 9 et 10 janvier.",
                ),
                source(
                    "c",
                    "en",
                    "They spoke for about 50 minutes. Talks are due on January 10 in Geneva.",
                ),
            ],
            &[
                "minutes agree a=Exact(50.0) b=Exact(50.0) c=About(50.0)",
                "discussions variant a=2022-01-10 b=2022-01-09+2022-01-10 c=2022-01-10",
            ],
        );
    }

    #[test]
    fn the_same_quote_from_two_outlets_is_merged() {
        let c = compare(&[
            source("a", "fr", "Vladimir Poutine a prévenu Joe Biden que des sanctions américaines pourraient provoquer une rupture complète des relations."),
            source("b", "fr", "Poutine a déclaré que les sanctions menacées par Washington pourraient conduire à une rupture des relations."),
            source("c", "fr", "Joe Biden a déclaré que la Russie devait réduire ses effectifs militaires."),
        ]);
        let got: Vec<(Option<&str>, Vec<&str>)> = c
            .quotes
            .iter()
            .map(|q| {
                (
                    q.speaker.as_deref(),
                    q.articles.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("Vladimir Poutine"), vec!["a", "b"]),
                (Some("Joe Biden"), vec!["c"]),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn no_text_panics(body in "[a-zA-Z0-9 «»“”\"'’.,;:!?éÉ%$-]{0,200}") {
            let _ = compare(&[source("a", "fr", &body), source("b", "en", &body)]);
        }
    }

    #[test]
    fn odd_text_gives_an_empty_comparison() {
        for body in [
            "",
            "....!!!???",
            "THE PRESIDENT SAID 100 000 THINGS TO 50 PEOPLE ON 10 JANUARY",
            "1 2 3 4 5\n6 7 8 9 10\n11 12 13 14 15",
            "« « “ ” » \" 12 345 678,9 %",
        ] {
            let c = compare(&[source("a", "en", body), source("b", "fr", body)]);
            assert!(c.quotes.is_empty(), "{body}: {:?}", c.quotes);
            assert!(c.facts.is_empty(), "{body}: {:?}", c.facts);
        }
    }
}
