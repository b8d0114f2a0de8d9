//! How fast the pipeline is: `cargo xtask bench` (criterion).
//!
//! Parsing, lowering and emitting are measured apart, beside the bare parse of the text, on
//! three real documents of `../shared/corpus/` (Stripe, GitHub, Twilio Messaging), and the whole
//! generate on the four specs of `specs/` together; the docs of Authlete's document (a page per
//! operation and per model); importing is
//! measured on every page of `../shared/pages/` (31 Markdoc pages, 298 SDK model pages), from
//! their text in memory to one OpenAPI document per folder.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use specforge::generate::{generate, load_inputs};
use specforge::import::{self, Options, Source};
use specforge::templates::Templates;
use specforge::{emit, ir, spec};

// The allocator of the `specforge` binary and of `cargo xtask` (with the `cli` feature, on by
// default), so that what is measured is what `generate` costs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The real documents the speed goals are set on, from `../shared/corpus/`.
const DOCUMENTS: &[&str] = &[
    "stripe_api.yaml",
    "github_api.json",
    "twilio_messaging_v1.yaml",
];

/// The docs style the real documents are rendered in.
const DOCS_STYLE: &str = "mintlify";

/// Each stage of the pipeline on each real document, beside the floor: parsing its text into a
/// plain `serde_yaml::Value` / `serde_json::Value`. `whole` is what `cargo xtask generate`
/// does with one document, from its text to every file: load, lower, emit models, server and
/// docs (in the Mintlify style, which these documents do not name themselves: the Markdoc and
/// AWX styles list every object's table on the page, which for Stripe is 195 MB of pages and
/// over a minute a run, too slow for criterion's ten samples).
fn documents(c: &mut Criterion) {
    let templates =
        Templates::load(&root().join("templates")).unwrap_or_else(|err| panic!("{err}"));
    for name in DOCUMENTS {
        let path = root().join("../shared/corpus").join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{} is not there: not measured", path.display());
            continue;
        };
        let stem = name.split('.').next().unwrap_or(name);
        let loaded = spec::parse(name, stem, &text).unwrap_or_else(|err| panic!("{err}"));
        let mut api = ir::lower(&loaded).unwrap_or_else(|err| panic!("{err}"));
        api.docs.style = Some(DOCS_STYLE.to_owned());

        let mut group = c.benchmark_group(stem);
        group.sample_size(10);
        if name.ends_with(".json") {
            group.bench_function("bare parse (serde_json::Value)", |b| {
                b.iter(|| serde_json::from_str::<serde_json::Value>(&text))
            });
        } else {
            group.bench_function("bare parse (serde_yaml::Value)", |b| {
                b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(&text))
            });
        }
        group.bench_function("load", |b| b.iter(|| spec::parse(name, stem, &text)));
        group.bench_function("lower", |b| b.iter(|| ir::lower(&loaded)));
        group.bench_function("emit models", |b| {
            b.iter(|| emit::models::emit(&api, &templates))
        });
        group.bench_function("emit server", |b| {
            b.iter(|| emit::server::emit(&api, &templates))
        });
        group.bench_function("emit docs", |b| {
            b.iter(|| emit::docs::emit(&api, &templates))
        });
        group.bench_function("whole", |b| {
            b.iter(|| {
                let spec = spec::parse(name, stem, &text).unwrap_or_else(|err| panic!("{err}"));
                let mut api = ir::lower(&spec).unwrap_or_else(|err| panic!("{err}"));
                api.docs.style = Some(DOCS_STYLE.to_owned());
                let ((models, server), docs) = rayon::join(
                    || {
                        rayon::join(
                            || emit::models::emit(&api, &templates),
                            || emit::server::emit(&api, &templates),
                        )
                    },
                    || emit::docs::emit(&api, &templates),
                );
                (models, server, docs)
            })
        });
        group.finish();
    }
}

/// The docs of Authlete's document (0.9 MiB): a page per operation in the Mintlify style and
/// one per model (schema) in the SDK model style, as Authlete's own pages are: how long they
/// take to render, with the templates compiled once beforehand (as `generate` does).
fn docs_pages(c: &mut Criterion) {
    let templates =
        Templates::load(&root().join("templates")).unwrap_or_else(|err| panic!("{err}"));
    let name = "authlete_api.yaml";
    let Ok(text) = std::fs::read_to_string(root().join("../shared/corpus").join(name)) else {
        eprintln!("../shared/corpus/{name} is not there: not measured");
        return;
    };
    let loaded = spec::parse(name, "authlete_api", &text).unwrap_or_else(|err| panic!("{err}"));
    let mut api = ir::lower(&loaded).unwrap_or_else(|err| panic!("{err}"));
    api.docs.style = Some("mintlify".to_owned());
    api.docs.model_style = Some("sdk-model".to_owned());
    let pages = emit::docs::emit(&api, &templates)
        .unwrap_or_else(|err| panic!("{err}"))
        .iter()
        .count();
    let mut group = c.benchmark_group("authlete_api");
    group.sample_size(20);
    group.bench_function(format!("emit docs ({pages} pages)"), |b| {
        b.iter(|| emit::docs::emit(&api, &templates))
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

criterion_group!(benches, documents, docs_pages, all_specs, import_pages);
criterion_main!(benches);
