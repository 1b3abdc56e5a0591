//! Batch input: a JSONL file of articles (one JSON object per line with a `text` field and
//! optional `id` and `date`, or a bare JSON string).

use serde_json::Value;

use crate::date::Date;

/// One article of a batch, or why it could not be taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Id: the record's `id`, else `line N`.
    pub id: String,
    /// The text, or the problem with the line.
    pub text: Result<String, String>,
    /// The record's date, if it had a valid one.
    pub date: Option<Date>,
}

/// Parses JSONL: blank lines are skipped, a bad line becomes an item with an error.
pub fn parse_jsonl(input: &str) -> Vec<Item> {
    input
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| parse_line(i + 1, l))
        .collect()
}

fn parse_line(n: usize, line: &str) -> Item {
    let fallback = format!("line {n}");
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            return Item {
                id: fallback,
                text: Err(format!("not JSON: {e}")),
                date: None,
            };
        }
    };
    match value {
        Value::String(text) => Item {
            id: fallback,
            text: Ok(text),
            date: None,
        },
        Value::Object(map) => {
            let id = match map.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(x)) => x.to_string(),
                _ => fallback,
            };
            let date = map
                .get("date")
                .and_then(Value::as_str)
                .and_then(|d| Date::parse(d.get(..10).unwrap_or(d)).ok());
            let text = match map.get("text") {
                Some(Value::String(t)) => Ok(t.clone()),
                _ => Err("no \"text\" string in the record".to_owned()),
            };
            Item { id, text, date }
        }
        _ => Item {
            id: fallback,
            text: Err("a line must be a JSON object with \"text\", or a JSON string".to_owned()),
            date: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_objects_strings_and_reports_bad_lines() {
        let items = parse_jsonl(
            "{\"id\": \"a\", \"text\": \"Iran said.\", \"date\": \"2025-03-04T10:00:00Z\"}\n\n\"plain\"\n{oops\n{\"id\": 7}\n[1]\n",
        );
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].id, "a");
        assert_eq!(
            items[0].date.map(|d| d.to_string()).as_deref(),
            Some("2025-03-04")
        );
        assert_eq!(items[1].text.as_deref(), Ok("plain"));
        assert_eq!(items[1].id, "line 3");
        assert!(items[2].text.is_err());
        assert_eq!(items[3].id, "7");
        assert!(items[3].text.is_err());
        assert!(items[4].text.is_err());
    }
}
