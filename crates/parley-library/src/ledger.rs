//! Sealed forecasts and resolutions in the database.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::forecast::{HashedErrorModel, Prediction, TargetKind};
use crate::resolution::{Outcome, Resolution};
use crate::score::Entry;
use crate::store::{Library, RunRecord, insert_run};
use crate::{LibraryError, sha256_hex};

/// A sealed forecast as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sealed {
    /// Its id.
    pub id: i64,
    /// The run it belongs to.
    pub run: i64,
    /// The prediction, decoded from the stored payload (numbers to within one unit in the last
    /// place: the payload text is the exact record).
    pub prediction: Prediction,
    /// The payload exactly as sealed: the text the commitment is over.
    pub payload: String,
    /// The stored commitment.
    pub commitment: String,
    /// When sealed, UTC.
    pub sealed_at: String,
    /// Whether SHA-256 of the stored payload still equals the stored commitment.
    pub verified: bool,
}

/// A change of error model an analyst accepts for one model under a key (`parley seal
/// --new-error-model`): the odds with model error sealed from then on are drawn from another
/// error model than the earlier ones, and are scored apart from them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewErrorModel {
    /// Model id.
    pub model: String,
    /// SHA-256 of the error model the model's latest earlier seal was drawn from.
    pub previous_sha256: String,
    /// SHA-256 of the new one; `None` when the new error model has none for the model.
    pub sha256: Option<String>,
    /// Where the new error model comes from (its file, or the built-in one).
    pub origin: String,
}

/// A change of error model as recorded in a key's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorModelChange {
    /// The first run sealed with the new error model.
    pub run: i64,
    /// When it was recorded, UTC (the run's seal).
    pub recorded_at: String,
    /// What changed.
    #[serde(flatten)]
    pub change: NewErrorModel,
}

/// A model whose earlier seals under a key were drawn from another error model than the one
/// at hand, since the last change of error model recorded for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorModelClash {
    /// Model id.
    pub model: String,
    /// The other error model's SHA-256.
    pub sealed_sha256: String,
    /// The first run sealed with it (since the last recorded change).
    pub run: i64,
    /// The latest run sealed with it.
    pub last_run: i64,
    /// This error model's SHA-256 for the model (`None`: it has none for the model).
    pub sha256: Option<String>,
}

impl Library {
    /// Records `run` and seals each of `predictions` under it, in one transaction: the
    /// payload is the prediction's canonical JSON and the commitment its SHA-256. Returns the
    /// run id and the commitments, in order.
    pub fn seal(
        &mut self,
        run: &RunRecord,
        predictions: &[Prediction],
    ) -> Result<(i64, Vec<String>), LibraryError> {
        self.seal_with_changes(run, predictions, &[])
    }

    /// [`Library::seal`], recording in the same transaction each of `changes` (accepted
    /// changes of error model, see [`NewErrorModel`]) as made by this run, in the history of
    /// `run.scenario`.
    pub fn seal_with_changes(
        &mut self,
        run: &RunRecord,
        predictions: &[Prediction],
        changes: &[NewErrorModel],
    ) -> Result<(i64, Vec<String>), LibraryError> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let run_id = insert_run(&tx, run)?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO error_model_change (run_id, scenario, model, previous_sha256,
                 sha256, origin, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            )?;
            for c in changes {
                stmt.execute(params![
                    run_id,
                    run.scenario,
                    c.model,
                    c.previous_sha256,
                    c.sha256,
                    c.origin
                ])?;
            }
        }
        let mut commitments = Vec::with_capacity(predictions.len());
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO forecast (run_id, scenario, target, kind, model, payload,
                 commitment, sealed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            )?;
            for p in predictions {
                let payload = p.canonical()?;
                let commitment = sha256_hex(payload.as_bytes());
                stmt.execute(params![
                    run_id,
                    p.scenario,
                    p.target,
                    p.kind.as_str(),
                    p.model,
                    payload,
                    commitment
                ])?;
                commitments.push(commitment);
            }
        }
        tx.commit()?;
        Ok((run_id, commitments))
    }

    /// Every sealed forecast of scenario `key`, oldest first, each checked against its
    /// commitment.
    pub fn sealed(&self, key: &str) -> Result<Vec<Sealed>, LibraryError> {
        let mut stmt = self.connection().prepare(
            "SELECT id, run_id, payload, commitment, sealed_at FROM forecast
             WHERE scenario = ?1 ORDER BY id",
        )?;
        let rows: Vec<(i64, i64, String, String, String)> = stmt
            .query_map(params![key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, run, payload, commitment, sealed_at)| {
                Ok(Sealed {
                    id,
                    run,
                    prediction: serde_json::from_str(&payload)?,
                    verified: sha256_hex(payload.as_bytes()) == commitment,
                    payload,
                    commitment,
                    sealed_at,
                })
            })
            .collect()
    }

    /// The changes of error model recorded under `key`, in run order.
    pub fn error_model_changes(&self, key: &str) -> Result<Vec<ErrorModelChange>, LibraryError> {
        let mut stmt = self.connection().prepare(
            "SELECT run_id, recorded_at, model, previous_sha256, sha256, origin
             FROM error_model_change WHERE scenario = ?1 ORDER BY run_id, id",
        )?;
        let rows = stmt.query_map(params![key], |r| {
            Ok(ErrorModelChange {
                run: r.get(0)?,
                recorded_at: r.get(1)?,
                change: NewErrorModel {
                    model: r.get(2)?,
                    previous_sha256: r.get(3)?,
                    sha256: r.get(4)?,
                    origin: r.get(5)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The models whose odds with model error sealed under `key` were drawn from another error
    /// model than `hashed` (this seal's), counting only seals since the last change of error
    /// model recorded for the model: an accepted change starts the comparison afresh. One
    /// clash per model and other error model, with the first and latest runs sealed with it, in the order
    /// first met. Forecasts whose payload no longer matches their commitment are ignored.
    pub fn error_model_clashes(
        &self,
        key: &str,
        hashed: &HashedErrorModel<'_>,
    ) -> Result<Vec<ErrorModelClash>, LibraryError> {
        let changes = self.error_model_changes(key)?;
        let since = |model: &str| {
            changes
                .iter()
                .filter(|c| c.change.model == model)
                .map(|c| c.run)
                .max()
        };
        let mut clashes: Vec<ErrorModelClash> = Vec::new();
        for s in self.sealed(key)? {
            let p = &s.prediction;
            let (Some(old), true) = (&p.error_model_sha256, s.verified) else {
                continue;
            };
            let Some((_, new)) = hashed.hashes().find(|(id, _)| *id == p.model) else {
                continue;
            };
            if new == Some(old.as_str()) || since(&p.model).is_some_and(|r| s.run < r) {
                continue;
            }
            match clashes
                .iter_mut()
                .find(|c| c.model == p.model && c.sealed_sha256 == *old)
            {
                Some(c) => c.last_run = c.last_run.max(s.run),
                None => clashes.push(ErrorModelClash {
                    model: p.model.clone(),
                    sealed_sha256: old.clone(),
                    run: s.run,
                    last_run: s.run,
                    sha256: new.map(str::to_owned),
                }),
            }
        }
        Ok(clashes)
    }

    /// The sealed forecasts of `key` as entries to score.
    pub fn sealed_entries(&self, key: &str) -> Result<Vec<Entry>, LibraryError> {
        Ok(self
            .sealed(key)?
            .into_iter()
            .filter(|s| s.verified)
            .map(|s| Entry {
                prediction: s.prediction,
                sealed_at: Some(s.sealed_at),
                commitment: Some(s.commitment),
                run: Some(s.run),
            })
            .collect())
    }

    /// Stores every outcome of a checked resolution, replacing earlier outcomes of the same
    /// targets, in one transaction. Returns how many were stored.
    pub fn resolve(&mut self, resolution: &Resolution) -> Result<usize, LibraryError> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO resolution (scenario, target, kind, value, resolved_on, sources,
                 judgment, note, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT (scenario, target) DO UPDATE SET kind = excluded.kind,
                 value = excluded.value, resolved_on = excluded.resolved_on,
                 sources = excluded.sources, judgment = excluded.judgment,
                 note = excluded.note, recorded_at = excluded.recorded_at",
            )?;
            for o in &resolution.outcomes {
                stmt.execute(params![
                    resolution.scenario,
                    o.target,
                    o.kind.as_str(),
                    o.value,
                    o.date,
                    serde_json::to_string(&o.sources)?,
                    o.judgment,
                    o.note
                ])?;
            }
        }
        tx.commit()?;
        Ok(resolution.outcomes.len())
    }

    /// The stored outcomes of scenario `key`, in the order recorded.
    pub fn outcomes(&self, key: &str) -> Result<Vec<Outcome>, LibraryError> {
        let mut stmt = self.connection().prepare(
            "SELECT target, kind, value, resolved_on, sources, judgment, note FROM resolution
             WHERE scenario = ?1 ORDER BY id",
        )?;
        let rows: Vec<(String, String, f64, String, String, bool, String)> = stmt
            .query_map(params![key], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(target, kind, value, date, sources, judgment, note)| {
                Ok(Outcome {
                    target,
                    kind: if kind == "question" {
                        TargetKind::Question
                    } else {
                        TargetKind::Issue
                    },
                    value,
                    date,
                    sources: serde_json::from_str(&sources)?,
                    judgment,
                    note,
                })
            })
            .collect()
    }

    /// Whether any forecast of `key` is sealed.
    pub fn has_sealed(&self, key: &str) -> Result<bool, LibraryError> {
        Ok(self
            .connection()
            .query_row(
                "SELECT 1 FROM forecast WHERE scenario = ?1 LIMIT 1",
                params![key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}
