//! Reading: events and stories with their articles, one of them in full, and
//! search results grouped by event.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use crate::{Filter, Result, Store};

/// One stored article, as listings show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleRow {
    /// Its id.
    pub id: String,
    /// Its event (`e12`).
    pub event: String,
    /// Its headline.
    pub title: String,
    /// Its publication date as known (`2021-12-30`, `2021-12`, or a time).
    pub published: Option<String>,
    /// Its language.
    pub lang: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// The article it copies, if any.
    pub copy_of: Option<String>,
    /// Where it was read from.
    pub path: String,
}

/// One event with the ids of its articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    /// Its id (`e12`).
    pub id: String,
    /// Its story (`s3`).
    pub story: String,
    /// The headline of its first article.
    pub title: String,
    /// Its first and last day, from its dated articles.
    pub start: Option<String>,
    /// See `start`.
    pub end: Option<String>,
    /// Its articles' ids, in the order they were placed.
    pub articles: Vec<String>,
    /// Its outlets, sorted.
    pub outlets: Vec<String>,
    /// Its languages, sorted.
    pub langs: Vec<String>,
}

/// One story with its events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryRow {
    /// Its id (`s3`).
    pub id: String,
    /// The title of its first event.
    pub title: String,
    /// Its first and last day.
    pub start: Option<String>,
    /// See `start`.
    pub end: Option<String>,
    /// Its events' ids, oldest first.
    pub events: Vec<String>,
    /// Its articles' ids.
    pub articles: Vec<String>,
}

/// The articles of one event that a search found, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchGroup {
    /// The event.
    pub event: EventRow,
    /// The best score among its hits.
    pub score: f32,
    /// Its articles that match, best first, with their scores.
    pub hits: Vec<(ArticleRow, f32)>,
}

const ARTICLE_COLUMNS: &str = "id, event, title, published, lang, outlet, url, copy_of, raw_path";

fn article_row(r: &Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        event: format!("e{}", r.get::<_, u32>(1)?),
        title: r.get(2)?,
        published: r.get(3)?,
        lang: r.get(4)?,
        outlet: r.get(5)?,
        url: r.get(6)?,
        copy_of: r.get(7)?,
        path: r.get(8)?,
    })
}

/// Parses `e12` (or `12`) into an event number, `s3` into a story number.
fn number(id: &str, prefix: char) -> Option<u32> {
    id.strip_prefix(prefix).unwrap_or(id).parse().ok()
}

impl Store {
    /// The events that meet `filter`, oldest first.
    pub fn events(&self, filter: &Filter) -> Result<Vec<EventRow>> {
        self.events_where("1", filter)
    }

    /// One event, if it exists.
    pub fn event(&self, id: &str) -> Result<Option<EventRow>> {
        let Some(n) = number(id, 'e') else {
            return Ok(None);
        };
        Ok(self
            .events_where(&format!("e.id = {n}"), &Filter::default())?
            .pop())
    }

    /// The events that meet `condition` (SQL over `e`) and `filter`.
    fn events_where(&self, condition: &str, filter: &Filter) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT e.id, e.story, min(a.day), max(a.day),
                 (SELECT title FROM articles WHERE event = e.id ORDER BY seq LIMIT 1)
             FROM events e JOIN articles a ON a.event = e.id
             WHERE {condition}
             GROUP BY e.id
             HAVING (?1 IS NULL OR max(a.day) >= ?1) AND (?2 IS NULL OR min(a.day) <= ?2)
                AND (?3 IS NULL OR sum(a.lang = ?3) > 0)
                AND (?4 IS NULL OR sum(a.outlet = ?4) > 0)
             ORDER BY min(a.day) IS NULL, min(a.day), e.id"
        );
        let mut stmt = self.db.prepare(&sql)?;
        let rows = stmt
            .query_map(
                params![
                    filter.since.map(|d| d.to_string()),
                    filter.until.map(|d| d.to_string()),
                    filter.lang,
                    filter.outlet
                ],
                |r| {
                    Ok(EventRow {
                        id: format!("e{}", r.get::<_, u32>(0)?),
                        story: format!("s{}", r.get::<_, u32>(1)?),
                        start: r.get(2)?,
                        end: r.get(3)?,
                        title: r.get(4)?,
                        articles: Vec::new(),
                        outlets: Vec::new(),
                        langs: Vec::new(),
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        self.fill_members(rows)
    }

    /// Adds each event's articles, outlets and languages.
    fn fill_members(&self, mut events: Vec<EventRow>) -> Result<Vec<EventRow>> {
        let at: HashMap<String, usize> = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let mut stmt = self
            .db
            .prepare("SELECT event, id, outlet, lang FROM articles ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let event = format!("e{}", r.get::<_, u32>(0)?);
            let Some(&i) = at.get(&event) else {
                continue;
            };
            let e = &mut events[i];
            e.articles.push(r.get(1)?);
            if let Some(outlet) = r.get::<_, Option<String>>(2)? {
                e.outlets.push(outlet);
            }
            e.langs.push(r.get(3)?);
        }
        for e in &mut events {
            e.outlets.sort();
            e.outlets.dedup();
            e.langs.sort();
            e.langs.dedup();
        }
        Ok(events)
    }

    /// The stories that have an event meeting `filter`, oldest first.
    pub fn stories(&self, filter: &Filter) -> Result<Vec<StoryRow>> {
        let events = self.events(filter)?;
        Ok(group_stories(events))
    }

    /// One story, if it exists.
    pub fn story(&self, id: &str) -> Result<Option<StoryRow>> {
        let Some(n) = number(id, 's') else {
            return Ok(None);
        };
        let events = self.events_where(&format!("e.story = {n}"), &Filter::default())?;
        Ok(group_stories(events).pop())
    }

    /// The articles of an event, in the order they were placed.
    pub fn event_articles(&self, id: &str) -> Result<Vec<ArticleRow>> {
        let Some(n) = number(id, 'e') else {
            return Ok(Vec::new());
        };
        let mut stmt = self.db.prepare(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE event = ?1 ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map([n], article_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The articles of an event with their bodies, in the order they were
    /// placed: what the comparison of sources reads, in one query.
    pub fn event_texts(&self, id: &str) -> Result<Vec<(ArticleRow, String)>> {
        let Some(n) = number(id, 'e') else {
            return Ok(Vec::new());
        };
        let mut stmt = self.db.prepare(&format!(
            "SELECT {ARTICLE_COLUMNS}, body FROM articles WHERE event = ?1 ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map([n], |r| Ok((article_row(r)?, r.get(9)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One article by id.
    pub fn article(&self, id: &str) -> Result<Option<(ArticleRow, String)>> {
        Ok(self
            .db
            .query_row(
                &format!("SELECT {ARTICLE_COLUMNS}, body FROM articles WHERE id = ?1"),
                [id],
                |r| Ok((article_row(r)?, r.get(9)?)),
            )
            .optional()?)
    }

    /// Full-text search: the `limit` best articles for `query` that meet
    /// `filter`, grouped by event, the best group first.
    pub fn search(&self, query: &str, filter: &Filter, limit: usize) -> Result<Vec<SearchGroup>> {
        let hits = self.index.search(query, filter, limit)?;
        let mut groups: Vec<SearchGroup> = Vec::new();
        let mut stmt = self.db.prepare(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq = ?1"
        ))?;
        for (seq, score) in hits {
            let Some(article) = stmt.query_row([seq], article_row).optional()? else {
                continue;
            };
            match groups.iter_mut().find(|g| g.event.id == article.event) {
                Some(g) => g.hits.push((article, score)),
                None => {
                    let Some(event) = self.event(&article.event)? else {
                        continue;
                    };
                    groups.push(SearchGroup {
                        event,
                        score,
                        hits: vec![(article, score)],
                    });
                }
            }
        }
        Ok(groups)
    }
}

/// Gathers events into their stories, in the order of their first event.
pub fn group_stories(events: Vec<EventRow>) -> Vec<StoryRow> {
    let mut stories: Vec<StoryRow> = Vec::new();
    for e in events {
        match stories.iter_mut().find(|s| s.id == e.story) {
            Some(s) => {
                s.start = min_day(s.start.take(), e.start);
                s.end = max_day(s.end.take(), e.end);
                s.events.push(e.id);
                s.articles.extend(e.articles);
            }
            None => stories.push(StoryRow {
                id: e.story,
                title: e.title,
                start: e.start,
                end: e.end,
                events: vec![e.id],
                articles: e.articles,
            }),
        }
    }
    stories
}

fn min_day(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_day(a: Option<String>, b: Option<String>) -> Option<String> {
    a.max(b)
}
