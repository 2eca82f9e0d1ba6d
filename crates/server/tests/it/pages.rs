//! The web page: every view has a URL, renders without JS, marks the
//! figures' statuses in words, and escapes every text from articles.

use serde_json::json;

use crate::{call_event, get, request, seeded, start};

#[test]
fn story_list_event_page_and_search() {
    let tmp = seeded();
    // The sample corpus too: several stories to order.
    let samples = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/articles"
    ));
    crate::ingest(&tmp.path().join("data"), &[samples.to_path_buf()]);
    let server = start(&tmp.path().join("data"), |_| {});
    let home = get(server.addr, "/");
    assert_eq!(home.status, 200);
    assert!(home
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = home.text();
    assert!(html.contains("<ol class=\"timeline\">"), "{html}");
    assert!(html.contains("href=\"/stories/s"), "{html}");
    // No resource from anywhere else.
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );

    // Latest stories first.
    let newest = get(server.addr, "/api/stories?order=newest&limit=1").json();
    assert!(newest["total"].as_u64().unwrap() > 2);
    assert_ne!(
        newest["items"][0]["id"],
        get(server.addr, "/api/stories?limit=1").json()["items"][0]["id"]
    );
    let first = format!(
        "href=\"/stories/{}\"",
        newest["items"][0]["id"].as_str().unwrap()
    );
    let stories_at = html.find("<section class=\"story\"").expect("a story");
    assert!(
        html[stories_at..].starts_with(&format!(
            "<section class=\"story\" id=\"{}\"",
            newest["items"][0]["id"].as_str().unwrap()
        )),
        "{first}"
    );
    let id = call_event(server.addr);
    assert!(html.contains(&format!("href=\"/events/{id}\"")), "{html}");
    let event = get(server.addr, &format!("/events/{id}"));
    assert_eq!(event.status, 200);
    let html = event.text();
    for part in [
        "id=\"summary\"",
        "id=\"outlets\"",
        "id=\"figures-table\"",
        "id=\"quotes\"",
        "class=\"columns\"",
    ] {
        assert!(html.contains(part), "{part} missing");
    }
    // The troop figures, in conflict, said in words as well as colour.
    let row = html
        .split("<tr class=\"fact ")
        .find(|r| r.contains("soldiers"))
        .expect("a row for the soldiers");
    assert!(row.starts_with("status-conflict"), "{row}");
    assert!(row.contains("⚠ conflict"), "{row}");
    assert!(
        row.contains("100,000") && row.contains("60,000–90,000"),
        "{row}"
    );
    // Copies fold under their original; quotes are grouped by speaker.
    assert!(html.contains("<div class=\"speaker\">\n<h3>"), "{html}");

    let story = get(server.addr, &format!("/api/events/{id}")).json()["story"]
        .as_str()
        .unwrap()
        .to_string();
    let page = get(server.addr, &format!("/stories/{story}"));
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&format!("href=\"/events/{id}\"")));
    let search = get(
        server.addr,
        "/search?q=Poutine&lang=fr&since=&until=&outlet=",
    );
    assert_eq!(search.status, 200);
    let html = search.text();
    assert!(
        html.contains("value=\"Poutine\""),
        "the form keeps the query"
    );
    assert!(html.contains("<ol class=\"results\">") && html.contains("href=\"/events/e"));
    let bad = get(server.addr, "/search?since=never");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("invalid query parameter since"));
    assert_eq!(get(server.addr, "/events/e999").status, 404);
    assert_eq!(get(server.addr, "/nowhere").status, 404);
    let js = get(server.addr, "/assets/app.js");
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
}

#[test]
fn text_from_articles_is_escaped() {
    let tmp = seeded();
    let server = start(&tmp.path().join("data"), |c| c.token = Some("t".into()));
    let evil = json!({
        "id": "evil<script>",
        "title": "Cranes <script>alert('title')</script> stopped",
        "text": "The storm stopped the cranes of Kerbrieuc <script>alert(1)</script> on Tuesday, the port authority \"said\" & more. Dockers waited for the wind to drop before unloading ships.",
        "date": "2024-03-05",
        "url": "javascript:alert(2)",
        "source": "<b>bold outlet</b>"
    });
    let r = request(
        server.addr,
        "POST",
        "/api/articles",
        &[("Authorization", "Bearer t")],
        evil.to_string().as_bytes(),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let article = get(server.addr, "/articles/evil%3Cscript%3E");
    assert_eq!(article.status, 200);
    let event = get(server.addr, "/api/articles/evil%3Cscript%3E").json()["event"]
        .as_str()
        .unwrap()
        .to_string();
    let pages = [
        article.text(),
        get(server.addr, &format!("/events/{event}")).text(),
        get(server.addr, "/").text(),
        get(server.addr, "/search?q=Kerbrieuc").text(),
    ];
    for html in &pages {
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<b>bold"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }
    assert!(pages[0].contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(pages[0].contains("&lt;b&gt;bold outlet&lt;/b&gt;"));
}

/// The multilingual fixture's quake, stored and served with the system's
/// dictionaries: Marco Ferrante's words are one quote, shown with the other
/// languages' wording under it, each in its language.
#[test]
fn a_quote_is_shown_with_its_translations() {
    let fixture = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cli/tests/fixtures/multilingual"
    ));
    let mut settings = pipeline::Settings::default();
    settings.analyze.lexicon = Some(std::sync::Arc::new(ingest::lexicon::lexicon(
        std::path::Path::new(ingest::lexicon::SYSTEM_DIR),
        None,
    )));
    let tmp = tempfile::tempdir().expect("a temp dir");
    let data = tmp.path().join("data");
    let quake: Vec<std::path::PathBuf> = ["quake-fr", "quake-en", "quake-de", "quake-es"]
        .iter()
        .map(|name| fixture.join(format!("{name}.txt")))
        .collect();
    let (inputs, errors) = ingest::read_paths(&quake, &ingest::Options::default());
    assert!(errors.is_empty(), "{errors:?}");
    let mut store = store::Store::open(&data, store::Mode::Write).expect("a writable store");
    store
        .ingest(
            inputs.into_iter().map(|i| i.doc).collect(),
            &settings,
            &mut |_, _| {},
        )
        .expect("ingest");
    drop(store);
    let server = start(&data, |c| c.settings = settings);
    let events = get(server.addr, "/api/events").json();
    assert_eq!(events["total"], 1, "{events:#}");
    let id = events["items"][0]["id"]
        .as_str()
        .expect("an id")
        .to_string();
    let json = get(server.addr, &format!("/api/events/{id}")).json();
    // Marco Ferrante's words, with the most translations.
    let translations = json["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .filter(|q| q["speaker"] == "Marco Ferrante")
        .filter_map(|q| q["translations"].as_array())
        .max_by_key(|t| t.len())
        .expect("a quote of Marco Ferrante with translations");
    assert!(translations.len() >= 2, "{:#}", json["quotes"]);
    let html = get(server.addr, &format!("/events/{id}")).text();
    let list = html
        .find("<ul class=\"translations\">")
        .map(|at| &html[at..])
        .expect("the translations are listed");
    for t in translations {
        let lang = t["lang"].as_str().expect("a language");
        assert!(list.contains(&format!("<li lang=\"{lang}\">")), "{list}");
        let words = t["text"].as_str().expect("a text");
        let start: String = words.chars().take(12).collect();
        assert!(list.contains(&start), "{start} in {list}");
    }
}
