//! The JSON shapes of an event's comparison, shared by the API and
//! `storyline show`: the engine's comparison types carry no serde derives,
//! so the wire format is decided here and can change without touching the
//! engine.

use pipeline::compare::{Comparison, Entity, Fact, Quote, Report, Value};
use pipeline::summary::TimelineEntry;
use serde::Serialize;
use store::{ArticleRow, EventRow, StoryRow};

/// An event with its articles and the comparison of its sources.
#[derive(Serialize)]
pub struct EventView {
    #[serde(flatten)]
    pub event: EventRow,
    /// The event's articles, copies under their originals.
    pub items: Vec<ArticleItem>,
    /// The language most of its articles are in.
    pub main_lang: Option<String>,
    /// The article published first.
    pub first: Option<FirstView>,
    pub entities: Vec<EntityView>,
    pub quotes: Vec<QuoteView>,
    pub facts: Vec<FactView>,
    pub summary: Vec<String>,
    /// The events of its story, in the order they happened.
    pub timeline: Vec<TimelineView>,
}

/// An article of the event, with the articles that copy it.
#[derive(Serialize)]
pub struct ArticleItem {
    #[serde(flatten)]
    pub article: ArticleRow,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<ArticleRow>,
}

#[derive(Serialize)]
pub struct FirstView {
    pub article: String,
    pub outlet: Option<String>,
    pub published: String,
}

#[derive(Serialize)]
pub struct EntityView {
    pub name: String,
    pub kind: &'static str,
    pub role: Option<String>,
    pub variants: Vec<String>,
    pub articles: Vec<String>,
    pub mentions: usize,
}

#[derive(Serialize)]
pub struct QuoteView {
    pub speaker: Option<String>,
    pub text: String,
    pub direct: bool,
    /// The articles that report it, in any language.
    pub articles: Vec<String>,
    /// The same words in the event's other languages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<TranslationView>,
}

#[derive(Serialize)]
pub struct TranslationView {
    pub lang: &'static str,
    pub text: String,
    pub articles: Vec<String>,
}

#[derive(Serialize)]
pub struct FactView {
    pub kind: &'static str,
    pub subject: String,
    pub status: &'static str,
    pub reports: Vec<ReportView>,
    /// Outlets of the event that give no figure for it.
    pub silent: Vec<String>,
}

#[derive(Serialize)]
pub struct ReportView {
    pub article: String,
    pub outlet: Option<String>,
    /// A number, a day (`2022-01-10`), or `{"min","max"}`.
    pub value: ValueView,
    /// "about", "more than", "less than" when the text qualifies the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<&'static str>,
    pub text: String,
    pub attribution: Option<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum ValueView {
    Number(f64),
    Day(String),
    Range { min: f64, max: f64 },
    Days { min: String, max: String },
}

#[derive(Serialize)]
pub struct TimelineView {
    pub event: String,
    pub date: Option<String>,
    pub title: String,
    pub outlets: usize,
    pub articles: usize,
}

impl EventView {
    /// The view of an event from its row, its articles and their comparison.
    pub fn new(
        event: EventRow,
        articles: Vec<ArticleRow>,
        comparison: Comparison,
        timeline: Vec<TimelineEntry>,
    ) -> EventView {
        EventView {
            event,
            items: nest_copies(articles),
            main_lang: comparison.langs.first().map(|l| l.code().to_string()),
            first: comparison.first.map(|f| FirstView {
                article: f.article,
                outlet: f.outlet,
                published: f.published.to_string(),
            }),
            entities: comparison.entities.into_iter().map(entity).collect(),
            quotes: comparison.quotes.into_iter().map(quote).collect(),
            facts: comparison.facts.into_iter().map(fact).collect(),
            summary: comparison.summary,
            timeline: timeline.into_iter().map(timeline_view).collect(),
        }
    }
}

/// Copies go under their original (or stay at the top when the original is
/// not in this event).
fn nest_copies(articles: Vec<ArticleRow>) -> Vec<ArticleItem> {
    let ids: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
    let mut items: Vec<ArticleItem> = Vec::new();
    let mut copies: Vec<ArticleRow> = Vec::new();
    for a in articles {
        match &a.copy_of {
            Some(original) if ids.contains(original) => copies.push(a),
            _ => items.push(ArticleItem {
                article: a,
                copies: Vec::new(),
            }),
        }
    }
    for c in copies {
        if let Some(item) = items
            .iter_mut()
            .find(|i| Some(&i.article.id) == c.copy_of.as_ref())
        {
            item.copies.push(c);
        }
    }
    items
}

fn entity(e: Entity) -> EntityView {
    EntityView {
        name: e.name,
        kind: e.kind.as_str(),
        role: e.role,
        variants: e.variants,
        articles: e.articles,
        mentions: e.mentions,
    }
}

fn quote(q: Quote) -> QuoteView {
    QuoteView {
        speaker: q.speaker,
        text: q.text,
        direct: q.direct,
        articles: q.articles,
        translations: q
            .translations
            .into_iter()
            .map(|t| TranslationView {
                lang: t.lang.code(),
                text: t.text,
                articles: t.articles,
            })
            .collect(),
    }
}

fn fact(f: Fact) -> FactView {
    FactView {
        kind: f.kind.as_str(),
        subject: f.subject,
        status: f.status.as_str(),
        reports: f.reports.into_iter().map(report).collect(),
        silent: f.silent,
    }
}

fn report(r: Report) -> ReportView {
    let (value, qualifier) = value(&r.value);
    ReportView {
        article: r.article,
        outlet: r.outlet,
        value,
        qualifier,
        text: r.text,
        attribution: r.attribution,
    }
}

/// The JSON value of a figure and its qualifier.
pub fn value(v: &Value) -> (ValueView, Option<&'static str>) {
    match v {
        Value::Exact(x) => (ValueView::Number(*x), None),
        Value::About(x) => (ValueView::Number(*x), Some("about")),
        Value::MoreThan(x) => (ValueView::Number(*x), Some("more than")),
        Value::LessThan(x) => (ValueView::Number(*x), Some("less than")),
        Value::Range(a, b) => (ValueView::Range { min: *a, max: *b }, None),
        Value::Days(days) => {
            let first = days.first().map(ToString::to_string).unwrap_or_default();
            let last = days.last().map(ToString::to_string).unwrap_or_default();
            if days.len() > 1 {
                (
                    ValueView::Days {
                        min: first,
                        max: last,
                    },
                    None,
                )
            } else {
                (ValueView::Day(first), None)
            }
        }
    }
}

/// The JSON shape of a timeline entry.
pub fn timeline_view(t: TimelineEntry) -> TimelineView {
    TimelineView {
        event: t.event,
        date: t.date,
        title: t.title,
        outlets: t.outlets,
        articles: t.articles,
    }
}

/// An event with its articles, as a story lists it.
#[derive(Serialize)]
pub struct EventItems {
    #[serde(flatten)]
    pub event: EventRow,
    /// Its articles, in the order they were placed.
    pub items: Vec<ArticleRow>,
}

/// A story with its timeline and events.
#[derive(Serialize)]
pub struct StoryView {
    #[serde(flatten)]
    pub story: StoryRow,
    /// Its events in the order they happened.
    pub timeline: Vec<TimelineView>,
    /// Its events with their articles.
    pub items: Vec<EventItems>,
}

/// An article with its text.
#[derive(Serialize)]
pub struct ArticleView {
    #[serde(flatten)]
    pub article: ArticleRow,
    /// The cleaned body.
    pub body: String,
}

impl ReportView {
    /// The value as people write it, with its qualifier: `more than
    /// 100,000`, `60,000–90,000`, `2022-01-09..2022-01-10`.
    pub fn value_text(&self) -> String {
        let value = match &self.value {
            ValueView::Number(x) => number(*x),
            ValueView::Range { min, max } => format!("{}–{}", number(*min), number(*max)),
            ValueView::Day(d) => d.clone(),
            ValueView::Days { min, max } => format!("{min}..{max}"),
        };
        match self.qualifier {
            Some(q) => format!("{q} {value}"),
            None => value,
        }
    }
}

/// A number as people write it: thousands grouped, no needless decimals.
pub fn number(x: f64) -> String {
    if x.fract() != 0.0 {
        return format!("{x}");
    }
    let digits = format!("{}", x.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 {
        out.insert(0, '-');
    }
    out
}
