//! The JSON shapes of `show`: the engine's comparison types carry no serde
//! derives, so the wire format is decided here and can change without
//! touching the engine.

use pipeline::compare::{Comparison, Entity, Fact, Quote, Report, Value};
use pipeline::summary::TimelineEntry;
use serde::Serialize;
use store::{ArticleRow, EventRow};

/// An event with its articles and the comparison of its sources.
#[derive(Serialize)]
pub(super) struct EventView {
    #[serde(flatten)]
    pub(super) event: EventRow,
    /// The event's articles, copies under their originals.
    pub(super) items: Vec<ArticleItem>,
    /// The language most of its articles are in.
    pub(super) main_lang: Option<String>,
    /// The article published first.
    pub(super) first: Option<FirstView>,
    pub(super) entities: Vec<EntityView>,
    pub(super) quotes: Vec<QuoteView>,
    pub(super) facts: Vec<FactView>,
    pub(super) summary: Vec<String>,
    /// The events of its story, in the order they happened.
    pub(super) timeline: Vec<TimelineView>,
}

/// An article of the event, with the articles that copy it.
#[derive(Serialize)]
pub(super) struct ArticleItem {
    #[serde(flatten)]
    pub(super) article: ArticleRow,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) copies: Vec<ArticleRow>,
}

#[derive(Serialize)]
pub(super) struct FirstView {
    pub(super) article: String,
    pub(super) outlet: Option<String>,
    pub(super) published: String,
}

#[derive(Serialize)]
pub(super) struct EntityView {
    pub(super) name: String,
    pub(super) kind: &'static str,
    pub(super) role: Option<String>,
    pub(super) variants: Vec<String>,
    pub(super) articles: Vec<String>,
    pub(super) mentions: usize,
}

#[derive(Serialize)]
pub(super) struct QuoteView {
    pub(super) speaker: Option<String>,
    pub(super) text: String,
    pub(super) direct: bool,
    /// The articles that report it, in any language.
    pub(super) articles: Vec<String>,
    /// The same words in the event's other languages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) translations: Vec<TranslationView>,
}

#[derive(Serialize)]
pub(super) struct TranslationView {
    pub(super) lang: &'static str,
    pub(super) text: String,
    pub(super) articles: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct FactView {
    pub(super) kind: &'static str,
    pub(super) subject: String,
    pub(super) status: &'static str,
    pub(super) reports: Vec<ReportView>,
    /// Outlets of the event that give no figure for it.
    pub(super) silent: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ReportView {
    pub(super) article: String,
    pub(super) outlet: Option<String>,
    /// A number, a day (`2022-01-10`), or `{"min","max"}`.
    pub(super) value: ValueView,
    /// "about", "more than", "less than" when the text qualifies the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) qualifier: Option<&'static str>,
    pub(super) text: String,
    pub(super) attribution: Option<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum ValueView {
    Number(f64),
    Day(String),
    Range { min: f64, max: f64 },
    Days { min: String, max: String },
}

#[derive(Serialize)]
pub(super) struct TimelineView {
    pub(super) event: String,
    pub(super) date: Option<String>,
    pub(super) title: String,
    pub(super) outlets: usize,
    pub(super) articles: usize,
}

impl EventView {
    /// The view of an event from its row, its articles and their comparison.
    pub(super) fn new(
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
pub(super) fn value(v: &Value) -> (ValueView, Option<&'static str>) {
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
pub(super) fn timeline_view(t: TimelineEntry) -> TimelineView {
    TimelineView {
        event: t.event,
        date: t.date,
        title: t.title,
        outlets: t.outlets,
        articles: t.articles,
    }
}
