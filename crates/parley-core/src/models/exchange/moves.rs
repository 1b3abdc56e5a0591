//! The planned moves of one side of a candidate exchange, without a heap allocation per side.

use std::iter;

/// A stack of planned moves (decide keeps a list per actor-issue and appends, replaces the last
/// entry or pops it). Nearly every stack holds one entry, so the top lives inline and only the
/// entries beneath it go to the heap, the first time there are any.
#[derive(Debug, Clone, Default)]
pub(super) struct Moves {
    len: usize,
    top: f64,
    /// The entries below `top`, oldest first (`len - 1` of them when `len > 0`). Boxed so
    /// that the common one-entry stack costs one pointer here, not a whole `Vec` header: there
    /// is one stack per actor, issue and candidate side, millions at 1,000 actors.
    #[allow(clippy::box_collection)]
    below: Option<Box<Vec<f64>>>,
}

impl Moves {
    pub(super) fn push(&mut self, value: f64) {
        if self.len > 0 {
            self.below.get_or_insert_with(Box::default).push(self.top);
        }
        self.top = value;
        self.len += 1;
    }

    pub(super) fn pop(&mut self) {
        match self.len {
            0 => {}
            1 => self.len = 0,
            _ => {
                // `len > 1` means `below` holds `len - 1` entries.
                if let Some(v) = self.below.as_mut().and_then(|b| b.pop()) {
                    self.top = v;
                }
                self.len -= 1;
            }
        }
    }

    /// Replaces the newest entry, or pushes `value` onto an empty stack.
    pub(super) fn replace_last(&mut self, value: f64) {
        if self.len == 0 {
            self.push(value);
        } else {
            self.top = value;
        }
    }

    /// The entries, oldest first: the order decide sums them in.
    pub(super) fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        self.below
            .iter()
            .flat_map(|b| b.iter().copied())
            .chain(iter::once(self.top).filter(|_| self.len > 0))
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
        }
    }
}
