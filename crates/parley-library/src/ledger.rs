//! Sealed forecasts and resolutions in the database.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::forecast::{Prediction, TargetKind};
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

impl Library {
    /// Records `run` and seals each of `predictions` under it, in one transaction: the
    /// payload is the prediction's canonical JSON and the commitment its SHA-256. Returns the
    /// run id and the commitments, in order.
    pub fn seal(
        &mut self,
        run: &RunRecord,
        predictions: &[Prediction],
    ) -> Result<(i64, Vec<String>), LibraryError> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let run_id = insert_run(&tx, run)?;
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
