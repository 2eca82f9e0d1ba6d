//! The JSON API: listings with filters and paging, one story, event (with
//! the comparison of its sources) or article, search, and the write route
//! that ingests articles. Every error is a JSON object `{"error": …}` with
//! the status that fits.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};
use store::{Filter, Mode, Store};
use subtle::ConstantTimeEq;
use tracing::info;

use crate::app::{event_matches, App};
use crate::dto::ArticleView;
use crate::view;

/// Items a page holds unless `limit` says otherwise.
pub(crate) const DEFAULT_LIMIT: usize = 50;
/// The most items a page holds.
pub(crate) const MAX_LIMIT: usize = 500;
/// The most articles a full-text filter (`q`) looks at to find events.
const SEARCH_DEPTH: usize = 10_000;

/// An error answered as JSON: `{"error": message, ...extra}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    pub(crate) extra: serde_json::Map<String, Value>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            extra: serde_json::Map::new(),
        }
    }

    pub(crate) fn not_found(what: &str, id: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, format!("no {what} {id:?}"))
            .with("id", Value::from(id))
    }

    fn bad_param(name: &str, why: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("invalid query parameter {name}: {why}"),
        )
        .with("parameter", Value::from(name))
    }

    pub(crate) fn with(mut self, key: &str, value: Value) -> ApiError {
        self.extra.insert(key.to_string(), value);
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::Map::new();
        body.insert("error".into(), Value::from(self.message));
        body.extend(self.extra);
        (self.status, Json(Value::Object(body))).into_response()
    }
}

impl From<store::Error> for ApiError {
    fn from(e: store::Error) -> ApiError {
        match e {
            store::Error::Query { .. } => ApiError::new(StatusCode::BAD_REQUEST, e.to_string())
                .with("parameter", Value::from("q")),
            store::Error::Locked { .. } => ApiError::new(StatusCode::CONFLICT, e.to_string()),
            e => {
                tracing::error!(error = %e, "store error");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
            }
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, e.body_text())
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The query parameters of a listing, a search or a page of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Params {
    pub(crate) filter: Filter,
    pub(crate) q: Option<String>,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    /// Newest first (`order=newest`) rather than oldest first.
    pub(crate) newest: bool,
}

impl Params {
    /// Reads `since`, `until`, `lang`, `outlet`, `q`, `limit`, `offset`;
    /// any other name, or a bad value, is an error naming the parameter.
    /// Empty values count as absent (what an HTML form sends).
    pub(crate) fn parse(raw: &HashMap<String, String>, allowed: &[&str]) -> ApiResult<Params> {
        let mut p = Params {
            limit: DEFAULT_LIMIT,
            ..Params::default()
        };
        for (name, value) in raw {
            if !allowed.contains(&name.as_str()) {
                return Err(ApiError::bad_param(
                    name,
                    format!("unknown; expected one of {}", allowed.join(", ")),
                ));
            }
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let day = |v: &str| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|e| {
                    ApiError::bad_param(name, format!("{v:?} is not a YYYY-MM-DD day ({e})"))
                })
            };
            let count = |v: &str| {
                v.parse::<usize>()
                    .map_err(|_| ApiError::bad_param(name, format!("{v:?} is not a whole number")))
            };
            match name.as_str() {
                "since" => p.filter.since = Some(day(value)?),
                "until" => p.filter.until = Some(day(value)?),
                "lang" => p.filter.lang = Some(value.to_ascii_lowercase()),
                "outlet" => p.filter.outlet = Some(value.to_string()),
                "q" => p.q = Some(value.to_string()),
                "limit" => {
                    p.limit = count(value)?;
                    if p.limit == 0 || p.limit > MAX_LIMIT {
                        return Err(ApiError::bad_param(
                            name,
                            format!("{value} is outside 1..={MAX_LIMIT}"),
                        ));
                    }
                }
                "offset" => p.offset = count(value)?,
                "order" => {
                    p.newest = match value {
                        "oldest" => false,
                        "newest" => true,
                        _ => {
                            return Err(ApiError::bad_param(
                                name,
                                format!("{value:?} is neither oldest nor newest"),
                            ))
                        }
                    }
                }
                _ => unreachable!("names are checked against `allowed`"),
            }
        }
        if let (Some(s), Some(u)) = (p.filter.since, p.filter.until) {
            if s > u {
                return Err(ApiError::bad_param(
                    "until",
                    format!("{u} is before since ({s})"),
                ));
            }
        }
        Ok(p)
    }
}

const LIST_PARAMS: &[&str] = &[
    "since", "until", "lang", "outlet", "q", "limit", "offset", "order",
];
const STORY_PARAMS: &[&str] = &[
    "since", "until", "lang", "outlet", "limit", "offset", "order",
];
const SEARCH_PARAMS: &[&str] = &["since", "until", "lang", "outlet", "q", "limit"];

/// A page of a listing, `{"total","offset","limit","items"}` (`total`:
/// how many items meet the filters, all pages together), from items
/// already written as JSON.
fn page_json<'a>(p: &Params, total: usize, items: impl Iterator<Item = &'a str>) -> Response {
    let mut body = format!(
        "{{\"total\":{total},\"offset\":{},\"limit\":{},\"items\":[",
        p.offset, p.limit
    );
    for (i, item) in items.enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(item);
    }
    body.push_str("]}");
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The events that meet `p`'s filters and full-text query, oldest first,
/// one page of them (indices into the listing), and how many there are.
pub(crate) async fn find_events(
    app: &Arc<App>,
    p: &Params,
) -> ApiResult<(Arc<crate::app::Listing>, usize, Vec<usize>)> {
    let listing = app.listing();
    let wanted: Option<HashSet<String>> = match &p.q {
        Some(q) => {
            let (q, filter) = (q.clone(), p.filter.clone());
            let groups = app
                .read(move |s| s.search(&q, &filter, SEARCH_DEPTH))
                .await?;
            Some(groups.into_iter().map(|g| g.event.id).collect())
        }
        None => None,
    };
    let mut total = 0;
    let mut page = Vec::with_capacity(p.limit.min(64));
    for i in order(listing.events.len(), p.newest) {
        let e = &listing.events[i];
        if !event_matches(e, &p.filter) || wanted.as_ref().is_some_and(|w| !w.contains(&e.id)) {
            continue;
        }
        if total >= p.offset && page.len() < p.limit {
            page.push(i);
        }
        total += 1;
    }
    Ok((listing, total, page))
}

/// Positions in a listing of `n`, oldest first or newest first.
fn order(n: usize, newest: bool) -> Box<dyn Iterator<Item = usize>> {
    if newest {
        Box::new((0..n).rev())
    } else {
        Box::new(0..n)
    }
}

/// `GET /api/events`: events, filtered and paged.
pub(crate) async fn events(
    State(app): State<Arc<App>>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(raw) = query?;
    let p = Params::parse(&raw, LIST_PARAMS)?;
    let (listing, total, page) = find_events(&app, &p).await?;
    Ok(page_json(
        &p,
        total,
        page.iter().map(|&i| &*listing.event_json[i]),
    ))
}

/// The stories that have an event meeting `p`'s filters, one page of them.
pub(crate) fn find_stories(app: &App, p: &Params) -> (Arc<crate::app::Listing>, usize, Vec<usize>) {
    let listing = app.listing();
    let unfiltered = p.filter == Filter::default();
    let mut total = 0;
    let mut page = Vec::new();
    for i in order(listing.stories.len(), p.newest) {
        let s = &listing.stories[i];
        let meets = unfiltered
            || listing.story_events[&s.id]
                .iter()
                .any(|&e| event_matches(&listing.events[e], &p.filter));
        if !meets {
            continue;
        }
        if total >= p.offset && page.len() < p.limit {
            page.push(i);
        }
        total += 1;
    }
    (listing, total, page)
}

/// `GET /api/stories`: stories, filtered and paged.
pub(crate) async fn stories(
    State(app): State<Arc<App>>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(raw) = query?;
    let p = Params::parse(&raw, STORY_PARAMS)?;
    let (listing, total, page) = find_stories(&app, &p);
    Ok(page_json(
        &p,
        total,
        page.iter().map(|&i| &*listing.story_json[i]),
    ))
}

/// `GET /api/stories/{id}`: a story with its timeline and events.
pub(crate) async fn story(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let key = id.clone();
    let found = app.read(move |s| view::story_by_id(s, &key)).await?;
    match found {
        Some(v) => Ok(json_bytes(&v)),
        None => Err(ApiError::not_found("story", &id)),
    }
}

/// `GET /api/events/{id}`: an event, its articles and the comparison of
/// its sources (entities, quotes, facts, summary, timeline).
pub(crate) async fn event(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let key = id.clone();
    let lexicon = app.settings.analyze.lexicon.clone();
    let found = app
        .read(move |s| view::event_by_id(s, &key, lexicon.as_deref()))
        .await?;
    match found {
        Some((v, _)) => Ok(json_bytes(&v)),
        None => Err(ApiError::not_found("event", &id)),
    }
}

/// `GET /api/articles/{id}`: an article with its text.
pub(crate) async fn article(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let key = id.clone();
    let found = app.read(move |s| s.article(&key)).await?;
    match found {
        Some((article, body)) => Ok(json_bytes(&ArticleView { article, body })),
        None => Err(ApiError::not_found("article", &id)),
    }
}

/// One event a search found, with its matching articles.
#[derive(Serialize)]
pub(crate) struct SearchGroupView {
    pub(crate) event: store::EventRow,
    pub(crate) score: f32,
    pub(crate) hits: Vec<SearchHit>,
}

/// An article a search found.
#[derive(Serialize)]
pub(crate) struct SearchHit {
    #[serde(flatten)]
    pub(crate) article: store::ArticleRow,
    pub(crate) score: f32,
}

/// What `/api/search` answers.
#[derive(Serialize)]
pub(crate) struct SearchView {
    pub(crate) query: String,
    pub(crate) groups: Vec<SearchGroupView>,
}

/// Runs a search (`q` required) and shapes its groups.
pub(crate) async fn run_search(app: &Arc<App>, p: &Params) -> ApiResult<SearchView> {
    let Some(q) = p.q.clone() else {
        return Err(ApiError::bad_param("q", "missing: what to search for"));
    };
    let (query, filter, limit) = (q.clone(), p.filter.clone(), p.limit);
    let groups = app.read(move |s| s.search(&query, &filter, limit)).await?;
    Ok(SearchView {
        query: q,
        groups: groups
            .into_iter()
            .map(|g| SearchGroupView {
                event: g.event,
                score: g.score,
                hits: g
                    .hits
                    .into_iter()
                    .map(|(article, score)| SearchHit { article, score })
                    .collect(),
            })
            .collect(),
    })
}

/// `GET /api/search?q=`: full-text search, results grouped by event.
pub(crate) async fn search(
    State(app): State<Arc<App>>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Response> {
    let Query(raw) = query?;
    let p = Params::parse(&raw, SEARCH_PARAMS)?;
    Ok(json_bytes(&run_search(&app, &p).await?))
}

/// `GET /healthz`: the server answers and the store reads.
pub(crate) async fn healthz(State(app): State<Arc<App>>) -> ApiResult<Response> {
    let (articles, events) = app
        .read(|s| Ok((s.articles()?, s.events_stored()?)))
        .await?;
    Ok(Json(json!({"status": "ok", "articles": articles, "events": events})).into_response())
}

/// `GET /api/openapi.json`: the API's description.
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}

/// What `POST /api/articles` did.
#[derive(Serialize)]
struct IngestReport {
    added: usize,
    repeats: usize,
    rejected: Vec<String>,
    /// Articles and events stored, all writers together.
    articles: u64,
    events: u64,
}

/// Whether the request carries the configured bearer token (compared in
/// constant time).
fn authorised(app: &App, headers: &HeaderMap) -> ApiResult<()> {
    let Some(token) = &app.token else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "the write API is off: no token is configured ([serve] token in storyline.toml, or STORYLINE_TOKEN)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(given) if bool::from(given.as_bytes().ct_eq(token.as_bytes())) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "wrong bearer token",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing bearer token (Authorization: Bearer TOKEN)",
        )),
    }
}

/// `POST /api/articles`: ingests one article object or an array of them,
/// through the same path as `storyline ingest`, holding the writer lock for
/// the request.
pub(crate) async fn ingest(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    authorised(&app, &headers)?;
    let body = body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, format!("the body is too large: {}", e.body_text()))
        } else {
            ApiError::new(status, e.body_text())
        }
    })?;
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}"))
            .with("line", Value::from(e.line()))
            .with("column", Value::from(e.column()))
    })?;
    let mut raws = Vec::new();
    let mut rejected = Vec::new();
    for item in ingest::from_json_value("request", &value) {
        match item {
            Ok(input) => raws.push(input.doc),
            Err(e) => rejected.push(e.to_string()),
        }
    }
    if raws.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no article in the request could be read",
        )
        .with("rejected", Value::from(rejected)));
    }
    let _one_writer = app.writing.lock().await;
    let (data, settings) = (app.data.clone(), app.settings.clone());
    let report = tokio::task::spawn_blocking(move || -> store::Result<IngestReport> {
        let mut store = Store::open(&data, Mode::Write)?;
        let added = store.ingest(raws, &settings, &mut |_, _| {})?;
        rejected.extend(added.rejected);
        Ok(IngestReport {
            added: added.added,
            repeats: added.repeats,
            rejected,
            articles: store.articles()?,
            events: store.events_stored()?,
        })
    })
    .await
    .expect("an ingest task does not panic")
    .map_err(|e| match e {
        store::Error::Locked { .. } => {
            ApiError::new(StatusCode::CONFLICT, e.to_string()).with("retry", Value::from(true))
        }
        e => ApiError::from(e),
    })?;
    info!(
        added = report.added,
        repeats = report.repeats,
        rejected = report.rejected.len(),
        "articles ingested"
    );
    // The listings show the new articles before the client hears back.
    app.refresh().await?;
    let status = if report.added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)).into_response())
}

/// Serialises to a JSON response.
pub(crate) fn json_bytes(value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// The answer to an unknown API route.
pub(crate) fn unknown_route(path: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, format!("no such route: {path}"))
        .with("openapi", Value::from("/api/openapi.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &[(&str, &str)], expected: Result<Params, &str>) {
        let raw: HashMap<String, String> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        match (Params::parse(&raw, LIST_PARAMS), expected) {
            (Ok(got), Ok(want)) => assert_eq!(got, want),
            (Err(got), Err(param)) => {
                assert_eq!(got.status, StatusCode::BAD_REQUEST);
                assert_eq!(got.extra["parameter"], param, "{}", got.message);
            }
            (got, want) => panic!("{query:?}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn params() {
        let base = Params {
            limit: DEFAULT_LIMIT,
            ..Params::default()
        };
        check(&[], Ok(base.clone()));
        check(&[("lang", ""), ("q", " ")], Ok(base.clone()));
        let mut p = base.clone();
        p.filter.since = NaiveDate::from_ymd_opt(2021, 12, 1);
        p.filter.lang = Some("fr".into());
        p.limit = 10;
        p.offset = 20;
        check(
            &[
                ("since", "2021-12-01"),
                ("lang", "FR"),
                ("limit", "10"),
                ("offset", "20"),
            ],
            Ok(p),
        );
        check(&[("since", "2021-13-01")], Err("since"));
        check(&[("limit", "0")], Err("limit"));
        check(&[("limit", "501")], Err("limit"));
        check(&[("offset", "-1")], Err("offset"));
        check(&[("sinse", "2021-12-01")], Err("sinse"));
        check(
            &[("since", "2022-01-01"), ("until", "2021-12-01")],
            Err("until"),
        );
    }
}
