//! The planned moves of one side of a candidate exchange, without a heap allocation per side.

/// A stack of planned moves (decide keeps a list per actor-issue and appends, replaces the last
/// entry or pops it). Nearly every stack holds one entry, so the top lives inline and only the
/// entries beneath it go to the round's [`Stacks`], the first time there are any. An empty
/// stack's top holds [`EMPTY`], so the stack is two words: there is one per candidate side,
/// millions at 1,000 actors.
#[derive(Debug, Clone, Copy)]
pub(super) struct Moves {
    top: f64,
    /// Where the entries below `top` lie in the round's [`Stacks`]: the block's header word,
    /// plus one; 0 while there are none.
    below: u32,
}

/// The bits of an empty stack's top: a signalling NaN, which no arithmetic produces (a NaN
/// result is quiet), so no move computed by the model has them.
const EMPTY: u64 = 0x7FF4_0000_0000_0001;

impl Default for Moves {
    fn default() -> Self {
        Self {
            top: f64::from_bits(EMPTY),
            below: 0,
        }
    }
}

/// The entries below the tops of all the round's stacks, one block per stack: a header word
/// (length and capacity) and then the entries, oldest first; a full block moves to the end at
/// twice its size. One vector for the round instead of a small one per side: millions of small
/// allocations freed every round cost the allocator more than the model's arithmetic.
#[derive(Debug, Default)]
pub(super) struct Stacks {
    /// Headers and entries' bits (`f64::to_bits`), so that a header is an integer, not a NaN.
    words: Vec<u64>,
}

impl Stacks {
    /// Forgets every block: the stacks that pointed into them must be gone too.
    pub(super) fn clear(&mut self) {
        self.words.clear();
    }

    fn header(&self, block: u32) -> (usize, u32, u32) {
        let at = block as usize - 1;
        let bits = self.words.get(at).copied().unwrap_or(0);
        (at, bits as u32, (bits >> 32) as u32)
    }

    fn set_header(&mut self, at: usize, len: u32, cap: u32) {
        if let Some(w) = self.words.get_mut(at) {
            *w = u64::from(len) | (u64::from(cap) << 32);
        }
    }

    fn entries(&self, block: u32) -> &[u64] {
        if block == 0 {
            return &[];
        }
        let (at, len, _) = self.header(block);
        self.words.get(at + 1..at + 1 + len as usize).unwrap_or(&[])
    }

    /// Appends `value` to `block` (0: a new block); returns the block, which may have moved.
    fn push(&mut self, block: u32, value: f64) -> u32 {
        let (mut at, len, cap) = if block == 0 {
            (usize::MAX, 0, 0)
        } else {
            self.header(block)
        };
        let mut cap = cap;
        if len == cap {
            let grown = cap.saturating_mul(2).max(2);
            let to = self.words.len();
            self.words.push(0);
            if at != usize::MAX {
                self.words.extend_from_within(at + 1..at + 1 + len as usize);
            }
            self.words.resize(to + 1 + grown as usize, 0);
            (at, cap) = (to, grown);
        }
        if let Some(w) = self.words.get_mut(at + 1 + len as usize) {
            *w = value.to_bits();
        }
        self.set_header(at, len + 1, cap);
        // A round's stacks hold a few entries per candidate side, far below u32::MAX words.
        u32::try_from(at + 1).unwrap_or(u32::MAX)
    }

    /// Removes and returns the newest entry of `block`.
    fn pop(&mut self, block: u32) -> Option<f64> {
        if block == 0 {
            return None;
        }
        let (at, len, cap) = self.header(block);
        if len == 0 {
            return None;
        }
        let value = self
            .words
            .get(at + len as usize)
            .copied()
            .map(f64::from_bits);
        self.set_header(at, len - 1, cap);
        value
    }
}

impl Moves {
    fn has_top(&self) -> bool {
        self.top.to_bits() != EMPTY
    }

    pub(super) fn push(&mut self, stacks: &mut Stacks, value: f64) {
        // Never reached by the model's arithmetic; kept a move rather than an empty marker.
        let value = if value.to_bits() == EMPTY {
            f64::NAN
        } else {
            value
        };
        if self.has_top() {
            self.below = stacks.push(self.below, self.top);
        }
        self.top = value;
    }

    pub(super) fn pop(&mut self, stacks: &mut Stacks) {
        if !self.has_top() {
            return;
        }
        self.top = match stacks.pop(self.below) {
            Some(v) => v,
            None => f64::from_bits(EMPTY),
        };
    }

    /// Replaces the newest entry, or pushes `value` onto an empty stack (which needs no block:
    /// an empty stack has nothing below its top).
    pub(super) fn replace_last(&mut self, value: f64) {
        self.top = if value.to_bits() == EMPTY {
            f64::NAN
        } else {
            value
        };
    }

    /// Reads the word where the entries below the top begin (0 when there are none), so that
    /// a loop of such reads brings scattered stacks into cache before they are used.
    pub(super) fn touch(&self, stacks: &Stacks) -> u64 {
        if self.below == 0 {
            return 0;
        }
        stacks.header(self.below).1.into()
    }

    /// The newest entry.
    pub(super) fn last(&self) -> Option<f64> {
        self.has_top().then_some(self.top)
    }

    /// The entries, oldest first: the order decide sums them in.
    pub(super) fn iter<'a>(&'a self, stacks: &'a Stacks) -> impl Iterator<Item = f64> + 'a {
        stacks
            .entries(self.below)
            .iter()
            .map(|&w| f64::from_bits(w))
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
        let mut stacks = Stacks::default();
        // A second stack sharing the blocks, so that moving blocks are exercised.
        let mut other = Moves::default();
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
                    m.push(&mut stacks, x);
                    other.push(&mut stacks, -x);
                }
                1 => {
                    v.pop();
                    m.pop(&mut stacks);
                }
                _ => {
                    match v.last_mut() {
                        Some(l) => *l = x,
                        None => v.push(x),
                    }
                    m.replace_last(x);
                }
            }
            assert_eq!(m.iter(&stacks).collect::<Vec<_>>(), v);
            assert_eq!(m.last(), v.last().copied());
        }
    }
}
