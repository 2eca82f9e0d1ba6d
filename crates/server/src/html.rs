//! Building HTML as strings: every piece of text from an article goes
//! through [`esc`] (or [`attr`]), and the page frame is one function.

use std::fmt::Write;

/// Text escaped for an element's content or a quoted attribute value.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value for a URL's query or path segment, percent-encoded.
pub(crate) fn url_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// An escaped attribute value (the same rules as element content).
pub(crate) fn attr(text: &str) -> String {
    esc(text)
}

/// A whole page: head with the embedded stylesheet and script (no
/// third-party host is ever named), the site's header with a search box,
/// then `body`.
pub(crate) fn page(title: &str, query: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Storyline</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header class="site">
<a class="brand" href="/">Storyline</a>
<nav><a href="/">Stories</a> <a href="/search">Search</a></nav>
<form class="quick" action="/search" method="get" role="search">
<input type="search" name="q" value="{query}" placeholder="Search articles" aria-label="Search articles">
<button type="submit">Search</button>
</form>
</header>
<main>
{body}
</main>
<footer>Storyline · <a href="/api/openapi.json">API</a></footer>
</body>
</html>
"#,
        title = esc(title),
        query = attr(query),
    )
}

/// `2021-12-30`, `2021-12-07 – 2021-12-30`, or `undated`.
pub(crate) fn span(start: &Option<String>, end: &Option<String>) -> String {
    match (start, end) {
        (Some(s), Some(e)) if s != e => format!("{} – {}", esc(s), esc(e)),
        (Some(s), _) => esc(s),
        _ => "undated".into(),
    }
}

/// "1 article", "3 articles".
pub(crate) fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(url_part("a b/é?&"), "a%20b%2F%C3%A9%3F%26");
    }
}
