//! Feeds and lists of feeds: RSS (0.9x, 1.0, 2.0), Atom and JSON Feed by
//! feed-rs, OPML by quick-xml. Each feed item becomes a document: its title,
//! date and link, the feed's title as outlet, and its content or summary with
//! the HTML stripped. Fetching the page an item links to is the caller's
//! business; [`with_page`] then puts the page's body in place of the summary.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pipeline::RawDoc;
use quick_xml::events::{BytesStart, Event};
use regex::Regex;

use crate::html::Page;
use crate::Error;

/// What a document holds, from its first element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    /// An HTML page.
    Page,
    /// An OPML list of feeds.
    Opml,
    /// Anything else, to be read as a feed (RSS, Atom, JSON Feed).
    Feed,
}

/// Whether a path names a feed file (`.rss`, `.atom`, `.rdf`, `.xml`).
pub fn is_feed(path: &Path) -> bool {
    has_extension(path, &["rss", "atom", "rdf", "xml"])
}

/// Whether a path names an OPML list of feeds (`.opml`).
pub fn is_opml(path: &Path) -> bool {
    has_extension(path, &["opml"])
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// What `bytes` hold, judged by their first element: `<opml>` is a list,
/// `<html>` (or an HTML doctype) a page, anything else is tried as a feed.
pub fn sniff(bytes: &[u8]) -> Markup {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    // A page with a broken prologue still says so in its first kilobyte.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return match e.local_name().as_ref().to_ascii_lowercase().as_str() {
                    "opml" => Markup::Opml,
                    "html" => Markup::Page,
                    _ => Markup::Feed,
                };
            }
            Ok(Event::DocType(d)) if d.as_ref().to_ascii_lowercase().starts_with("html") => {
                return Markup::Page;
            }
            Ok(Event::Eof) | Err(_) => {
                return if head.contains("<html") {
                    Markup::Page
                } else {
                    Markup::Feed
                };
            }
            Ok(_) => buf.clear(),
        }
    }
}

/// Reads a feed file: one document per item, or one error for the file.
pub fn read_feed(path: &Path) -> Vec<Result<RawDoc, Error>> {
    match crate::read_bytes(path) {
        Ok(bytes) => parse_feed(&bytes, &path.display().to_string()),
        Err(e) => vec![Err(e)],
    }
}

/// Parses a feed: one document per item, in feed order. `origin` names the
/// feed (a path or URL) in ids, paths and errors; a URL also resolves the
/// items' relative links. A feed that does not parse is one error; an item
/// with no title, text or link is an error of its own.
pub fn parse_feed(bytes: &[u8], origin: &str) -> Vec<Result<RawDoc, Error>> {
    if let Err(message) = check_bytes(bytes) {
        return vec![Err(error(origin, message))];
    }
    let base = origin.starts_with("http://") || origin.starts_with("https://");
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base.then_some(origin))
        .build();
    let feed = match parser.parse(bytes) {
        Ok(feed) => feed,
        Err(e) => return vec![Err(error(origin, format!("not a feed: {e}")))],
    };
    let outlet = feed
        .title
        .as_ref()
        .map(|t| plain(&t.content))
        .filter(|t| !t.is_empty());
    let stem = origin_stem(origin);
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let n = i + 1;
            let title = entry
                .title
                .map(|t| plain(&t.content))
                .filter(|t| !t.is_empty());
            let text = entry
                .content
                .and_then(|c| c.body)
                .map(|b| plain(&b))
                .filter(|t| !t.is_empty())
                .or_else(|| entry.summary.map(|s| plain(&s.content)))
                .unwrap_or_default();
            let url = article_link(&entry.links);
            if title.is_none() && text.is_empty() && url.is_none() {
                return Err(error(origin, format!("item {n}: no title, text or link")));
            }
            let id = url
                .as_deref()
                .and_then(slug)
                .unwrap_or_else(|| format!("{stem}:{n}"));
            Ok(RawDoc {
                id,
                path: format!("{origin}#{n}"),
                title,
                text,
                date: entry
                    .published
                    .or(entry.updated)
                    .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string()),
                url,
                source: outlet.clone(),
                lang: feed.language.clone(),
            })
        })
        .collect()
}

/// The link to an item's article: its `alternate` link (or one with no
/// `rel`), not an enclosure, a comment thread or the entry's own record.
fn article_link(links: &[feed_rs::model::Link]) -> Option<String> {
    links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// Refuses what cannot be a feed before the parser sees it: nothing, binary
/// data, and bytes that are not the UTF-8 they claim to be (a feed that
/// declares another encoding, or starts with a UTF-16 mark, is decoded by the
/// parser).
fn check_bytes(bytes: &[u8]) -> Result<(), String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty".into());
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Ok(());
    }
    if bytes.contains(&0) {
        return Err("binary data, not a feed".into());
    }
    let declared = declared_encoding(bytes);
    let utf8 = declared
        .as_deref()
        .is_none_or(|e| e.eq_ignore_ascii_case("utf-8") || e.eq_ignore_ascii_case("utf8"));
    if utf8 {
        if let Err(e) = std::str::from_utf8(bytes) {
            return Err(format!(
                "not valid UTF-8 (first bad byte at offset {}), and it declares no other encoding",
                e.valid_up_to()
            ));
        }
    }
    Ok(())
}

/// The encoding an XML declaration names, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(r#"^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"#)
            .expect("a valid pattern")
    });
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
    let head = head.trim_start_matches('\u{feff}');
    Some(pattern.captures(head)?[1].to_string())
}

/// Reads an OPML file: the feeds it lists.
pub fn read_opml(path: &Path) -> Result<Vec<String>, Error> {
    parse_opml(&crate::read_bytes(path)?, &path.display().to_string())
}

/// The feeds an OPML list names (the `xmlUrl` of its outlines, nested or
/// not), in order, without repeats.
pub fn parse_opml(bytes: &[u8], origin: &str) -> Result<Vec<String>, Error> {
    check_bytes(bytes).map_err(|message| error(origin, message))?;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut feeds: Vec<String> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            error(
                origin,
                format!("not valid XML (at byte {}): {e}", reader.error_position()),
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if root.is_none() {
                    if name != "opml" {
                        return Err(error(
                            origin,
                            format!("not an OPML list (its root is <{name}>)"),
                        ));
                    }
                    root = Some(name);
                } else if name == "outline" {
                    if let Some(url) = xml_url(&e) {
                        if !feeds.contains(&url) {
                            feeds.push(url);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if root.is_none() {
        return Err(error(origin, "not an OPML list (no element in it)".into()));
    }
    if feeds.is_empty() {
        return Err(error(origin, "the list names no feed (no xmlUrl)".into()));
    }
    Ok(feeds)
}

/// An outline's `xmlUrl` (any case), when it has a usable one.
fn xml_url(outline: &BytesStart<'_>) -> Option<String> {
    outline
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case("xmlurl"))
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_string())
        })
        .filter(|v| !v.is_empty())
}

/// Where a feed that an OPML file names is: a URL as it is, a path relative
/// to the OPML file's folder, or a `file://` URL's path.
pub fn resolve_in(opml: &Path, feed: &str) -> Location {
    if feed.starts_with("http://") || feed.starts_with("https://") {
        return Location::Url(feed.to_string());
    }
    let path = feed.strip_prefix("file://").unwrap_or(feed);
    let path = Path::new(path);
    if path.is_absolute() {
        Location::File(path.to_path_buf())
    } else {
        Location::File(opml.parent().unwrap_or(Path::new("")).join(path))
    }
}

/// A feed named by an OPML list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// On the web.
    Url(String),
    /// On disk.
    File(PathBuf),
}

/// Reads the feeds an OPML file lists that are on disk; each feed on the web
/// is an error saying that `storyline fetch` reads it.
pub(crate) fn read_listed_feeds(opml: &Path) -> Vec<Result<RawDoc, Error>> {
    let feeds = match read_opml(opml) {
        Ok(feeds) => feeds,
        Err(e) => return vec![Err(e)],
    };
    let origin = opml.display().to_string();
    feeds
        .iter()
        .flat_map(|feed| match resolve_in(opml, feed) {
            Location::File(path) => read_feed(&path),
            Location::Url(url) => vec![Err(error(
                &origin,
                format!("{url} is on the web: `storyline fetch` reads it"),
            ))],
        })
        .collect()
}

/// A feed item with the page it links to: the page's body replaces the
/// summary; the item's title and date stay (feeds state them cleanly), the
/// page fills them when the item has none; the page's outlet name and
/// language are preferred to the feed's; `url` is where the page was found
/// (after redirects).
pub fn with_page(mut doc: RawDoc, page: Page, url: &str) -> RawDoc {
    doc.text = page.body;
    doc.title = doc.title.or(page.title);
    doc.date = doc.date.or(page.published).or(page.updated);
    doc.source = page.outlet.or(doc.source).or(page.domain);
    doc.lang = page.lang.or(doc.lang);
    doc.url = Some(url.to_string());
    doc
}

/// The id of an article at `url`: the last segment of its path, without a
/// page extension (`…/2025/03/03/storm-kerbrieuc.html` → `storm-kerbrieuc`),
/// else its host.
pub fn url_id(url: &str) -> String {
    slug(url)
        .or_else(|| host_of(url))
        .unwrap_or_else(|| url.to_string())
}

/// The last path segment of a URL that identifies a page: none for a site's
/// root or a URL whose query string names the page (`?p=123`).
fn slug(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next()?;
    if rest.contains('?') {
        return None;
    }
    let path = rest.split_once('/')?.1;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    let lower = last.to_ascii_lowercase();
    let mut end = last.len();
    for ext in [".html", ".htm", ".php", ".aspx", ".asp"] {
        if lower.ends_with(ext) {
            end -= ext.len();
            break;
        }
    }
    let id = &last[..end];
    (!id.is_empty()).then(|| id.to_string())
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_string())
}

/// A short name for a feed, for the ids of its items without a link: a
/// file's stem, a URL's last path segment (or host).
fn origin_stem(origin: &str) -> String {
    if origin.contains("://") {
        let id = url_id(origin);
        return id.split('.').next().unwrap_or(&id).to_string();
    }
    crate::stem(Path::new(origin))
}

fn error(origin: &str, message: String) -> Error {
    Error::Feed {
        origin: origin.to_string(),
        message,
    }
}

/// The text of an HTML fragment, one paragraph a line, white space tidied.
fn plain(html: &str) -> String {
    let text = if html.contains(['<', '&']) {
        dom_query::Document::fragment(html)
            .formatted_text()
            .to_string()
    } else {
        html.to_string()
    };
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped_to_paragraphs() {
        let check = |html: &str, want: &str| assert_eq!(plain(html), want, "{html}");
        check("Plain   text\n", "Plain text");
        check(
            "<p>One &amp; two.</p><p>Three<br>four</p>",
            "One & two.\nThree\nfour",
        );
        check("<div><b>Bold</b> move</div>", "Bold move");
        check("caf&eacute; &#8212; &lt;ok&gt;", "café — <ok>");
    }

    #[test]
    fn ids_come_from_links() {
        let check = |url: &str, want: Option<&str>| assert_eq!(slug(url).as_deref(), want, "{url}");
        check(
            "https://x.example/2025/03/03/storm-kerbrieuc.html",
            Some("storm-kerbrieuc"),
        );
        check("https://x.example/world/storm/", Some("storm"));
        check("https://x.example/", None);
        check("https://x.example", None);
        check("https://x.example/article.php?id=5", None);
        assert_eq!(url_id("https://x.example/"), "x.example");
        assert_eq!(origin_stem("http://127.0.0.1:9/feed.xml"), "feed");
        assert_eq!(origin_stem("feeds/world.rss"), "world");
    }

    #[test]
    fn kinds_by_first_element() {
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<opml version=\"2.0\"/>"),
            Markup::Opml
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html><p>x</p>"), Markup::Page);
        assert_eq!(sniff(b"<html><body><p>Tom & Jerry</p>"), Markup::Page);
        assert_eq!(
            sniff(b"<rss version=\"2.0\"><channel/></rss>"),
            Markup::Feed
        );
        assert_eq!(
            sniff(b"{\"version\": \"https://jsonfeed.org/version/1.1\"}"),
            Markup::Feed
        );
    }

    #[test]
    fn encodings_are_checked() {
        assert!(check_bytes(b"<rss>\xe9</rss>").is_err());
        assert!(
            check_bytes(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>\xe9</rss>").is_ok()
        );
        assert_eq!(
            declared_encoding(b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-8'?>").as_deref(),
            Some("utf-8")
        );
        assert_eq!(check_bytes(b" \n").unwrap_err(), "empty");
    }

    #[test]
    fn opml_feeds_resolve_beside_the_list() {
        let opml = Path::new("lists/news.opml");
        assert_eq!(
            resolve_in(opml, "world.rss"),
            Location::File(PathBuf::from("lists/world.rss"))
        );
        assert_eq!(
            resolve_in(opml, "https://x.example/feed"),
            Location::Url("https://x.example/feed".into())
        );
        assert_eq!(
            resolve_in(opml, "file:///srv/feed.xml"),
            Location::File(PathBuf::from("/srv/feed.xml"))
        );
    }
}
