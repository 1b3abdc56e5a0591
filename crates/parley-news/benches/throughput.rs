//! Throughput of the news reader on a batch of seed-length articles (about 3 KB each).
//!
//! The articles are the project's own test articles (tests/articles/*.txt) joined into
//! seed-length texts; when shared/articles is beside the repository, the seed article is
//! measured too. `jsonl_batch_x100` is the batch path of `parley extract batch.jsonl`: parse
//! the JSONL, read each article, write one JSON line each. Run:
//! `cargo bench -p parley-news --bench throughput`; criterion prints elements/s = articles
//! per second on one core.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use parley_news::{Options, batch, read};

const BATCH: usize = 100;

/// A line of `parley extract batch.jsonl` output.
#[derive(serde::Serialize)]
struct Line<'a> {
    id: &'a str,
    report: &'a parley_news::Report,
}

fn own_articles() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/articles");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    texts
}

/// Joins the project's articles into texts of about `len` bytes each.
fn seed_length(len: usize) -> Vec<String> {
    let parts = own_articles();
    let mut out = Vec::new();
    for k in 0..parts.len() {
        let mut text = String::new();
        let mut j = k;
        while text.len() < len {
            text.push_str(&parts[j % parts.len()]);
            text.push('\n');
            j += 1;
        }
        out.push(text);
    }
    out
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("extract");
    let options = Options::default();
    let own = seed_length(3_100);
    let texts: Vec<&String> = own.iter().cycle().take(BATCH).collect();
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("own_articles_3kb_x100", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(read(black_box(text), &options).unwrap());
            }
        });
    });
    let jsonl: String = texts
        .iter()
        .enumerate()
        .map(|(k, text)| serde_json::json!({"id": k, "text": text}).to_string() + "\n")
        .collect();
    group.bench_function("jsonl_batch_x100", |b| {
        b.iter(|| {
            let mut out = String::new();
            for item in batch::parse_jsonl(black_box(&jsonl)) {
                let report = read(&item.text.unwrap(), &options).unwrap();
                let line = Line {
                    id: &item.id,
                    report: &report,
                };
                out.push_str(&serde_json::to_string(&line).unwrap());
                out.push('\n');
            }
            black_box(out)
        });
    });
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/articles/000_a443e80bef327c66.txt");
    if let Ok(text) = std::fs::read_to_string(seed) {
        group.bench_function("seed_article_x100", |b| {
            b.iter(|| {
                for _ in 0..BATCH {
                    black_box(read(black_box(&text), &options).unwrap());
                }
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
