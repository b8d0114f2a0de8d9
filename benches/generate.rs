//! How fast the pipeline is: `cargo xtask bench` (criterion).
//!
//! Parsing, lowering and emitting are measured apart, on the largest real spec we carry (Twilio
//! Messaging v1, about 9,400 lines) and on the four specs of `specs/` together; importing is
//! measured on every page of `../shared/pages/` (31 Markdoc pages, 298 SDK model pages), from
//! their text in memory to one OpenAPI document per folder.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use specforge::generate::{generate, load_inputs};
use specforge::import::{self, Options, Source};
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

/// The pages of one folder of `../shared/pages/`, read into memory.
fn shared_pages(kind: &str) -> Vec<Source> {
    let dir = root().join("../shared/pages").join(kind);
    import::page_files(&dir)
        .unwrap_or_else(|err| panic!("{err}"))
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            Source::read(path, &format!("{kind}/{name}")).unwrap_or_else(|err| panic!("{err}"))
        })
        .collect()
}

fn import_pages(c: &mut Criterion) {
    let markdoc = shared_pages("markdoc");
    let sdk_model = shared_pages("sdk-model");
    let options = Options {
        rename_conflicts: true,
        ..Options::default()
    };
    let mut group = c.benchmark_group("import");
    group.sample_size(20);
    group.bench_function("all shared pages (31 markdoc + 298 sdk-model)", |b| {
        b.iter(|| {
            let fimidara = import::import_with("fimidara", &markdoc, options)
                .unwrap_or_else(|err| panic!("{err}"));
            let authlete = import::import_with("authlete", &sdk_model, options)
                .unwrap_or_else(|err| panic!("{err}"));
            (fimidara, authlete)
        })
    });
    group.finish();
}

criterion_group!(benches, twilio, all_specs, import_pages);
criterion_main!(benches);
