//! The planned moves of one side of a candidate exchange, without a heap allocation per side.

/// A stack of planned moves (decide keeps a list per actor-issue and appends, replaces the last
/// entry or pops it). Nearly every stack holds one entry, so the top lives inline and only the
/// entries beneath it go to the heap, the first time there are any. An empty stack's top holds
/// [`EMPTY`], so the stack is two words: there is one per candidate side, millions at 1,000
/// actors.
#[derive(Debug, Clone)]
pub(super) struct Moves {
    top: f64,
    /// The entries below `top`, oldest first. Boxed so that the common one-entry stack costs
    /// one pointer here, not a whole `Vec` header.
    #[allow(clippy::box_collection)]
    below: Option<Box<Vec<f64>>>,
}

/// The bits of an empty stack's top: a signalling NaN, which no arithmetic produces (a NaN
/// result is quiet), so no move computed by the model has them.
const EMPTY: u64 = 0x7FF4_0000_0000_0001;

impl Default for Moves {
    fn default() -> Self {
        Self {
            top: f64::from_bits(EMPTY),
            below: None,
        }
    }
}

impl Moves {
    fn has_top(&self) -> bool {
        self.top.to_bits() != EMPTY
    }

    pub(super) fn push(&mut self, value: f64) {
        // Never reached by the model's arithmetic; kept a move rather than an empty marker.
        let value = if value.to_bits() == EMPTY {
            f64::NAN
        } else {
            value
        };
        if self.has_top() {
            self.below.get_or_insert_with(Box::default).push(self.top);
        }
        self.top = value;
    }

    pub(super) fn pop(&mut self) {
        if !self.has_top() {
            return;
        }
        self.top = match self.below.as_mut().and_then(|b| b.pop()) {
            Some(v) => v,
            None => f64::from_bits(EMPTY),
        };
    }

    /// Replaces the newest entry, or pushes `value` onto an empty stack.
    pub(super) fn replace_last(&mut self, value: f64) {
        if self.has_top() {
            self.top = if value.to_bits() == EMPTY {
                f64::NAN
            } else {
                value
            };
        } else {
            self.push(value);
        }
    }

    /// The newest entry.
    pub(super) fn last(&self) -> Option<f64> {
        self.has_top().then_some(self.top)
    }

    /// The entries, oldest first: the order decide sums them in.
    pub(super) fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        self.below
            .iter()
            .flat_map(|b| b.iter().copied())
            .chain(self.last())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same operations on a `Vec` and on `Moves` leave the same entries.
    #[test]
    fn behaves_like_a_vec() {
        let mut v: Vec<f64> = Vec::new();
        let mut m = Moves::default();
        let ops: [(u8, f64); 12] = [
            (0, 1.0),
            (0, 2.0),
            (2, 3.0),
            (1, 0.0),
            (1, 0.0),
            (1, 0.0),
            (2, 4.0),
            (0, 5.0),
            (0, -6.0),
            (1, 0.0),
            (0, 7.0),
            (2, 8.0),
        ];
        for (op, x) in ops {
            match op {
                0 => {
                    v.push(x);
                    m.push(x);
                }
                1 => {
                    v.pop();
                    m.pop();
                }
                _ => {
                    match v.last_mut() {
                        Some(l) => *l = x,
                        None => v.push(x),
                    }
                    m.replace_last(x);
                }
            }
            assert_eq!(m.iter().collect::<Vec<_>>(), v);
            assert_eq!(m.last(), v.last().copied());
        }
    }
}
