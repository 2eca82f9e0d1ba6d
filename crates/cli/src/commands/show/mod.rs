//! `storyline show ID [--format text|json|md]`: one event (`e12`) with the
//! comparison of its sources (entities, quotes, facts, summary, and its
//! story's timeline), one story (`s3`) with its timeline and events, or one
//! article with its text.

mod render;

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context};
use pipeline::Settings;
use store::{ArticleRow, Mode, Store};

use super::DataArgs;
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

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.data.data, Mode::Read)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Some(event) = store.event(&args.id)? {
        let id = event.id.clone();
        let lexicon = settings.analyze.lexicon.as_deref();
        let view = server::view::event(&store, event, lexicon)
            .with_context(|| format!("reading the articles of {id}"))?;
        match args.format {
            ShowFormat::Json => super::json(&mut out, &view)?,
            ShowFormat::Text => render::event(&mut out, &view, Style::Text)?,
            ShowFormat::Md => render::event(&mut out, &view, Style::Markdown)?,
        }
    } else if let Some(story) = store.story(&args.id)? {
        let view = server::view::story(&store, story)?;
        match args.format {
            ShowFormat::Json => super::json(&mut out, &view)?,
            ShowFormat::Text | ShowFormat::Md => write_story(&mut out, &view, args.format)?,
        }
    } else if let Some((article, body)) = store.article(&args.id)? {
        let view = server::dto::ArticleView { article, body };
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

fn write_story(
    out: &mut impl Write,
    view: &server::dto::StoryView,
    format: ShowFormat,
) -> anyhow::Result<()> {
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
