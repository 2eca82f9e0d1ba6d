//! Our own reader of a news page's body, in one walk over the parsed page:
//! the text is cut into blocks (paragraphs, list items, headings, cells),
//! each block's score goes to the elements above it, the best-scored
//! element is the article, and its blocks, less those that are mostly
//! links, are the body. Subtrees that are never the article are skipped as
//! the walk meets them: by tag (`nav`, `aside`, `footer`, `form`, captions),
//! by a boilerplate class or id (`sidebar`, `related`, `share`, `comment`,
//! `newsletter`), or hidden.
//!
//! It answers only when the page is plain (a clear article element holding
//! most of the page's running text); otherwise the caller asks
//! rs-trafilatura, which is slower and handles more layouts.

use std::sync::LazyLock;

use dom_query::{Document, NodeData, NodeId, NodeRef};
use fnv::{FnvHashMap, FnvHashSet};
use regex::Regex;

/// Tags whose whole subtree is never article text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "nav",
    "aside",
    "footer",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "label",
    "figcaption",
    "figure",
    "header",
    "h1",
    "head",
    "title",
    "menu",
    "dialog",
];

/// Tags that begin a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "body",
    "center",
    "address",
    "hr",
    "details",
    "summary",
];

/// Words that mark what is never the article when a class or id name
/// begins or ends with one (`related-stories`, `article-sidebar`, `ad`), and
/// not when it only holds one inside (`non-ad-column`,
/// `elementor-widget-wrap`: layout names). `hidden-xs`, `hidden-sm`: what
/// small screens do without is never the article either.
static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(ad|ads|adv|advert|advertisement|banner|breadcrumbs?|comments?|community|disqus|footer|gdpr|cookies?|menu|related|recommended|replies|rss|shoutbox|sidebar|skyscraper|social|sponsored|share|sharing|newsletter|subscribe|subscription|promo|promotion|widget|popup|modal|pagination|pager|outbrain|taboola|trending|popular|toolbar|navbar|nav|navigation|masthead|byline|bio|tags?|topics|hidden|caption|credits?|signup|paywall)$",
    )
    .expect("a valid pattern")
});

/// Names that mark a list of other stories wherever they are in a class or
/// id (`ul.more-stories`, `div.most-popular-box`).
static OTHER_STORIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)more-?stories|most-?popular|most-?read|related").expect("a valid pattern")
});

/// Whole class names that hide an element from every reader.
const HIDDEN_CLASSES: &[&str] = &["hidden", "visually-hidden", "sr-only", "screen-reader-text"];

/// Whether a class or id list marks what is never the article.
fn is_unlikely(marks: &str) -> bool {
    marks.split_whitespace().any(|name| {
        if HIDDEN_CLASSES.contains(&name) || OTHER_STORIES.is_match(name) {
            return true;
        }
        let mut parts = name.split(['-', '_']).filter(|p| !p.is_empty());
        let first = parts.next().unwrap_or_default();
        let last = parts.next_back().unwrap_or_default();
        UNLIKELY.is_match(first) || UNLIKELY.is_match(last)
    })
}

/// A class or id that marks the article itself.
static LIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)article|body|content|entry|main|post|story|text|blog")
        .expect("a valid pattern")
});

/// One run of text between two block boundaries.
#[derive(Debug)]
struct Block {
    /// The innermost block element around the text.
    owner: NodeId,
    text: String,
    /// Letters and digits.
    chars: usize,
    /// Letters and digits inside links.
    link_chars: usize,
    commas: usize,
}

impl Block {
    fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars.max(1) as f64
    }
}

/// The body of the article of `doc`, one block a line, or `None` when the
/// page is not plain enough to be sure of it.
pub(super) fn article_body(doc: &Document) -> Option<String> {
    let root = doc.body().unwrap_or_else(|| doc.root());
    let Walk {
        blocks,
        parents,
        mut paragraphs,
        marked_body,
        articles,
    } = walk(root);
    // A block element with text of its own and no block inside (a `<div>`
    // used as a paragraph) is a paragraph too.
    let inner: FnvHashSet<NodeId> = parents.values().copied().collect();
    paragraphs.extend(
        blocks
            .iter()
            .map(|b| b.owner)
            .filter(|o| !inner.contains(o)),
    );
    let mut chosen = best_container(&blocks, &parents, &paragraphs, &articles)?;
    // The page's own mark of its article body (schema.org microdata) wins
    // over the scores when the best-scored element lies inside it: the
    // scores found a part of the article, the mark says where all of it is.
    if let Some(marked) = marked_body {
        if is_inside(chosen[0], &FnvHashSet::from_iter([marked]), &parents) {
            chosen = vec![marked];
        }
    }
    let chosen: FnvHashSet<NodeId> = chosen.into_iter().collect();
    let mut out = String::new();
    let mut kept_chars = 0;
    for block in &blocks {
        // A block mostly of links is a list of other stories, unless it
        // also has a sentence of its own (a linked headline, then what it
        // says: an item of a digest) and is not almost all links.
        let own_text = block.chars - block.link_chars;
        let density = block.link_density();
        let linked = density > 0.5 && !(own_text >= 60 && density <= 0.7);
        if !is_inside(block.owner, &chosen, &parents) || linked {
            continue;
        }
        kept_chars += block.chars;
        out.push_str(&block.text);
        out.push('\n');
    }
    // Confidence: enough text (300 letters: a short brief of some fifty
    // words), and most of the page's running text.
    let running: usize = blocks
        .iter()
        .filter(|b| b.chars >= 80 && b.link_density() < 0.25)
        .map(|b| b.chars)
        .sum();
    (kept_chars >= 300 && kept_chars * 10 >= running * 7).then(|| out.trim_end().to_string())
}

/// Whether `node` is one of `containers` or below one.
fn is_inside(
    node: NodeId,
    containers: &FnvHashSet<NodeId>,
    parents: &FnvHashMap<NodeId, NodeId>,
) -> bool {
    let mut at = Some(node);
    while let Some(id) = at {
        if containers.contains(&id) {
            return true;
        }
        at = parents.get(&id).copied();
    }
    false
}

/// The element judged the article, with the siblings that belong to it.
fn best_container(
    blocks: &[Block],
    parents: &FnvHashMap<NodeId, NodeId>,
    paragraphs: &FnvHashSet<NodeId>,
    articles: &[NodeId],
) -> Option<Vec<NodeId>> {
    let mut scores: FnvHashMap<NodeId, f64> = FnvHashMap::default();
    let mut totals: FnvHashMap<NodeId, (usize, usize)> = FnvHashMap::default();
    for block in blocks {
        let mut at = Some(block.owner);
        while let Some(id) = at {
            let t = totals.entry(id).or_default();
            t.0 += block.chars;
            t.1 += block.link_chars;
            at = parents.get(&id).copied();
        }
        if block.chars < 25 || block.link_density() > 0.33 {
            continue;
        }
        let score = 1.0 + block.commas as f64 + (block.chars as f64 / 100.0).min(3.0);
        let mut at = parents.get(&block.owner).copied();
        for level in 0..3 {
            let Some(id) = at else { break };
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                _ => 1.0 / (level as f64 * 3.0),
            };
            *scores.entry(id).or_default() += score * share;
            at = parents.get(&id).copied();
        }
    }
    let adjusted = |id: &NodeId| {
        let (all, linked) = totals.get(id).copied().unwrap_or_default();
        scores.get(id).copied().unwrap_or_default() * (1.0 - linked as f64 / all.max(1) as f64)
    };
    // An element holding two `<article>`s or more is a list of stories
    // (teasers of related posts), never the article.
    let mut nested: FnvHashMap<NodeId, usize> = FnvHashMap::default();
    for article in articles {
        let mut at = parents.get(article).copied();
        while let Some(id) = at {
            *nested.entry(id).or_default() += 1;
            at = parents.get(&id).copied();
        }
    }
    let is_listing = |id: &NodeId| nested.get(id).copied().unwrap_or_default() >= 2;
    let (top, top_score) = scores
        .keys()
        .filter(|id| !is_listing(id))
        .map(|id| (*id, adjusted(id)))
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    // The article may be cut in several sibling elements (paragraphs
    // grouped by an advertisement slot): siblings that score well enough,
    // or that are running text themselves, belong to it.
    let mut chosen = vec![top];
    if let Some(parent) = parents.get(&top) {
        let threshold = (top_score * 0.2).max(10.0);
        let mut siblings: Vec<NodeId> = parents
            .iter()
            .filter(|(child, p)| *p == parent && **child != top)
            .map(|(child, _)| *child)
            .collect();
        siblings.sort();
        for sibling in siblings {
            let (all, linked) = totals.get(&sibling).copied().unwrap_or_default();
            let density = linked as f64 / all.max(1) as f64;
            let running = paragraphs.contains(&sibling) && all > 80 && density < 0.25;
            if (adjusted(&sibling) >= threshold || running) && !is_listing(&sibling) {
                chosen.push(sibling);
            }
        }
    }
    Some(chosen)
}

/// What one walk over the page finds.
struct Walk {
    /// The blocks of text in page order.
    blocks: Vec<Block>,
    /// Each block element's nearest block element above it.
    parents: FnvHashMap<NodeId, NodeId>,
    /// The `<p>` elements.
    paragraphs: FnvHashSet<NodeId>,
    /// The first block element marked `itemprop="articleBody"`.
    marked_body: Option<NodeId>,
    /// The `<article>` elements.
    articles: Vec<NodeId>,
}

/// The blocks of text under `root`, with the shape of the block elements.
fn walk(root: NodeRef<'_>) -> Walk {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Leave { block: bool, link: bool },
    }
    let mut out = Vec::new();
    let mut parents = FnvHashMap::default();
    let mut paragraphs = FnvHashSet::default();
    let mut marked_body = None;
    let mut articles = Vec::new();
    let mut owners = vec![root.id];
    let mut links = 0usize;
    let mut current = Block {
        owner: root.id,
        text: String::new(),
        chars: 0,
        link_chars: 0,
        commas: 0,
    };
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave { block, link } => {
                if block {
                    flush(&mut current, &mut out, owners.last().copied());
                    owners.pop();
                }
                if link {
                    links -= 1;
                }
            }
            Step::Enter(node) => {
                let kind = node.query(|n| match &n.data {
                    NodeData::Text { contents } => Kind::Text(contents.to_string()),
                    NodeData::Element(e) => {
                        let name = &*e.name.local;
                        if SKIP_TAGS.contains(&name) {
                            return Kind::Skip;
                        }
                        let mut marks = String::new();
                        let mut article_body = false;
                        for attr in &e.attrs {
                            match &*attr.name.local {
                                "itemprop" => {
                                    article_body |=
                                        attr.value.split_whitespace().any(|v| v == "articleBody");
                                }
                                "hidden" => return Kind::Skip,
                                "aria-hidden" if &*attr.value == "true" => return Kind::Skip,
                                "style" if is_hidden_style(&attr.value) => return Kind::Skip,
                                "class" | "id" => {
                                    marks.push_str(&attr.value);
                                    marks.push(' ');
                                }
                                _ => {}
                            }
                        }
                        if name != "body"
                            && name != "article"
                            && name != "main"
                            && is_unlikely(&marks)
                            && !LIKELY.is_match(&marks)
                        {
                            return Kind::Skip;
                        }
                        Kind::Element {
                            article_body,
                            paragraph: name == "p",
                            article: name == "article",
                            block: BLOCK_TAGS.contains(&name),
                            link: name == "a",
                            br: name == "br",
                        }
                    }
                    NodeData::Document | NodeData::Fragment => Kind::Element {
                        article_body: false,
                        paragraph: false,
                        article: false,
                        block: true,
                        link: false,
                        br: false,
                    },
                    _ => Kind::Skip,
                });
                match kind {
                    None | Some(Kind::Skip) => {}
                    Some(Kind::Text(text)) => {
                        for c in text.chars() {
                            if c.is_alphanumeric() {
                                current.chars += 1;
                                if links > 0 {
                                    current.link_chars += 1;
                                }
                            } else if c == ',' || c == '，' || c == '、' {
                                current.commas += 1;
                            }
                        }
                        current.text.push_str(&text);
                    }
                    Some(Kind::Element {
                        article_body,
                        paragraph,
                        article,
                        block,
                        link,
                        br,
                    }) => {
                        if paragraph {
                            paragraphs.insert(node.id);
                        }
                        if article {
                            articles.push(node.id);
                        }
                        if article_body && block && marked_body.is_none() {
                            marked_body = Some(node.id);
                        }
                        if br {
                            flush(&mut current, &mut out, owners.last().copied());
                            continue;
                        }
                        if let Some(parent) = owners.last() {
                            if block && *parent != node.id {
                                parents.insert(node.id, *parent);
                            }
                        }
                        if block {
                            flush(&mut current, &mut out, owners.last().copied());
                            owners.push(node.id);
                        }
                        if link {
                            links += 1;
                        }
                        stack.push(Step::Leave { block, link });
                        let mut child = node.last_child();
                        while let Some(c) = child {
                            child = c.prev_sibling();
                            stack.push(Step::Enter(c));
                        }
                    }
                }
            }
        }
    }
    flush(&mut current, &mut out, owners.last().copied());
    Walk {
        blocks: out,
        parents,
        paragraphs,
        marked_body,
        articles,
    }
}

enum Kind {
    Text(String),
    Element {
        article_body: bool,
        paragraph: bool,
        article: bool,
        block: bool,
        link: bool,
        br: bool,
    },
    Skip,
}

/// Ends the current block: kept when it holds a letter or digit.
fn flush(current: &mut Block, out: &mut Vec<Block>, owner: Option<NodeId>) {
    if current.chars > 0 {
        let text = current
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Block {
            owner: owner.unwrap_or(current.owner),
            text,
            chars: current.chars,
            link_chars: current.link_chars,
            commas: current.commas,
        });
    }
    current.text.clear();
    current.chars = 0;
    current.link_chars = 0;
    current.commas = 0;
}

fn is_hidden_style(style: &str) -> bool {
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    style.contains("display:none") || style.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of pages, well and badly formed, put together at random.
    const PIECES: &[&str] = &[
        "<body>", "</body>", "<article>", "</article>", "<div class=\"related-x\">", "<div itemprop=articleBody>",
        "<div>", "</div>", "<p>", "</p>", "<a href=/x>", "</a>", "<br>", "<li>", "<ul>", "</ul>",
        "<section hidden>", "<script>var p = '<p>';</script>", "<h2>", "</h2>", "<table><tr><td>",
        "The storm, officials said on Monday, was worse than feared, and crews worked through the night. ",
        "Flood, ", "&amp; ", "<", ">", "\u{0}", "é", "<p style=\"display:none\">",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the page, no panic; a body given has text on every line.
        #[test]
        fn any_page_gives_a_body_with_text_or_none(
            picks in proptest::collection::vec(0..PIECES.len(), 0..120),
        ) {
            let html: String = picks.iter().map(|&i| PIECES[i]).collect();
            if let Some(body) = article_body(&Document::from(html.as_str())) {
                prop_assert!(body.lines().all(|l| l.chars().any(char::is_alphanumeric)), "{body:?} from {html}");
            }
        }
    }

    /// Running text of `n` sentences about `topic`.
    fn para(topic: &str, n: usize) -> String {
        (0..n)
            .map(|i| format!("The {topic}, officials said on day {i}, was worse than feared, and crews worked on."))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn body(html: &str) -> Option<String> {
        article_body(&Document::from(html))
    }

    #[test]
    fn the_article_is_kept_and_the_page_around_it_dropped() {
        let html = format!(
            "<html><body><header><a href=/>Home</a> <a href=/world>World</a></header>\
             <nav><ul><li><a href=/a>Politics</a></li><li><a href=/b>Sport</a></li></ul></nav>\
             <div class=layout><article><h1>Storm hits the coast</h1>\
             <p>{}</p><p>{}</p><h2>What comes next</h2><p>{}</p></article>\
             <aside><p>{}</p></aside>\
             <div class=related-stories><p>{}</p></div></div>\
             <footer><p>Copyright 2021, The Daily, all rights reserved, in every country.</p></footer>\
             </body></html>",
            para("storm", 3),
            para("flood", 2),
            para("rebuild", 2),
            para("sidebar", 2),
            para("other story", 2)
        );
        let body = body(&html).expect("a plain article");
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(lines.len(), 4, "{body}");
        assert!(lines[0].starts_with("The storm") && lines[2] == "What comes next");
        assert!(!body.contains("sidebar") && !body.contains("other story"));
        assert!(!body.contains("Home") && !body.contains("Copyright"));
        assert!(
            !body.contains("Storm hits the coast"),
            "the headline is the title's"
        );
    }

    #[test]
    fn paragraphs_split_by_an_ad_slot_stay_together() {
        // A group of paragraphs (`<div>`s used as paragraphs), an ad, and
        // the last paragraph after it.
        let html = format!(
            "<body><div id=story><div class=part><div class=para>{}</div><div class=para>{}</div></div>\
             <div class=ad-slot><a href=/ad>Buy now</a></div>\
             <div class=para>{}</div></div></body>",
            para("storm", 3),
            para("flood", 3),
            para("rebuild", 2)
        );
        let body = body(&html).expect("a plain article");
        assert_eq!(body.lines().count(), 3, "{body}");
        assert!(body.contains("rebuild") && !body.contains("Buy now"));
    }

    #[test]
    fn link_lists_share_boxes_and_hidden_text_inside_the_article_go() {
        let html = format!(
            "<body><article><p>{}</p>\
             <p><a href=/1>Floods in the north: what we know so far</a></p>\
             <div class=share-buttons><p>Share this story with your friends, family and colleagues today</p></div>\
             <p style='display: none'>{}</p><div hidden>{}</div>\
             <figure><img src=x.jpg><figcaption>The harbour on Monday, photographed by a reader</figcaption></figure>\
             <p>{}</p></article></body>",
            para("storm", 4),
            para("hidden", 1),
            para("secret", 1),
            para("flood", 4)
        );
        let body = body(&html).expect("a plain article");
        assert_eq!(body.lines().count(), 2, "{body}");
        for gone in [
            "Floods in the north",
            "Share this",
            "hidden",
            "secret",
            "harbour",
        ] {
            assert!(!body.contains(gone), "{gone} in {body}");
        }
    }

    #[test]
    fn the_marked_article_body_is_taken_whole() {
        // The scores alone pick the first block; the mark takes all three.
        let html = format!(
            "<body><div itemprop=articleBody><div class=block><div class=text><p>{}</p><p>{}</p></div></div>\
             <div class=block><div class=text><p>{}</p></div></div></div>\
             <div class=comments-box><p>{}</p></div></body>",
            para("storm", 4),
            para("flood", 4),
            para("rebuild", 2),
            para("comment", 2)
        );
        let body = body(&html).expect("a plain article");
        assert_eq!(body.lines().count(), 3, "{body}");
        assert!(body.contains("rebuild") && !body.contains("comment"));
    }

    #[test]
    fn a_linked_headline_with_a_sentence_of_its_own_stays() {
        let item = |i: usize| {
            format!(
                "<li><strong><a href=/{i}>Ousted chief executive of the office sharing company can still name directors to the board, number {i}</a>.</strong> \
                 He can still influence the company through its board, according to a report.</li>"
            )
        };
        let html = format!(
            "<body><article><p>{}</p><ul>{}{}</ul><ul><li><a href=/x>Floods in the north: what we know</a> and more</li></ul></article></body>",
            para("storm", 4),
            item(1),
            item(2)
        );
        let body = body(&html).expect("a plain article");
        assert_eq!(body.lines().count(), 3, "{body}");
        assert!(!body.contains("Floods in the north"));
    }

    #[test]
    fn a_list_of_article_teasers_is_never_the_article() {
        // The teasers outweigh the one paragraph of the article, but they
        // are `<article>`s inside one element: a list of stories.
        let teasers: String = (0..16)
            .map(|i| {
                format!(
                    "<article><h3>Teaser {i}</h3><p>{}</p></article>",
                    para("teaser", 1)
                )
            })
            .collect();
        let html = format!(
            "<body><article><p>{}</p></article><section>{teasers}</section></body>",
            para("storm", 8)
        );
        let body = body(&html).expect("a plain article");
        assert!(
            body.starts_with("The storm") && !body.contains("teaser"),
            "{body}"
        );
    }

    #[test]
    fn boilerplate_names_are_read_at_the_ends_of_a_class() {
        for name in [
            "related-stories",
            "article-sidebar",
            "ad",
            "share_buttons",
            "comment-list",
            "hidden-xs",
            "sr-only",
            "ul more-stories",
            "box most-popular-box",
            "places-tag",
        ] {
            assert!(is_unlikely(name), "{name}");
        }
        for name in [
            "non-ad-column",
            "elementor-widget-wrap",
            "m-advertisement-off-canvas--pusher",
            "Page-ad-margins",
            "story-body",
            "",
        ] {
            assert!(!is_unlikely(name), "{name}");
        }
    }

    #[test]
    fn pages_that_are_not_plain_articles_are_left_to_the_fallback() {
        // Too little text.
        assert_eq!(
            body("<body><article><p>Short news item.</p></article></body>"),
            None
        );
        // A listing: headlines as links, no running text.
        let list: String = (0..30)
            .map(|i| {
                format!(
                    "<li><a href=/{i}>Headline number {i} about the storm and the flood</a></li>"
                )
            })
            .collect();
        assert_eq!(body(&format!("<body><ul>{list}</ul></body>")), None);
        // Running text spread over two far apart parts of the page: the best
        // container holds too little of it to be sure.
        let html = format!(
            "<body><div><div><p>{}</p></div></div><table><tr><td><span>{}</span></td></tr></table></body>",
            para("storm", 6),
            para("flood", 6)
        );
        assert_eq!(body(&html), None);
    }
}
