//! Plain-text articles: an optional header line ` date YYYY-MM[-DD] [URL or
//! title]`, then the article (its first non-empty line is the title when the
//! header gives none).

use std::path::Path;

use pipeline::RawDoc;

/// Parses a text file into a raw document.
pub(crate) fn parse(path: &Path, text: &str) -> RawDoc {
    let mut doc = RawDoc {
        id: crate::stem(path),
        path: path.display().to_string(),
        ..RawDoc::default()
    };
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match header(first) {
        Some((date, tail)) => {
            doc.date = Some(date.to_string());
            match tail {
                Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                    doc.url = Some(url.to_string());
                }
                Some(title) => doc.title = Some(title.to_string()),
                None => {}
            }
            doc.text = rest.to_string();
        }
        None => doc.text = text.to_string(),
    }
    doc
}

/// ` date 2021-12 https://…` → ("2021-12", Some("https://…")).
fn header(line: &str) -> Option<(&str, Option<&str>)> {
    let rest = line.trim().strip_prefix("date")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let (date, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let looks_like_date = date.len() >= 7
        && date.chars().all(|c| c.is_ascii_digit() || c == '-')
        && date.as_bytes()[4] == b'-';
    looks_like_date.then(|| {
        let tail = tail.trim();
        (date, (!tail.is_empty()).then_some(tail))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        text: &str,
        date: Option<&str>,
        url: Option<&str>,
        title: Option<&str>,
        body_start: &str,
    ) {
        let doc = parse(Path::new("dir/000_x.txt"), text);
        assert_eq!(doc.id, "000_x");
        assert_eq!(doc.date.as_deref(), date);
        assert_eq!(doc.url.as_deref(), url);
        assert_eq!(doc.title.as_deref(), title);
        assert!(doc.text.starts_with(body_start), "{:?}", doc.text);
    }

    #[test]
    fn headers() {
        check(
            " date 2021-12 https://fr.example/a.html\n\nTitre\n",
            Some("2021-12"),
            Some("https://fr.example/a.html"),
            None,
            "\nTitre",
        );
        check(
            " date 2021-12 Crise en Ukraine : Biden\n\nLe président",
            Some("2021-12"),
            None,
            Some("Crise en Ukraine : Biden"),
            "\nLe président",
        );
        check(
            " date 2025-03-03\nBody",
            Some("2025-03-03"),
            None,
            None,
            "Body",
        );
        check(
            "Discussion sérieuse\n\nLe président",
            None,
            None,
            None,
            "Discussion",
        );
        check(
            "date of the talks was moved\nBody",
            None,
            None,
            None,
            "date of",
        );
    }
}
