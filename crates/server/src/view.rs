//! Views read from the store: an event with the comparison of its sources
//! (store read → `pipeline::compare` → DTO), a story with its timeline. The
//! API, the web page and `storyline show` all build them here.

use pipeline::compare::{self, Source};
use pipeline::summary::{self, TimelineEntry};
use pipeline::{Lang, Lexicon};
use store::{ArticleRow, EventRow, Store};

use crate::dto::{self, EventItems, EventView, StoryView};

/// An event's articles with their bodies, in the order they were placed.
pub type Texts = Vec<(ArticleRow, String)>;

/// An event with the comparison of its sources and its story's timeline;
/// also gives each article's body, in the order of `view.items`' articles
/// as placed (for leads on the web page). The lexicon, when there is one,
/// lets the comparison read across languages.
pub fn event_with_texts(
    store: &Store,
    event: EventRow,
    lexicon: Option<&Lexicon>,
) -> store::Result<(EventView, Texts)> {
    let texts = store.event_texts(&event.id)?;
    let sources: Vec<Source> = texts
        .iter()
        .map(|(a, body)| Source {
            id: a.id.clone(),
            title: a.title.clone(),
            body: body.clone(),
            lang: Lang::from_code(&a.lang).unwrap_or(Lang::UNKNOWN),
            outlet: a.outlet.clone(),
            published: a
                .published
                .as_deref()
                .and_then(pipeline::dates::parse_given),
            copy_of: a.copy_of.clone(),
        })
        .collect();
    let comparison = compare::compare_with(&sources, lexicon);
    let mut events = Vec::new();
    if let Some(story) = store.story(&event.story)? {
        for id in &story.events {
            if let Some(e) = store.event(id)? {
                events.push(e);
            }
        }
    }
    let articles = texts.iter().map(|(a, _)| a.clone()).collect();
    let view = EventView::new(event, articles, comparison, timeline(&events));
    Ok((view, texts))
}

/// The event `id` (`e12`) with its view and its articles' bodies, if it
/// exists.
pub fn event_by_id(
    store: &Store,
    id: &str,
    lexicon: Option<&Lexicon>,
) -> store::Result<Option<(EventView, Texts)>> {
    match store.event(id)? {
        Some(e) => event_with_texts(store, e, lexicon).map(Some),
        None => Ok(None),
    }
}

/// The story `id` (`s3`) with its timeline and events, if it exists.
pub fn story_by_id(store: &Store, id: &str) -> store::Result<Option<StoryView>> {
    match store.story(id)? {
        Some(s) => story(store, s).map(Some),
        None => Ok(None),
    }
}

/// An event with the comparison of its sources and its story's timeline.
pub fn event(
    store: &Store,
    event: EventRow,
    lexicon: Option<&Lexicon>,
) -> store::Result<EventView> {
    Ok(event_with_texts(store, event, lexicon)?.0)
}

/// A story with its timeline and its events' articles.
pub fn story(store: &Store, story: store::StoryRow) -> store::Result<StoryView> {
    let mut items = Vec::new();
    for id in &story.events {
        if let Some(event) = store.event(id)? {
            let articles = store.event_articles(&event.id)?;
            items.push(EventItems {
                event,
                items: articles,
            });
        }
    }
    let events: Vec<EventRow> = items.iter().map(|i| i.event.clone()).collect();
    let timeline = timeline(&events)
        .into_iter()
        .map(dto::timeline_view)
        .collect();
    Ok(StoryView {
        story,
        timeline,
        items,
    })
}

/// The timeline of a story's events.
pub fn timeline(events: &[EventRow]) -> Vec<TimelineEntry> {
    summary::timeline(
        events
            .iter()
            .map(|e| TimelineEntry {
                event: e.id.clone(),
                date: e.start.clone(),
                title: e.title.clone(),
                outlets: e.outlets.len(),
                articles: e.articles.len(),
            })
            .collect(),
    )
}
