//! How fast the pipeline is: `cargo xtask bench` (criterion).
//!
//! Parsing, lowering and emitting are measured apart, on the largest real spec we carry (Twilio
//! Messaging v1, about 9,400 lines) and on the four specs of `specs/` together.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use specforge::generate::{generate, load_inputs};
use specforge::templates::Templates;
use specforge::{emit, ir, spec};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn twilio(c: &mut Criterion) {
    let path = root().join("tests/corpus/twilio_messaging_v1.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{err}"));
    let templates =
        Templates::load(&root().join("templates")).unwrap_or_else(|err| panic!("{err}"));
    let loaded = spec::parse("twilio_messaging_v1.yaml", "twilio_messaging_v1", &text)
        .unwrap_or_else(|err| panic!("{err}"));
    let api = ir::lower(&loaded).unwrap_or_else(|err| panic!("{err}"));

    let mut group = c.benchmark_group("twilio");
    group.sample_size(20);
    group.bench_function("parse", |b| {
        b.iter(|| spec::parse("twilio_messaging_v1.yaml", "twilio_messaging_v1", &text))
    });
    group.bench_function("lower", |b| b.iter(|| ir::lower(&loaded)));
    group.bench_function("emit models", |b| {
        b.iter(|| emit::models::emit(&api, &templates))
    });
    group.bench_function("emit server", |b| {
        b.iter(|| emit::server::emit(&api, &templates))
    });
    group.finish();
}

fn all_specs(c: &mut Criterion) {
    let inputs = load_inputs(root(), "specs", "templates").unwrap_or_else(|err| panic!("{err}"));
    let mut group = c.benchmark_group("specs");
    group.sample_size(20);
    group.bench_function("generate all four", |b| b.iter(|| generate(&inputs)));
    group.finish();
}

criterion_group!(benches, twilio, all_specs);
criterion_main!(benches);
