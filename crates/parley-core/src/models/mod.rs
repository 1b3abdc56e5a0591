//! The collective-decision models, one module each, all behind [`crate::Model`].

pub mod compromise;
pub mod eum;
pub mod exchange;
pub mod nbs;
pub mod procedural;
pub mod reference_point;
pub mod smp;
pub mod smp_half_a;

pub use compromise::Compromise;
pub use eum::{Eum, EumVariant};
pub use exchange::{Exchange, ExchangeRate};
pub use nbs::{Nbs, UtilityShape};
pub use procedural::Procedural;
pub use reference_point::ReferencePoint;
pub use smp::Smp;
pub use smp_half_a::SmpHalfA;

use crate::model::Model;

/// Every model Parley ships, in the order outputs list them.
pub fn all() -> Vec<Box<dyn Model>> {
    vec![
        Box::new(Compromise),
        Box::new(Nbs::default()),
        Box::new(Eum::default()),
        Box::new(Exchange::default()),
        Box::new(Smp::default()),
    ]
}

/// Experimental models (issue 15, `docs/backtest.md`): listed by `parley models` and run when
/// asked for by id, but not part of [`all`] (nor of its built-in error models).
pub fn experimental() -> Vec<Box<dyn Model>> {
    vec![
        Box::new(SmpHalfA),
        Box::new(Procedural::default()),
        Box::new(ReferencePoint::default()),
    ]
}

/// Every model [`by_id`] knows: [`all`], then [`experimental`].
pub fn listed() -> Vec<Box<dyn Model>> {
    let mut models = all();
    models.extend(experimental());
    models
}

/// The model with this id (`compromise`, `nbs`, ...), if Parley has it.
pub fn by_id(id: &str) -> Option<Box<dyn Model>> {
    listed().into_iter().find(|m| m.info().id == id)
}
