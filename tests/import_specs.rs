//! The seed specs are what `cargo xtask import` makes of their pages and overlays: every
//! `specs/<api>.yaml` with pages is up to date, and every page is read to its last line.

use std::path::Path;

use specforge::specs;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_spec_with_pages_is_what_its_pages_and_overlay_make() {
    let requests = specs::apis_with_pages(root(), "specs").unwrap_or_else(|err| panic!("{err}"));
    let apis: Vec<&str> = requests
        .iter()
        .map(|request| request.api.as_str())
        .collect();
    assert_eq!(apis, ["authlete", "awx", "fimidara", "sailpoint"]);
    for request in &requests {
        assert!(request.overlay.is_some(), "{} has an overlay", request.api);
        let made = specs::make(request).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            made.imported.unread_lines(),
            Vec::<String>::new(),
            "{}: every line of the pages is understood",
            request.api
        );
        let on_disk = std::fs::read_to_string(&made.path).unwrap_or_default();
        assert!(
            on_disk == made.text,
            "{} is stale with its pages and overlay: run `cargo xtask import`",
            made.path.display()
        );
    }
}

#[test]
fn no_spec_with_pages_keeps_a_hand_written_note() {
    for api in ["authlete", "awx", "fimidara", "sailpoint"] {
        let text = std::fs::read_to_string(root().join(format!("specs/{api}.yaml")))
            .unwrap_or_else(|err| panic!("{err}"));
        assert!(
            text.starts_with("# Written by `cargo xtask import`"),
            "{api}"
        );
        assert!(
            !text.contains("x-specforge-note"),
            "{api}: where an addition comes from is said in its overlay action"
        );
    }
}
