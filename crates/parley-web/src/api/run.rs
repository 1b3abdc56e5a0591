//! Running the models (`parley run`, `parley compare`, `parley models`).

use axum::extract::State;
use parley_core::{Scenario, models};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{to_json, with_charts};
use crate::AppState;
use crate::answer::Json;
use crate::charts;
use crate::error::ApiError;
use crate::input::{
    EumVariant, JsonBody, Source, WhatIfs, apply_smp, check_smp_used, select_models,
};

/// `GET /api/models`: the models with their sources (`parley models --format json`).
pub async fn models() -> Result<Json<Value>, ApiError> {
    let infos: Vec<parley_core::ModelInfo> = models::all().iter().map(|m| m.info()).collect();
    Ok(Json(to_json(&infos)?))
}

/// Body of `POST /api/run`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    scenario: Option<Value>,
    toml: Option<String>,
    /// Model ids; absent or `["all"]` runs every model (an empty list is refused).
    #[serde(default)]
    models: Option<Vec<String>>,
    /// Rules of the expected utility model (`--eum-variant`): `convergent` (default) or `scholz`;
    /// refused when `eum` does not run.
    #[serde(default)]
    eum_variant: Option<EumVariant>,
    /// Settings of KTAB's spatial model over the scenario's `[models.smp]` (`--smp KEY=VALUE`).
    #[serde(default)]
    smp: Vec<String>,
    /// What-ifs defined in the scenario, applied in order before running (`--what-if`): one
    /// id or a list.
    #[serde(default)]
    what_if: WhatIfs,
    /// Ad-hoc edits applied before running (`--set` syntax).
    #[serde(default)]
    set: Vec<String>,
    /// Add the charts (`forecasts`, `model_gains`, `rounds.<model>`) as SVG under `charts`.
    #[serde(default)]
    charts: bool,
    /// An error model file's contents (`parley calibrate`'s output) to use instead of the
    /// built-in one; required when the scenario names `[calibration] file`.
    calibration: Option<Value>,
}

/// `POST /api/run`: the analysis, exactly as `parley run --format json` prints it.
pub async fn run(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<RunRequest>,
) -> Result<Json<Value>, ApiError> {
    let chosen = EumVariant::choose(req.eum_variant, select_models(req.models.as_deref())?)?;
    check_smp_used(&chosen, &req.smp)?;
    let units = state.limits().max_request_units;
    state
        .compute(move |cancel| {
            let mut base = Source {
                scenario: req.scenario,
                toml: req.toml,
            }
            .load()?;
            apply_smp(&mut base, &req.smp)?;
            let scenario = parley_core::variant::apply(
                &base,
                &req.what_if.0,
                &req.set,
                parley_core::what_if::EditSource::Field("set".into()),
            )
            .map_err(unprocessable)?;
            super::uncertainty::within(
                &scenario,
                &chosen,
                1,
                units,
                "this run",
                "parley run FILE --model ...".into(),
            )?;
            let calibration = crate::calibration::for_request(&scenario, req.calibration.as_ref())?;
            let analysis = analyse_or_cancel(&scenario, &chosen, cancel)?;
            let seed = scenario.meta.seed.unwrap_or(0);
            let point = parley_core::calibration::point::point_error(
                &scenario,
                &analysis,
                &calibration,
                seed,
            )
            .map_err(unprocessable)?;
            let drawn = req.charts.then(|| charts::for_run(&scenario, &analysis));
            let mut body = to_json(&analysis)?;
            if let Value::Object(map) = &mut body {
                map.insert("model_error".into(), to_json(&point)?);
            }
            Ok(Json(with_charts(body, drawn)))
        })
        .await
}

/// Body of `POST /api/compare`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    scenario: Option<Value>,
    toml: Option<String>,
    /// Model ids; absent or `["all"]` runs every model (an empty list is refused).
    #[serde(default)]
    models: Option<Vec<String>>,
    /// What-ifs defined in the scenario; with no `set` either, all of them.
    #[serde(default)]
    what_ifs: Vec<String>,
    /// Ad-hoc edits, each a variant of its own.
    #[serde(default)]
    set: Vec<String>,
    /// Add a forecasts chart per variant (and `base`) under `charts`.
    #[serde(default)]
    charts: bool,
}

/// `POST /api/compare`: the base scenario and each variant, as `parley compare --format json`.
pub async fn compare(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<CompareRequest>,
) -> Result<Json<Value>, ApiError> {
    let chosen = select_models(req.models.as_deref())?;
    let units = state.limits().max_request_units;
    state
        .compute(move |cancel| {
            let base = Source {
                scenario: req.scenario,
                toml: req.toml,
            }
            .load()?;
            let variants = variants(&base, &req.what_ifs, &req.set)?;
            super::uncertainty::within(
                &base,
                &chosen,
                variants.len().saturating_add(1),
                units,
                "this comparison",
                "parley compare FILE".into(),
            )?;
            let mut analysed = Vec::with_capacity(variants.len());
            for (name, s) in variants {
                let a = analyse_or_cancel(&s, &chosen, cancel)?;
                analysed.push((name, s, a));
            }
            let base_analysis = analyse_or_cancel(&base, &chosen, cancel)?;
            let mut out = Vec::with_capacity(analysed.len());
            for (name, _, a) in &analysed {
                out.push(json!({ "variant": name, "analysis": to_json(a)? }));
            }
            let drawn = req.charts.then(|| {
                charts::for_compare(
                    (&base, &base_analysis),
                    analysed.iter().map(|(n, s, a)| (n.as_str(), s, a)),
                )
            });
            let body = json!({ "base": to_json(&base_analysis)?, "variants": out });
            Ok(Json(with_charts(body, drawn)))
        })
        .await
}

/// The variants to compare, named as the CLI names them: what-if ids, then edits as written.
fn variants(
    base: &Scenario,
    what_ifs: &[String],
    set: &[String],
) -> Result<Vec<(String, Scenario)>, ApiError> {
    let mut ids = what_ifs.to_vec();
    if ids.is_empty() && set.is_empty() {
        ids = base.what_ifs.iter().map(|w| w.id.clone()).collect();
    }
    let mut out = Vec::with_capacity(ids.len() + set.len());
    for id in ids {
        let s = base.with_what_if(&id).map_err(unprocessable)?;
        out.push((id, s));
    }
    for edit in set {
        let s = parley_core::what_if::apply_edits(
            base,
            parley_core::what_if::EditSource::Field("set".into()),
            std::slice::from_ref(edit),
        )
        .map_err(unprocessable)?;
        out.push((edit.clone(), s));
    }
    if out.is_empty() {
        return Err(ApiError::Unprocessable(
            "nothing to compare: the scenario defines no what-ifs; pass 'set' edits".into(),
        ));
    }
    Ok(out)
}

/// A core error about the request's content, as a 422.
pub(crate) fn unprocessable(e: impl std::fmt::Display) -> ApiError {
    ApiError::Unprocessable(e.to_string())
}

/// [`parley_core::analyse_cancellable`] with the API's errors.
pub(crate) fn analyse_or_cancel(
    scenario: &Scenario,
    models: &[Box<dyn parley_core::Model>],
    cancel: &parley_core::Cancel,
) -> Result<parley_core::Analysis, ApiError> {
    parley_core::analyse_cancellable(scenario, models, cancel).map_err(|e| match e {
        parley_core::AnalyseError::Invalid(e) => unprocessable(e),
        parley_core::AnalyseError::Cancelled => {
            ApiError::Cancelled("the computation was cancelled".into())
        }
    })
}
