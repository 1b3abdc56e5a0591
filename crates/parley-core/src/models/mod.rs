//! The collective-decision models, one module each, all behind [`crate::Model`].

pub mod compromise;
pub mod eum;
pub mod exchange;
pub mod nbs;
pub mod smp;

pub use compromise::Compromise;
pub use eum::{Eum, EumVariant};
pub use exchange::{Exchange, ExchangeRate};
pub use nbs::{Nbs, UtilityShape};
pub use smp::Smp;

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

/// The model with this id (`compromise`, `nbs`, ...), if Parley has it.
pub fn by_id(id: &str) -> Option<Box<dyn Model>> {
    all().into_iter().find(|m| m.info().id == id)
}
