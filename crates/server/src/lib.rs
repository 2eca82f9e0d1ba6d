//! Storyline's HTTP server: a JSON API and a server-rendered web page over
//! a data directory, for `storyline serve`.
//!
//! Reads go through read-only SQLite connections on blocking threads (the
//! store is the truth; tantivy serves search), so the server keeps
//! answering while a writer (`storyline ingest`) runs; event and story
//! listings are answered from a snapshot read again whenever articles were
//! added. Writes (`POST /api/articles`, with a bearer token) take the
//! store's writer lock per request and go through `Store::ingest`, the
//! path `storyline ingest` takes. Nothing is ever served from disk: the
//! page's CSS and JS are compiled in.
//!
//! ```no_run
//! # async fn run() -> Result<(), server::Error> {
//! let config = server::Config::new("storyline-data".into(), "127.0.0.1:8080".parse().unwrap());
//! let server = server::Server::bind(config).await?;
//! println!("listening on http://{}", server.local_addr());
//! server.run(server::shutdown_signal()).await?;
//! # Ok(()) }
//! ```

mod api;
mod app;
pub mod dto;
mod html;
mod pages;
pub mod view;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tracing::info;

use app::App;

/// The OpenAPI 3.1 description of the API, kept in step with the routes by
/// a test.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Limits that keep one client from taking the server down.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The largest request body (`POST /api/articles`), in bytes.
    pub body_bytes: usize,
    /// Requests handled at once; more wait for a turn.
    pub concurrency: usize,
    /// How long a request may wait for its turn before a 503.
    pub queue_wait: Duration,
    /// How long a request may take before a 503 (a write: ten times as long).
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_bytes: 16 * 1024 * 1024,
            concurrency: 128,
            queue_wait: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
        }
    }
}

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The data directory.
    pub data: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The bearer token of the write API; without one it answers 401, and
    /// the server refuses to listen beyond loopback.
    pub token: Option<String>,
    /// The engine's settings, for writes.
    pub settings: pipeline::Settings,
    /// Body size, concurrency and time limits.
    pub limits: Limits,
    /// How often the listings check the store for new articles.
    pub refresh: Duration,
}

impl Config {
    /// Defaults for everything but where the data is and where to listen.
    pub fn new(data: PathBuf, addr: SocketAddr) -> Config {
        Config {
            data,
            addr,
            token: None,
            settings: pipeline::Settings::default(),
            limits: Limits::default(),
            refresh: Duration::from_secs(1),
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Listening beyond loopback with a write API and no token.
    #[error("refusing to listen on {addr}, which is not a loopback address, without a token: set [serve] token in storyline.toml or STORYLINE_TOKEN")]
    NoToken {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// The token is empty or white space.
    #[error("the token is empty")]
    EmptyToken,
    /// The address could not be bound, or serving failed.
    #[error("{addr}: {source}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The data directory could not be opened.
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// The result of starting and running the server.
pub type Result<T> = std::result::Result<T, Error>;

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
    router: Router,
    refresh: Duration,
}

impl Server {
    /// Checks the configuration, opens the store and binds the address.
    pub async fn bind(config: Config) -> Result<Server> {
        if config.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(Error::EmptyToken);
        }
        if config.token.is_none() && !config.addr.ip().is_loopback() {
            return Err(Error::NoToken { addr: config.addr });
        }
        let (data, settings, token) = (config.data, config.settings, config.token);
        let app = tokio::task::spawn_blocking(move || App::open(data, settings, token))
            .await
            .expect("opening the store does not panic")?;
        let app = Arc::new(app);
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|source| Error::Io {
                addr: config.addr,
                source,
            })?;
        let router = router(app.clone(), &config.limits);
        Ok(Server {
            listener,
            app,
            router,
            refresh: config.refresh,
        })
    }

    /// The address it listens on (the port chosen when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` completes, then finishes the requests in
    /// flight.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        let addr = self.local_addr();
        info!(%addr, "serving");
        let refresher = tokio::spawn(self.app.clone().keep_fresh(self.refresh));
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await;
        refresher.abort();
        info!("stopped");
        served.map_err(|source| Error::Io { addr, source })
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
    info!("shutting down");
}

/// The API's routes: method and path as the OpenAPI document writes them.
/// The router is built from this list, so the test that holds the document
/// to it holds the router too.
pub fn api_routes() -> Vec<(&'static str, &'static str)> {
    api_table().into_iter().map(|(m, p, _)| (m, p)).collect()
}

type Route = (&'static str, &'static str, MethodRouter<Arc<App>>);

fn api_table() -> Vec<Route> {
    vec![
        ("get", "/healthz", get(api::healthz)),
        ("get", "/api/openapi.json", get(api::openapi)),
        ("get", "/api/stories", get(api::stories)),
        ("get", "/api/stories/{id}", get(api::story)),
        ("get", "/api/events", get(api::events)),
        ("get", "/api/events/{id}", get(api::event)),
        ("get", "/api/articles/{id}", get(api::article)),
        ("post", "/api/articles", post(api::ingest)),
        ("get", "/api/search", get(api::search)),
    ]
}

/// The routes of the web page.
fn page_table() -> Vec<(&'static str, MethodRouter<Arc<App>>)> {
    vec![
        ("/", get(pages::home)),
        ("/stories/{id}", get(pages::story)),
        ("/events/{id}", get(pages::event)),
        ("/articles/{id}", get(pages::article)),
        ("/search", get(pages::search)),
        ("/assets/style.css", get(pages::style)),
        ("/assets/app.js", get(pages::script)),
    ]
}

/// One request at a time per permit; a request that waits too long for one
/// gets a 503.
#[derive(Clone)]
struct Gate {
    permits: Arc<Semaphore>,
    wait: Duration,
}

async fn gate(State(gate): State<Gate>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(gate.wait, gate.permits.acquire()).await {
        Ok(Ok(_permit)) => next.run(request).await,
        _ => api::ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "too busy; try again")
            .into_response(),
    }
}

fn router(app: Arc<App>, limits: &Limits) -> Router {
    let mut router = Router::new();
    for (method, path, route) in api_table() {
        let route = if method == "post" {
            route.layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                limits.timeout * 10,
            ))
        } else {
            route.layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                limits.timeout,
            ))
        };
        router = router.route(path, route);
    }
    for (path, route) in page_table() {
        router = router.route(
            path,
            route.layer(TimeoutLayer::with_status_code(
                StatusCode::SERVICE_UNAVAILABLE,
                limits.timeout,
            )),
        );
    }
    let gate_state = Gate {
        permits: Arc::new(Semaphore::new(limits.concurrency)),
        wait: limits.queue_wait,
    };
    router
        .fallback(fallback)
        .with_state(app)
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(middleware::from_fn_with_state(gate_state, gate))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Unknown routes: a JSON 404 under `/api/`, a page elsewhere. Nothing is
/// looked up on disk.
async fn fallback(uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") || path == "/api" {
        api::unknown_route(path).into_response()
    } else {
        pages::not_found(path)
    }
}
