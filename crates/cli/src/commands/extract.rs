//! `storyline extract FILE|URL [--format text|json]`: what the engine reads
//! from one HTML page (a file or an http(s) URL, fetched like `fetch` does)
//! or text/JSON article — title, body, dates, authors, outlet, canonical URL
//! and language.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use ingest::Location;
use pipeline::Settings;

use super::Format;
use serde::Serialize;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// An HTML page (.html, .htm, .html.gz), any article file, or the
    /// http(s) URL of a page.
    #[arg(value_name = "FILE|URL")]
    file: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Where a fetched page is kept between runs.
    #[arg(long, value_name = "DIR", default_value = super::fetch::DEFAULT_CACHE)]
    cache: PathBuf,
}

/// One extracted article: the page's metadata with the engine's cleaned
/// title and body, detected language and resolved publication date.
#[derive(Serialize)]
struct Extracted {
    id: String,
    path: String,
    title: String,
    published: Option<String>,
    /// The page's update date, when it gives one apart.
    updated: Option<String>,
    authors: Vec<String>,
    outlet: Option<String>,
    domain: Option<String>,
    url: Option<String>,
    lang: String,
    body: String,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let (raw, page) = match super::fetch::location(&args.file) {
        Location::Url(url) => {
            let client = super::fetch::client(&args.cache)?;
            let response = client.get(&url, fetch::Accept::Page)?;
            let page = ingest::extract_html(&response.body, Some(&response.url))
                .map_err(|reason| anyhow::anyhow!("{}: {reason}", response.url))?;
            (
                super::fetch::page_doc(page.clone(), &response.url),
                Some(page),
            )
        }
        Location::File(file) if ingest::is_page(&file) => {
            let page = ingest::read_page(&file)?;
            let raw = page
                .clone()
                .into_raw(ingest::page_id(&file), file.display().to_string());
            (raw, Some(page))
        }
        Location::File(file) => {
            let mut inputs = ingest::read_file(&file, &ingest::Options::default());
            anyhow::ensure!(!inputs.is_empty(), "{}: no article", file.display());
            (inputs.swap_remove(0)?.doc, None)
        }
    };
    let article = pipeline::extract::extract(&raw, &settings.extract)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", raw.path))?;
    let page = page.unwrap_or_default();
    let extracted = Extracted {
        id: article.id,
        path: article.path,
        title: article.title,
        published: article.published.map(|p| p.to_string()),
        updated: page.updated.clone(),
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
            writeln!(
                out,
                "updated:   {}",
                extracted.updated.clone().unwrap_or_else(none)
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
