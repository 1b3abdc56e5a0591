//! Numbers and counts written for people; shared by the terminal tables, the charts and the
//! HTML report so all three say the same thing the same way.

/// A number for people: `decimals` places, and zero never shown as "-0.0" (it reads as a loss).
pub fn num(x: f64, decimals: usize) -> String {
    // Beyond 1e15 fixed decimals are digits of the binary value, not of the analyst's number
    // (1e100 would print 101 digits): such numbers are written in scientific notation.
    if x.is_finite() && x.abs() >= 1e15 {
        return format!("{x:.3e}");
    }
    let s = format!("{x:.decimals$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        format!("{:.decimals$}", 0.0)
    } else {
        s
    }
}

/// Decimals that suit an issue's scale `[min, max]`: 1 on spans of 50 or more (0-100), 2 on
/// spans from 1 (4-10 years), and below that enough for about three significant digits of
/// the span (4 on an interest rate's [0, 0.05]), so a narrow scale is never rounded to one
/// number. At most 12: a span under about 1e-10 still shows as few distinct values.
pub fn scale_decimals(scale: [f64; 2]) -> usize {
    let span = scale[1] - scale[0];
    if span >= 50.0 {
        1
    } else if span >= 1.0 || span.is_nan() || span <= 0.0 {
        2
    } else {
        // span in (0, 1): -log10 in (0, 324]; the cast cannot overflow after the clamp.
        let places = (-span.log10()).ceil().clamp(0.0, 10.0) as usize;
        2 + places
    }
}

/// Decimals for values of issue `id` of an analysis ([`scale_decimals`] of its scale; 1 for an
/// id it does not know).
pub fn issue_decimals(a: &parley_core::Analysis, id: &str) -> usize {
    a.issues
        .iter()
        .find(|i| i.id == id)
        .map_or(1, |i| scale_decimals(i.scale))
}

/// Issue values as `id value, id value`, each with the decimals its scale needs.
pub fn issue_values<'a>(
    a: &parley_core::Analysis,
    values: impl IntoIterator<Item = (&'a String, &'a f64)>,
) -> String {
    values
        .into_iter()
        .map(|(k, v)| format!("{k} {}", num(*v, issue_decimals(a, k))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A signed number for gains: `+0.12`, `-0.05`, `0.00`.
pub fn signed(x: f64, decimals: usize) -> String {
    let s = num(x, decimals);
    if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// "1 issue", "4 issues".
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Blocks of an answer already shown, so that a later question refers back instead of
/// repeating them (the HTML report and `parley bargain` share it).
#[derive(Default)]
pub(crate) struct Shown(Vec<(String, usize)>);

impl Shown {
    /// The question that already showed `key`, or records that question `number` shows it now.
    pub(crate) fn before(&mut self, key: String, number: usize) -> Option<usize> {
        if let Some((_, n)) = self.0.iter().find(|(k, _)| *k == key) {
            return Some(*n);
        }
        self.0.push((key, number));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_numbers_are_written_in_scientific_notation() {
        assert_eq!(num(-1e100, 1), "-1.000e100");
        assert_eq!(num(2.5e15, 2), "2.500e15");
        assert_eq!(signed(1e20, 1), "+1.000e20");
        assert_eq!(num(999_999_999_999_999.0, 1), "999999999999999.0");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(num(-0.0001, 2), "0.00");
        assert_eq!(signed(0.1234, 3), "+0.123");
        assert_eq!(signed(-0.05, 2), "-0.05");
        assert_eq!(signed(0.0004, 3), "0.000");
    }

    #[test]
    fn a_block_is_shown_once_then_referred_back_to() {
        let mut shown = Shown::default();
        assert_eq!(shown.before("gains rus,usa grand_bargain".into(), 2), None);
        assert_eq!(shown.before("gains rus,usa iran_deal".into(), 3), None);
        assert_eq!(
            shown.before("gains rus,usa grand_bargain".into(), 4),
            Some(2)
        );
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "issue"), "1 issue");
        assert_eq!(count(0, "actor"), "0 actors");
        assert_eq!(count(4, "issue"), "4 issues");
    }
}
