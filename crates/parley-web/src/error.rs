//! API errors: one JSON shape for every failure, `{ "error": { "code", "message", "problems"? } }`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::input::ProblemView;

/// Why a request failed; each variant maps to one status code and one error code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON, or not of the request's shape.
    #[error("{0}")]
    BadJson(String),
    /// A request field has a value the endpoint does not accept.
    #[error("{0}")]
    BadRequest(String),
    /// A model id Parley does not have.
    #[error("unknown model '{name}'; available: {known}, all")]
    UnknownModel {
        /// The id asked for.
        name: String,
        /// The ids Parley has.
        known: String,
    },
    /// The request asks for more work than one request may.
    #[error("{what} is {asked}; this server allows at most {max} per request")]
    OverLimit {
        /// What was asked for ("runs").
        what: &'static str,
        /// How much.
        asked: usize,
        /// The cap.
        max: usize,
    },
    /// The scenario is not valid: every problem, with its field path.
    #[error("the scenario has {} problem(s)", problems.len())]
    InvalidScenario {
        /// The problems, in file order.
        problems: Vec<ProblemView>,
    },
    /// The scenario is valid but the request cannot be carried out on it (an unknown what-if,
    /// a bad edit or condition).
    #[error("{0}")]
    Unprocessable(String),
    /// The body is larger than the server accepts.
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// POST bodies must be declared as JSON.
    #[error("send the body as JSON with 'Content-Type: application/json'")]
    UnsupportedMediaType,
    /// A POST whose body must be of another media type than JSON (an xlsx workbook).
    #[error("send the body as {expected}")]
    UnsupportedMediaTypeFor {
        /// What to send, with its `Content-Type`.
        expected: &'static str,
    },
    /// A compressed body: the server does not decompress (a small gzip body can expand to
    /// gigabytes), and reading compressed bytes as JSON would call them "not JSON".
    #[error("Content-Encoding '{0}' is not accepted; send the body uncompressed")]
    UnsupportedEncoding(String),
    /// No such route, job or asset.
    #[error("{0}")]
    NotFound(String),
    /// Too many jobs running.
    #[error("{0}")]
    Busy(String),
    /// The request took longer than the server allows.
    #[error("the request took longer than {0} s; ask for fewer runs or use /api/mc/jobs")]
    Timeout(u64),
    /// The `Host` header names something other than this loopback server.
    #[error("host '{0}' is not served here; use http://127.0.0.1 or http://localhost")]
    ForeignHost(String),
    /// The request asks for more work than the server does per request or job, by the
    /// core's estimate (`parley_core::cost`); refused before anything runs.
    #[error(
        "{what} is estimated at {estimate}, over this server's limit of {max:.1e} work units; \
         ask for fewer runs, models or actors, or run it with the CLI ({cli}), which shows the \
         estimate and asks to confirm"
    )]
    TooCostly {
        /// What was asked for ("this Monte Carlo job").
        what: String,
        /// The estimate, with its time class.
        estimate: parley_core::cost::Cost,
        /// The server's limit, in work units.
        max: f64,
        /// The CLI command that does the same.
        cli: String,
    },
    /// The body did not arrive in time.
    #[error("the request body did not arrive within {0} s")]
    BodyTimeout(u64),
    /// The route exists but not with this method.
    #[error("{method} is not allowed on {path}; allowed: {allow}")]
    MethodNotAllowed {
        /// The method used.
        method: String,
        /// The path.
        path: String,
        /// The methods the route takes.
        allow: String,
    },
    /// The URL could not be read (a bad percent-encoding, a bad path parameter), or another
    /// request error the router found.
    #[error("{message}")]
    Rejected {
        /// The status the router chose.
        status: u16,
        /// Its explanation.
        message: String,
    },
    /// An API request without the server's token (servers reachable beyond loopback).
    #[error(
        "this server asks for its token: send 'Authorization: Bearer TOKEN' (the page takes it \
         from its address, /?token=TOKEN, printed when the server started)"
    )]
    Unauthorized,
    /// The computation was cancelled (the job was cancelled, or the server is stopping).
    #[error("{0}")]
    Cancelled(String),
    /// The library database cannot be opened (missing folder rights, a newer schema, no data
    /// folder).
    #[error("{0}")]
    LibraryUnavailable(String),
    /// A bug: a computation panicked or could not be encoded.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadJson(_)
            | ApiError::BadRequest(_)
            | ApiError::UnknownModel { .. }
            | ApiError::OverLimit { .. } => StatusCode::BAD_REQUEST,
            ApiError::InvalidScenario { .. } | ApiError::Unprocessable(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooCostly { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BodyTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Rejected { status, .. } => {
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST)
            }
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Cancelled(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::UnsupportedMediaType
            | ApiError::UnsupportedMediaTypeFor { .. }
            | ApiError::UnsupportedEncoding(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Busy(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::ForeignHost(_) => StatusCode::MISDIRECTED_REQUEST,
            ApiError::LibraryUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable error code (documented in `docs/web.md`).
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadJson(_) => "bad-json",
            ApiError::BadRequest(_) => "bad-request",
            ApiError::UnknownModel { .. } => "unknown-model",
            ApiError::OverLimit { .. } => "over-limit",
            ApiError::InvalidScenario { .. } => "invalid-scenario",
            ApiError::Unprocessable(_) => "unprocessable",
            ApiError::TooLarge(_) => "too-large",
            ApiError::TooCostly { .. } => "too-costly",
            ApiError::BodyTimeout(_) => "body-timeout",
            ApiError::MethodNotAllowed { .. } => "method-not-allowed",
            ApiError::Rejected { status: 404, .. } => "not-found",
            ApiError::Rejected { .. } => "bad-request",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Cancelled(_) => "cancelled",
            ApiError::UnsupportedMediaType | ApiError::UnsupportedMediaTypeFor { .. } => {
                "unsupported-media-type"
            }
            ApiError::UnsupportedEncoding(_) => "unsupported-encoding",
            ApiError::NotFound(_) => "not-found",
            ApiError::Busy(_) => "busy",
            ApiError::Timeout(_) => "timeout",
            ApiError::ForeignHost(_) => "foreign-host",
            ApiError::LibraryUnavailable(_) => "library-unavailable",
            ApiError::Internal(_) => "internal",
        }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<&'a [ProblemView]>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problems = match &self {
            ApiError::InvalidScenario { problems } => Some(problems.as_slice()),
            _ => None,
        };
        let body = Body {
            error: Detail {
                code: self.code(),
                message: self.to_string(),
                problems,
            },
        };
        let mut response = (self.status(), crate::answer::Json(body)).into_response();
        match &self {
            ApiError::MethodNotAllowed { allow, .. } => {
                if let Ok(v) = axum::http::HeaderValue::from_str(allow) {
                    response.headers_mut().insert(axum::http::header::ALLOW, v);
                }
            }
            // The rest of a late body is not worth waiting for: close the connection.
            ApiError::BodyTimeout(_) => {
                response.headers_mut().insert(
                    axum::http::header::CONNECTION,
                    axum::http::HeaderValue::from_static("close"),
                );
            }
            ApiError::Unauthorized => {
                response.headers_mut().insert(
                    axum::http::header::WWW_AUTHENTICATE,
                    axum::http::HeaderValue::from_static("Bearer"),
                );
            }
            _ => {}
        }
        response
    }
}
