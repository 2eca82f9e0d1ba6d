//! `storyline fetch FEED|OPML|URL... [--format text|jsonl] [--cache DIR]`:
//! reads feeds and OPML lists (files or URLs), fetches the page each item
//! links to, and clusters the articles as `cluster` does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use fetch::{Accept, Client};
use ingest::{Input, Location, Markup};
use pipeline::{RawDoc, Settings};
use rayon::prelude::*;
use tracing::{debug, info};

use super::cluster::{self, Format};
use crate::run;

/// How many pages are fetched at once, over all hosts (each host still gets
/// at most two connections).
const FETCH_THREADS: usize = 8;

#[derive(clap::Args)]
#[command(
    after_help = "Exit status 3 when some feeds, items or pages could not be used \
(each is named on standard error, with its URL or file); an item whose page fails keeps \
its feed summary when it has one. Pages are fetched politely: robots.txt is obeyed, at \
most two connections per host, and everything fetched is kept in the cache folder, so \
a second run asks only for what is stale."
)]
pub(crate) struct Args {
    /// Feeds (RSS, Atom, JSON Feed), OPML lists of feeds, or pages: files or
    /// http(s) URLs.
    #[arg(required = true, value_name = "FEED|OPML|URL")]
    inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Where fetched pages and feeds are kept between runs.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_CACHE)]
    cache: PathBuf,
}

/// The default cache folder, relative to the working directory.
pub(super) const DEFAULT_CACHE: &str = "storyline-data/cache";

/// What the inputs gave: finished documents, feed items whose pages are
/// still to fetch, and a line per thing that could not be used.
#[derive(Default)]
struct Found {
    docs: Vec<RawDoc>,
    items: Vec<RawDoc>,
    rejected: Vec<String>,
}

pub(crate) fn run(args: Args, settings: &Settings) -> anyhow::Result<ExitCode> {
    let (docs, rejected) = gather(&args.inputs, &args.cache)?;
    let inputs = docs
        .into_iter()
        .map(|doc| Input { doc, label: None })
        .collect();
    let result = run::cluster(inputs, rejected, settings)?;
    cluster::print(&result, args.format)
}

/// Reads feeds, lists and pages (files or URLs) and fetches the items'
/// pages: the documents, and a line for each thing that could not be used.
pub(super) fn gather(
    inputs: &[String],
    cache: &Path,
) -> anyhow::Result<(Vec<RawDoc>, Vec<String>)> {
    let client = client(cache)?;
    let mut found = Found::default();
    for input in inputs {
        read(&client, location(input), false, &mut found);
    }
    // The same article in two feeds is fetched and clustered once.
    let mut links = std::collections::HashSet::new();
    found.items.retain(|item| match &item.url {
        Some(url) if !links.insert(url.clone()) => {
            debug!(url, path = %item.path, "item seen in an earlier feed skipped");
            false
        }
        _ => true,
    });
    info!(
        items = found.items.len(),
        pages = found.docs.len(),
        "feeds read"
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(FETCH_THREADS)
        .build()
        .context("starting the fetch threads")?;
    let completed: Vec<(Option<RawDoc>, Option<String>)> = pool.install(|| {
        found
            .items
            .into_par_iter()
            .map(|item| with_page(&client, item))
            .collect()
    });
    let mut docs = found.docs;
    let mut rejected = found.rejected;
    for (doc, problem) in completed {
        docs.extend(doc);
        rejected.extend(problem);
    }
    Ok((docs, rejected))
}

/// A fetcher with the default politeness and `cache` as its cache folder.
pub(super) fn client(cache: &Path) -> anyhow::Result<Client> {
    Client::new(fetch::Settings {
        cache_dir: Some(cache.to_path_buf()),
        ..fetch::Settings::default()
    })
    .context("setting up the fetcher")
}

/// Whether an argument is a URL (http or https) or a file.
pub(super) fn location(input: &str) -> Location {
    if input.starts_with("http://") || input.starts_with("https://") {
        Location::Url(input.to_string())
    } else {
        Location::File(PathBuf::from(input))
    }
}

/// Reads a feed, an OPML list (whose feeds are read in turn, unless it is
/// itself in a list) or a page, from a file or the web.
fn read(client: &Client, source: Location, in_list: bool, found: &mut Found) {
    let (bytes, origin, kind) = match &source {
        Location::Url(url) => match client.get(url, Accept::Any) {
            Ok(response) => {
                // A server that says HTML is believed, even when the page
                // does not start like one.
                let html = response
                    .content_type
                    .as_deref()
                    .is_some_and(|t| t.trim_start().starts_with("text/html"));
                let kind = match ingest::sniff(&response.body) {
                    Markup::Feed if html => Markup::Page,
                    kind => kind,
                };
                (response.body, response.url, kind)
            }
            Err(e) => return found.rejected.push(e.to_string()),
        },
        Location::File(path) => {
            if ingest::is_opml(path) {
                match ingest::read_opml(path) {
                    Ok(feeds) => {
                        let list = path.display().to_string();
                        let feeds = feeds.iter().map(|f| ingest::resolve_in(path, f));
                        return read_list(client, &list, feeds, in_list, found);
                    }
                    Err(e) => return found.rejected.push(e.to_string()),
                }
            }
            let feed = ingest::is_feed(path);
            for item in ingest::read_file(path, &ingest::Options::default()) {
                match item {
                    Ok(input) if feed => found.items.push(input.doc),
                    Ok(input) => found.docs.push(input.doc),
                    Err(e) => found.rejected.push(e.to_string()),
                }
            }
            return;
        }
    };
    match kind {
        Markup::Opml => match ingest::parse_opml(&bytes, &origin) {
            Ok(feeds) => {
                let feeds = feeds.iter().map(|f| location(f));
                read_list(client, &origin, feeds, in_list, found);
            }
            Err(e) => found.rejected.push(e.to_string()),
        },
        Markup::Page => match ingest::extract_html(&bytes, Some(&origin)) {
            Ok(page) => found.docs.push(page_doc(page, &origin)),
            Err(reason) => found.rejected.push(format!("{origin}: {reason}")),
        },
        Markup::Feed => {
            for item in ingest::parse_feed(&bytes, &origin) {
                match item {
                    Ok(doc) => found.items.push(doc),
                    Err(e) => found.rejected.push(e.to_string()),
                }
            }
        }
    }
}

/// Reads the feeds of an OPML list (named `list`); lists are not followed
/// from lists.
fn read_list(
    client: &Client,
    list: &str,
    feeds: impl Iterator<Item = Location>,
    in_list: bool,
    found: &mut Found,
) {
    if in_list {
        found.rejected.push(format!(
            "{list}: an OPML list inside a list is not followed"
        ));
        return;
    }
    for feed in feeds {
        read(client, feed, true, found);
    }
}

/// A feed item with its page's body, when the page can be fetched and has
/// an article; else the item as the feed gave it, with the reason, or
/// nothing when the feed gave no text either.
fn with_page(client: &Client, item: RawDoc) -> (Option<RawDoc>, Option<String>) {
    let Some(url) = item.url.clone() else {
        return (Some(item), None);
    };
    let problem = match client.get(&url, Accept::Page) {
        Ok(response) => match ingest::extract_html(&response.body, Some(&response.url)) {
            Ok(page) => return (Some(ingest::with_page(item, page, &response.url)), None),
            Err(reason) => format!("{}: {reason}", response.url),
        },
        Err(e) => e.to_string(),
    };
    if item.text.trim().is_empty() {
        (None, Some(problem))
    } else {
        (
            Some(item),
            Some(format!("{problem} (the feed's summary is used instead)")),
        )
    }
}

/// A page fetched on its own, as a document: its id from the URL where it
/// was found, which is also its path and URL.
pub(super) fn page_doc(page: ingest::Page, url: &str) -> RawDoc {
    let mut doc = page.into_raw(ingest::url_id(url), url.to_string());
    doc.url = Some(url.to_string());
    doc
}
