//! How placed articles are shown: JSON Lines for programs, text for people.

use std::collections::BTreeMap;
use std::io::Write;

use pipeline::{EventId, Published, StoryId};

use crate::placed::{Placed, Placements};
use serde::Serialize;

/// One line of `cluster --format jsonl`.
#[derive(Serialize)]
struct ArticleLine<'a> {
    id: &'a str,
    path: String,
    title: &'a str,
    lang: &'a str,
    published: Option<String>,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    event: String,
    story: String,
    copy_of: Option<&'a str>,
}

/// Writes one JSON object a line per article, in the order they were placed.
pub(crate) fn jsonl(out: &mut impl Write, placements: &Placements) -> anyhow::Result<()> {
    for p in placements.iter() {
        let line = ArticleLine {
            id: p.id(),
            path: p.path().to_string(),
            title: p.title(),
            lang: p.lang(),
            published: p.published().map(|d| d.to_string()),
            outlet: p.outlet(),
            url: p.url(),
            event: p.event().to_string(),
            story: p.story().to_string(),
            copy_of: p.copy_of(),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes stories, then their events with dates, titles and outlets.
pub(crate) fn text(out: &mut impl Write, placements: &Placements) -> anyhow::Result<()> {
    let mut stories: BTreeMap<StoryId, BTreeMap<EventId, Vec<Placed>>> = BTreeMap::new();
    for p in placements.iter() {
        stories
            .entry(p.story())
            .or_default()
            .entry(p.event())
            .or_default()
            .push(p);
    }
    let events: usize = stories.values().map(BTreeMap::len).sum();
    let copies = placements.iter().filter(|p| p.copy_of().is_some()).count();
    writeln!(
        out,
        "{}, {}, {} ({})",
        count(stories.len(), "story", "stories"),
        count(events, "event", "events"),
        count(placements.len(), "article", "articles"),
        count(copies, "copy", "copies")
    )?;
    for (story, events) in &stories {
        let all: Vec<Placed> = events.values().flatten().copied().collect();
        writeln!(
            out,
            "\nStory {story} · {} · {}",
            count(events.len(), "event", "events"),
            span(&all)
        )?;
        for (event, members) in events {
            let langs: std::collections::BTreeSet<&str> =
                members.iter().map(Placed::lang).collect();
            let langs: Vec<&str> = langs.into_iter().collect();
            writeln!(
                out,
                "  Event {event} · {} · {} · {}\n    {}",
                count(members.len(), "article", "articles"),
                span(members),
                langs.join(","),
                members[0].title()
            )?;
            for p in members {
                let date = p
                    .published()
                    .map_or_else(|| "undated".to_string(), |d| d.date().to_string());
                let copy = p
                    .copy_of()
                    .map(|o| format!(" (copy of {o})"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "      {date:<10}  {:<24}  {}  [{}]{copy}",
                    p.outlet().unwrap_or("-"),
                    p.title(),
                    p.id()
                )?;
            }
        }
    }
    Ok(())
}

/// "2021-12-30 … 2021-12-31", a single day, or "undated".
fn span(members: &[Placed]) -> String {
    let dates: Vec<Published> = members.iter().filter_map(Placed::published).collect();
    let (Some(first), Some(last)) = (
        dates.iter().map(Published::date).min(),
        dates.iter().map(Published::date).max(),
    ) else {
        return "undated".to_string();
    };
    if first == last {
        first.to_string()
    } else {
        format!("{first} … {last}")
    }
}

/// "1 event", "2 events".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
