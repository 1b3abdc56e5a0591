//! The model parameters of KTAB's SMP, with KTAB's defaults, and how they are written.
//!
//! Each parameter is one of KTAB's nine `<ModelParameters>` (Wise et al., KTAB `smp.h` and
//! `kmodel.h`), plus the run-length rule KTAB fixes in code. In scenario files values are
//! written in snake_case (`voting_rule = "prop_cbc"`); KTAB's own spellings (`PropCbc`,
//! `MarkovIncentive`, `OneThird`, ...) are accepted too, case-insensitively, so a KTAB user can
//! copy them from an XML file.

use serde::Serialize;

/// Declares a parameter enum with its snake_case names, KTAB's names and a default.
macro_rules! choice {
    (
        $(#[$doc:meta])* $name:ident, default $default:ident, {
            $( $(#[$vdoc:meta])* $variant:ident = $snake:literal, $ktab:literal; )+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
        }

        impl Default for $name {
            fn default() -> Self {
                Self::$default
            }
        }

        impl $name {
            /// Every value, in KTAB's enum order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The name Parley writes (snake_case).
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => $snake,)+ }
            }

            /// The name KTAB prints and reads in XML.
            pub fn ktab_name(self) -> &'static str {
                match self { $(Self::$variant => $ktab,)+ }
            }

            /// Parses Parley's or KTAB's name (case-insensitive).
            pub fn parse(text: &str) -> Option<Self> {
                let t = text.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| t.eq_ignore_ascii_case(v.name()) || t.eq_ignore_ascii_case(v.ktab_name()))
            }

            /// The valid names, for messages: `"a, b, c"`.
            pub fn valid_names() -> String {
                Self::ALL.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

choice! {
    /// How an actor turns a utility difference `du` into a vote of weight `w`
    /// (KTAB `VotingRule`).
    VotingRule, default Proportional, {
        /// `w * clamp(du / 1e-8, -1, 1)`.
        Binary = "binary", "Binary";
        /// `w * (0.8 du + 0.2 binary)`.
        PropBin = "prop_bin", "PropBin";
        /// `w * du` (KTAB's default).
        Proportional = "proportional", "Prop";
        /// `w * (0.5 du + 0.5 du^3)`.
        PropCbc = "prop_cbc", "PropCbc";
        /// `w * du^3`.
        Cubic = "cubic", "Cubic";
        /// `w * du` for losses, `2/3 w du` for gains (prospect-theory asymmetry).
        AsymProsp = "asym_prosp", "ASymProsp";
    }
}

choice! {
    /// How two coalition strengths become victory probabilities (KTAB `VPModel`).
    VictoryProbModel, default Linear, {
        /// `p = c1 / (c1 + c2)` (KTAB's default).
        Linear = "linear", "Linear";
        /// Strengths squared.
        Square = "square", "Square";
        /// Strengths to the fourth power.
        Quartic = "quartic", "Quartic";
        /// Strengths to the eighth power.
        Octic = "octic", "Octic";
        /// A 10% advantage wins outright, linear in between.
        Binary = "binary", "Binary";
    }
}

choice! {
    /// The probabilistic Condorcet election (KTAB `PCEModel`).
    PceModel, default Conditional, {
        /// `p_i` proportional to the product of `P(i > j)` (KTAB's default).
        Conditional = "conditional", "Conditional";
        /// Markov chain with challenges in proportion to the incentive to challenge.
        MarkovIncentive = "markov_incentive", "MarkovIncentive";
        /// Markov chain with uniformly likely challenges.
        MarkovUniform = "markov_uniform", "MarkovUniform";
    }
}

choice! {
    /// How each actor picks among the bargains open to it (KTAB `StateTransMode`).
    StateTransitions, default Deterministic, {
        /// The most probable bargain (KTAB's default).
        Deterministic = "deterministic", "Deterministic";
        /// A bargain drawn with its probability, from a generator seeded by the scenario.
        Stochastic = "stochastic", "Stochastic";
    }
}

choice! {
    /// The range of inferred risk attitudes (KTAB `BigRRange`).
    BigRRange, default Mid, {
        /// `R` in `[0, 1]`.
        Min = "min", "Min";
        /// `R` in `[-1/2, 1]` (KTAB's default).
        Mid = "mid", "Mid";
        /// `R` in `[-1, 1]`.
        Max = "max", "Max";
    }
}

choice! {
    /// How actor `h` estimates actor `i`'s risk attitude (KTAB `BigRAdjust`).
    BigRAdjust, default OneThird, {
        /// `r_hi = R_h`: everyone projects its own attitude.
        None = "none", "None";
        /// `r_hi = (2 R_h + R_i) / 3` (KTAB's default).
        OneThird = "one_third", "OneThird";
        /// `r_hi = (R_h + R_i) / 2`.
        Half = "half", "Half";
        /// `r_hi = (R_h + 2 R_i) / 3`.
        TwoThirds = "two_thirds", "TwoThirds";
        /// `r_hi = R_i`: perfect knowledge (KTAB aborts with it; Parley runs it).
        Full = "full", "Full";
    }
}

choice! {
    /// Whether a third party that joins a contest moves with its side (KTAB
    /// `ThirdPartyCommit`).
    ThirdPartyCommit, default SemiCommit, {
        /// It never moves.
        NoCommit = "none", "NoCommit";
        /// It keeps its position if its side wins and moves to the winner's if it loses
        /// (KTAB's default).
        SemiCommit = "semi", "SemiCommit";
        /// It ends at the winner's position either way.
        FullCommit = "full", "FullCommit";
    }
}

choice! {
    /// How a bargain between two actors is interpolated, dimension by dimension (KTAB
    /// `InterVecBrgn`).
    InterVecBrgn, default S2P2, {
        /// Weights salience x probability.
        S1P1 = "s1p1", "S1P1";
        /// Weights salience^2 x probability^2 (KTAB's default).
        S2P2 = "s2p2", "S2P2";
        /// The weaker side concedes by the probability difference, weighted by salience^2.
        S2PMax = "s2pmax", "S2PMax";
    }
}

choice! {
    /// Which bargains a challenge puts on the table (KTAB `SMPBargnModel`).
    BargainModel, default InitOnlyInterp, {
        /// The initiator's view of the bargain only (KTAB's default).
        InitOnlyInterp = "init_only", "InitOnlyInterp";
        /// The initiator's and the receiver's views; the receiver's uses the receiver's
        /// estimate of the initiator's gain as a probability, as KTAB does.
        InitRcvrInterp = "init_rcvr", "InitRcvrInterp";
        /// The capability x salience weighted average of the two views, with KTAB's weights
        /// (the initiator's capability on both sides).
        PwCompInterp = "pw_comp", "PWCompInterp";
    }
}

/// KTAB's default seed (`KBase::dSeed`), used by stochastic runs of scenarios without one.
pub const KTAB_DEFAULT_SEED: u64 = 0xD67C_C16F_E69C_185C;

/// Every setting of an SMP run. [`SmpParams::default`] is KTAB's `smpc` as shipped.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SmpParams {
    /// Voting rule, used in every vote of the model.
    pub voting_rule: VotingRule,
    /// Victory probabilities in the probabilistic Condorcet elections.
    pub victory_prob: VictoryProbModel,
    /// The probabilistic Condorcet election.
    pub pce: PceModel,
    /// Deterministic or stochastic choice of bargains.
    pub state_transitions: StateTransitions,
    /// Range of inferred risk attitudes.
    pub big_r_range: BigRRange,
    /// Estimates of others' risk attitudes.
    pub big_r_adjust: BigRAdjust,
    /// Third parties' commitment.
    pub third_party_commit: ThirdPartyCommit,
    /// Bargain interpolation.
    pub inter_vec_brgn: InterVecBrgn,
    /// Bargains per challenge.
    pub bargain_model: BargainModel,
    /// Turns always played before the stopping rule may end the run (KTAB: 2).
    pub min_turns: usize,
    /// Turns after which the run ends regardless (KTAB: 100).
    pub max_turns: usize,
    /// The run ends when a turn moves positions by less than this fraction of the first
    /// turn's movement (KTAB: 0.02).
    pub stop_ratio: f64,
}

impl Default for SmpParams {
    fn default() -> Self {
        Self {
            voting_rule: VotingRule::default(),
            victory_prob: VictoryProbModel::default(),
            pce: PceModel::default(),
            state_transitions: StateTransitions::default(),
            big_r_range: BigRRange::default(),
            big_r_adjust: BigRAdjust::default(),
            third_party_commit: ThirdPartyCommit::default(),
            inter_vec_brgn: InterVecBrgn::default(),
            bargain_model: BargainModel::default(),
            min_turns: 2,
            max_turns: 100,
            stop_ratio: 0.02,
        }
    }
}

/// The keys of `[models.smp]` that name a choice, with their valid values; for readers,
/// writers and messages.
pub const CHOICE_KEYS: &[&str] = &[
    "voting_rule",
    "victory_prob",
    "pce",
    "state_transitions",
    "big_r_range",
    "big_r_adjust",
    "third_party_commit",
    "inter_vec_brgn",
    "bargain_model",
];

/// Why a `key = value` setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// The key is not an SMP parameter.
    #[error("unknown SMP parameter '{key}'; valid: {valid}")]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The valid keys.
        valid: String,
    },
    /// The value is not one of the parameter's choices, or not a valid number.
    #[error("'{value}' is not a valid {key}; valid: {valid}")]
    BadValue {
        /// The key.
        key: String,
        /// The value as written.
        value: String,
        /// What would be valid.
        valid: String,
    },
}

impl SmpParams {
    /// Every key [`SmpParams::set`] accepts.
    pub fn keys() -> Vec<&'static str> {
        let mut keys = CHOICE_KEYS.to_vec();
        keys.extend(["min_turns", "max_turns", "stop_ratio"]);
        keys
    }

    /// Sets one parameter from its key and textual value (KTAB's or Parley's names).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ParamError> {
        fn pick<T>(
            key: &str,
            value: &str,
            parse: fn(&str) -> Option<T>,
            valid: String,
        ) -> Result<T, ParamError> {
            parse(value).ok_or_else(|| ParamError::BadValue {
                key: key.to_owned(),
                value: value.to_owned(),
                valid,
            })
        }
        let turns = |v: &str| {
            v.trim()
                .parse::<usize>()
                .ok()
                .filter(|&t| (1..=10_000).contains(&t))
        };
        match key {
            "voting_rule" => {
                self.voting_rule = pick(key, value, VotingRule::parse, VotingRule::valid_names())?;
            }
            "victory_prob" => {
                self.victory_prob = pick(
                    key,
                    value,
                    VictoryProbModel::parse,
                    VictoryProbModel::valid_names(),
                )?;
            }
            "pce" => self.pce = pick(key, value, PceModel::parse, PceModel::valid_names())?,
            "state_transitions" => {
                self.state_transitions = pick(
                    key,
                    value,
                    StateTransitions::parse,
                    StateTransitions::valid_names(),
                )?;
            }
            "big_r_range" => {
                self.big_r_range = pick(key, value, BigRRange::parse, BigRRange::valid_names())?;
            }
            "big_r_adjust" => {
                self.big_r_adjust = pick(key, value, BigRAdjust::parse, BigRAdjust::valid_names())?;
            }
            "third_party_commit" => {
                self.third_party_commit = pick(
                    key,
                    value,
                    ThirdPartyCommit::parse,
                    ThirdPartyCommit::valid_names(),
                )?;
            }
            "inter_vec_brgn" => {
                self.inter_vec_brgn =
                    pick(key, value, InterVecBrgn::parse, InterVecBrgn::valid_names())?;
            }
            "bargain_model" => {
                self.bargain_model =
                    pick(key, value, BargainModel::parse, BargainModel::valid_names())?;
            }
            "min_turns" => {
                self.min_turns = pick(key, value, turns, "an integer from 1 to 10000".into())?;
            }
            "max_turns" => {
                self.max_turns = pick(key, value, turns, "an integer from 1 to 10000".into())?;
            }
            "stop_ratio" => {
                let ratio = |v: &str| {
                    v.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|r| r.is_finite() && *r >= 0.0)
                };
                self.stop_ratio = pick(key, value, ratio, "a number >= 0".into())?;
            }
            _ => {
                return Err(ParamError::UnknownKey {
                    key: key.to_owned(),
                    valid: Self::keys().join(", "),
                });
            }
        }
        Ok(())
    }

    /// The value of `key` as Parley writes it (`None` for an unknown key).
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "voting_rule" => self.voting_rule.name().to_owned(),
            "victory_prob" => self.victory_prob.name().to_owned(),
            "pce" => self.pce.name().to_owned(),
            "state_transitions" => self.state_transitions.name().to_owned(),
            "big_r_range" => self.big_r_range.name().to_owned(),
            "big_r_adjust" => self.big_r_adjust.name().to_owned(),
            "third_party_commit" => self.third_party_commit.name().to_owned(),
            "inter_vec_brgn" => self.inter_vec_brgn.name().to_owned(),
            "bargain_model" => self.bargain_model.name().to_owned(),
            "min_turns" => self.min_turns.to_string(),
            "max_turns" => self.max_turns.to_string(),
            "stop_ratio" => self.stop_ratio.to_string(),
            _ => return None,
        })
    }

    /// The valid values of a choice key, in words (for documentation and messages).
    pub fn valid_values(key: &str) -> Option<String> {
        Some(match key {
            "voting_rule" => VotingRule::valid_names(),
            "victory_prob" => VictoryProbModel::valid_names(),
            "pce" => PceModel::valid_names(),
            "state_transitions" => StateTransitions::valid_names(),
            "big_r_range" => BigRRange::valid_names(),
            "big_r_adjust" => BigRAdjust::valid_names(),
            "third_party_commit" => ThirdPartyCommit::valid_names(),
            "inter_vec_brgn" => InterVecBrgn::valid_names(),
            "bargain_model" => BargainModel::valid_names(),
            "min_turns" | "max_turns" => "an integer from 1 to 10000".into(),
            "stop_ratio" => "a number >= 0".into(),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_ktabs() {
        let p = SmpParams::default();
        assert_eq!(p.voting_rule.ktab_name(), "Prop");
        assert_eq!(p.victory_prob.ktab_name(), "Linear");
        assert_eq!(p.pce, PceModel::Conditional);
        assert_eq!(p.state_transitions, StateTransitions::Deterministic);
        assert_eq!(p.big_r_range, BigRRange::Mid);
        assert_eq!(p.big_r_adjust, BigRAdjust::OneThird);
        assert_eq!(p.third_party_commit, ThirdPartyCommit::SemiCommit);
        assert_eq!(p.inter_vec_brgn, InterVecBrgn::S2P2);
        assert_eq!(p.bargain_model, BargainModel::InitOnlyInterp);
        assert_eq!((p.min_turns, p.max_turns, p.stop_ratio), (2, 100, 0.02));
    }

    #[test]
    fn parses_both_spellings_and_round_trips() {
        assert_eq!(VotingRule::parse("PropCbc"), Some(VotingRule::PropCbc));
        assert_eq!(VotingRule::parse("prop_cbc"), Some(VotingRule::PropCbc));
        assert_eq!(
            PceModel::parse("MARKOVINCENTIVE"),
            Some(PceModel::MarkovIncentive)
        );
        assert_eq!(VotingRule::parse("proportionate"), None);
        let mut p = SmpParams::default();
        for key in SmpParams::keys() {
            let v = p.get(key).unwrap();
            p.set(key, &v).unwrap();
        }
        assert_eq!(p, SmpParams::default());
    }

    #[test]
    fn refuses_unknown_keys_and_values_naming_the_valid_ones() {
        let mut p = SmpParams::default();
        let e = p.set("voting", "prop").unwrap_err();
        assert!(e.to_string().contains("voting_rule"), "{e}");
        let e = p.set("pce", "markov").unwrap_err();
        assert!(e.to_string().contains("markov_incentive"), "{e}");
        assert!(p.set("max_turns", "0").is_err());
        assert!(p.set("stop_ratio", "-1").is_err());
    }
}
