//! The tera templates: read once, like the specs, before anything is emitted.
//!
//! A template's name is its path below the templates folder without the `.tera` ending
//! (`templates/crate/models.Cargo.toml.tera` is `crate/models.Cargo.toml`).
//!
//! Every file of this repository's `templates/` is compiled into the library
//! ([`Templates::embedded`]), so that generating needs nothing from a checkout of specforge. A
//! user's folder of templates overrides any of them by name, and may add more
//! ([`Templates::with_overrides`]).

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use serde::Serialize;

use crate::error::{Error, Result};

/// The function that renders a template once per distinct call (see [`Templates::with_tables`]).
pub const INCLUDE_TABLE: &str = "include_table";

/// How deep `include_table` calls may nest, a template calling it from a template it renders:
/// far deeper than any docs style goes, and a template that never stops is an error, not an
/// overflowed stack.
const MOST_NESTED: usize = 64;

/// Pairs each template's name with the text of `templates/<name>.tera`, embedded at compile
/// time.
macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../templates/", $name, ".tera")))),*]
    };
}

/// The templates of `templates/`, by name. A unit test below fails when a file of the folder is
/// missing here, so a new template cannot be forgotten.
const EMBEDDED: [(&str, &str); 26] = embedded![
    "crate/README.md",
    "crate/models.Cargo.toml",
    "crate/runtime.Cargo.toml",
    "crate/runtime.README.md",
    "crate/server.Cargo.toml",
    "crate/workspace.Cargo.toml",
    "docs/SUMMARY.md",
    "docs/book.toml",
    "docs/docusaurus/fields.md",
    "docs/docusaurus/macros.md",
    "docs/docusaurus/operation.md",
    "docs/docusaurus/webhook.md",
    "docs/markdoc/macros.md",
    "docs/markdoc/operation.md",
    "docs/markdoc/table.md",
    "docs/markdoc/webhook.md",
    "docs/mintlify/fields.md",
    "docs/mintlify/macros.md",
    "docs/mintlify/operation.md",
    "docs/mintlify/webhook.md",
    "docs/oracle-rest/macros.md",
    "docs/oracle-rest/operation.md",
    "docs/oracle-rest/schema.md",
    "docs/oracle-rest/webhook.md",
    "docs/sdk-model/macros.md",
    "docs/sdk-model/model.md",
];

/// Every template, parsed.
#[derive(Debug)]
pub struct Templates {
    tera: Arc<tera::Tera>,
}

impl Templates {
    /// The templates compiled into the library: those of specforge's `templates/`.
    pub fn embedded() -> Result<Templates> {
        Templates::from_sources(embedded_sources())
    }

    /// The embedded templates, with every `*.tera` file below `dir` in place of the embedded
    /// one of the same name (or beside them, when no embedded template has its name).
    pub fn with_overrides(dir: &Path) -> Result<Templates> {
        let mut given = Vec::new();
        collect(dir, dir, &mut given)?;
        let mut sources: Vec<(String, String)> = embedded_sources()
            .into_iter()
            .filter(|(name, _)| !given.iter().any(|(own, _)| own == name))
            .collect();
        sources.extend(given);
        sources.sort();
        Templates::from_sources(sources)
    }

    /// Reads every `*.tera` file below `dir`.
    pub fn load(dir: &Path) -> Result<Templates> {
        let mut sources = Vec::new();
        collect(dir, dir, &mut sources)?;
        sources.sort();
        Templates::from_sources(sources)
    }

    /// Parses templates given as `(name, source)` pairs.
    pub fn from_sources(sources: Vec<(String, String)>) -> Result<Templates> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(Vec::new());
        tera.register_filter("pad", pad);
        tera.add_raw_templates(sources)
            .map_err(|err| Error::Template {
                template: "templates/".to_owned(),
                message: error_chain(&err),
            })?;
        Ok(Templates {
            tera: Arc::new(tera),
        })
    }

    /// These templates with the function `include_table(template=NAME, table=KEY, …)` on, for
    /// the pages of one API: it renders the template `NAME` with `table`, the table of `KEY`
    /// in `tables`, and each of its other arguments, as the template's only variables, and
    /// gives the text. The text depends only on the arguments, so each distinct call is
    /// rendered once and every other time copied: an object's fields, which a large API's
    /// pages show under hundreds of fields (Stripe's `customer`, its `invoice`), are written
    /// once per way the pages nest them, not once per page.
    pub fn with_tables<T>(&self, tables: BTreeMap<String, Arc<T>>) -> Templates
    where
        T: Serialize + Send + Sync + 'static,
    {
        let mut tera = (*self.tera).clone();
        let tera = Arc::new_cyclic(|this| {
            tera.register_function(
                INCLUDE_TABLE,
                IncludeTable {
                    tera: this.clone(),
                    tables,
                    rendered: Mutex::default(),
                },
            );
            tera
        });
        Templates { tera }
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|known| known == name)
    }

    /// The names of all templates below a folder (`docs/markdoc/`), sorted.
    pub fn names_under(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .tera
            .get_template_names()
            .filter(|name| name.starts_with(folder))
            .map(str::to_owned)
            .collect();
        names.sort();
        names
    }

    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|err| Error::Template {
                template: name.to_owned(),
                message: error_chain(&err),
            })
    }
}

/// `include_table` ([`Templates::with_tables`]): the templates it renders with (those it is
/// registered in), the tables it hands them, and the text of each call made so far, by its
/// arguments.
struct IncludeTable<T> {
    tera: Weak<tera::Tera>,
    tables: BTreeMap<String, Arc<T>>,
    rendered: Mutex<HashMap<String, String>>,
}

thread_local! {
    /// How many `include_table` calls this thread is inside.
    static NESTED: Cell<usize> = const { Cell::new(0) };
}

/// One more `include_table` call on this thread, until dropped.
struct Nested;

impl Nested {
    fn enter() -> tera::Result<Nested> {
        let depth = NESTED.with(|nested| {
            nested.set(nested.get() + 1);
            nested.get()
        });
        let entered = Nested;
        if depth > MOST_NESTED {
            return Err(tera::Error::msg(format!(
                "`{INCLUDE_TABLE}` calls nest more than {MOST_NESTED} deep: does the template \
                 stop calling it?"
            )));
        }
        Ok(entered)
    }
}

impl Drop for Nested {
    fn drop(&mut self) {
        NESTED.with(|nested| nested.set(nested.get().saturating_sub(1)));
    }
}

impl<T: Serialize + Send + Sync> tera::Function for IncludeTable<T> {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let text_argument = |name: &str, what: &str| {
            args.get(name).and_then(tera::Value::as_str).ok_or_else(|| {
                tera::Error::msg(format!("`{INCLUDE_TABLE}` needs `{name}`, {what}"))
            })
        };
        let template = text_argument("template", "the name of the template to render")?;
        let key = text_argument("table", "the key of a table")?;
        let table = self
            .tables
            .get(key)
            .ok_or_else(|| tera::Error::msg(format!("there is no table `{key}`")))?;
        // The call, as its arguments sorted by name, written as JSON.
        let mut sorted: Vec<(&String, &tera::Value)> = args.iter().collect();
        sorted.sort_unstable_by_key(|(name, _)| *name);
        let call = serde_json::to_string(&sorted).map_err(tera::Error::json)?;
        let rendered = || self.rendered.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(text) = rendered().get(&call) {
            return Ok(tera::Value::String(text.clone()));
        }
        let _nested = Nested::enter()?;
        let tera = self
            .tera
            .upgrade()
            .ok_or_else(|| tera::Error::msg("the templates are gone"))?;
        let mut context = tera::Context::new();
        for (name, value) in args {
            if name != "template" && name != "table" {
                context.insert(name.as_str(), value);
            }
        }
        context.try_insert("table", &**table)?;
        let text = tera.render(template, &context)?;
        rendered().insert(call, text.clone());
        Ok(tera::Value::String(text))
    }
}

/// The `pad` filter: `{{ text | pad(width=12) }}` is `text` followed by spaces up to 12
/// characters (counted as tera's `length` counts them), `pad(width=12, with="-")` by dashes;
/// a text as long or longer is left as it is. A padded table cell in one filter, where a loop
/// writing one space an iteration made a wide table of a model page the larger part of its
/// render time.
fn pad(value: &tera::Value, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let width = args
        .get("width")
        .and_then(tera::Value::as_u64)
        .ok_or_else(|| tera::Error::msg("`pad` needs `width`, a number of characters"))?;
    let fill = match args.get("with") {
        None => ' ',
        Some(with) => {
            let mut chars = with.as_str().unwrap_or_default().chars();
            match (chars.next(), chars.next()) {
                (Some(fill), None) => fill,
                _ => return Err(tera::Error::msg("`pad`'s `with` is one character")),
            }
        }
    };
    let missing = usize::try_from(width)
        .unwrap_or(usize::MAX)
        .saturating_sub(text.chars().count());
    let mut padded = String::with_capacity(text.len() + missing);
    padded.push_str(&text);
    padded.extend(std::iter::repeat(fill).take(missing));
    Ok(tera::Value::String(padded))
}

fn embedded_sources() -> Vec<(String, String)> {
    EMBEDDED
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
        .collect()
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
    let read_error = |source| Error::Read {
        file: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "tera") {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
                file: path.display().to_string(),
                source,
            })?;
            let relative = path.strip_prefix(root).unwrap_or(&path).with_extension("");
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, text));
        }
    }
    Ok(())
}

/// A tera error with its causes, which is where tera says what actually went wrong.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
    }

    #[test]
    fn every_file_of_the_templates_folder_is_embedded_as_it_is() {
        let mut on_disk = Vec::new();
        collect(&folder(), &folder(), &mut on_disk).unwrap_or_else(|err| panic!("{err}"));
        on_disk.sort();
        let mut embedded = embedded_sources();
        embedded.sort();
        let names = |sources: &[(String, String)]| -> Vec<String> {
            sources.iter().map(|(name, _)| name.clone()).collect()
        };
        assert_eq!(
            names(&embedded),
            names(&on_disk),
            "src/templates.rs's EMBEDDED must list every file of templates/ (without `.tera`)"
        );
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn a_folder_overrides_the_embedded_template_of_the_same_name_and_adds_its_own() {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
                .unwrap_or_else(|err| panic!("{err}"));
            std::fs::write(path, text).unwrap_or_else(|err| panic!("{err}"));
        };
        write("docs/book.toml.tera", "own book of {{ title }}");
        write("docs/own/operation.md.tera", "own");
        let templates = Templates::with_overrides(dir.path()).unwrap_or_else(|err| panic!("{err}"));
        let mut context = tera::Context::new();
        context.insert("title", "t");
        let book = templates
            .render("docs/book.toml", &context)
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(book, "own book of t");
        assert!(templates.has("docs/own/operation.md"));
        assert!(templates.has("crate/models.Cargo.toml"));
        assert_eq!(
            templates.names_under("").len(),
            EMBEDDED.len() + 1,
            "one added, one replaced"
        );
    }

    #[test]
    fn a_missing_override_folder_is_an_error_naming_it() {
        let err = Templates::with_overrides(Path::new("no/such/folder"))
            .err()
            .map(|err| err.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("no/such/folder: cannot read"), "{err}");
    }

    /// The templates of `sources` with `include_table` on, over tables of one field each.
    fn with_tables(sources: &[(&str, &str)]) -> Templates {
        #[derive(Serialize)]
        struct Table {
            name: &'static str,
            child: Option<&'static str>,
        }
        let sources = sources
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        let tables = [("a", Some("b")), ("b", Some("a")), ("c", None)]
            .into_iter()
            .map(|(name, child)| (name.to_owned(), Arc::new(Table { name, child })))
            .collect();
        Templates::from_sources(sources)
            .unwrap_or_else(|err| panic!("{err}"))
            .with_tables(tables)
    }

    #[test]
    fn include_table_renders_a_template_with_the_table_and_its_arguments_alone() {
        let templates = with_tables(&[
            (
                "page",
                "{{ include_table(template=\"row\", table=\"a\", depth=0) }}|\
                 {{ include_table(template=\"row\", table=\"a\", depth=0) }}|\
                 {{ include_table(template=\"row\", table=\"c\", depth=0) }}",
            ),
            (
                "row",
                "{{ table.name }}{{ depth }}{% if table.child and depth < 3 %}({{ \
                 include_table(template=\"row\", table=table.child, depth=depth + 1) }}){% endif %}\
                 {% if page is defined %}!{% endif %}",
            ),
        ]);
        let mut context = tera::Context::new();
        context.insert("page", "p");
        let rendered = templates
            .render("page", &context)
            .unwrap_or_else(|err| panic!("{err}"));
        // The same call twice gives the same text; the page's own variables are not seen.
        assert_eq!(rendered, "a0(b1(a2(b3)))|a0(b1(a2(b3)))|c0");
    }

    #[test]
    fn include_table_without_its_arguments_or_without_end_is_an_error_not_an_overflow() {
        let templates = with_tables(&[
            ("no template", "{{ include_table(table=\"a\") }}"),
            (
                "no table",
                "{{ include_table(template=\"forever\", table=\"z\") }}",
            ),
            (
                "start",
                "{{ include_table(template=\"forever\", table=\"a\") }}",
            ),
            (
                "forever",
                "{{ include_table(template=\"forever\", table=table.child) }}",
            ),
        ]);
        let context = tera::Context::new();
        let error = |name: &str| {
            templates
                .render(name, &context)
                .err()
                .map(|err| err.to_string())
                .unwrap_or_default()
        };
        assert!(
            error("no template").contains("`include_table` needs `template`"),
            "{}",
            error("no template")
        );
        assert!(
            error("no table").contains("there is no table `z`"),
            "{}",
            error("no table")
        );
        let forever = error("start");
        assert!(forever.contains("nest more than 64 deep"), "{forever}");
        // A template that is not there is tera's error, naming it.
        let missing = with_tables(&[("p", "{{ include_table(template=\"gone\", table=\"c\") }}")])
            .render("p", &context)
            .err()
            .map(|err| err.to_string())
            .unwrap_or_default();
        assert!(missing.contains("gone"), "{missing}");
    }

    #[test]
    fn pad_fills_a_text_to_a_width_in_characters() {
        let templates = Templates::from_sources(vec![(
            "t".to_owned(),
            "[{{ a | pad(width=5) }}][{{ b | pad(width=3, with=\"-\") }}][{{ c | pad(width=2) }}]"
                .to_owned(),
        )])
        .unwrap_or_else(|err| panic!("{err}"));
        let mut context = tera::Context::new();
        context.insert("a", "é");
        context.insert("b", "");
        context.insert("c", "long");
        let rendered = templates
            .render("t", &context)
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(rendered, "[é    ][---][long]");
        let bad = Templates::from_sources(vec![("t".to_owned(), "{{ a | pad }}".to_owned())])
            .unwrap_or_else(|err| panic!("{err}"))
            .render("t", &context)
            .err()
            .map(|err| err.to_string())
            .unwrap_or_default();
        assert!(bad.contains("`pad` needs `width`"), "{bad}");
    }
}
