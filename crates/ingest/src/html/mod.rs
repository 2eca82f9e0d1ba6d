//! HTML pages: the article body, title, dates, authors, outlet, canonical URL
//! and language. The page is parsed once (html5ever, into dom_query); our
//! own reader (`body.rs`, one walk over the tree) takes the body of a plain
//! article page and `meta.rs` its head; a page our reader is not sure of goes
//! to rs-trafilatura, which parses it again, handles more layouts and costs
//! about three times as much. On top of either: link blocks (related
//! articles, promoted headlines) dropped from rs-trafilatura's body, text
//! encoded twice repaired, and the dates of our own chain (`dates.rs`).

use std::io::Read;
use std::path::Path;

use pipeline::RawDoc;
use serde::Serialize;

use crate::{Error, MAX_FILE_BYTES};

mod body;
mod clean;
mod dates;
mod meta;

/// What was extracted from one page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Page {
    /// The headline.
    pub title: Option<String>,
    /// The article body, one paragraph a line.
    pub body: String,
    /// Publication date (ISO 8601; UTC when the page gives a zone), from
    /// the first source of the chain in `dates.rs` that has a plausible one.
    pub published: Option<String>,
    /// The date of the last update, when the page gives one apart.
    pub updated: Option<String>,
    /// Authors as the page names them.
    pub authors: Vec<String>,
    /// The outlet's name (`og:site_name` and the like).
    pub outlet: Option<String>,
    /// The outlet's domain.
    pub domain: Option<String>,
    /// The canonical URL, else the one the page was fetched from.
    pub url: Option<String>,
    /// The language the page declares.
    pub lang: Option<String>,
}

impl Page {
    /// The page as a document for the pipeline; the body is kept whole, the
    /// pipeline's own cleaning runs on it as on any text. A page that gives
    /// only its update date is placed by that date.
    pub fn into_raw(self, id: String, path: String) -> RawDoc {
        RawDoc {
            id,
            path,
            title: self.title,
            text: self.body,
            date: self.published.or(self.updated),
            url: self.url,
            source: self.outlet.or(self.domain),
            lang: self.lang,
        }
    }
}

/// Whether a path names an HTML page (`.html`, `.htm`, either gzipped).
pub fn is_page(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".html") || name.ends_with(".htm")
}

/// The id of a page file: its name without `.html`, `.htm` or `.gz`.
pub fn page_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let mut end = name.len();
    for suffix in [".gz", ".html", ".htm"] {
        if lower[..end].ends_with(suffix) {
            end -= suffix.len();
        }
    }
    name[..end].to_string()
}

/// Reads a page file and extracts it.
pub fn read_page(path: &Path) -> Result<Page, Error> {
    extract(&page_bytes(path)?, None).map_err(|message| Error::Html {
        path: path.to_path_buf(),
        message,
    })
}

/// The bytes of a page file, un-gzipped when its name ends in `.gz`.
pub fn page_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    let bytes = crate::read_bytes(path)?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        gunzip(path, &bytes)
    } else {
        Ok(bytes)
    }
}

fn gunzip(path: &Path, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Html {
            path: path.to_path_buf(),
            message: format!("not valid gzip: {e}"),
        })?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size: out.len() as u64,
        });
    }
    Ok(out)
}

/// Extracts a page from its bytes (any encoding the page declares); `url` is
/// where it came from, when known. The error says why nothing usable was found.
pub fn extract(html: &[u8], url: Option<&str>) -> Result<Page, String> {
    if html.iter().all(u8::is_ascii_whitespace) {
        return Err("empty page".into());
    }
    if html.contains(&0) {
        // No text encoding a page may declare puts a NUL in its markup.
        return Err("binary data, not a page".into());
    }
    let options = rs_trafilatura::Options {
        url: url.map(str::to_string),
        // News pages are articles: rs-trafilatura's page classifier (forum,
        // product, listing...) costs about a third of its time; on the
        // benchmark it is worth one page (F1 0.9588 with it, 0.9574 without).
        page_type: Some(rs_trafilatura::page_type::PageType::Article),
        ..rs_trafilatura::Options::default()
    };
    let text = rs_trafilatura::encoding::transcode_to_utf8(html);
    let depth = nesting(&text);
    if depth > MAX_DEPTH {
        return Err(format!(
            "the page nests its elements too deeply (about {depth} levels; at most {MAX_DEPTH} are read)"
        ));
    }
    let doc = dom_query::Document::from(text.as_str());
    if let Some(body) = body::article_body(&doc) {
        let mut meta = meta::page_meta(&doc);
        meta.url = meta.url.or_else(|| url.map(str::to_string));
        let domain = meta.url.as_deref().and_then(host);
        return finish(body, &text, meta, domain);
    }
    drop(doc);
    let result = rs_trafilatura::extract_with_options(&text, &options)
        .map_err(|e| format!("no article found: {e}"))?;
    let body = match result.content_html.as_deref() {
        Some(html) => clean::drop_link_blocks(&result.content_text, html),
        None => result.content_text.trim().to_string(),
    };
    let found = result.metadata;
    let meta = meta::Meta {
        title: found.title,
        author: found.author,
        sitename: found.sitename,
        url: found.url.or_else(|| url.map(str::to_string)),
        lang: found.language,
    };
    let domain = found
        .hostname
        .or_else(|| meta.url.as_deref().and_then(host));
    finish(body, &text, meta, domain)
}

/// How deep a page may nest its elements. Real pages stay under 50 (the
/// benchmark's 131 pages: 48 at most); no browser builds one deeper than
/// 512 (Blink's parser stops there); html5ever's scope checks and
/// rs-trafilatura's selectors both walk an element's ancestors, so a page
/// nested 50,000 deep kept them busy for minutes.
const MAX_DEPTH: usize = 1_000;

/// Whether an element (its name in lower case) never holds others, or has
/// its end implied by the parser when a sibling starts: it does not deepen
/// a page.
fn is_flat(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"td"
            | b"th"
            | b"tr"
            | b"option"
            | b"optgroup"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"rp"
            | b"rt"
    )
}

/// About how deep a page nests its elements, read from its tags before it
/// is parsed: start tags less end tags, leaving out comments, the insides of
/// scripts and styles, and the elements [`is_flat`] names.
fn nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0);
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let rest = &html[start + 1..];
        if rest.starts_with("!--") {
            at = rest
                .find("-->")
                .map_or(bytes.len(), |end| start + 1 + end + 3);
            continue;
        }
        let (closing, name_at) = match rest.strip_prefix('/') {
            Some(after) => (true, after),
            None => (false, rest),
        };
        let name_len = name_at
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
            .count();
        if name_len == 0 || !name_at.as_bytes()[0].is_ascii_alphabetic() {
            at = start + 1;
            continue;
        }
        // Names of up to 8 letters, in lower case: the longer ones are
        // neither flat nor scripts.
        let mut lower = [0u8; 8];
        let name = match name_at.as_bytes().get(..name_len) {
            Some(name) if name_len <= lower.len() => {
                lower[..name_len].copy_from_slice(name);
                lower[..name_len].make_ascii_lowercase();
                &lower[..name_len]
            }
            _ => &[],
        };
        let Some(end) = rest.find('>').map(|end| start + 1 + end) else {
            break;
        };
        at = end + 1;
        if is_flat(name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if bytes[end - 1] != b'/' {
            depth += 1;
            deepest = deepest.max(depth);
            let close = match name {
                b"script" => Some("</script"),
                b"style" => Some("</style"),
                _ => None,
            };
            if let Some(close) = close {
                // Their text is not markup: skip to their end tag.
                at = dates::find_ascii_ci(&html[at..], close).map_or(bytes.len(), |i| at + i);
            }
        }
    }
    deepest
}

/// The page from its body, metadata and domain, with the dates of the chain.
fn finish(
    body: String,
    page: &str,
    meta: meta::Meta,
    domain: Option<String>,
) -> Result<Page, String> {
    let body = clean::repair_mojibake(&body);
    if body.is_empty() {
        return Err("no article text in the page".into());
    }
    let dates = dates::page_dates(page, meta.url.as_deref(), dates::now());
    Ok(Page {
        title: meta.title.filter(|t| !t.trim().is_empty()),
        body,
        published: dates.published.map(format_date),
        updated: dates.updated.map(format_date),
        authors: meta.author.as_deref().map(authors).unwrap_or_default(),
        outlet: meta.sitename.filter(|s| !s.trim().is_empty()),
        domain,
        url: meta.url,
        lang: meta.lang,
    })
}

/// The body rs-trafilatura alone gives, with its default options: the
/// baseline `storyline eval-extract` measures the engine against.
pub fn baseline_body(html: &[u8]) -> Result<String, String> {
    rs_trafilatura::extract_bytes_with_options(html, &rs_trafilatura::Options::default())
        .map(|r| r.content_text.trim().to_string())
        .map_err(|e| format!("no article found: {e}"))
}

/// A date as `Page` gives it: the day alone when no time is known.
fn format_date(at: chrono::NaiveDateTime) -> String {
    if at.time() == chrono::NaiveTime::MIN {
        at.format("%Y-%m-%d").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Authors as metadata lists them: "A; B", "A, B and C", "By A".
fn authors(field: &str) -> Vec<String> {
    field
        .split([';', '|'])
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(", "))
        .map(|a| {
            let a = a.trim();
            a.strip_prefix("By ")
                .or_else(|| a.strip_prefix("by "))
                .unwrap_or(a)
                .trim()
        })
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_lists() {
        assert_eq!(
            authors("By Jane Roe and John Doe"),
            ["Jane Roe", "John Doe"]
        );
        assert_eq!(
            authors("A. One; B. Two, C. Three"),
            ["A. One", "B. Two", "C. Three"]
        );
    }

    #[test]
    fn page_ids_drop_every_suffix() {
        assert_eq!(page_id(Path::new("d/abc.html.gz")), "abc");
        assert_eq!(page_id(Path::new("d/Page.HTM")), "Page");
        assert!(is_page(Path::new("x.HTML.gz")) && !is_page(Path::new("x.json.gz")));
    }

    #[test]
    fn a_news_page_gives_its_parts() {
        let html = r#"<!doctype html><html lang="fr"><head>
            <title>Biden et Poutine se parlent - Le Quotidien</title>
            <meta property="og:title" content="Biden et Poutine se parlent">
            <meta property="og:site_name" content="Le Quotidien">
            <link rel="canonical" href="https://quotidien.example/monde/2021/12/30/biden-poutine">
            <meta name="author" content="Anne Martin">
            </head><body>
            <nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
            <article><h1>Biden et Poutine se parlent</h1>
            <p>Les présidents américain et russe se sont entretenus jeudi au téléphone pendant cinquante minutes, a annoncé la Maison Blanche.</p>
            <p>Joe Biden a averti Vladimir Poutine que les États-Unis répondraient avec fermeté à toute invasion de l'Ukraine.</p>
            <p>Le conseiller du Kremlin Iouri Ouchakov a jugé la conversation franche et constructive.</p>
            </article>
            <footer>© 2021 Le Quotidien. Tous droits réservés.</footer>
            </body></html>"#;
        let page = extract(html.as_bytes(), None).expect("a page");
        assert_eq!(page.title.as_deref(), Some("Biden et Poutine se parlent"));
        assert!(page.body.contains("cinquante minutes"), "{}", page.body);
        assert!(page.body.contains("Ouchakov"));
        assert!(!page.body.contains("Accueil") && !page.body.contains("droits réservés"));
        assert_eq!(
            page.published.as_deref().map(|d| &d[..10]),
            Some("2021-12-30")
        );
        assert_eq!(page.outlet.as_deref(), Some("Le Quotidien"));
        assert_eq!(page.domain.as_deref(), Some("quotidien.example"));
        assert_eq!(page.authors, ["Anne Martin"]);
        assert_eq!(page.lang.as_deref(), Some("fr"));
    }

    #[test]
    fn pages_without_an_article_are_errors() {
        assert!(extract(b"   ", None).is_err());
        assert_eq!(
            extract(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR<p>text</p>", None),
            Err("binary data, not a page".to_string())
        );
        assert!(extract(b"<html><body><nav>Menu</nav></body></html>", None).is_err());
    }
}
