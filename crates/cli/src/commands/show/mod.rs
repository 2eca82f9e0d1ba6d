//! `storyline show ID [--format text|json]`: one event (`e12`) or story
//! (`s3`) with its articles, or one article with its text.

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;
use serde::Serialize;
use store::{ArticleRow, EventRow, Mode, Store, StoryRow};

use super::{DataArgs, Format};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// An event (`e12`), a story (`s3`) or an article id.
    id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    data: DataArgs,
}

/// An event with its articles.
#[derive(Serialize)]
struct EventView {
    #[serde(flatten)]
    event: EventRow,
    items: Vec<ArticleRow>,
}

/// A story with its events.
#[derive(Serialize)]
struct StoryView {
    #[serde(flatten)]
    story: StoryRow,
    items: Vec<EventView>,
}

/// An article with its text.
#[derive(Serialize)]
struct ArticleView {
    #[serde(flatten)]
    article: ArticleRow,
    body: String,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.data.data, Mode::Read)?;
    let event_view = |event: EventRow| -> anyhow::Result<EventView> {
        let items = store.event_articles(&event.id)?;
        Ok(EventView { event, items })
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Some(event) = store.event(&args.id)? {
        let view = event_view(event)?;
        match args.format {
            Format::Json => super::json(&mut out, &view)?,
            Format::Text => write_event(&mut out, &view)?,
        }
    } else if let Some(story) = store.story(&args.id)? {
        let mut items = Vec::new();
        for id in &story.events {
            if let Some(event) = store.event(id)? {
                items.push(event_view(event)?);
            }
        }
        let view = StoryView { story, items };
        match args.format {
            Format::Json => super::json(&mut out, &view)?,
            Format::Text => {
                let s = &view.story;
                writeln!(
                    out,
                    "{} {}  {}",
                    s.id,
                    super::span(&s.start, &s.end),
                    s.title
                )?;
                for e in &view.items {
                    writeln!(out)?;
                    write_event(&mut out, e)?;
                }
            }
        }
    } else if let Some((article, body)) = store.article(&args.id)? {
        let view = ArticleView { article, body };
        match args.format {
            Format::Json => super::json(&mut out, &view)?,
            Format::Text => {
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

fn write_event(out: &mut impl Write, view: &EventView) -> anyhow::Result<()> {
    let e = &view.event;
    writeln!(
        out,
        "{} (story {}) {}  {}",
        e.id,
        e.story,
        super::span(&e.start, &e.end),
        e.title
    )?;
    for a in &view.items {
        write!(out, "  ")?;
        write_article(out, a)?;
    }
    Ok(())
}

fn write_article(out: &mut impl Write, a: &ArticleRow) -> anyhow::Result<()> {
    let copy = a
        .copy_of
        .as_ref()
        .map(|c| format!(" (copy of {c})"))
        .unwrap_or_default();
    writeln!(
        out,
        "{}  {}  {}  {}{copy}",
        a.id,
        a.published.as_deref().unwrap_or("undated"),
        a.outlet.as_deref().unwrap_or("-"),
        a.title
    )?;
    Ok(())
}
