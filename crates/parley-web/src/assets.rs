//! The page and its static assets, compiled into the binary. Assets are looked up by exact
//! name in a fixed table, never on the file system, so no request path can reach another file.

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::ApiError;

/// One embedded file.
struct Asset {
    name: &'static str,
    mime: &'static str,
    body: &'static str,
}

const INDEX: &str = include_str!("../assets/index.html");

/// Every asset under `/assets/`.
const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        mime: "text/css; charset=utf-8",
        body: include_str!("../assets/style.css"),
    },
    Asset {
        name: "app.js",
        mime: "text/javascript; charset=utf-8",
        body: include_str!("../assets/app.js"),
    },
    Asset {
        name: "api.js",
        mime: "text/javascript; charset=utf-8",
        body: include_str!("../assets/api.js"),
    },
    Asset {
        name: "editor.js",
        mime: "text/javascript; charset=utf-8",
        body: include_str!("../assets/editor.js"),
    },
    Asset {
        name: "results.js",
        mime: "text/javascript; charset=utf-8",
        body: include_str!("../assets/results.js"),
    },
    Asset {
        name: "library.js",
        mime: "text/javascript; charset=utf-8",
        body: include_str!("../assets/library.js"),
    },
    Asset {
        name: "extract.js",
        mime: "text/javascript; charset=utf-8",
        body: include_str!("../assets/extract.js"),
    },
    Asset {
        name: "dom.js",
        mime: "text/javascript; charset=utf-8",
        body: include_str!("../assets/dom.js"),
    },
    Asset {
        name: "parts.js",
        mime: "text/javascript; charset=utf-8",
        body: include_str!("../assets/parts.js"),
    },
];

/// The page's routes: `/` and `/assets/{name}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/assets/{name}", get(asset))
}

async fn index() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        INDEX,
    )
        .into_response()
}

async fn asset(Path(name): Path<String>) -> Result<Response, ApiError> {
    let asset = ASSETS.iter().find(|a| a.name == name).ok_or_else(|| {
        ApiError::NotFound(format!(
            "no asset '{}'",
            name.chars().take(80).collect::<String>()
        ))
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, asset.mime),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        asset.body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::ASSETS;

    #[test]
    fn every_module_the_page_imports_is_served() {
        for a in ASSETS.iter().filter(|a| a.name.ends_with(".js")) {
            for line in a.body.lines() {
                let Some(rest) = line.split(" from \"./").nth(1) else {
                    continue;
                };
                let target = rest.split('"').next().unwrap_or("");
                assert!(
                    ASSETS.iter().any(|b| b.name == target),
                    "{} imports {target}, which is not embedded",
                    a.name
                );
            }
        }
    }
}
