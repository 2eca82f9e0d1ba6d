//! `show` for people: plain text, or Markdown for notes and issues. Both
//! walk the same [`EventView`], so they say the same things.

use std::io::Write;

use crate::commands::article_line;
use server::dto::{EventView, FactView, ReportView, TimelineView};

/// How an event is written for people.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Text,
    Markdown,
}

/// Writes an event with its comparison.
pub(super) fn event(out: &mut impl Write, view: &EventView, style: Style) -> anyhow::Result<()> {
    let md = style == Style::Markdown;
    let e = &view.event;
    let span = super::super::span(&e.start, &e.end);
    if md {
        writeln!(out, "# {} — {}\n", e.id, e.title)?;
        writeln!(out, "Story {}, {span}.", e.story)?;
    } else {
        writeln!(out, "{} (story {}) {span}  {}", e.id, e.story, e.title)?;
    }
    let langs = e.langs.join(", ");
    let first = view
        .first
        .as_ref()
        .map(|f| {
            format!(
                "{} ({}, {})",
                f.outlet.as_deref().unwrap_or("-"),
                f.article,
                f.published
            )
        })
        .unwrap_or_else(|| "unknown".into());
    if md {
        writeln!(out, "Languages: {langs}. First published by {first}.")?;
    } else {
        writeln!(out, "  languages: {langs}; first: {first}")?;
    }
    heading(out, style, "Articles")?;
    for item in &view.items {
        line(out, style, 1, &article_line(&item.article))?;
        for c in &item.copies {
            line(out, style, 2, &format!("copy: {}", article_line(c)))?;
        }
    }
    if !view.summary.is_empty() {
        heading(out, style, "Summary")?;
        for s in &view.summary {
            line(out, style, 1, s)?;
        }
    }
    if !view.facts.is_empty() {
        heading(out, style, "Facts")?;
        for f in &view.facts {
            fact(out, style, f)?;
        }
    }
    if !view.quotes.is_empty() {
        heading(out, style, "Quotes")?;
        for q in &view.quotes {
            let speaker = q.speaker.as_deref().unwrap_or("(unattributed)");
            let text = if q.direct {
                format!("“{}”", q.text)
            } else {
                q.text.clone()
            };
            let speaker = if md {
                format!("**{speaker}**")
            } else {
                speaker.to_string()
            };
            line(
                out,
                style,
                1,
                &format!("{speaker}: {text} [{}]", short_ids(&q.articles)),
            )?;
            for t in &q.translations {
                let text = if q.direct {
                    format!("“{}”", t.text)
                } else {
                    t.text.clone()
                };
                line(out, style, 2, &format!("{}: {text}", t.lang))?;
            }
        }
    }
    // Names no cue could classify are listed only when several articles
    // share them: alone they are mostly capitalised common words.
    let entities: Vec<_> = view
        .entities
        .iter()
        .filter(|e| e.kind != "other" || e.articles.len() > 1)
        .collect();
    if !entities.is_empty() {
        heading(out, style, "Entities")?;
        for e in entities {
            let mut s = format!("{} ({}", e.name, e.kind);
            if let Some(role) = &e.role {
                s.push_str(&format!(", {role}"));
            }
            s.push(')');
            let others: Vec<&str> = e
                .variants
                .iter()
                .filter(|v| **v != e.name)
                .map(String::as_str)
                .collect();
            if !others.is_empty() {
                s.push_str(&format!(" also {}", others.join(", ")));
            }
            s.push_str(&format!(" [{}]", short_ids(&e.articles)));
            line(out, style, 1, &s)?;
        }
    }
    if !view.timeline.is_empty() {
        heading(out, style, &format!("Timeline of story {}", e.story))?;
        for t in &view.timeline {
            line(out, style, 1, &timeline_line(t))?;
        }
    }
    Ok(())
}

/// One event of a timeline: day, id, title, how many outlets and articles.
pub(super) fn timeline_line(t: &TimelineView) -> String {
    format!(
        "{}  {}  {} ({}, {})",
        t.date.as_deref().unwrap_or("undated"),
        t.event,
        t.title,
        plural(t.outlets, "outlet"),
        plural(t.articles, "article")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn heading(out: &mut impl Write, style: Style, title: &str) -> anyhow::Result<()> {
    match style {
        Style::Text => writeln!(out, "\n{title}")?,
        Style::Markdown => writeln!(out, "\n## {title}\n")?,
    }
    Ok(())
}

fn line(out: &mut impl Write, style: Style, depth: usize, text: &str) -> anyhow::Result<()> {
    match style {
        Style::Text => writeln!(out, "{}{text}", "  ".repeat(depth))?,
        Style::Markdown => writeln!(out, "{}- {text}", "  ".repeat(depth - 1))?,
    }
    Ok(())
}

fn fact(out: &mut impl Write, style: Style, f: &FactView) -> anyhow::Result<()> {
    let head = format!("[{}] {}: {}", f.status, f.kind, f.subject);
    match style {
        Style::Text => line(out, style, 1, &head)?,
        Style::Markdown => line(
            out,
            style,
            1,
            &format!("**{}** {}: {}", f.status, f.kind, f.subject),
        )?,
    }
    for r in &f.reports {
        line(out, style, 2, &report(r))?;
        let quoted = match style {
            Style::Text => format!("  \"{}\"", r.text),
            Style::Markdown => format!("> {}", r.text),
        };
        line(out, style, 3, &quoted)?;
    }
    if !f.silent.is_empty() && f.reports.len() > 1 {
        line(out, style, 2, &format!("silent: {}", f.silent.join(", ")))?;
    }
    Ok(())
}

fn report(r: &ReportView) -> String {
    let mut s = format!(
        "{} ({}): {}",
        short_id(&r.article),
        r.outlet.as_deref().unwrap_or("-"),
        r.value_text()
    );
    if let Some(a) = &r.attribution {
        s.push_str(&format!(" — {a}"));
    }
    s
}

/// Article ids are long hashes in many data sets; the first characters tell
/// them apart in a listing (the JSON keeps them whole).
fn short_id(id: &str) -> &str {
    match id.char_indices().nth(12) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

fn short_ids(ids: &[String]) -> String {
    ids.iter()
        .map(|i| short_id(i))
        .collect::<Vec<_>>()
        .join(", ")
}
