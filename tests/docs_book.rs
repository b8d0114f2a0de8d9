//! The docs render: the mdBook of `generated/docs` is built with mdbook and every page opened in
//! headless Chromium, and the Markdoc pages of `generated/<api>/docs` parse and validate with
//! the real Markdoc parser (`tests/markdoc/validate.mjs`, run with the machine's Node).
//!
//! In each page as the browser shows it (the DOM after the book's scripts ran, which build the
//! sidebar): no frontmatter text and no `{%`; as many `<table>`s as the page's markdown has
//! tables; code blocks of their language alone (no fence titles); every link, in the page and in the sidebar, resolving to a file of the book (and to an
//! element of it, for a `#fragment`); the page's `<h1>` its sidebar entry's title and the first
//! thing on the page.
//!
//! Each check needs its tools (mdbook and chromium; node and `npm ci --prefix tests/markdoc`)
//! and says it is skipped without them, unless `SPECFORGE_REQUIRE_DOCS_TOOLS=1`, which `.ci/run`
//! sets after installing them: then a missing tool fails the test.

use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether a missing tool fails the test rather than skipping it.
fn required() -> bool {
    std::env::var("SPECFORGE_REQUIRE_DOCS_TOOLS").is_ok_and(|value| value == "1")
}

/// `program` when it runs (`program --version` succeeds); otherwise the test is skipped, with a
/// message saying why, or fails when the tools are required.
fn tool(program: &str, why: &str) -> Option<String> {
    let found = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if found {
        return Some(program.to_owned());
    }
    let message = format!("{program} is not installed ({why})");
    assert!(
        !required(),
        "{message}, and SPECFORGE_REQUIRE_DOCS_TOOLS=1 requires it"
    );
    eprintln!("skipped: {message}; .ci/run installs it");
    None
}

fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|err| panic!("cannot run {command:?}: {err}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The `[title](link)` chapters of the book's SUMMARY.md, in order (sections without a page,
/// `[Models]()`, left out).
fn chapters() -> Vec<(String, String)> {
    let summary = std::fs::read_to_string(root().join("generated/docs/src/SUMMARY.md"))
        .unwrap_or_else(|err| panic!("generated/docs/src/SUMMARY.md: {err}"));
    summary
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("- ["))
        .filter_map(|rest| rest.rsplit_once("]("))
        .filter_map(|(title, rest)| Some((title.to_owned(), rest.strip_suffix(')')?.to_owned())))
        .filter(|(_, link)| !link.is_empty())
        .collect()
}

/// The text of some HTML: tags dropped, entities decoded, whitespace runs one space.
fn text(html: &str) -> String {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());
    let text = TAG.replace_all(html, " ");
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of `html` from the element opening with `<{tag}` to its closing tag (the elements
/// looked for are not nested in their own kind).
fn element<'a>(html: &'a str, tag: &str) -> Option<&'a str> {
    let start = html.find(&format!("<{tag}"))?;
    let close = format!("</{tag}>");
    let end = html[start..].find(&close)? + start + close.len();
    Some(&html[start..end])
}

/// The GitHub-flavoured tables of a markdown page: delimiter rows (`| - | --- |`) under a row
/// of cells, outside fenced code.
fn markdown_tables(page: &str) -> usize {
    static DELIMITER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$").unwrap());
    let mut fenced = false;
    let mut previous = "";
    let mut tables = 0;
    for line in page.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line.contains('|') && DELIMITER.is_match(line) && previous.contains('|') {
            tables += 1;
        }
        previous = line;
    }
    tables
}

/// The frontmatter lines of a page in its source form (between its leading `---` lines).
fn frontmatter(page: &str) -> Vec<&str> {
    let Some(rest) = page.strip_prefix("---\n") else {
        return Vec::new();
    };
    rest.lines()
        .take_while(|line| *line != "---")
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// The `href`s of the `<a>` elements of some HTML, with the text of each.
fn anchors(html: &str) -> Vec<(String, String)> {
    static A: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(?s)<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>"#).unwrap());
    A.captures_iter(html)
        .map(|c| (c[1].replace("&amp;", "&"), c[2].to_owned()))
        .collect()
}

/// Headless Chromium's DOM of a file, after its scripts ran.
fn dump_dom(chromium: &str, file: &Path, profile: &Path) -> String {
    run(Command::new(chromium).args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--allow-file-access-from-files",
        &format!("--user-data-dir={}", profile.display()),
        "--virtual-time-budget=5000",
        "--dump-dom",
        &format!("file://{}", file.display()),
    ]))
}

/// `%XX` escapes of a URL path decoded.
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a link of the page at `page` (a path below the book) goes: the file below the book and
/// the fragment; `None` for a link out of the book (`https:`, `mailto:`).
fn target(page: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with("javascript:") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(percent_decoded(fragment))),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return Some((page.to_owned(), fragment));
    }
    for segment in path.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            segment => parts.push(segment),
        }
    }
    let mut file = percent_decoded(&parts.join("/"));
    if file.is_empty() || href.ends_with('/') {
        file = format!("{file}{}index.html", if file.is_empty() { "" } else { "/" });
    }
    Some((file, fragment))
}

/// Every page of the book, built with mdbook, opened in headless Chromium.
#[test]
fn every_book_page_renders_in_a_browser() {
    let Some(mdbook) = tool("mdbook", "it builds the book") else {
        return;
    };
    let Some(chromium) = tool("chromium", "it opens the book's pages") else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let book = scratch.path().join("book");
    run(Command::new(&mdbook)
        .arg("build")
        .arg(root().join("generated/docs"))
        .arg("--dest-dir")
        .arg(&book));
    let chapters = chapters();
    assert!(chapters.len() >= 14, "chapters: {chapters:?}");

    // Two pages at a time: each is a browser of its own, with its own profile.
    let pages: Vec<(String, String, String)> = chapters
        .iter()
        .map(|(title, link)| {
            let html = format!("{}.html", link.strip_suffix(".md").unwrap_or(link));
            (title.clone(), link.clone(), html)
        })
        .collect();
    let mut doms: BTreeMap<String, String> = BTreeMap::new();
    for (index, pair) in pages.chunks(2).enumerate() {
        let dumped: Vec<(String, String)> = std::thread::scope(|scope| {
            let handles: Vec<_> = pair
                .iter()
                .enumerate()
                .map(|(slot, (_, _, html))| {
                    let profile = scratch.path().join(format!("profile-{index}-{slot}"));
                    let file = book.join(html);
                    let chromium = &chromium;
                    scope.spawn(move || (html.clone(), dump_dom(chromium, &file, &profile)))
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap_or_else(|_| panic!("chromium thread")))
                .collect()
        });
        doms.extend(dumped);
    }

    let mut problems = Vec::new();
    for (title, link, html) in &pages {
        let dom = &doms[html];
        let mut problem = |what: String| problems.push(format!("{html}: {what}"));
        let Some(main) = element(dom, "main") else {
            problem("no <main> in the DOM".to_owned());
            continue;
        };
        let body = element(dom, "body").unwrap_or(dom);
        let shown = text(body);
        if shown.contains("{%") {
            problem(format!("`{{%` in the page as shown: {shown}"));
        }
        let (api, page) = link.split_once('/').unwrap_or_default();
        let source_file = root().join(format!("generated/{api}/docs/{page}"));
        let source = std::fs::read_to_string(&source_file)
            .unwrap_or_else(|err| panic!("{}: {err}", source_file.display()));
        for line in frontmatter(&source) {
            if shown.contains(line.trim()) {
                problem(format!(
                    "the source page's frontmatter line {line:?} is shown"
                ));
            }
        }
        if shown.contains("title:") {
            problem("`title:` is shown".to_owned());
        }

        // The page opens with its title, which is its sidebar entry's.
        static FIRST: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?s)^<main[^>]*>\s*<([a-z0-9]+)").unwrap());
        let first = FIRST.captures(main).map(|c| c[1].to_owned());
        if first.as_deref() != Some("h1") {
            problem(format!("the page opens with <{first:?}>, not its <h1>"));
        }
        let heading = element(main, "h1").map(text);
        if heading.as_deref() != Some(title.as_str()) {
            problem(format!(
                "the page's <h1> is {heading:?}, its SUMMARY.md title {title:?}"
            ));
        }
        if main.matches("<h1").count() != 1 {
            problem(format!("{} <h1>s", main.matches("<h1").count()));
        }

        // Every table of the markdown is a table in the browser.
        let markdown_file = root().join(format!("generated/docs/src/{link}"));
        let markdown = std::fs::read_to_string(&markdown_file)
            .unwrap_or_else(|err| panic!("{}: {err}", markdown_file.display()));
        let tables = markdown_tables(&markdown);
        let rendered = main.matches("<table").count();
        if tables != rendered || markdown_tables(&source) != tables {
            problem(format!(
                "{rendered} <table>s shown, {tables} tables in the book's markdown, {} in the \
                 source page",
                markdown_tables(&source)
            ));
        }
        if main.contains("| - |") || main.contains("|---|") {
            problem("a table's delimiter row is shown as text".to_owned());
        }

        // A code block's class is its language: a fence's title (Mintlify's `rust Rust (SDK)`)
        // is the source's syntax.
        static CODE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r#"<code class="(language-[^"]*)""#).unwrap());
        for class in CODE.captures_iter(main) {
            // mdBook's and highlight.js's own classes are lower-case words (`hljs`,
            // `hide-boring`); a title's words are not (`Rust`, `(SDK)`, `200`).
            let plain = |word: &str| word.chars().all(|c| c.is_ascii_lowercase() || c == '-');
            if !class[1].split_whitespace().all(plain) {
                problem(format!("a code block of class {:?}", &class[1]));
            }
        }

        // The sidebar lists every chapter under its page's title.
        let Some(sidebar) = element(dom, "mdbook-sidebar-scrollbox") else {
            problem("no sidebar (mdbook-sidebar-scrollbox) in the DOM".to_owned());
            continue;
        };
        let entries: Vec<(String, String)> = anchors(sidebar)
            .into_iter()
            .filter_map(|(href, inner)| {
                static NUMBER: LazyLock<Regex> =
                    LazyLock::new(|| Regex::new(r"(?s)<strong[^>]*>.*?</strong>").unwrap());
                let (file, fragment) = target(html, &href)?;
                fragment
                    .is_none()
                    .then(|| (file, text(&NUMBER.replace_all(&inner, ""))))
            })
            .collect();
        for (other_title, _, other_html) in &pages {
            let listed: Vec<&str> = entries
                .iter()
                .filter(|(file, _)| file == other_html)
                .map(|(_, title)| title.as_str())
                .collect();
            if listed != [other_title.as_str()] {
                problem(format!(
                    "the sidebar lists {other_html} as {listed:?}, not {other_title:?}"
                ));
            }
        }

        // Every link of the page and the sidebar resolves in the book.
        for (href, _) in anchors(body) {
            let Some((file, fragment)) = target(html, &href) else {
                continue;
            };
            let path = book.join(&file);
            let Ok(target_html) = std::fs::read_to_string(&path) else {
                problem(format!(
                    "the link {href:?} goes to {file}, which is not in the book"
                ));
                continue;
            };
            if let Some(fragment) = fragment.filter(|fragment| !fragment.is_empty()) {
                let in_dom = doms
                    .get(&file)
                    .is_some_and(|dom| dom.contains(&format!("id=\"{fragment}\"")));
                if !in_dom && !target_html.contains(&format!("id=\"{fragment}\"")) {
                    problem(format!(
                        "the link {href:?} goes to #{fragment}, which {file} has no element for"
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in the book as Chromium shows it:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!(
        "{} pages of the book opened in Chromium: each with its title, tables and links",
        pages.len()
    );
}

/// The Markdoc pages (those of APIs whose docs style is `markdoc`) parse and validate with
/// `@markdoc/markdoc`, their frontmatter is YAML with a title and a description, and each renders
/// its title as its heading.
#[test]
fn markdoc_pages_validate_with_the_markdoc_parser() {
    let Some(node) = tool("node", "it runs the Markdoc parser") else {
        return;
    };
    let modules = root().join("tests/markdoc/node_modules/@markdoc/markdoc");
    if !modules.is_dir() {
        let message = "tests/markdoc/node_modules has no @markdoc/markdoc (npm ci --prefix \
                       tests/markdoc)";
        assert!(
            !required(),
            "{message}, and SPECFORGE_REQUIRE_DOCS_TOOLS=1 requires it"
        );
        eprintln!("skipped: {message}; .ci/run installs it");
        return;
    }
    let inputs = specforge::generate::load_inputs(root(), "specs", "templates")
        .unwrap_or_else(|err| panic!("{err}"));
    let mut pages: Vec<PathBuf> = Vec::new();
    for spec in &inputs.specs {
        let api = specforge::ir::lower(spec).unwrap_or_else(|err| panic!("{err}"));
        if api.docs.style.as_deref() != Some("markdoc") {
            continue;
        }
        let docs = specforge::emit::docs::emit(&api, &inputs.templates)
            .unwrap_or_else(|err| panic!("{err}"));
        for (page, _) in docs.iter() {
            pages.push(root().join(format!("generated/{}/docs/{page}", api.name)));
        }
    }
    assert!(!pages.is_empty(), "no API has Markdoc docs");
    let out = run(Command::new(node)
        .arg(root().join("tests/markdoc/validate.mjs"))
        .args(&pages));
    assert_eq!(
        out.lines().filter(|line| line.starts_with("ok ")).count(),
        pages.len(),
        "{out}"
    );
    eprint!("{out}");
}

/// The markdoc style on every fixture and corpus spec (parameters, enums, unions, recursion,
/// webhooks, real descriptions with braces and markup…) gives pages the Markdoc parser accepts.
#[test]
fn markdoc_style_pages_of_every_fixture_and_corpus_spec_validate() {
    let Some(node) = tool("node", "it runs the Markdoc parser") else {
        return;
    };
    if !root()
        .join("tests/markdoc/node_modules/@markdoc/markdoc")
        .is_dir()
    {
        let message = "tests/markdoc/node_modules has no @markdoc/markdoc (npm ci --prefix \
                       tests/markdoc)";
        assert!(
            !required(),
            "{message}, and SPECFORGE_REQUIRE_DOCS_TOOLS=1 requires it"
        );
        eprintln!("skipped: {message}; .ci/run installs it");
        return;
    }
    let scratch = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
    let mut pages: Vec<PathBuf> = Vec::new();
    for folder in ["tests/fixtures", "tests/corpus"] {
        let inputs = specforge::generate::load_inputs(root(), folder, "templates")
            .unwrap_or_else(|err| panic!("{err}"));
        for spec in &inputs.specs {
            let mut api = specforge::ir::lower(spec).unwrap_or_else(|err| panic!("{err}"));
            api.docs.style = Some("markdoc".to_owned());
            let docs = specforge::emit::docs::emit(&api, &inputs.templates)
                .unwrap_or_else(|err| panic!("{err}"));
            for (page, contents) in docs.iter() {
                let file = scratch.path().join(&api.name).join(page);
                std::fs::create_dir_all(file.parent().unwrap_or(scratch.path()))
                    .unwrap_or_else(|err| panic!("{err}"));
                std::fs::write(&file, contents).unwrap_or_else(|err| panic!("{err}"));
                pages.push(file);
            }
        }
    }
    assert!(pages.len() > 30, "{} pages", pages.len());
    let out = run(Command::new(node)
        .arg(root().join("tests/markdoc/validate.mjs"))
        .args(&pages));
    assert_eq!(
        out.lines().filter(|line| line.starts_with("ok ")).count(),
        pages.len(),
        "{out}"
    );
}
