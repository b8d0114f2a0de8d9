//! `specforge.toml`, as a team uses it: each key changes what is generated from
//! `tests/fixtures/config/specs/shop.yaml` as the README says, a bad key or value is an error
//! naming the file and the line, and the crate the fixture's configuration describes compiles.

use std::fs;
use std::path::Path;
use std::process::Command;

use specforge::output::{self, FileSet};
use specforge::Generator;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// A folder with `specs/shop.yaml` and, unless `config` is `None`, that `specforge.toml`
/// beside it.
fn scratch(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    fs::create_dir_all(dir.path().join("specs")).unwrap_or_else(|err| panic!("{err}"));
    fs::write(
        dir.path().join("specs/shop.yaml"),
        fixture("specs/shop.yaml"),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    if let Some(config) = config {
        fs::write(dir.path().join("specforge.toml"), config).unwrap_or_else(|err| panic!("{err}"));
    }
    dir
}

/// What the shop generates with this configuration.
fn generate(config: &str) -> FileSet {
    let dir = scratch(Some(config));
    match Generator::new().root(dir.path()).files() {
        Ok(generated) => generated.files,
        Err(err) => panic!("{}", err.render(false)),
    }
}

/// The error this configuration is, as the command line prints it.
fn error(config: &str) -> String {
    let dir = scratch(Some(config));
    match Generator::new().root(dir.path()).files() {
        Ok(_) => panic!("no error for:\n{config}"),
        Err(err) => err.render(false),
    }
}

fn file<'a>(files: &'a FileSet, path: &str) -> &'a str {
    files.get(path).unwrap_or_else(|| {
        let paths: Vec<&str> = files.iter().map(|(path, _)| path).collect();
        panic!("no {path} among {paths:?}")
    })
}

#[test]
fn a_replaced_schema_has_no_type_and_every_use_is_the_given_type() {
    let files = generate("[api.shop.replace]\nMoney = \"acme_money::Money\"\n");
    let types = file(&files, "shop/models/src/types.rs");
    assert!(!types.contains("pub struct Money"), "{types}");
    assert!(
        types.contains("pub list_price: Option<acme_money::Money>,"),
        "{types}"
    );
    let plain = generate("");
    assert!(file(&plain, "shop/models/src/types.rs").contains("pub struct Money {"));
}

#[test]
fn a_format_is_held_as_the_given_type_with_its_dependency() {
    let files = generate(
        "[formats]\ndecimal = \"rust_decimal::Decimal\"\n\n[dependencies]\nrust_decimal = { version = \"1\", features = [\"serde-str\"] }\n",
    );
    let types = file(&files, "shop/models/src/types.rs");
    assert!(
        types.contains("pub price: rust_decimal::Decimal,"),
        "{types}"
    );
    for manifest in ["shop/models/Cargo.toml", "shop/server/Cargo.toml"] {
        let manifest = file(&files, manifest);
        assert!(
            manifest.contains("\nrust_decimal = { version = \"1\", features = [\"serde-str\"] }\n"),
            "{manifest}"
        );
    }
    // The example holding a decimal is the user's type's to read, not the generator's to test.
    assert!(files
        .get("shop/models/tests/examples/round_trips.rs")
        .is_none());
    let plain = generate("");
    assert!(file(&plain, "shop/models/src/types.rs").contains("pub price: String,"));
    assert!(plain
        .get("shop/models/tests/examples/round_trips.rs")
        .is_some());
}

#[test]
fn derives_are_added_where_the_fields_allow_them_and_the_others_say_why() {
    let files = generate("derives = [\"Eq\", \"Hash\", \"schemars::JsonSchema\"]\n");
    let types = file(&files, "shop/models/src/types.rs");
    let item = |name: &str| {
        let start = types
            .find(&format!("pub struct {name} "))
            .or_else(|| types.find(&format!("pub enum {name} ")))
            .unwrap_or_else(|| panic!("no {name} in {types}"));
        let doc_start = types[..start].rfind("\n\n").unwrap_or(0);
        &types[doc_start..start]
    };
    assert!(
        item("Product").contains("#[derive(Eq, Hash, schemars::JsonSchema)]\n"),
        "{types}"
    );
    // An enum of strings derives `Eq` and `Hash` already.
    assert!(
        item("Status").contains("#[derive(schemars::JsonSchema)]\n"),
        "{types}"
    );
    let size = item("Size");
    assert!(!size.contains("#[derive(Eq"), "{size}");
    assert!(
        size.contains("/// Not `Eq`: field `width` is `f64`.\n"),
        "{size}"
    );
    assert!(
        size.contains("/// Not `Hash`: field `width` is `f64`.\n"),
        "{size}"
    );
    assert!(
        size.contains(
            "/// Not `schemars::JsonSchema`: field `note` is `Nullable`, which has no `JsonSchema`.\n"
        ),
        "{size}"
    );
    // A type holding one without a derive goes without it too.
    let shipment = item("Shipment");
    assert!(
        shipment.contains("/// Not `Hash`: field `size` is `Size`, which does not derive it.\n"),
        "{shipment}"
    );
    assert!(!shipment.contains("#[derive(Eq"), "{shipment}");
}

#[test]
fn outputs_limit_what_is_written() {
    let files = generate("outputs = [\"models\"]\ndocs-style = \"markdoc\"\n");
    assert!(files.get("shop/models/src/lib.rs").is_some());
    let shop: Vec<&str> = files
        .iter()
        .map(|(path, _)| path)
        .filter(|path| path.starts_with("shop/") && !path.starts_with("shop/models/"))
        .collect();
    assert_eq!(shop, Vec::<&str>::new());
    // With no API's docs, there is no book.
    assert!(files.get("docs/src/SUMMARY.md").is_none());

    let files =
        generate("[api.shop]\noutputs = [\"models\", \"docs\"]\ndocs-style = \"markdoc\"\n");
    assert!(files.get("shop/server/Cargo.toml").is_none());
    assert!(
        files.get("shop/docs/operations/get-product.md").is_some(),
        "{:?}",
        files.iter().map(|(path, _)| path).collect::<Vec<_>>()
    );
    assert!(file(&files, "docs/src/SUMMARY.md").contains("(shop/operations/get-product.md)"));
}

#[test]
fn a_docs_style_gives_docs_to_a_spec_that_names_none() {
    let plain = generate("");
    assert!(!plain.iter().any(|(path, _)| path.starts_with("shop/docs/")));
    let files = generate("docs-style = \"oracle-rest\"\n");
    let page = file(&files, "shop/docs/operations/get-product.md");
    assert!(page.contains("/products/{id}"), "{page}");
}

#[test]
fn crate_names_and_the_version_are_the_configured_ones() {
    let files = generate(
        "[api.shop]\nmodels-crate = \"acme-shop\"\nserver-crate = \"acme-shop-server\"\nversion = \"2.1.0\"\n",
    );
    let models = file(&files, "shop/models/Cargo.toml");
    assert!(models.contains("\nname = \"acme-shop\"\n"), "{models}");
    assert!(models.contains("\nversion = \"2.1.0\"\n"), "{models}");
    assert!(
        models.contains("# version: from specforge.toml (info.version is \"1.0\").\n"),
        "{models}"
    );
    assert!(models.contains("info-version = \"1.0\""), "{models}");
    let server = file(&files, "shop/server/Cargo.toml");
    assert!(
        server.contains("\nname = \"acme-shop-server\"\n"),
        "{server}"
    );
    assert!(
        server.contains("\nacme-shop = { version = \"=2.1.0\", path = \"../models\" }\n"),
        "{server}"
    );
    let api = file(&files, "shop/server/src/api.rs");
    assert!(api.contains("acme_shop::Product"), "{api}");
}

#[test]
fn without_a_config_the_specs_alone_decide() {
    let dir = scratch(None);
    let discovered = Generator::new().root(dir.path()).files();
    let without = Generator::new().root(dir.path()).without_config().files();
    match (discovered, without) {
        (Ok(discovered), Ok(without)) => assert_eq!(discovered.files, without.files),
        (Err(err), _) | (_, Err(err)) => panic!("{err}"),
    }
}

#[test]
fn the_config_is_found_beside_the_specs_folder_or_given() {
    let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    fs::create_dir_all(dir.path().join("api/specs")).unwrap_or_else(|err| panic!("{err}"));
    fs::write(
        dir.path().join("api/specs/shop.yaml"),
        fixture("specs/shop.yaml"),
    )
    .unwrap_or_else(|err| panic!("{err}"));
    fs::write(
        dir.path().join("api/specforge.toml"),
        "outputs = [\"models\"]\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    fs::write(dir.path().join("team.toml"), "nonsense = 1\n").unwrap_or_else(|err| panic!("{err}"));
    let generator = Generator::new().root(dir.path()).specs("api/specs");
    assert_eq!(
        generator.config_file().as_deref(),
        Some(Path::new("api/specforge.toml"))
    );
    let files = generator
        .files()
        .unwrap_or_else(|err| panic!("{err}"))
        .files;
    assert!(files.get("shop/server/Cargo.toml").is_none());
    let err = generator
        .config("team.toml")
        .files()
        .err()
        .map(|err| err.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with("team.toml:1:1: unknown field `nonsense`"),
        "{err}"
    );
}

#[test]
fn an_unknown_key_is_an_error_with_the_file_and_line() {
    let rendered = error("derives = [\"Hash\"]\n\n[api.shop]\nmodel-crate = \"shop\"\n");
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("specforge.toml:4:1: unknown field `model-crate`, expected one of "),
        "{rendered}"
    );
    assert!(first.contains("`models-crate`"), "{rendered}");
    assert_eq!(
        lines.collect::<Vec<_>>(),
        [
            " --> specforge.toml:4:1",
            "  |",
            "4 | model-crate = \"shop\"",
            "  | ^^^^^^^^^^^",
        ],
        "{rendered}"
    );
    let rendered = error("outputs = [\"models\"]\ncolour = true\n");
    assert!(
        rendered.starts_with("specforge.toml:2:1: unknown field `colour`"),
        "{rendered}"
    );
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_with_the_file_and_line() {
    let rendered = error("[api.shop]\nversion = 2\n");
    assert!(
        rendered.starts_with("specforge.toml:2:11: invalid type: integer `2`, expected a string"),
        "{rendered}"
    );
    assert!(
        rendered.ends_with("2 | version = 2\n  |           ^"),
        "{rendered}"
    );
    let rendered = error("derives = \"Hash\"\n");
    assert!(rendered.starts_with("specforge.toml:1:11: "), "{rendered}");
    assert!(rendered.contains("expected a sequence"), "{rendered}");
}

#[test]
fn values_specforge_cannot_use_are_errors_at_their_lines_all_at_once() {
    let config = "\
outputs = [\"server\"]
derives = [\"Clone\", \"not a path\"]
docs-style = \"wiki\"

[formats]
decimal = \"rust decimal\"

[dependencies]
serde = \"1\"
rust_decimal = { version = \"1\", featurez = [] }

[api.shop]
version = \"1.0\"
models-crate = \"1shop\"

[api.shop.replace]
Price = \"acme::Price\"

[api.shoe]
outputs = [\"models\"]
";
    let rendered = error(config);
    let problems: Vec<&str> = rendered
        .lines()
        .filter(|line| line.starts_with("specforge.toml:"))
        .collect();
    let expected = [
        "specforge.toml:19:6: there is no spec named \"shoe\" (the specs are shop)",
        "specforge.toml:1:11: shop: the server crate depends on the models crate: list \"models\" too",
        "specforge.toml:2:12: cannot add `Clone`: every type derives it already",
        "specforge.toml:2:21: \"not a path\" is not a Rust path (such as `Hash` or `schemars::JsonSchema`)",
        "specforge.toml:3:14: there is no docs style \"wiki\" with a operation.md template; the styles are docusaurus, markdoc, mintlify, oracle-rest",
        "specforge.toml:6:11: \"rust decimal\" is not a Rust type (such as `rust_decimal::Decimal`)",
        "specforge.toml:9:1: the generated crates set their own `serde` dependency",
        "specforge.toml:10:16: unknown key `featurez` in the dependency `rust_decimal`; cargo's are version, path, git, branch, tag, rev, features, default-features, package, registry",
        "specforge.toml:14:16: \"1shop\" is not a package name: a letter, then letters, digits, `-` and `_`",
    ];
    for line in expected {
        assert!(problems.contains(&line), "no {line:?} in\n{rendered}");
    }
    assert!(
        problems
            .iter()
            .any(|line| line.starts_with("specforge.toml:13:11: version \"1.0\" is not semver (")),
        "{rendered}"
    );
    assert!(
        problems.contains(
            &"specforge.toml:17:1: specs/shop.yaml has no schema \"Price\" under #/components/schemas to replace"
        ),
        "{rendered}"
    );
    assert_eq!(problems.len(), expected.len() + 2, "{rendered}");
    assert_eq!(
        rendered.matches(" --> specforge.toml:").count(),
        problems.len()
    );
}

/// The crate `tests/fixtures/config/specforge.toml` describes (derives, a format replaced by
/// a dependency's type, a schema by another type) compiles: one `cargo check` of the runtime
/// and the models crate, in a target folder kept between runs.
#[test]
fn the_configured_models_crate_compiles() {
    let dir = scratch(Some(&fixture("specforge.toml")));
    let files = Generator::new()
        .root(dir.path())
        .files()
        .unwrap_or_else(|err| panic!("{}", err.render(false)))
        .files;
    let types = file(&files, "shop/models/src/types.rs");
    assert!(types.contains("#[derive(Eq, Hash, schemars::JsonSchema)]\npub struct Product"));
    let workspace = dir.path().join("workspace");
    for (path, contents) in files.iter() {
        output::write_file(&workspace.join(path), contents).unwrap_or_else(|err| panic!("{err}"));
    }
    fs::write(
        workspace.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"runtime\", \"shop/models\"]\n",
    )
    .unwrap_or_else(|err| panic!("{err}"));
    // The workspace's lock file pins what it shares with the generated crates; rust_decimal
    // and schemars are resolved (and, the first time, downloaded) by cargo.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .unwrap_or_else(|err| panic!("{err}"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["check", "--workspace", "--quiet"])
        .current_dir(&workspace)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-check"),
        )
        .output()
        .unwrap_or_else(|err| panic!("cannot run cargo: {err}"));
    assert!(
        out.status.success(),
        "cargo check failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
