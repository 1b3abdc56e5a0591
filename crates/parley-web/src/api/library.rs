//! The scenario library (`parley library`): list the stored scenarios, save a version, list a
//! scenario's versions, load one, and diff two. The database is the one `parley library` uses
//! (`--db`, else `$PARLEY_DB`, else the platform's data folder: [`parley_library::db_path`]).
//!
//! Each request opens the database on a blocking thread (`spawn_blocking`), does its work in
//! one transaction and closes it: SQLite's WAL mode and busy timeout let two requests (two
//! tabs, or the CLI at the same time) save to the same scenario without losing either, and a
//! killed server leaves every acknowledged save in place.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use parley_library::store::{Filter, Version};
use parley_library::{Library, LibraryError, Reference, SaveRequest};
use serde::Deserialize;
use serde_json::{Value, json};

use super::to_json;
use crate::AppState;
use crate::answer::Json;
use crate::convert::toml_to_json;
use crate::error::ApiError;
use crate::input::{JsonBody, Source};

/// A library failure as the API reports it: unknown names and versions are 404, bad names and
/// invalid content 400/422, a database that cannot be opened (or from a newer Parley) 503.
pub(crate) fn library_error(e: LibraryError) -> ApiError {
    match e {
        LibraryError::UnknownScenario { .. }
        | LibraryError::UnknownVersion { .. }
        | LibraryError::UnknownRun { .. } => ApiError::NotFound(e.to_string()),
        LibraryError::BadName { .. }
        | LibraryError::BadReference { .. }
        | LibraryError::EmptyTag { .. } => ApiError::BadRequest(e.to_string()),
        LibraryError::InvalidScenario { .. } => ApiError::Unprocessable(e.to_string()),
        LibraryError::Open { .. }
        | LibraryError::NewerSchema { .. }
        | LibraryError::NoDataFolder => ApiError::LibraryUnavailable(e.to_string()),
        other => ApiError::Internal(other.to_string()),
    }
}

/// Runs `f` on the open library on a blocking thread.
async fn with_library<T, F>(state: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Library) -> Result<T, ApiError> + Send + 'static,
{
    let path = state.library_path()?;
    tokio::task::spawn_blocking(move || {
        let mut library = Library::open(&path).map_err(library_error)?;
        f(&mut library)
    })
    .await
    .map_err(|e| ApiError::Internal(format!("a library request failed: {e}")))?
}

/// A request's query string as `name=value` pairs, in order.
type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The query parameters of `route`, each given at most once and each one of `known` (a name
/// and what it takes, for messages). Read by hand rather than into a struct so that a
/// missing, unknown or repeated parameter is told in the API's words, with what the route
/// takes, instead of the framework's ("Failed to deserialize query string: ...").
fn query_params(
    pairs: Pairs,
    route: &str,
    known: &[(&str, &str)],
) -> Result<Vec<(String, String)>, ApiError> {
    let takes = || {
        known
            .iter()
            .map(|(name, what)| format!("{name} ({what})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Query(pairs) = pairs.map_err(|_| {
        ApiError::BadRequest(format!(
            "the query string of {route} cannot be read as name=value pairs; it takes: {}",
            takes()
        ))
    })?;
    for (k, (name, _)) in pairs.iter().enumerate() {
        let shown: String = name.chars().take(40).collect();
        if !known.iter().any(|(n, _)| n == name) {
            return Err(ApiError::BadRequest(format!(
                "{route} has no query parameter '{shown}'; it takes: {}",
                takes()
            )));
        }
        if pairs[..k].iter().any(|(n, _)| n == name) {
            return Err(ApiError::BadRequest(format!(
                "the query parameter '{shown}' of {route} is given twice; give it once"
            )));
        }
    }
    Ok(pairs)
}

/// The value of query parameter `name` among `pairs`, if given.
fn param(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

/// `GET /api/library`: the stored scenarios with their newest version (`parley library list`);
/// query `actor`, `issue`, `tag` (all optional) narrow the list.
pub async fn list(State(state): State<AppState>, pairs: Pairs) -> Result<Json<Value>, ApiError> {
    let q = query_params(
        pairs,
        "GET /api/library",
        &[
            ("actor", "an actor id"),
            ("issue", "an issue id"),
            ("tag", "a tag"),
        ],
    )?;
    with_library(&state, move |lib| {
        let filter = Filter {
            actor: param(&q, "actor"),
            issue: param(&q, "issue"),
            tag: param(&q, "tag"),
        };
        let scenarios = lib.list(&filter).map_err(library_error)?;
        Ok(Json(json!({
            "db": lib.path().display().to_string(),
            "scenarios": to_json(&scenarios)?,
        })))
    })
    .await
}

/// `GET /api/library/{name}`: every version of a scenario, oldest first
/// (`parley library show NAME`).
pub async fn history(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    with_library(&state, move |lib| {
        let versions = lib.history(&name).map_err(library_error)?;
        Ok(Json(
            json!({ "name": name, "versions": to_json(&versions)? }),
        ))
    })
    .await
}

/// Body of `POST /api/library/{name}`: the scenario (as the editor's document, stored as
/// JSON text, or as TOML text, stored byte for byte), who saves and why.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveBody {
    scenario: Option<Value>,
    toml: Option<String>,
    /// Who saves (default `web`).
    author: Option<String>,
    /// Why (default `saved from the workbench`).
    message: Option<String>,
    /// Tags to add to the scenario.
    #[serde(default)]
    tags: Vec<String>,
}

/// `POST /api/library/{name}`: saves the scenario as the next version (201), or reports that
/// it equals the newest version (200, `unchanged`). An invalid scenario is refused with its
/// problems (422), as `/api/validate` lists them; nothing is written.
pub async fn save(
    State(state): State<AppState>,
    Path(name): Path<String>,
    JsonBody(body): JsonBody<SaveBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    parley_library::store::check_name(&name).map_err(library_error)?;
    let author = body.author.unwrap_or_else(|| "web".to_owned());
    let message = body
        .message
        .unwrap_or_else(|| "saved from the workbench".to_owned());
    if author.chars().count() > 200 || message.chars().count() > 2000 {
        return Err(ApiError::BadRequest(
            "author is at most 200 characters and message at most 2000".into(),
        ));
    }
    let (label, content) = match (&body.scenario, &body.toml) {
        (Some(doc), None) => {
            let mut text = serde_json::to_vec_pretty(doc)
                .map_err(|e| ApiError::Internal(format!("cannot encode JSON: {e}")))?;
            text.push(b'\n');
            (format!("{name}.json"), text)
        }
        (None, Some(toml)) => (format!("{name}.toml"), toml.clone().into_bytes()),
        _ => {
            return Err(ApiError::BadRequest(
                "give exactly one of 'scenario' (the editor's document) or 'toml' (a file's text)"
                    .into(),
            ));
        }
    };
    // The problems of an invalid scenario, located, before anything is written.
    let source = Source {
        scenario: body.scenario,
        toml: body.toml,
    };
    state.compute(move |_| source.load().map(|_| ())).await?;
    let tags = body.tags;
    let saved = with_library(&state, move |lib| {
        lib.save(&SaveRequest {
            name: &name,
            label: &label,
            content: &content,
            author: &author,
            message: &message,
            tags: &tags,
        })
        .map_err(library_error)
    })
    .await?;
    let status = if saved.unchanged {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(to_json(&saved)?)))
}

/// A version number from a path or query (`3`), or `latest`.
fn version_number(text: &str) -> Result<Option<i64>, ApiError> {
    if text == "latest" {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        _ => Err(ApiError::BadRequest(format!(
            "bad version '{}': expected a version number (1, 2, ...) or 'latest'",
            text.chars().take(40).collect::<String>()
        ))),
    }
}

/// A stored version as the API returns it: its record, its exact text, and the editor's
/// document read from it.
fn version_view(v: &Version) -> Result<Value, ApiError> {
    let text = String::from_utf8_lossy(&v.content).into_owned();
    let doc = if v.info.format == "json" {
        serde_json::from_str::<Value>(&text).ok()
    } else {
        toml_to_json(&text)
    };
    Ok(json!({
        "name": v.name,
        "version": to_json(&v.info)?,
        "content": text,
        "scenario": doc,
    }))
}

/// `GET /api/library/{name}/versions/{version}`: one version (a number or `latest`) with its
/// exact text and the editor's document (`parley library export NAME@N`).
pub async fn version(
    State(state): State<AppState>,
    Path((name, version)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let number = version_number(&version)?;
    with_library(&state, move |lib| {
        let v = lib
            .get(&Reference {
                name,
                version: number,
            })
            .map_err(library_error)?;
        version_view(&v).map(Json)
    })
    .await
}

/// `GET /api/library/{name}/diff?from=A&to=B`: the changes from version A to version B, field
/// by field (`parley library diff NAME@A NAME@B`); `to` defaults to `latest`.
pub async fn diff(
    State(state): State<AppState>,
    Path(name): Path<String>,
    pairs: Pairs,
) -> Result<Json<Value>, ApiError> {
    const ROUTE: &str = "GET /api/library/{name}/diff";
    let q = query_params(
        pairs,
        ROUTE,
        &[
            ("from", "the older version: a number or 'latest'; required"),
            ("to", "the newer version: a number or 'latest', the default"),
        ],
    )?;
    let from = param(&q, "from").ok_or_else(|| {
        ApiError::BadRequest(format!(
            "{ROUTE} needs the query parameter 'from', the older version: a number (1, 2, ...) \
             or 'latest', e.g. ?from=1&to=latest"
        ))
    })?;
    let from = version_number(&from)?;
    let to = version_number(param(&q, "to").as_deref().unwrap_or("latest"))?;
    with_library(&state, move |lib| {
        let get = |version| {
            lib.get(&Reference {
                name: name.clone(),
                version,
            })
            .map_err(library_error)
        };
        let (a, b) = (get(from)?, get(to)?);
        let changes = parley_library::diff_versions(&a, &b).map_err(library_error)?;
        Ok(Json(json!({
            "name": name,
            "from": a.info.number,
            "to": b.info.number,
            "changes": to_json(&changes)?,
        })))
    })
    .await
}

/// `GET /api/library/{name}/track`: each question of scenario `name` with a sealed forecast
/// (`parley seal`): its probability per sealed run and model, the library version each run
/// was made from, and the outcome once resolved (`parley resolve`), each point marked as
/// counting in the track record (sealed before the outcome's date) or not.
pub async fn track(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    parley_library::store::check_name(&name).map_err(library_error)?;
    with_library(&state, move |lib| {
        let questions = lib.question_tracks(&name).map_err(library_error)?;
        // A key is a library name or a sealed file's stem: unknown only when it is neither a
        // stored scenario nor the key of anything sealed or resolved (it answered 200 with no
        // questions, as if a scenario of that name existed; sweep2 item 18).
        if questions.is_empty()
            && !lib.has_sealed(&name).map_err(library_error)?
            && lib.outcomes(&name).map_err(library_error)?.is_empty()
            && let Err(e) = lib.history(&name)
        {
            return Err(match library_error(e) {
                ApiError::NotFound(m) => ApiError::NotFound(format!(
                    "{m}; nothing is sealed or resolved under '{name}' either"
                )),
                other => other,
            });
        }
        Ok(Json(
            json!({ "name": name, "questions": to_json(&questions)? }),
        ))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbers_from_one_or_latest() {
        assert_eq!(version_number("latest").ok(), Some(None));
        assert_eq!(version_number("3").ok(), Some(Some(3)));
        for bad in ["0", "-1", "x", "", "1.5", "9999999999999999999999"] {
            assert!(
                matches!(version_number(bad), Err(ApiError::BadRequest(_))),
                "{bad}"
            );
        }
    }
}
