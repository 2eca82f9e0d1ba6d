//! `storyline extract FILE [--format text|json]`: what the engine reads from
//! one HTML page (or text/JSON article) — title, body, dates, authors, outlet,
//! canonical URL and language.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use pipeline::Settings;

use super::Format;
use serde::Serialize;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// An HTML page (.html, .htm, .html.gz) or any article file.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// One extracted article: the page's metadata with the engine's cleaned
/// title and body, detected language and resolved publication date.
#[derive(Serialize)]
struct Extracted {
    id: String,
    path: String,
    title: String,
    published: Option<String>,
    authors: Vec<String>,
    outlet: Option<String>,
    domain: Option<String>,
    url: Option<String>,
    lang: String,
    body: String,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let page = if ingest::is_page(&args.file) {
        Some(ingest::read_page(&args.file)?)
    } else {
        None
    };
    let raw = match &page {
        Some(page) => page
            .clone()
            .into_raw(ingest::page_id(&args.file), args.file.display().to_string()),
        None => {
            let mut inputs = ingest::read_file(&args.file, &ingest::Options::default());
            anyhow::ensure!(!inputs.is_empty(), "{}: no article", args.file.display());
            inputs.swap_remove(0)?.doc
        }
    };
    let article = pipeline::extract::extract(&raw, &settings.extract)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", args.file.display()))?;
    let page = page.unwrap_or_default();
    let extracted = Extracted {
        id: article.id,
        path: article.path,
        title: article.title,
        published: article.published.map(|p| p.to_string()),
        authors: page.authors,
        outlet: page.outlet.or(article.outlet),
        domain: page.domain,
        url: article.url,
        lang: article.lang.to_string(),
        body: article.body,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &extracted).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Text => {
            let none = || "-".to_string();
            writeln!(out, "title:     {}", extracted.title)?;
            writeln!(
                out,
                "published: {}",
                extracted.published.unwrap_or_else(none)
            )?;
            writeln!(out, "authors:   {}", extracted.authors.join("; "))?;
            writeln!(out, "outlet:    {}", extracted.outlet.unwrap_or_else(none))?;
            writeln!(out, "domain:    {}", extracted.domain.unwrap_or_else(none))?;
            writeln!(out, "url:       {}", extracted.url.unwrap_or_else(none))?;
            writeln!(out, "lang:      {}", extracted.lang)?;
            writeln!(out, "\n{}", extracted.body)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
