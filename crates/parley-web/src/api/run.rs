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
    #[serde(default, deserialize_with = "crate::input::edits")]
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
            let scenario = variant_of(&base, &req.what_if, &req.set)?;
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
            let body = labelled(&body, &req.what_if, &req.set)?;
            Ok(Json(with_charts(body, drawn)))
        })
        .await
}

/// Body of `POST /api/compare`, as `parley compare`'s flags: `what_if` and `set` together make
/// one variant (`--what-if`, `--set`), each entry of `variants` one more (`--variant`); with
/// none of them, each of the scenario's what-ifs alone is a variant.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareRequest {
    scenario: Option<Value>,
    toml: Option<String>,
    /// Model ids; absent or `["all"]` runs every model (an empty list is refused).
    #[serde(default)]
    models: Option<Vec<String>>,
    /// What-ifs defined in the scenario, one id or a list, applied in order (`--what-if`);
    /// with `set`, one variant. `what_ifs`, the field's earlier name, is read the same way.
    #[serde(default, alias = "what_ifs")]
    what_if: WhatIfs,
    /// Ad-hoc edits (`--set`), applied in order after `what_if`, in the same variant.
    #[serde(default, deserialize_with = "crate::input::edits")]
    set: Vec<String>,
    /// More variants, each as `--variant`: a what-if id alone, or
    /// `{ "name", "what_if", "set" }`.
    #[serde(default)]
    variants: Vec<VariantSpec>,
    /// Add a forecasts chart per variant (and `base`) under `charts`.
    #[serde(default)]
    charts: bool,
    /// An error model file's contents (`parley calibrate`'s output) to use instead of the
    /// built-in one for every variant's odds with model error; required when the scenario
    /// names `[calibration] file`.
    calibration: Option<Value>,
}

/// One entry of `variants`, as one `--variant SPEC` of `parley compare`: a what-if's id alone
/// (`"us_stops_aid"`), or an object of any number of what-ifs and edits with an optional name
/// (without one, it is named by its what-ifs and edits, as the CLI names it).
#[derive(Debug, Clone, PartialEq)]
pub enum VariantSpec {
    /// A what-if of the scenario, alone; the variant is named by its id.
    Id(String),
    /// What-ifs and edits, applied in order.
    Fields(VariantFields),
}

/// The object form of a [`VariantSpec`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantFields {
    /// The variant's name (its column); without it, the what-ifs and edits joined by ` + `.
    name: Option<String>,
    /// What-ifs of the scenario, one id or a list, applied in order.
    #[serde(default)]
    what_if: WhatIfs,
    /// Edits in the `--set` syntax, applied in order after the what-ifs.
    #[serde(default, deserialize_with = "crate::input::edits")]
    set: Vec<String>,
}

impl<'de> Deserialize<'de> for VariantSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Spec;
        impl<'de> serde::de::Visitor<'de> for Spec {
            type Value = VariantSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a what-if id, or an object {\"name\", \"what_if\", \"set\"} (each optional)",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<VariantSpec, E> {
                Ok(VariantSpec::Id(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<VariantSpec, A::Error> {
                VariantFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(VariantSpec::Fields)
            }
        }
        d.deserialize_any(Spec)
    }
}

/// A variant to compare: its name, where it came from (for messages), and what makes it.
#[derive(Debug, Clone, PartialEq)]
struct Variant {
    name: String,
    place: String,
    what_if: Vec<String>,
    set: Vec<String>,
    /// The JSON field its edits came in.
    set_field: String,
}

/// The variants to compare, as `parley compare` lists them: the request's `what_if` and `set`
/// (one variant), then each of `variants`; with none of them, each of the scenario's what-ifs
/// alone. A request that cannot say what to compare is a 400, as the CLI's usage errors.
fn variants(req: &CompareRequest, base: &Scenario) -> Result<Vec<Variant>, ApiError> {
    let example = "e.g. \"variants\": [\"us_stops_aid\", {\"name\": \"aid cut\", \"what_if\": \
                   [\"us_stops_aid\"], \"set\": [\"usa.ukraine_aid.salience = 0.3\"]}]";
    let mut out = Vec::new();
    if !req.what_if.0.is_empty() || !req.set.is_empty() {
        out.push(Variant {
            name: parley_core::variant::name(&req.what_if.0, &req.set),
            place: "the variant of `what_if` and `set`".into(),
            what_if: req.what_if.0.clone(),
            set: req.set.clone(),
            set_field: "set".into(),
        });
    }
    for (k, spec) in req.variants.iter().enumerate() {
        let (name, what_if, set) = match spec {
            VariantSpec::Id(id) if id.trim().is_empty() => {
                return Err(ApiError::BadRequest(format!(
                    "`variants[{k}]` is an empty string: give a what-if id, or an object with \
                     `what_if` and `set`; {example}"
                )));
            }
            VariantSpec::Id(id) => (id.clone(), vec![id.clone()], Vec::new()),
            VariantSpec::Fields(f) => {
                if f.what_if.0.is_empty() && f.set.is_empty() {
                    return Err(ApiError::BadRequest(format!(
                        "`variants[{k}]` has no `what_if` and no `set`; {example}"
                    )));
                }
                let name = match &f.name {
                    Some(n) if n.trim().is_empty() => {
                        return Err(ApiError::BadRequest(format!(
                            "`variants[{k}]` has an empty `name`: leave it out to name the \
                             variant by its what-ifs and edits, or give one; {example}"
                        )));
                    }
                    Some(n) => n.trim().to_owned(),
                    None => parley_core::variant::name(&f.what_if.0, &f.set),
                };
                (name, f.what_if.0.clone(), f.set.clone())
            }
        };
        out.push(Variant {
            place: format!("`variants[{k}]` ('{name}')"),
            name,
            what_if,
            set,
            set_field: format!("variants[{k}].set"),
        });
    }
    if out.is_empty() {
        out = base
            .what_ifs
            .iter()
            .map(|w| Variant {
                name: w.id.clone(),
                place: format!("what-if '{}'", w.id),
                what_if: vec![w.id.clone()],
                set: Vec::new(),
                set_field: "set".into(),
            })
            .collect();
    }
    for (k, v) in out.iter().enumerate() {
        if out[..k].iter().any(|o| o.name == v.name) {
            return Err(ApiError::BadRequest(format!(
                "two variants are named '{}'; give each entry of `variants` its own `name`",
                v.name
            )));
        }
    }
    if out.is_empty() {
        return Err(ApiError::Unprocessable(
            "nothing to compare: the scenario defines no what-ifs; pass `what_if`, `set` or \
             `variants`"
                .into(),
        ));
    }
    Ok(out)
}

/// Builds every variant's scenario before any model runs, so a bad edit in the last one is
/// told at once; a failure names the variant (422: the scenario cannot take it).
fn build(base: &Scenario, list: &[Variant]) -> Result<Vec<(String, Scenario)>, ApiError> {
    let mut out = Vec::with_capacity(list.len());
    for v in list {
        let s = parley_core::variant::apply(
            base,
            &v.what_if,
            &v.set,
            parley_core::what_if::EditSource::Field(v.set_field.clone()),
        )
        .map_err(|e| {
            let why = e.to_string();
            // A what-if's own error names it already ("what-if 'gone' leaves ...").
            if why.starts_with(&v.place) {
                ApiError::Unprocessable(why)
            } else {
                ApiError::Unprocessable(format!("{}: {why}", v.place))
            }
        })?;
        out.push((v.name.clone(), s));
    }
    Ok(out)
}

/// `POST /api/compare`: the base scenario and each variant, as `parley compare --format json`.
pub async fn compare(
    State(state): State<AppState>,
    JsonBody(mut req): JsonBody<CompareRequest>,
) -> Result<Json<Value>, ApiError> {
    let chosen = select_models(req.models.as_deref())?;
    let units = state.limits().max_request_units;
    state
        .compute(move |cancel| {
            let base = Source {
                scenario: req.scenario.take(),
                toml: req.toml.take(),
            }
            .load()?;
            let variants = build(&base, &variants(&req, &base)?)?;
            super::uncertainty::within(
                &base,
                &chosen,
                variants.len().saturating_add(1),
                units,
                "this comparison",
                "parley compare FILE".into(),
            )?;
            // As `parley compare`: every variant's odds with model error drawn with the base's
            // calibration and seed.
            let calibration = crate::calibration::for_request(&base, req.calibration.as_ref())?;
            let seed = base.meta.seed.unwrap_or(0);
            let point = |s: &parley_core::Scenario, a: &parley_core::Analysis| {
                parley_core::calibration::point::point_error(s, a, &calibration, seed)
                    .map_err(unprocessable)
            };
            let mut analysed = Vec::with_capacity(variants.len());
            for (name, s) in variants {
                let a = analyse_or_cancel(&s, &chosen, cancel)?;
                analysed.push((name, s, a));
            }
            let base_analysis = analyse_or_cancel(&base, &chosen, cancel)?;
            let mut out = Vec::with_capacity(analysed.len());
            for (name, s, a) in &analysed {
                out.push(json!({
                    "variant": name,
                    "analysis": to_json(a)?,
                    "model_error": to_json(&point(s, a)?)?
                }));
            }
            let drawn = req.charts.then(|| {
                charts::for_compare(
                    (&base, &base_analysis),
                    analysed.iter().map(|(n, s, a)| (n.as_str(), s, a)),
                )
            });
            let body = json!({
                "base": to_json(&base_analysis)?,
                "base_model_error": to_json(&point(&base, &base_analysis)?)?,
                "variants": out
            });
            Ok(Json(with_charts(body, drawn)))
        })
        .await
}

/// A core error about the request's content, as a 422.
pub(crate) fn unprocessable(e: impl std::fmt::Display) -> ApiError {
    ApiError::Unprocessable(e.to_string())
}

/// `base` with a request's `what_if` and then its `set` edits applied, under the CLI's rules
/// (`parley_core::variant`); what the scenario cannot take is a 422.
pub(crate) fn variant_of(
    base: &Scenario,
    what_if: &WhatIfs,
    set: &[String],
) -> Result<Scenario, ApiError> {
    parley_core::variant::apply(
        base,
        &what_if.0,
        set,
        parley_core::what_if::EditSource::Field("set".into()),
    )
    .map_err(unprocessable)
}

/// `body` with a leading `"variant"` naming the request's what-ifs and edits when it had any,
/// as the CLI's JSON has with `--what-if` and `--set` (`parley_scenario::json::with_variant`).
pub(crate) fn labelled(body: &Value, what_if: &WhatIfs, set: &[String]) -> Result<Value, ApiError> {
    to_json(&parley_scenario::json::with_variant(&what_if.0, set, body))
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
