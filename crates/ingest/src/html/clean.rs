//! What rs-trafilatura keeps that a news body does not want: paragraphs and
//! list items that are links and little else (related articles, "more on
//! this" lists, promoted headlines between paragraphs). They are found in the
//! HTML of the extracted content and their lines dropped from its text.

use dom_query::Document;

/// Blocks whose share of link text is judged.
const BLOCKS: &str = "p, li";

/// From this share of its letters inside links, a block is a link block.
const LINK_SHARE: f64 = 0.75;

/// `text` (rs-trafilatura's text of the content, one block a line) without
/// the lines of the link blocks of `html` (the same content as HTML).
pub(super) fn drop_link_blocks(text: &str, html: &str) -> String {
    let blocks = link_blocks(html);
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            let key = words(line);
            // A line may be a whole link block or one line of it (a block
            // broken by <br>); a short line must match a block whole, so a
            // word or two of the article is never taken for part of a list.
            key.is_empty()
                || !blocks.iter().any(|block| {
                    *block == key
                        || (key.split(' ').count() >= 3
                            && format!(" {block} ").contains(&format!(" {key} ")))
                })
        })
        .collect();
    kept.join("\n").trim().to_string()
}

/// The word keys of the blocks of `html` that are mostly link text.
fn link_blocks(html: &str) -> Vec<String> {
    let doc = Document::fragment(html);
    let mut out = Vec::new();
    for node in doc.select(BLOCKS).nodes() {
        let all = letters(&node.text());
        if all == 0 {
            continue;
        }
        let linked: usize = dom_query::Selection::from(*node)
            .select("a")
            .nodes()
            .iter()
            .map(|a| letters(&a.text()))
            .sum();
        if linked as f64 >= LINK_SHARE * all as f64 {
            let key = words(&node.text());
            if !key.is_empty() {
                out.push(key);
            }
        }
    }
    out
}

/// Undoes UTF-8 read as Latin-1 ("â\u{80}\u{94}" for "—"): each run of
/// characters from U+0080 to U+00FF that holds a C1 control character
/// (never in real text) is re-read as the UTF-8 it was, when it is valid
/// UTF-8. Pages get this from structured data encoded twice.
pub(super) fn repair_mojibake(text: &str) -> String {
    if !text.chars().any(is_c1) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        let bytes: Vec<u8> = run.iter().map(|&c| u32::from(c) as u8).collect();
        match String::from_utf8(bytes) {
            Ok(fixed) if run.iter().any(|&c| is_c1(c)) => out.push_str(&fixed),
            _ => out.extend(run.iter()),
        }
        run.clear();
    };
    for c in text.chars() {
        if ('\u{80}'..='\u{ff}').contains(&c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// The words of a text joined by single spaces: a key that ignores spacing
/// and punctuation, which differ between the HTML and the extracted text.
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_paragraphs_and_lists_go_the_article_stays() {
        let html = "<div><p>The storm hit the coast on <a>Monday</a> night, officials said.</p>\
            <p><strong><a>STORM LEAVES THOUSANDS WITHOUT POWER</a></strong></p>\
            <p>One fisherman died when his boat capsized.</p>\
            <ul><li><a>Floods in the north: what we know</a></li><li><a>Ferry services cancelled</a> [VIDEO]</li></ul>\
            <p>Rescue teams worked through the night.</p></div>";
        let text = "The storm hit the coast on Monday night, officials said.\n\
            STORM LEAVES THOUSANDS WITHOUT POWER\n\
            One fisherman died when his boat capsized.\n\
            Floods in the north: what we know\n\
            Ferry services cancelled [VIDEO]\n\
            Rescue teams worked through the night.";
        assert_eq!(
            drop_link_blocks(text, html),
            "The storm hit the coast on Monday night, officials said.\n\
             One fisherman died when his boat capsized.\n\
             Rescue teams worked through the night."
        );
    }

    #[test]
    fn lines_of_a_block_broken_by_br_go_one_by_one() {
        let html = "<p>Police arrested a man on Tuesday after the attack in the city centre.</p>\
            <p><a>China furious at Macron over protest jibe</a> [INSIGHT]<br>\
            <a>NBA makes final decision on game amid turmoil</a> [VIDEO]</p>";
        let text = "Police arrested a man on Tuesday after the attack in the city centre.\n\
            China furious at Macron over protest jibe [INSIGHT]\n\
            NBA makes final decision on game amid turmoil [VIDEO]";
        assert_eq!(
            drop_link_blocks(text, html),
            "Police arrested a man on Tuesday after the attack in the city centre."
        );
    }

    #[test]
    fn text_encoded_twice_is_repaired() {
        let twice = "Bolton \u{e2}\u{80}\u{94} Morrison\u{e2}\u{80}\u{99}s supervisor";
        assert_eq!(repair_mojibake(twice), "Bolton — Morrison’s supervisor");
        // Real Latin-1 text and text beyond Latin-1 stay as they are.
        assert_eq!(repair_mojibake("Café déjà vu"), "Café déjà vu");
        assert_eq!(repair_mojibake("a\u{85}b — c"), "a\u{85}b — c");
        assert_eq!(
            repair_mojibake("\u{a0}x \u{e2}\u{80}\u{94} é"),
            "\u{a0}x — é"
        );
    }

    #[test]
    fn a_short_line_is_not_dropped_for_appearing_inside_a_list() {
        let html = "<p>Yes.</p><ul><li><a>Yes or no: the vote explained</a></li></ul>";
        assert_eq!(
            drop_link_blocks("Yes.\nYes or no: the vote explained", html),
            "Yes."
        );
    }
}
