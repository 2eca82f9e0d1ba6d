//! `storyline show ID [--format text|json|md]`: one event (`e12`) with the
//! comparison of its sources (entities, quotes, facts, summary, and its
//! story's timeline), one story (`s3`) with its timeline and events, or one
//! article with its text.

mod dto;
mod render;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context};
use pipeline::compare::{self, Source};
use pipeline::summary::{self, TimelineEntry};
use pipeline::{Lang, Lexicon, Settings};
use serde::Serialize;
use store::{ArticleRow, EventRow, Mode, Store, StoryRow};

use super::DataArgs;
use dto::{EventView, TimelineView};
use render::Style;

/// How `show` writes what it shows.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ShowFormat {
    /// For people, in a terminal.
    Text,
    /// One JSON object.
    Json,
    /// Markdown, for notes and issues.
    Md,
}

#[derive(clap::Args)]
pub(crate) struct Args {
    /// An event (`e12`), a story (`s3`) or an article id.
    id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    format: ShowFormat,
    #[command(flatten)]
    data: DataArgs,
}

/// An event with its articles, as a story lists it.
#[derive(Serialize)]
struct EventItems {
    #[serde(flatten)]
    event: EventRow,
    items: Vec<ArticleRow>,
}

/// A story with its timeline and events.
#[derive(Serialize)]
struct StoryView {
    #[serde(flatten)]
    story: StoryRow,
    timeline: Vec<TimelineView>,
    items: Vec<EventItems>,
}

/// An article with its text.
#[derive(Serialize)]
struct ArticleView {
    #[serde(flatten)]
    article: ArticleRow,
    body: String,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.data.data, Mode::Read)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Some(event) = store.event(&args.id)? {
        let lexicon = settings.analyze.lexicon.as_deref();
        let view = event_view(&store, event, lexicon)?;
        match args.format {
            ShowFormat::Json => super::json(&mut out, &view)?,
            ShowFormat::Text => render::event(&mut out, &view, Style::Text)?,
            ShowFormat::Md => render::event(&mut out, &view, Style::Markdown)?,
        }
    } else if let Some(story) = store.story(&args.id)? {
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
        let view = StoryView {
            story,
            timeline,
            items,
        };
        match args.format {
            ShowFormat::Json => super::json(&mut out, &view)?,
            ShowFormat::Text | ShowFormat::Md => write_story(&mut out, &view, args.format)?,
        }
    } else if let Some((article, body)) = store.article(&args.id)? {
        let view = ArticleView { article, body };
        match args.format {
            ShowFormat::Json => super::json(&mut out, &view)?,
            ShowFormat::Text | ShowFormat::Md => {
                write_article(&mut out, &view.article)?;
                writeln!(out, "\n{}", view.body)?;
            }
        }
    } else {
        bail!(
            "{}: no event, story or article {:?}",
            args.data.data.display(),
            args.id
        );
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// An event with the comparison of its sources and its story's timeline.
/// The lexicon, when there is one, lets the comparison read across
/// languages.
fn event_view(
    store: &Store,
    event: EventRow,
    lexicon: Option<&Lexicon>,
) -> anyhow::Result<EventView> {
    let texts = store
        .event_texts(&event.id)
        .with_context(|| format!("reading the articles of {}", event.id))?;
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
    let articles = texts.into_iter().map(|(a, _)| a).collect();
    Ok(EventView::new(
        event,
        articles,
        comparison,
        timeline(&events),
    ))
}

/// The timeline of a story's events.
fn timeline(events: &[EventRow]) -> Vec<TimelineEntry> {
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

fn write_story(out: &mut impl Write, view: &StoryView, format: ShowFormat) -> anyhow::Result<()> {
    let s = &view.story;
    let span = super::span(&s.start, &s.end);
    let md = format == ShowFormat::Md;
    if md {
        writeln!(out, "# {} — {}\n\n{span}\n\n## Timeline\n", s.id, s.title)?;
    } else {
        writeln!(out, "{} {span}  {}", s.id, s.title)?;
    }
    for t in &view.timeline {
        let line = render::timeline_line(t);
        if md {
            writeln!(out, "- {line}")?;
        } else {
            writeln!(out, "  {line}")?;
        }
    }
    for e in &view.items {
        writeln!(out)?;
        let ev = &e.event;
        let span = super::span(&ev.start, &ev.end);
        if md {
            writeln!(out, "## {} {span} — {}\n", ev.id, ev.title)?;
        } else {
            writeln!(out, "{} (story {}) {span}  {}", ev.id, ev.story, ev.title)?;
        }
        for a in &e.items {
            write!(out, "{}", if md { "- " } else { "  " })?;
            write_article(out, a)?;
        }
    }
    Ok(())
}

fn write_article(out: &mut impl Write, a: &ArticleRow) -> anyhow::Result<()> {
    let copy = a
        .copy_of
        .as_ref()
        .map(|c| format!(" (copy of {c})"))
        .unwrap_or_default();
    writeln!(out, "{}{copy}", super::article_line(a))?;
    Ok(())
}
