//! A page's title, authors, outlet name, canonical URL and language, from
//! its `<head>` (meta tags, `<link rel="canonical">`, `<title>`, JSON-LD)
//! and the `lang` of `<html>`, for the pages our own body reader takes
//! (the others get rs-trafilatura's metadata along with its body).

use dom_query::{Document, NodeData, NodeRef};
use serde_json::Value;

/// What the head of a page says about it.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Meta {
    pub(super) title: Option<String>,
    /// As the page writes it ("A; B", "By A and B"): `super::authors` splits it.
    pub(super) author: Option<String>,
    pub(super) sitename: Option<String>,
    pub(super) url: Option<String>,
    pub(super) lang: Option<String>,
}

/// Meta names for each field, best first.
const TITLE: &[&str] = &["og:title", "twitter:title", "title", "headline"];
const AUTHOR: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
];
const SITENAME: &[&str] = &["og:site_name", "application-name", "publisher"];
const URL: &[&str] = &["og:url", "twitter:url"];
const LANG: &[&str] = &["content-language", "og:locale", "language", "dc.language"];

pub(super) fn page_meta(doc: &Document) -> Meta {
    let root = doc.root();
    let mut named: Vec<(String, String)> = Vec::new();
    let (mut canonical, mut title, mut lang) = (None, None, None);
    let mut ld = LdMeta::default();
    let mut stack: Vec<NodeRef<'_>> = vec![root];
    while let Some(node) = stack.pop() {
        let Some(name) = node.query(|n| match &n.data {
            NodeData::Element(e) => Some(e.name.local.to_string()),
            NodeData::Document => Some(String::new()),
            _ => None,
        }) else {
            continue;
        };
        let name = name.unwrap_or_default();
        match name.as_str() {
            "html" => lang = node.attr("lang").or_else(|| node.attr("xml:lang")),
            "meta" => {
                let Some(content) = node.attr("content") else {
                    continue;
                };
                for key in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(n) = node.attr(key) {
                        named.push((n.to_ascii_lowercase(), content.to_string()));
                    }
                }
                continue;
            }
            "link" => {
                if node
                    .attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    canonical = canonical.or_else(|| node.attr("href").map(|h| h.to_string()));
                }
                continue;
            }
            "title" => {
                title = title.or_else(|| Some(node.text().to_string()));
                continue;
            }
            "script" => {
                let ld_json = node
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"));
                if ld_json {
                    if let Ok(value) = serde_json::from_str::<Value>(node.text().trim()) {
                        ld.read(&value);
                    }
                }
                continue;
            }
            // The body holds no head metadata worth a walk (JSON-LD aside,
            // which is read where it is), nor do styles.
            "style" | "noscript" | "template" | "svg" => continue,
            _ => {}
        }
        let mut child = node.last_child();
        while let Some(c) = child {
            child = c.prev_sibling();
            stack.push(c);
        }
    }
    let first = |names: &[&str]| {
        names.iter().find_map(|want| {
            named
                .iter()
                .find(|(n, v)| n == want && !v.trim().is_empty() && !v.starts_with("http"))
                .map(|(_, v)| clean(v))
        })
    };
    let url = canonical.filter(|u| u.starts_with("http")).or_else(|| {
        URL.iter().find_map(|want| {
            named
                .iter()
                .find(|(n, v)| n == want && v.starts_with("http"))
                .map(|(_, v)| v.trim().to_string())
        })
    });
    Meta {
        title: first(TITLE)
            .or(ld.headline)
            .or_else(|| title.map(|t| clean(&t)).filter(|t| !t.is_empty())),
        author: first(AUTHOR).or(ld.author),
        sitename: first(SITENAME).or(ld.publisher),
        url,
        lang: lang
            .map(|l| l.to_string())
            .or_else(|| first(LANG))
            .map(|l| l.replace('_', "-"))
            .filter(|l| !l.is_empty()),
    }
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The headline, authors and publisher of the first JSON-LD object of an
/// article type.
#[derive(Default)]
struct LdMeta {
    headline: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
}

impl LdMeta {
    fn read(&mut self, value: &Value) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.read(v)),
            Value::Object(map) => {
                if self.headline.is_none() && super::dates::is_article(map) {
                    self.headline = map.get("headline").and_then(Value::as_str).map(clean);
                    self.author = names(map.get("author"));
                    self.publisher = names(map.get("publisher"));
                }
                if let Some(graph) = map.get("@graph") {
                    self.read(graph);
                }
            }
            _ => {}
        }
    }
}

/// A person or organisation as JSON-LD gives it: a name, an object with a
/// `name`, or a list of either, joined by "; ".
fn names(value: Option<&Value>) -> Option<String> {
    let found: Vec<String> = match value? {
        Value::String(s) => vec![clean(s)],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(clean)
            .into_iter()
            .collect(),
        Value::Array(items) => items.iter().filter_map(|v| names(Some(v))).collect(),
        _ => vec![],
    };
    let found: Vec<String> = found.into_iter().filter(|n| !n.is_empty()).collect();
    (!found.is_empty()).then(|| found.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_gives_title_author_outlet_url_and_language() {
        let html = r#"<html lang="fr-FR"><head><title>Tempête sur la côte | Le Quotidien</title>
            <meta property="og:title" content="Tempête  sur la côte">
            <meta name="author" content="Anne Martin">
            <link rel="canonical" href="https://quotidien.example/2021/12/30/tempete">
            <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},
              {"@type": "NewsArticle", "headline": "Autre titre", "author": [{"name": "A. B."}],
               "publisher": {"@type": "Organization", "name": "Le Quotidien"}}]}</script>
            </head><body><p>Texte.</p></body></html>"#;
        assert_eq!(
            page_meta(&Document::from(html)),
            Meta {
                title: Some("Tempête sur la côte".into()),
                author: Some("Anne Martin".into()),
                sitename: Some("Le Quotidien".into()),
                url: Some("https://quotidien.example/2021/12/30/tempete".into()),
                lang: Some("fr-FR".into()),
            }
        );
    }

    #[test]
    fn json_ld_and_the_title_element_fill_what_meta_tags_lack() {
        let html = r#"<html><head><title> Storm  hits </title>
            <meta property="og:url" content="https://daily.example/storm">
            <meta property="article:author" content="https://daily.example/staff/jane">
            </head><body><script type="application/ld+json">{"@type": "BlogPosting",
              "author": ["Jane Roe", {"name": "John Doe"}]}</script></body></html>"#;
        let meta = page_meta(&Document::from(html));
        assert_eq!(meta.title.as_deref(), Some("Storm hits"));
        assert_eq!(
            meta.author.as_deref(),
            Some("Jane Roe; John Doe"),
            "not the author's URL"
        );
        assert_eq!(meta.url.as_deref(), Some("https://daily.example/storm"));
        assert_eq!((meta.sitename, meta.lang), (None, None));
    }
}
