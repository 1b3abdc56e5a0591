//! Prints the JSON report of an article (development aid).
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let opts = parley_news::Options::default();
    match parley_news::read_bytes(&bytes, &opts) {
        Ok(r) => println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default()),
        Err(e) => eprintln!("{e}"),
    }
}
