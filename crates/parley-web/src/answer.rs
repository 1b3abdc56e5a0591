//! The API's JSON answers, written by the same serializer as the command line's JSON
//! (`parley_scenario::json`): negative zero is written `0.0`, every other number as serde_json
//! writes it, so an answer and the CLI's document of the same run agree to the sign.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A JSON answer (in place of `axum::Json`, which writes `-0.0`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match parley_scenario::json::compact(&self.0) {
            Ok(text) => (
                // The content type axum::Json sets: clients see no change.
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                text,
            )
                .into_response(),
            // As axum::Json answers a value it cannot encode.
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                )],
                e.to_string(),
            )
                .into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[tokio::test]
    async fn negative_zero_is_answered_as_zero() {
        let r = Json(serde_json::json!({ "x": -0.0, "y": -0.5 })).into_response();
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/json");
        let body = axum::body::to_bytes(r.into_body(), 1 << 10).await.unwrap();
        assert_eq!(&body[..], br#"{"x":0.0,"y":-0.5}"#);
    }
}
