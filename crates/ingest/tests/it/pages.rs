//! HTML pages: a folder of malformed pages gives one error naming each page,
//! never a panic nor a hang, and the pages beside them are still read.

use std::fs;

/// An article of six distinct sentences, in four paragraphs.
fn article_html() -> String {
    let sentences = [
        "The storm hit the harbour on Monday night, officials said.",
        "One fisherman died when his boat capsized near the breakwater.",
        "Rescue teams searched the coast until dawn, the coastguard reported.",
        "The mayor asked residents to stay home while the wind was still strong.",
        "Schools in the port town will stay closed on Tuesday, the council said.",
        "Forecasters expect calmer weather by the end of the week.",
    ];
    (0..4)
        .map(|i| {
            let mut turned = sentences.to_vec();
            turned.rotate_left(i);
            format!("<p>{}</p>", turned.join(" "))
        })
        .collect()
}

/// `inner` inside `depth` nested `<div>`s.
fn nested(depth: usize, inner: &str) -> String {
    format!(
        "<html><head><title>Storm</title></head><body>{}{inner}{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    )
}

/// Malformed pages, each with the start of the error it must give.
fn malformed() -> crate::Malformed {
    vec![
        ("empty.html", Vec::new(), "empty page"),
        ("blank.htm", b" \n\t ".to_vec(), "empty page"),
        (
            "binary.html",
            b"\x7fELF\x02\x01\x01\0\0\0\x89PNG\r\n\x1a\n".to_vec(),
            "binary data",
        ),
        (
            "broken.html.gz",
            b"not gzip at all".to_vec(),
            "not valid gzip",
        ),
        (
            "menu.html",
            b"<html><body><nav><a href=\"/\">Home</a> <a href=\"/w\">World</a></nav>\
              <footer>\xc2\xa9 2024</footer></body></html>"
                .to_vec(),
            "no article text in the page",
        ),
        // Browsers stop nesting at a few hundred levels; a page nested
        // tens of thousands deep is an attack on the parser, and the
        // readers' tree walks grew with its square.
        (
            "deep.html",
            nested(50_000, "x").into_bytes(),
            "the page nests its elements too deeply",
        ),
    ]
}

#[test]
fn a_folder_of_malformed_pages_gives_one_error_each() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.html"), nested(3, &article_html())).unwrap();
    let inputs = crate::read_with_one_error_each(dir.path(), &malformed());
    let ids: Vec<&str> = inputs.iter().map(|i| i.doc.id.as_str()).collect();
    assert_eq!(ids, ["good"]);
}

#[test]
fn an_article_nested_a_few_hundred_deep_is_read() {
    let page =
        ingest::extract_html(nested(400, &article_html()).as_bytes(), None).expect("an article");
    assert!(
        page.body.starts_with("The storm hit the harbour"),
        "{}",
        page.body
    );
}
