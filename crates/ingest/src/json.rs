//! JSON and JSON Lines articles, with the field names news tools commonly use
//! (news-please, newspaper, RSS-to-JSON exports).

use std::path::Path;

use pipeline::RawDoc;
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::{Error, Input, Options};

const TITLE: &[&str] = &["title", "headline", "title_page", "title_rss"];
const TEXT: &[&str] = &[
    "text",
    "body",
    "content",
    "maintext",
    "article",
    "description",
];
const DATE: &[&str] = &[
    "date",
    "published",
    "date_publish",
    "datePublished",
    "published_at",
    "pubDate",
    "publish_date",
];
const URL: &[&str] = &["url", "link", "canonical_url"];
const SOURCE: &[&str] = &["source", "source_domain", "outlet", "site_name", "domain"];
const LANG: &[&str] = &["lang", "language"];

/// A whole-file JSON document: one article object (id: the file stem) or an
/// array of them (id: their `id` field, else stem and position).
pub(crate) fn parse_document(
    path: &Path,
    text: &str,
    options: &Options,
) -> Vec<Result<Input, Error>> {
    let error = |line: usize, message: String| Error::Json {
        path: path.to_path_buf(),
        line,
        message,
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => vec![article(path, &object, crate::stem(path), None, options)],
        Ok(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(object) => {
                    let id = id_field(object)
                        .unwrap_or_else(|| format!("{}:{}", crate::stem(path), i + 1));
                    article(path, object, id, None, options)
                }
                _ => Err(error(1, format!("element {} is not an object", i + 1))),
            })
            .collect(),
        Ok(_) => vec![Err(error(
            1,
            "expected an article object or an array of them".into(),
        ))],
        Err(e) => vec![Err(error(e.line(), format!("invalid JSON: {e}")))],
    }
}

/// JSON Lines: one article object a line (id: its `id` field, else stem and
/// line number); blank lines are skipped. A line that is not UTF-8 is an
/// error of its own, as one that is not JSON: the other lines are still
/// read. The lines are decoded and parsed in parallel: a corpus often comes
/// as one big file, which would otherwise keep one core busy while the
/// others wait for its articles.
/// The text comes in pieces, each but the last ending at a line break.
pub(crate) fn parse_lines<const N: usize>(
    path: &Path,
    pieces: [&[u8]; N],
    options: &Options,
) -> Vec<Result<Input, Error>> {
    let mut lines: Vec<(usize, &[u8])> = Vec::new();
    for (i, piece) in pieces.into_iter().enumerate() {
        let piece = if i == 0 {
            piece.strip_prefix("\u{feff}".as_bytes()).unwrap_or(piece)
        } else {
            piece
        };
        // A piece's final line break ends its last line; a next piece
        // starts a line of its own.
        let piece = if i + 1 < N {
            piece.strip_suffix(b"\n").unwrap_or(piece)
        } else {
            piece
        };
        if piece.is_empty() && i > 0 {
            continue;
        }
        let first = lines.len();
        lines.extend(
            piece
                .split(|&b| b == b'\n')
                .enumerate()
                .map(|(n, line)| (first + n, line)),
        );
    }
    lines
        .into_par_iter()
        .filter_map(|(i, line)| {
            let n = i + 1;
            let error = |message| {
                Some(Err(Error::Json {
                    path: path.to_path_buf(),
                    line: n,
                    message,
                }))
            };
            let line = match std::str::from_utf8(line) {
                Ok(line) if line.trim().is_empty() => return None,
                Ok(line) => line,
                Err(e) => {
                    let at = e.valid_up_to() + 1;
                    return error(format!("not valid UTF-8 (first bad byte at column {at})"));
                }
            };
            match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(object)) => {
                    let id =
                        id_field(&object).unwrap_or_else(|| format!("{}:{n}", crate::stem(path)));
                    Some(article(path, &object, id, Some(n), options))
                }
                Ok(_) => error("not a JSON object".into()),
                Err(e) => error(format!("invalid JSON: {e}")),
            }
        })
        .collect()
}

/// One article object; `line` is its line in a JSON Lines file.
fn article(
    path: &Path,
    object: &Map<String, Value>,
    id: String,
    line: Option<usize>,
    options: &Options,
) -> Result<Input, Error> {
    let Some(text) = first_text(object, TEXT) else {
        return Err(Error::Json {
            path: path.to_path_buf(),
            line: line.unwrap_or(1),
            message: "no article text (expected a `text`, `body` or `content` field)".into(),
        });
    };
    let shown = match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    };
    let doc = RawDoc {
        id,
        path: shown,
        title: first_text(object, TITLE),
        text,
        date: first_text(object, DATE),
        url: first_text(object, URL),
        source: first_text(object, SOURCE),
        lang: first_text(object, LANG),
    };
    let label = options
        .label_field
        .as_deref()
        .and_then(|field| lookup(object, field))
        .and_then(scalar);
    Ok(Input { doc, label })
}

/// The first of `keys` holding a non-empty string (or, for a source, an object
/// with a `name`).
fn first_text(object: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match object.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
        _ => None,
    })
}

fn id_field(object: &Map<String, Value>) -> Option<String> {
    object.get("id").and_then(scalar)
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The value at a dotted path: `newsCluster.EventId`.
fn lookup<'v>(object: &'v Map<String, Value>, dotted: &str) -> Option<&'v Value> {
    let mut parts = dotted.split('.');
    let mut value = object.get(parts.next()?)?;
    for part in parts {
        value = value.as_object()?.get(part)?;
    }
    Some(value)
}

/// Articles sent as JSON (an HTTP request's body, already parsed): one
/// article object or an array of them. Each article's id is its `id` field,
/// else `ORIGIN:N` (its position, from 1); errors name `origin` and the
/// position as their line.
pub fn from_value(origin: &str, value: &Value) -> Vec<Result<Input, Error>> {
    let path = Path::new(origin);
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(object) => {
                let id = id_field(object).unwrap_or_else(|| format!("{origin}:{}", i + 1));
                article(path, object, id, Some(i + 1), &Options::default())
            }
            _ => Err(Error::Json {
                path: path.to_path_buf(),
                line: i + 1,
                message: "not an article object".into(),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(field: &str) -> Options {
        Options {
            label_field: Some(field.into()),
        }
    }

    #[test]
    fn a_news_please_object() {
        let text = r#"{"title": "T", "text": "Body", "date_publish": "2017-09-15T00:00:00", "url": "http://a.example/x",
                       "source_domain": "a.example", "language": null, "newsCluster": {"EventId": 70}}"#;
        let got = parse_document(
            Path::new("d/abc.json"),
            text,
            &options("newsCluster.EventId"),
        );
        let input = got
            .into_iter()
            .next()
            .and_then(Result::ok)
            .expect("one article");
        assert_eq!(input.doc.id, "abc");
        assert_eq!(input.doc.date.as_deref(), Some("2017-09-15T00:00:00"));
        assert_eq!(input.doc.source.as_deref(), Some("a.example"));
        assert_eq!(input.doc.lang, None);
        assert_eq!(input.label.as_deref(), Some("70"));
    }

    #[test]
    fn json_lines_with_and_without_ids() {
        let mut text = b"\xef\xbb\xbf{\"id\": \"w1\", \"body\": \"B\"}\n\n{\"content\": \"C\", \"source\": {\"name\": \"Le Monde\"}}\r\nnot json\n[1]\n{\"title\": \"no text\"}\n".to_vec();
        text.extend_from_slice(
            b"{\"id\": \"bad\", \"body\": \"caf\xe9\"}\n \t\n{\"id\": \"w8\", \"body\": \"D\"}",
        );
        let got = parse_lines(Path::new("wire.jsonl"), [&text], &Options::default());
        assert_eq!(got.len(), 7);
        assert_eq!(got[6].as_ref().map(|i| i.doc.id.as_str()).ok(), Some("w8"));
        assert_eq!(got[0].as_ref().map(|i| i.doc.id.as_str()).ok(), Some("w1"));
        let second = got[1].as_ref().expect("second");
        assert_eq!(
            (second.doc.id.as_str(), second.doc.path.as_str()),
            ("wire:3", "wire.jsonl:3")
        );
        assert_eq!(second.doc.source.as_deref(), Some("Le Monde"));
        let errors: Vec<String> = got[2..]
            .iter()
            .map(|r| {
                r.as_ref()
                    .err()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            })
            .collect();
        assert!(
            errors[0].starts_with("wire.jsonl:4: invalid JSON"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[1], "wire.jsonl:5: not a JSON object");
        assert!(
            errors[2].starts_with("wire.jsonl:6: no article text"),
            "{}",
            errors[2]
        );
        assert!(
            errors[3].starts_with("wire.jsonl:7: not valid UTF-8 (first bad byte at column 27)"),
            "{}",
            errors[3]
        );
    }

    #[test]
    fn arrays_and_garbage() {
        let got = parse_document(
            Path::new("b.json"),
            r#"[{"text": "x"}, 3]"#,
            &Options::default(),
        );
        assert_eq!(got[0].as_ref().map(|i| i.doc.id.as_str()).ok(), Some("b:1"));
        assert!(got[1].is_err());
        assert!(parse_document(Path::new("c.json"), "{oops", &Options::default())[0].is_err());
        assert!(parse_document(Path::new("c.json"), "42", &Options::default())[0].is_err());
    }

    #[test]
    fn values_from_a_request() {
        let value: Value = serde_json::from_str(
            r#"[{"id": "a", "title": "T", "text": "Body."}, {"text": "Other."}, 3, {"title": "no text"}]"#,
        )
        .unwrap();
        let read = from_value("request", &value);
        assert_eq!(read.len(), 4);
        assert_eq!(read[0].as_ref().unwrap().doc.id, "a");
        assert_eq!(read[1].as_ref().unwrap().doc.id, "request:2");
        assert!(read[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("request:3: not an article object"));
        assert!(read[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("no article text"));
        let one: Value = serde_json::from_str(r#"{"text": "Alone."}"#).unwrap();
        assert_eq!(
            from_value("request", &one)[0].as_ref().unwrap().doc.id,
            "request:1"
        );
    }
}
