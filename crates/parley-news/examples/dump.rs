//! Development aid: prints the JSON report of an article, with `--toml FILE` its draft
//! scenario, with `--plover FILE` the PLOVER gold-standard scores (the table
//! `parley extract --eval-plover` prints), or with `--repeat N FILE` reads it N times.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--plover") {
        let text =
            std::fs::read_to_string(args.get(1).cloned().unwrap_or_default()).unwrap_or_default();
        match parley_news::plover::parse_gold(&text).and_then(|r| parley_news::plover::evaluate(&r))
        {
            Ok(e) => println!("{}", parley_news::plover::render(&e)),
            Err(e) => eprintln!("{e}"),
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--repeat") {
        // `--repeat N FILE`: reads the article N times (for instruction counts per article).
        let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
        let text =
            std::fs::read_to_string(args.get(2).cloned().unwrap_or_default()).unwrap_or_default();
        let opts = parley_news::Options::default();
        let total: usize = (0..n)
            .filter_map(|_| parley_news::read(&text, &opts).ok())
            .map(|r| r.relations.len())
            .sum();
        println!("{total} relations");
        return;
    }
    let toml = args.first().map(String::as_str) == Some("--toml");
    let path = args.get(usize::from(toml)).cloned().unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let opts = parley_news::Options::default();
    match parley_news::read_bytes(&bytes, &opts) {
        Ok(r) if toml => println!("{}", parley_news::draft::to_toml(&r, &path)),
        Ok(r) => println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default()),
        Err(e) => eprintln!("{e}"),
    }
}
