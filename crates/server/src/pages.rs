//! The web page: server-rendered HTML, readable without JS (the script
//! only adds a filter to the figures table). Every view has its own URL:
//! `/` (stories with their timelines), `/stories/{id}`, `/events/{id}`
//! (outlets side by side, figures, quotes by speaker, summary, copies
//! folded under their originals), `/articles/{id}`, `/search?q=…`.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use store::{ArticleRow, EventRow};

use crate::api::{self, ApiError, Params};
use crate::app::App;
use crate::dto::{EventView, FactView, TimelineView};
use crate::html::{attr, count, esc, page, span, url_part};
use crate::view;

const STYLE: &str = include_str!("../assets/style.css");
const SCRIPT: &str = include_str!("../assets/app.js");

/// Stories a page of the home view lists.
const STORIES_PER_PAGE: usize = 20;
/// Events a story's timeline shows on the home view before "more".
const TIMELINE_MAX: usize = 12;

/// `GET /assets/style.css`.
pub(crate) async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// `GET /assets/app.js`.
pub(crate) async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        SCRIPT,
    )
        .into_response()
}

/// An error as a page.
fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>{}</h1>\n<p class=\"error\">{}</p>\n<p><a href=\"/\">Back to the stories</a></p>",
        status.as_u16(),
        esc(message)
    );
    (status, Html(page(&status.to_string(), "", &body))).into_response()
}

impl ApiError {
    fn into_page(self) -> Response {
        error_page(self.status, &self.message)
    }
}

/// The page for an unknown path.
pub(crate) fn not_found(path: &str) -> Response {
    error_page(StatusCode::NOT_FOUND, &format!("Nothing here: {path}"))
}

type PageResult = Result<Response, Response>;

fn params(
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    allowed: &[&str],
) -> Result<Params, ApiError> {
    let Query(raw) = query?;
    Params::parse(&raw, allowed)
}

/// The query string of a filter (and `q`), for links that keep it.
fn query_string(p: &Params, offset: usize) -> String {
    let mut parts = Vec::new();
    if let Some(q) = &p.q {
        parts.push(format!("q={}", url_part(q)));
    }
    if let Some(d) = p.filter.since {
        parts.push(format!("since={d}"));
    }
    if let Some(d) = p.filter.until {
        parts.push(format!("until={d}"));
    }
    if let Some(l) = &p.filter.lang {
        parts.push(format!("lang={}", url_part(l)));
    }
    if let Some(o) = &p.filter.outlet {
        parts.push(format!("outlet={}", url_part(o)));
    }
    if offset > 0 {
        parts.push(format!("offset={offset}"));
    }
    if p.limit != api::DEFAULT_LIMIT {
        parts.push(format!("limit={}", p.limit));
    }
    if p.newest {
        parts.push("order=newest".into());
    }
    parts.join("&amp;")
}

/// The filter form: search words (when `with_q`), days, language, outlet.
fn filter_form(action: &str, p: &Params, with_q: bool) -> String {
    let value = |v: Option<String>| attr(&v.unwrap_or_default());
    let mut s = format!("<form class=\"filters\" action=\"{action}\" method=\"get\">\n");
    if with_q {
        let _ = writeln!(
            s,
            "<label>Words <input type=\"search\" name=\"q\" value=\"{}\"></label>",
            value(p.q.clone())
        );
    }
    let _ = write!(
        s,
        "<label>Since <input type=\"date\" name=\"since\" value=\"{}\"></label>\n\
         <label>Until <input type=\"date\" name=\"until\" value=\"{}\"></label>\n\
         <label>Language <input name=\"lang\" size=\"3\" value=\"{}\" placeholder=\"fr\"></label>\n\
         <label>Outlet <input name=\"outlet\" value=\"{}\"></label>\n\
         <button type=\"submit\">{}</button>\n</form>\n",
        value(p.filter.since.map(|d| d.to_string())),
        value(p.filter.until.map(|d| d.to_string())),
        value(p.filter.lang.clone()),
        value(p.filter.outlet.clone()),
        if with_q { "Search" } else { "Filter" }
    );
    s
}

/// Links to the previous and next pages.
fn pager(path: &str, p: &Params, total: usize) -> String {
    let mut s = String::from("<nav class=\"pager\">");
    if p.offset > 0 {
        let _ = write!(
            s,
            "<a rel=\"prev\" href=\"{path}?{}\">← previous</a> ",
            query_string(p, p.offset.saturating_sub(p.limit))
        );
    }
    let shown_to = (p.offset + p.limit).min(total);
    let _ = write!(
        s,
        "<span>{}–{} of {total}</span>",
        if total == 0 { 0 } else { p.offset + 1 },
        shown_to
    );
    if shown_to < total {
        let _ = write!(
            s,
            " <a rel=\"next\" href=\"{path}?{}\">next →</a>",
            query_string(p, p.offset + p.limit)
        );
    }
    s.push_str("</nav>\n");
    s
}

fn event_line(e: &EventRow) -> String {
    format!(
        "<li><time>{}</time> <a href=\"/events/{}\">{}</a> <span class=\"n\">{}, {}</span></li>",
        span(&e.start, &e.end),
        url_part(&e.id),
        esc(&e.title),
        count(e.outlets.len(), "outlet"),
        count(e.articles.len(), "article")
    )
}

/// `GET /`: the stories, latest first, each with the timeline of its
/// events.
pub(crate) async fn home(
    State(app): State<Arc<App>>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> PageResult {
    let mut raw = query.map_err(|e| ApiError::from(e).into_page())?.0;
    // The home page lists the latest stories first, 20 a page.
    raw.entry("order".into()).or_insert_with(|| "newest".into());
    raw.entry("limit".into())
        .or_insert_with(|| STORIES_PER_PAGE.to_string());
    let p = Params::parse(
        &raw,
        &[
            "since", "until", "lang", "outlet", "offset", "limit", "order",
        ],
    )
    .map_err(ApiError::into_page)?;
    let (listing, total, page_items) = api::find_stories(&app, &p);
    let mut body = String::from("<h1>Stories</h1>\n");
    body.push_str(&filter_form("/", &p, false));
    if total == 0 {
        body.push_str("<p class=\"empty\">No story yet: add articles with <code>storyline ingest</code> or <code>POST /api/articles</code>.</p>\n");
    }
    body.push_str("<div class=\"stories\">\n");
    for &i in &page_items {
        let s = &listing.stories[i];
        let events: Vec<&EventRow> = listing.story_events[&s.id]
            .iter()
            .map(|&e| &listing.events[e])
            .filter(|e| {
                p.filter == store::Filter::default() || crate::app::event_matches(e, &p.filter)
            })
            .collect();
        let _ = write!(
            body,
            "<section class=\"story\" id=\"{id}\">\n<h2><a href=\"/stories/{id}\">{title}</a></h2>\n\
             <p class=\"meta\">{span} · {events} · {articles}</p>\n<ol class=\"timeline\">\n",
            id = url_part(&s.id),
            title = esc(&s.title),
            span = span(&s.start, &s.end),
            events = count(s.events.len(), "event"),
            articles = count(s.articles.len(), "article"),
        );
        for e in events.iter().take(TIMELINE_MAX) {
            body.push_str(&event_line(e));
            body.push('\n');
        }
        if events.len() > TIMELINE_MAX {
            let _ = writeln!(
                body,
                "<li class=\"more\"><a href=\"/stories/{}\">{} more events</a></li>",
                url_part(&s.id),
                events.len() - TIMELINE_MAX
            );
        }
        body.push_str("</ol>\n</section>\n");
    }
    body.push_str("</div>\n");
    body.push_str(&pager("/", &p, total));
    Ok(Html(page("Stories", "", &body)).into_response())
}

/// `GET /stories/{id}`: a story's timeline and its events' articles.
pub(crate) async fn story(State(app): State<Arc<App>>, Path(id): Path<String>) -> PageResult {
    let key = id.clone();
    let found = app
        .read(move |s| view::story_by_id(s, &key))
        .await
        .map_err(|e| ApiError::from(e).into_page())?;
    let Some(v) = found else {
        return Err(error_page(
            StatusCode::NOT_FOUND,
            &format!("No story {id:?}"),
        ));
    };
    let s = &v.story;
    let mut body = format!(
        "<p class=\"crumbs\"><a href=\"/\">Stories</a> › {}</p>\n<h1>{}</h1>\n<p class=\"meta\">Story {} · {} · {} · {}</p>\n<h2>Timeline</h2>\n<ol class=\"timeline\">\n",
        esc(&s.id),
        esc(&s.title),
        esc(&s.id),
        span(&s.start, &s.end),
        count(s.events.len(), "event"),
        count(s.articles.len(), "article")
    );
    for t in &v.timeline {
        body.push_str(&timeline_item(t, false));
    }
    body.push_str("</ol>\n");
    for e in &v.items {
        let ev = &e.event;
        let _ = write!(
            body,
            "<section class=\"event-summary\">\n<h2><a href=\"/events/{}\">{}</a></h2>\n<p class=\"meta\">{} · {}</p>\n<ul class=\"articles\">\n",
            url_part(&ev.id),
            esc(&ev.title),
            esc(&ev.id),
            span(&ev.start, &ev.end)
        );
        for a in &e.items {
            let _ = writeln!(body, "<li>{}</li>", article_line(a));
        }
        body.push_str("</ul>\n</section>\n");
    }
    Ok(Html(page(&s.title, "", &body)).into_response())
}

/// One article on a line: date, outlet, linked title, copy mark.
fn article_line(a: &ArticleRow) -> String {
    let copy = match &a.copy_of {
        Some(o) => format!(
            " <span class=\"copy\">copy of <a href=\"/articles/{}\">{}</a></span>",
            url_part(o),
            esc(o)
        ),
        None => String::new(),
    };
    format!(
        "<time>{}</time> <span class=\"source\">{}</span> <a href=\"/articles/{}\">{}</a>{copy}",
        esc(a.published.as_deref().unwrap_or("undated")),
        source(a.outlet.as_deref(), &a.id),
        url_part(&a.id),
        esc(&a.title)
    )
}

/// What names a source: its outlet, else the start of its article's id
/// (ids are long hashes in many data sets).
fn source(outlet: Option<&str>, article: &str) -> String {
    match outlet {
        Some(o) => esc(o),
        None => match article.char_indices().nth(12) {
            Some((i, _)) => format!("{}…", esc(&article[..i])),
            None => esc(article),
        },
    }
}

/// The first sentences of a body, up to about 320 characters.
fn lead(body: &str) -> String {
    let first = body
        .split('\n')
        .map(str::trim)
        .find(|l| l.len() > 40)
        .or_else(|| body.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or_default();
    const MAX: usize = 320;
    if first.len() <= MAX {
        return first.to_string();
    }
    let mut cut = MAX;
    while !first.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &first[..cut];
    let at = head
        .rfind(". ")
        .map(|i| i + 1)
        .filter(|&i| i > 120)
        .or_else(|| head.rfind(' '))
        .unwrap_or(cut);
    format!("{}…", head[..at].trim_end())
}

/// `GET /events/{id}`: the comparison of an event's sources.
pub(crate) async fn event(State(app): State<Arc<App>>, Path(id): Path<String>) -> PageResult {
    let key = id.clone();
    let lexicon = app.settings.analyze.lexicon.clone();
    let found = app
        .read(move |s| view::event_by_id(s, &key, lexicon.as_deref()))
        .await
        .map_err(|e| ApiError::from(e).into_page())?;
    let Some((v, texts)) = found else {
        return Err(error_page(
            StatusCode::NOT_FOUND,
            &format!("No event {id:?}"),
        ));
    };
    let bodies: HashMap<&str, &str> = texts
        .iter()
        .map(|(a, b)| (a.id.as_str(), b.as_str()))
        .collect();
    let body = event_body(&v, &bodies);
    Ok(Html(page(&v.event.title, "", &body)).into_response())
}

fn event_body(v: &EventView, bodies: &HashMap<&str, &str>) -> String {
    let e = &v.event;
    let first = v
        .first
        .as_ref()
        .map(|f| {
            format!(
                "first published by {} (<a href=\"/articles/{}\">{}</a>, {})",
                esc(f.outlet.as_deref().unwrap_or("an unknown outlet")),
                url_part(&f.article),
                esc(&f.article),
                esc(&f.published)
            )
        })
        .unwrap_or_else(|| "first publication unknown".into());
    let mut s = format!(
        "<p class=\"crumbs\"><a href=\"/\">Stories</a> › <a href=\"/stories/{story}\">{story_text}</a> › {id}</p>\n\
         <h1>{title}</h1>\n<p class=\"meta\">Event {id} · {span} · {articles} from {outlets} · languages: {langs} · {first}</p>\n\
         <nav class=\"toc\"><a href=\"#summary\">Summary</a> <a href=\"#outlets\">Outlets</a> <a href=\"#figures\">Figures</a> <a href=\"#quotes\">Quotes</a> <a href=\"#entities\">Entities</a> <a href=\"#timeline\">Timeline</a> <a href=\"/api/events/{id}\">JSON</a></nav>\n",
        story = url_part(&e.story),
        story_text = esc(&e.story),
        id = esc(&e.id),
        title = esc(&e.title),
        span = span(&e.start, &e.end),
        articles = count(e.articles.len(), "article"),
        outlets = count(e.outlets.len(), "outlet"),
        langs = esc(&e.langs.join(", ")),
    );
    // Summary.
    s.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    if v.summary.is_empty() {
        s.push_str("<p class=\"empty\">No summary.</p>\n");
    } else {
        s.push_str("<ol class=\"summary\">\n");
        for line in &v.summary {
            let _ = writeln!(s, "<li>{}</li>", esc(line));
        }
        s.push_str("</ol>\n");
    }
    s.push_str("</section>\n");
    // Outlets side by side, copies folded under their original.
    s.push_str(
        "<section id=\"outlets\">\n<h2>Outlets side by side</h2>\n<div class=\"columns\">\n",
    );
    for item in &v.items {
        let a = &item.article;
        let _ = write!(
            s,
            "<article class=\"outlet\" id=\"a-{aid}\">\n<h3>{outlet}</h3>\n<p class=\"date\"><time>{date}</time> · {lang}</p>\n\
             <h4><a href=\"/articles/{aid}\">{title}</a></h4>\n<p class=\"lead\">{lead}</p>\n",
            aid = url_part(&a.id),
            outlet = source(a.outlet.as_deref(), &a.id),
            date = esc(a.published.as_deref().unwrap_or("undated")),
            lang = esc(&a.lang),
            title = esc(&a.title),
            lead = esc(&lead(bodies.get(a.id.as_str()).copied().unwrap_or_default())),
        );
        if !item.copies.is_empty() {
            let _ = write!(
                s,
                "<details class=\"copies\"><summary>{}</summary>\n<ul>\n",
                count(item.copies.len(), "copy").replace("copys", "copies")
            );
            for c in &item.copies {
                let _ = writeln!(s, "<li>{}</li>", article_line(c));
            }
            s.push_str("</ul>\n</details>\n");
        }
        s.push_str("</article>\n");
    }
    s.push_str("</div>\n</section>\n");
    // Figures.
    s.push_str(&figures(&v.facts));
    // Quotes by speaker.
    s.push_str("<section id=\"quotes\">\n<h2>Quotes by speaker</h2>\n");
    let outlet_of: HashMap<&str, String> = v
        .items
        .iter()
        .flat_map(|i| std::iter::once(&i.article).chain(&i.copies))
        .map(|a| (a.id.as_str(), source(a.outlet.as_deref(), &a.id)))
        .collect();
    let mut speakers: Vec<(Option<&str>, Vec<&crate::dto::QuoteView>)> = Vec::new();
    for q in &v.quotes {
        let who = q.speaker.as_deref();
        match speakers.iter_mut().find(|(s, _)| *s == who) {
            Some((_, list)) => list.push(q),
            None => speakers.push((who, vec![q])),
        }
    }
    // Unattributed words last.
    speakers.sort_by_key(|(who, _)| who.is_none());
    if speakers.is_empty() {
        s.push_str("<p class=\"empty\">No quotes found.</p>\n");
    }
    for (who, quotes) in &speakers {
        let _ = write!(
            s,
            "<div class=\"speaker\">\n<h3>{}</h3>\n<ul>\n",
            esc(who.unwrap_or("Unattributed"))
        );
        let outlets = |articles: &[String]| -> String {
            articles
                .iter()
                .map(|a| {
                    format!(
                        "<a href=\"/articles/{}\">{}</a>",
                        url_part(a),
                        outlet_of.get(a.as_str()).cloned().unwrap_or_else(|| esc(a))
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        for q in quotes {
            let said = |text: &str| {
                if q.direct {
                    format!("<q>{}</q>", esc(text))
                } else {
                    format!("<span class=\"reported\">{}</span>", esc(text))
                }
            };
            let _ = write!(
                s,
                "<li>{} <span class=\"src\">— {}</span>",
                said(&q.text),
                outlets(&q.articles)
            );
            // The same words as other languages' outlets gave them.
            if !q.translations.is_empty() {
                s.push_str("\n<ul class=\"translations\">\n");
                for t in &q.translations {
                    let _ = writeln!(
                        s,
                        "<li lang=\"{0}\"><span class=\"lang\">{0}</span> {1} <span class=\"src\">— {2}</span></li>",
                        t.lang,
                        said(&t.text),
                        outlets(&t.articles)
                    );
                }
                s.push_str("</ul>");
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ul>\n</div>\n");
    }
    s.push_str("</section>\n");
    // Entities.
    s.push_str("<section id=\"entities\">\n<h2>Entities</h2>\n");
    let entities: Vec<_> = v
        .entities
        .iter()
        .filter(|e| e.kind != "other" || e.articles.len() > 1)
        .collect();
    if entities.is_empty() {
        s.push_str("<p class=\"empty\">No named entities.</p>\n");
    } else {
        s.push_str("<table class=\"entities\">\n<thead><tr><th>Name</th><th>Kind</th><th>Role</th><th>Also written</th><th>Articles</th></tr></thead>\n<tbody>\n");
        for e in entities {
            let others: Vec<String> = e
                .variants
                .iter()
                .filter(|x| **x != e.name)
                .map(|x| esc(x))
                .collect();
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&e.name),
                esc(e.kind),
                esc(e.role.as_deref().unwrap_or("")),
                others.join(", "),
                e.articles.len()
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    s.push_str("</section>\n");
    // Timeline of the story.
    let _ = write!(
        s,
        "<section id=\"timeline\">\n<h2>Timeline of story <a href=\"/stories/{}\">{}</a></h2>\n<ol class=\"timeline\">\n",
        url_part(&e.story),
        esc(&e.story)
    );
    for t in &v.timeline {
        s.push_str(&timeline_item(t, t.event == e.id));
    }
    s.push_str("</ol>\n</section>\n");
    s
}

/// One event of a story's timeline, marked when it is the page's own.
fn timeline_item(t: &TimelineView, here: bool) -> String {
    format!(
        "<li{}><time>{}</time> <a href=\"/events/{}\">{}</a> <span class=\"n\">{}, {}</span></li>\n",
        if here { " class=\"here\"" } else { "" },
        esc(t.date.as_deref().unwrap_or("undated")),
        url_part(&t.event),
        esc(&t.title),
        count(t.outlets, "outlet"),
        count(t.articles, "article")
    )
}

/// The label of a fact's status, in words (the class colours it; the
/// words and the mark say it without colour).
fn status_label(status: &str) -> &'static str {
    match status {
        "agree" => "✓ agree",
        "conflict" => "⚠ conflict",
        "range" => "↔ range",
        "variant" => "≈ variant",
        _ => "· single",
    }
}

/// The figures table: one row a fact, its status marked.
fn figures(facts: &[FactView]) -> String {
    let mut s = String::from("<section id=\"figures\">\n<h2>Figures</h2>\n");
    if facts.is_empty() {
        s.push_str("<p class=\"empty\">No figures found.</p>\n</section>\n");
        return s;
    }
    s.push_str(
        "<p class=\"legend\">✓ agree: the outlets give the same figure · ⚠ conflict: figures that cannot both be true · \
         ↔ range: overlapping but different · ≈ variant: overlapping days · · single: one outlet.</p>\n\
         <table class=\"figures\" id=\"figures-table\">\n<thead><tr><th>Status</th><th>What</th><th>Reported</th><th>Silent</th></tr></thead>\n<tbody>\n",
    );
    for f in facts {
        let _ = write!(
            s,
            "<tr class=\"fact status-{st}\" data-status=\"{st}\">\n<td><span class=\"badge {st}\">{label}</span></td>\n<td><span class=\"kind\">{kind}</span> {subject}</td>\n<td><ul class=\"reports\">\n",
            st = attr(f.status),
            label = status_label(f.status),
            kind = esc(f.kind),
            subject = esc(&f.subject),
        );
        for r in &f.reports {
            let attribution = r
                .attribution
                .as_ref()
                .map(|a| format!(" <span class=\"attribution\">— {}</span>", esc(a)))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "<li><span class=\"source\">{}</span>: <strong class=\"value\">{}</strong>{attribution}<br><q class=\"sentence\">{}</q> <a class=\"src\" href=\"/articles/{}\">article</a></li>",
                source(r.outlet.as_deref(), &r.article),
                esc(&r.value_text()),
                esc(&r.text),
                url_part(&r.article)
            );
        }
        let _ = writeln!(
            s,
            "</ul></td>\n<td>{}</td>\n</tr>",
            esc(&f.silent.join(", "))
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
    s
}

/// `GET /articles/{id}`: one article with its text.
pub(crate) async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> PageResult {
    let key = id.clone();
    let found = app
        .read(move |s| s.article(&key))
        .await
        .map_err(|e| ApiError::from(e).into_page())?;
    let Some((a, text)) = found else {
        return Err(error_page(
            StatusCode::NOT_FOUND,
            &format!("No article {id:?}"),
        ));
    };
    let mut s = format!(
        "<p class=\"crumbs\"><a href=\"/\">Stories</a> › <a href=\"/events/{ev}\">{ev_text}</a> › article</p>\n<h1>{title}</h1>\n<p class=\"meta\">{outlet} · <time>{date}</time> · {lang} · id {id}",
        ev = url_part(&a.event),
        ev_text = esc(&a.event),
        title = esc(&a.title),
        outlet = esc(a.outlet.as_deref().unwrap_or("Unknown outlet")),
        date = esc(a.published.as_deref().unwrap_or("undated")),
        lang = esc(&a.lang),
        id = esc(&a.id),
    );
    if let Some(o) = &a.copy_of {
        let _ = write!(
            s,
            " · copy of <a href=\"/articles/{}\">{}</a>",
            url_part(o),
            esc(o)
        );
    }
    // Only web links become links: never a `javascript:` URL from an article.
    if let Some(url) = a
        .url
        .as_ref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    {
        let _ = write!(
            s,
            " · <a href=\"{}\" rel=\"noopener noreferrer nofollow\">original</a>",
            attr(url)
        );
    }
    s.push_str("</p>\n<div class=\"body\">\n");
    for para in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let _ = writeln!(s, "<p>{}</p>", esc(para));
    }
    s.push_str("</div>\n");
    Ok(Html(page(&a.title, "", &s)).into_response())
}

/// `GET /search?q=&since=&until=&lang=&outlet=`: full-text search with
/// filters, results grouped by event.
pub(crate) async fn search(
    State(app): State<Arc<App>>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> PageResult {
    let p = params(query, &["q", "since", "until", "lang", "outlet", "limit"])
        .map_err(ApiError::into_page)?;
    let q = p.q.clone().unwrap_or_default();
    let mut s = String::from("<h1>Search</h1>\n");
    s.push_str(&filter_form("/search", &p, true));
    s.push_str("<p class=\"hint\">All words are required (stemmed per language, accents optional); <code>\"a phrase\"</code>, <code>a OR b</code>, <code>-word</code>.</p>\n");
    if p.q.is_some() {
        let found = api::run_search(&app, &p)
            .await
            .map_err(ApiError::into_page)?;
        let hits: usize = found.groups.iter().map(|g| g.hits.len()).sum();
        let _ = writeln!(
            s,
            "<p class=\"meta\">{} in {} for <strong>{}</strong></p>",
            count(hits, "article"),
            count(found.groups.len(), "event"),
            esc(&q)
        );
        s.push_str("<ol class=\"results\">\n");
        for g in &found.groups {
            let e = &g.event;
            let _ = write!(
                s,
                "<li class=\"group\"><h2><a href=\"/events/{}\">{}</a></h2>\n<p class=\"meta\">{} · {} · story <a href=\"/stories/{}\">{}</a></p>\n<ul class=\"articles\">\n",
                url_part(&e.id),
                esc(&e.title),
                esc(&e.id),
                span(&e.start, &e.end),
                url_part(&e.story),
                esc(&e.story)
            );
            for h in &g.hits {
                let _ = writeln!(
                    s,
                    "<li>{} <span class=\"score\">{:.2}</span></li>",
                    article_line(&h.article),
                    h.score
                );
            }
            s.push_str("</ul>\n</li>\n");
        }
        s.push_str("</ol>\n");
    }
    let title = if q.is_empty() {
        "Search".to_string()
    } else {
        format!("Search: {q}")
    };
    Ok(Html(page(&title, &q, &s)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_cut_at_a_sentence_or_a_word() {
        assert_eq!(
            lead("Short.\nA first paragraph long enough to be the lead of it all.\nMore."),
            "A first paragraph long enough to be the lead of it all."
        );
        let long = "word ".repeat(100);
        let l = lead(&long);
        assert!(l.ends_with('…') && l.len() <= 324, "{l}");
        assert_eq!(lead(""), "");
    }
}
