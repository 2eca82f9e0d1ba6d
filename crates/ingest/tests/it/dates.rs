//! Publication and update dates of HTML pages, on small pages written the
//! way news sites write them: JSON-LD, OpenGraph and other meta tags,
//! `<time>`, the URL, and dates in French and English text. Each source is
//! tested alone, then against the next one in the chain.

/// A news page: `head` in `<head>`, `header` between the headline and the
/// article, `after` after the article (related lists and the like).
fn page(head: &str, header: &str, after: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
        <title>Storm hits the harbour</title>{head}</head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Storm hits the harbour</h1>{header}
        <p>A violent storm hit the harbour on Monday night, tearing boats from their moorings and flooding the streets of the old town, officials said on Tuesday morning.</p>
        <p>One fisherman died when his boat capsized near the breakwater, and two others were rescued by the coast guard after spending several hours in the cold water.</p>
        <p>The mayor said the damage would take weeks to repair and asked the government for emergency funds to rebuild the sea wall and the fish market.</p>
        </article>{after}
        <footer>© 2021 The Harbour Times</footer></body></html>"#
    )
}

/// The publication and update dates extracted from a page.
fn dates(html: &str, url: Option<&str>) -> (Option<String>, Option<String>) {
    let page = ingest::extract_html(html.as_bytes(), url).expect("an article");
    (page.published, page.updated)
}

fn check(html: &str, published: Option<&str>, updated: Option<&str>) {
    let got = dates(html, None);
    assert_eq!(
        (got.0.as_deref(), got.1.as_deref()),
        (published, updated),
        "{html}"
    );
}

fn ld(json: &str) -> String {
    format!(r#"<script type="application/ld+json">{json}</script>"#)
}

#[test]
fn json_ld_news_article_with_offsets_in_utc() {
    let head = ld(r#"{"@context":"https://schema.org","@type":"NewsArticle",
        "headline":"Storm hits the harbour",
        "datePublished":"2021-12-30T18:05:00+01:00","dateModified":"2021-12-31T09:10:00+01:00"}"#);
    check(
        &page(&head, "", ""),
        Some("2021-12-30T17:05:00"),
        Some("2021-12-31T08:10:00"),
    );
    let zulu = ld(r#"{"@type":"Article","datePublished":"2021-12-30T17:05:00Z"}"#);
    check(&page(&zulu, "", ""), Some("2021-12-30T17:05:00"), None);
    let day = ld(r#"{"@type":"BlogPosting","datePublished":"2021-12-30"}"#);
    check(&page(&day, "", ""), Some("2021-12-30"), None);
}

#[test]
fn json_ld_graph_takes_the_article_not_the_web_page() {
    let head = ld(r#"{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","name":"The Harbour Times"},
        {"@type":"WebPage","datePublished":"2020-01-01T00:00:00+00:00","dateModified":"2021-12-31T12:00:00+00:00"},
        {"@type":["NewsArticle","Article"],"datePublished":"2021-12-30T06:00:00-05:00","dateModified":"2021-12-30T20:00:00-05:00"}]}"#);
    check(
        &page(&head, "", ""),
        Some("2021-12-30T11:00:00"),
        Some("2021-12-31T01:00:00"),
    );
}

#[test]
fn json_ld_article_nested_in_a_web_page() {
    let head = ld(r#"[{"@type":"BreadcrumbList","itemListElement":[]},
        {"@type":"WebPage","mainEntity":{"@type":"NewsArticle","datePublished":"2021-12-30T18:05:00+01:00"}}]"#);
    check(&page(&head, "", ""), Some("2021-12-30T17:05:00"), None);
}

#[test]
fn json_ld_comes_before_meta_tags() {
    let head = format!(
        r#"<meta property="article:published_time" content="2021-12-29T10:00:00Z">{}"#,
        ld(r#"{"@type":"NewsArticle","datePublished":"2021-12-30T10:00:00Z"}"#)
    );
    check(&page(&head, "", ""), Some("2021-12-30T10:00:00"), None);
}

#[test]
fn opengraph_published_time_not_the_modified_one_written_first() {
    let head = r#"<meta property="og:type" content="article">
        <meta property="article:modified_time" content="2021-12-31T08:00:00+00:00">
        <meta property="article:published_time" content="2021-12-30T17:05:00+00:00">"#;
    check(
        &page(head, "", ""),
        Some("2021-12-30T17:05:00"),
        Some("2021-12-31T08:00:00"),
    );
    let og = r#"<meta property="og:updated_time" content="2021-12-31T08:00:00+00:00">"#;
    check(&page(og, "", ""), None, Some("2021-12-31T08:00:00"));
}

#[test]
fn other_meta_names() {
    for (tag, want) in [
        (
            r#"<meta name="pubdate" content="2021-12-30T18:05:00+01:00">"#,
            "2021-12-30T17:05:00",
        ),
        (r#"<meta name="date" content="2021-12-30">"#, "2021-12-30"),
        (
            r#"<meta name="DC.date.issued" content="2021-12-30">"#,
            "2021-12-30",
        ),
        (
            r#"<meta name="parsely-pub-date" content="2021-12-30T17:05:00Z">"#,
            "2021-12-30T17:05:00",
        ),
        (
            r#"<meta name="sailthru.date" content="2021-12-30 17:05:00">"#,
            "2021-12-30T17:05:00",
        ),
        (
            r#"<meta itemprop="datePublished" content="2021-12-30T17:05:00Z">"#,
            "2021-12-30T17:05:00",
        ),
        (
            r#"<meta name='publishdate' content=20211230>"#,
            "2021-12-30",
        ),
    ] {
        check(&page(tag, "", ""), Some(want), None);
    }
}

#[test]
fn the_time_in_the_article_header_not_those_of_related_lists() {
    let related = |day: u32| {
        format!(
            r#"<aside><ul><li><a href="/a{day}">Ferry services cancelled</a>
            <time datetime="2021-11-{day:02}T10:00:00Z">Nov {day}</time></li></ul></aside>"#
        )
    };
    let header = r#"<p class="byline">By Jane Roe, <time datetime="2021-12-30T17:05:00Z">December 30, 2021</time></p>"#;
    let html =
        page("", header, &related(20)).replace("<article>", &format!("{}<article>", related(12)));
    check(&html, Some("2021-12-30T17:05:00"), None);

    // A time marked as the publication's wins wherever it stands; a
    // dateModified one is the update.
    let marked = r#"<p><time itemprop="dateModified" datetime="2021-12-31T08:00:00Z">Dec 31</time>
        <time datetime="2021-12-29">Dec 29</time>
        <time pubdate datetime="2021-12-30">Dec 30</time></p>"#;
    check(
        &page("", marked, ""),
        Some("2021-12-30"),
        Some("2021-12-31T08:00:00"),
    );
}

#[test]
fn a_date_in_the_url_when_the_page_states_none() {
    let html = page("", "", "");
    let url = "https://harbour.example/news/2021/12/30/storm-hits-the-harbour";
    assert_eq!(dates(&html, Some(url)).0.as_deref(), Some("2021-12-30"));
    assert_eq!(dates(&html, None).0, None);
    // Metadata comes before the URL.
    let meta = page(
        r#"<meta property="article:published_time" content="2021-12-31T07:00:00Z">"#,
        "",
        "",
    );
    assert_eq!(
        dates(&meta, Some(url)).0.as_deref(),
        Some("2021-12-31T07:00:00")
    );
}

#[test]
fn french_dates_in_the_text() {
    let header = r#"<p class="meta">Par Anne Martin<br>Publié le 30 décembre 2021 à 18h05<br>Mis à jour le 31&nbsp;décembre 2021 à 8h10</p>"#;
    check(
        &page("", header, ""),
        Some("2021-12-30T18:05:00"),
        Some("2021-12-31T08:10:00"),
    );
    let first = r#"<p>Publié le 1er janvier 2022</p>"#;
    check(&page("", first, ""), Some("2022-01-01"), None);
}

#[test]
fn english_dates_in_the_text() {
    let est = r#"<p>By Jane Roe | December 30, 2021 at 5:05 p.m. EST</p>"#;
    check(&page("", est, ""), Some("2021-12-30T22:05:00"), None);
    let abbreviated = r#"<p>Published Dec. 30, 2021 · Updated Dec. 31, 2021 at 9:15 a.m.</p>"#;
    check(
        &page("", abbreviated, ""),
        Some("2021-12-30"),
        Some("2021-12-31T09:15:00"),
    );
    let numeric = r#"<p>Posted: 30/12/2021 - 18:05</p>"#;
    check(&page("", numeric, ""), Some("2021-12-30T18:05:00"), None);
}

#[test]
fn a_marked_date_in_the_text_beats_an_unmarked_one() {
    // The first date of the text is the day the storm began; the byline says
    // when the article came out.
    let header = r#"<p>Storm diary, December 27, 2021. Published on December 30, 2021</p>"#;
    check(&page("", header, ""), Some("2021-12-30"), None);
}

#[test]
fn absurd_dates_fall_through_to_the_next_source() {
    // The epoch in JSON-LD, a date decades ahead in the meta tags: the
    // <time> of the header is used.
    let head = format!(
        r#"{}<meta property="article:published_time" content="2091-12-30T10:00:00Z">"#,
        ld(r#"{"@type":"NewsArticle","datePublished":"1970-01-01T00:00:00Z"}"#)
    );
    let header = r#"<p><time datetime="2021-12-30T17:05:00Z">Dec 30</time></p>"#;
    check(&page(&head, header, ""), Some("2021-12-30T17:05:00"), None);

    // With nothing else, the text; an absurd date in the text is skipped too.
    let text = r#"<p>Published January 1, 1970. Updated December 31, 2021</p>"#;
    check(&page(&head, text, ""), None, Some("2021-12-31"));
}

#[test]
fn a_page_with_only_an_update_date_is_placed_by_it() {
    let head = r#"<meta property="article:modified_time" content="2021-12-31T08:00:00Z">"#;
    let page = ingest::extract_html(page(head, "", "").as_bytes(), None).expect("an article");
    assert_eq!(page.published, None);
    let raw = page.into_raw("storm".into(), "storm.html".into());
    assert_eq!(raw.date.as_deref(), Some("2021-12-31T08:00:00"));
}
