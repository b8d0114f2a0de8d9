//! [`Importer`]: the whole of `specforge import` as a builder — documented pages (and an
//! overlay) to OpenAPI specs — for a downstream `xtask` or `build.rs`.
//!
//! By default it imports every API of the specs folder that has pages
//! (`specs/pages/<api>/*` and `specs/<api>.overlay.yaml` → `specs/<api>.yaml`); with
//! [`Importer::pages`], the page files given as one API. Every path is taken relative to
//! [`Importer::root`] (by default the current folder).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::import::{self, Kind};
use crate::output;
use crate::spec::lines;
use crate::specs::{self, Made, Request};

/// What to import, how strictly, and where the specs go.
///
/// ```no_run
/// let imports = specforge::Importer::new().specs("specs").strict(true).run()?;
/// for api in &imports.apis {
///     println!("{}", api.made.imported.summary());
/// }
/// # Ok::<(), specforge::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Importer {
    root: PathBuf,
    specs: PathBuf,
    options: import::Options,
    strict: bool,
    pages: Option<Pages>,
}

/// One API's page files given by name, instead of the specs folder's `pages/`.
#[derive(Debug, Clone)]
struct Pages {
    api: String,
    files: Vec<PathBuf>,
    overlay: Option<PathBuf>,
    out: PathBuf,
}

/// The specs made in one run, each with what a person should read about it.
#[derive(Debug)]
pub struct Imports {
    pub apis: Vec<ImportedApi>,
    /// The specs [`Importer::run`] or [`Imports::write`] wrote: those that were stale.
    pub written: Vec<PathBuf>,
}

/// One spec made from pages.
#[derive(Debug)]
pub struct ImportedApi {
    pub made: Made,
    /// The spec's path, relative to the root.
    pub shown: String,
    /// Lines to read before trusting the spec: each type renamed because two pages state it
    /// differently, each line of a page not understood (`page:LINE: text`), and each type
    /// referred to that no page states.
    pub notes: Vec<String>,
    /// How many lines of its pages were not understood.
    pub unread: usize,
    /// Whether the spec on disk differs from the one made (or is not there).
    pub stale: bool,
}

impl Imports {
    /// The lines of every page not understood, over all APIs.
    pub fn unread(&self) -> usize {
        self.apis.iter().map(|api| api.unread).sum()
    }

    /// Whether every spec on disk is the one its pages make.
    pub fn is_up_to_date(&self) -> bool {
        self.apis.iter().all(|api| !api.stale)
    }

    /// Writes every stale spec, all or nothing (see [`output::write_files`]), and records each
    /// in [`Imports::written`]. A write into the same folder that was killed is completed first,
    /// and what is stale is decided after that.
    pub fn write(&mut self) -> Result<()> {
        let mut folders: Vec<PathBuf> = Vec::new();
        for api in &self.apis {
            let dir = folder_of(&api.made.path);
            if !folders.contains(&dir) {
                folders.push(dir);
            }
        }
        for dir in folders {
            output::recover_files(&dir)?;
            let mut files = Vec::new();
            for api in self
                .apis
                .iter_mut()
                .filter(|api| folder_of(&api.made.path) == dir)
            {
                api.stale = std::fs::read_to_string(&api.made.path).ok().as_deref()
                    != Some(api.made.text.as_str());
                if api.stale {
                    let name = api.made.path.file_name().unwrap_or_default();
                    files.push((name.to_string_lossy().into_owned(), api.made.text.clone()));
                }
            }
            if files.is_empty() {
                continue;
            }
            output::write_files(&dir, &files)?;
            for api in self.apis.iter_mut().filter(|api| api.stale) {
                api.stale = false;
                self.written.push(api.made.path.clone());
            }
        }
        Ok(())
    }

    /// With `--strict`: every line not understood, each an error with its page and line, and
    /// the line under it (the pages are read again from `root`, on this path only).
    fn refuse_unread(&self, root: &Path) -> Result<()> {
        let errors: Vec<Error> = self
            .apis
            .iter()
            .flat_map(|api| &api.made.imported.pages)
            .flat_map(|read| {
                read.page.unread.iter().map(|unread| Error::Import {
                    file: read.file.clone(),
                    quoted: None,
                    line: Some(unread.line),
                    message: format!("not understood (strict): {}", unread.text),
                })
            })
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        let texts: Vec<(String, String)> = self
            .apis
            .iter()
            .flat_map(|api| &api.made.imported.pages)
            .filter(|read| !read.page.unread.is_empty())
            .filter_map(|read| {
                let text = std::fs::read_to_string(root.join(&read.file)).ok()?;
                Some((read.file.clone(), text))
            })
            .collect();
        let text_of = |file: &str, line: usize| {
            let (_, text) = texts.iter().find(|(shown, _)| shown == file)?;
            lines::whole_line(text, line)
        };
        Err(Error::several(errors).quoting(&text_of))
    }
}

/// The folder a spec is written into.
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Default for Importer {
    fn default() -> Importer {
        Importer::new()
    }
}

impl Importer {
    /// Every API with pages in `specs/pages/`, kinds detected, lines not understood reported
    /// but allowed, conflicting types an error.
    pub fn new() -> Importer {
        Importer {
            root: PathBuf::new(),
            specs: PathBuf::from("specs"),
            options: import::Options::default(),
            strict: false,
            pages: None,
        }
    }

    /// The folder the other paths are relative to; messages name files relative to it.
    pub fn root(mut self, dir: impl Into<PathBuf>) -> Importer {
        self.root = dir.into();
        self
    }

    /// The specs folder: pages under `pages/<api>/`, overlays as `<api>.overlay.yaml`, and the
    /// specs written as `<api>.yaml`.
    pub fn specs(mut self, dir: impl Into<PathBuf>) -> Importer {
        self.specs = dir.into();
        self
    }

    /// Import these page files as the API `api`, into `out/<api>.yaml`, instead of the APIs of
    /// the specs folder.
    pub fn pages(
        mut self,
        api: impl Into<String>,
        files: impl IntoIterator<Item = PathBuf>,
        out: impl Into<PathBuf>,
    ) -> Importer {
        self.pages = Some(Pages {
            api: api.into(),
            files: files.into_iter().collect(),
            overlay: None,
            out: out.into(),
        });
        self
    }

    /// With [`Importer::pages`]: an OpenAPI Overlay 1.0 file applied to the imported document.
    pub fn overlay(mut self, file: impl Into<PathBuf>) -> Importer {
        if let Some(pages) = &mut self.pages {
            pages.overlay = Some(file.into());
        }
        self
    }

    /// Read every page as this kind, instead of detecting each page's kind from its text.
    pub fn kind(mut self, kind: Option<Kind>) -> Importer {
        self.options.kind = kind;
        self
    }

    /// A type stated with different fields on two pages gets a schema per statement (`Name2`,
    /// …), noted, instead of being an error.
    pub fn rename_conflicts(mut self, rename: bool) -> Importer {
        self.options.rename_conflicts = rename;
        self
    }

    /// Fail, writing nothing, if any line of any page is not understood.
    pub fn strict(mut self, strict: bool) -> Importer {
        self.strict = strict;
        self
    }

    /// Makes every spec in memory and compares each with the file on disk; writes nothing and
    /// does not apply [`Importer::strict`] (the caller reads [`Imports::unread`]).
    pub fn make(&self) -> Result<Imports> {
        let apis = self
            .requests()?
            .iter()
            .map(|request| {
                let made = specs::make(request)?;
                let mut notes = made.imported.renamed.clone();
                let unread = made.imported.unread_lines();
                let count = unread.len();
                notes.extend(unread);
                notes.extend(
                    import::openapi::undefined_types(&made.document)
                        .into_iter()
                        .map(|name| {
                            format!(
                                "{}: type `{name}` is referred to but no page states its fields",
                                request.api
                            )
                        }),
                );
                // As the spec will be once a killed write into its folder is completed.
                let stale = output::read_pending(&made.path).as_deref() != Some(made.text.as_str());
                Ok(ImportedApi {
                    shown: self.shown(&made.path),
                    made,
                    notes,
                    unread: count,
                    stale,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Imports {
            apis,
            written: Vec::new(),
        })
    }

    /// Makes every spec and writes those that are stale. Nothing is written unless every
    /// spec could be made (and, when strict, every line was understood).
    pub fn run(&self) -> Result<Imports> {
        let mut imports = self.make()?;
        if self.strict {
            imports.refuse_unread(&self.root)?;
        }
        imports.write()?;
        Ok(imports)
    }

    /// Makes every spec and writes nothing: [`Imports::is_up_to_date`] says whether the specs
    /// on disk are the ones their pages make.
    pub fn check(&self) -> Result<Imports> {
        let imports = self.make()?;
        if self.strict {
            imports.refuse_unread(&self.root)?;
        }
        Ok(imports)
    }

    fn requests(&self) -> Result<Vec<Request>> {
        let Some(pages) = &self.pages else {
            let specs_dir = self.specs.display().to_string();
            let mut requests = specs::apis_with_pages(&self.root, &specs_dir)?;
            for request in &mut requests {
                request.options = self.options;
            }
            return Ok(requests);
        };
        if pages.files.is_empty() {
            return Err(Error::Import {
                file: pages.api.clone(),
                quoted: None,
                line: None,
                message: "no page files given".to_owned(),
            });
        }
        let overlay = pages.overlay.as_ref().map(|path| {
            let shown = path.display().to_string();
            (self.root.join(path), shown)
        });
        let sources = match &overlay {
            Some((_, shown)) => format!("{} pages and {shown}", pages.files.len()),
            None => format!("{} pages", pages.files.len()),
        };
        Ok(vec![Request {
            api: pages.api.clone(),
            pages: pages
                .files
                .iter()
                .map(|path| (self.root.join(path), path.display().to_string()))
                .collect(),
            options: self.options,
            overlay,
            out: self
                .root
                .join(&pages.out)
                .join(format!("{}.yaml", pages.api)),
            sources,
        }])
    }

    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: T\ndescription: D.\n---\n\n# {% $markdoc.frontmatter.title %}\n## `/v1/x` — `post`\n**Request Body Type** — `application/json`\n\n`X`\n| Field | Type | Required | Description |\n| - | - | - | - |\n|`a`|`string`|Required|A.|\n";

    fn scratch(page: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|err| panic!("{err}"));
        let pages = dir.path().join("specs/pages/x");
        std::fs::create_dir_all(&pages).unwrap_or_else(|err| panic!("{err}"));
        std::fs::write(pages.join("page.md"), page).unwrap_or_else(|err| panic!("{err}"));
        dir
    }

    #[test]
    fn run_writes_the_stale_spec_and_check_then_finds_it_up_to_date() {
        let dir = scratch(PAGE);
        let importer = Importer::new().root(dir.path());
        let before = importer.check().unwrap_or_else(|err| panic!("{err}"));
        assert!(!before.is_up_to_date());
        assert_eq!(before.apis[0].shown, "specs/x.yaml");
        let imports = importer.run().unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(imports.written, [dir.path().join("specs/x.yaml")]);
        let after = importer.check().unwrap_or_else(|err| panic!("{err}"));
        assert!(after.is_up_to_date());
        assert_eq!(after.unread(), 0);
    }

    #[test]
    fn strict_refuses_a_line_not_understood_naming_its_page_and_line() {
        let page = PAGE.replace(
            "\n`X`\n",
            "\nA line of prose the layout does not have.\n`X`\n",
        );
        let dir = scratch(&page);
        let made = Importer::new()
            .root(dir.path())
            .make()
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(made.unread(), 1);
        let err = Importer::new()
            .root(dir.path())
            .strict(true)
            .run()
            .err()
            .map(|err| err.to_string())
            .unwrap_or_default();
        assert_eq!(
            err,
            "specs/pages/x/page.md:10: not understood (strict): A line of prose the layout does not have."
        );
        assert!(!dir.path().join("specs/x.yaml").exists());
    }

    #[test]
    fn an_overlay_error_and_a_strict_refusal_show_their_line_under_the_message() {
        let dir = scratch(PAGE);
        std::fs::write(
            dir.path().join("specs/x.overlay.yaml"),
            "overlay: 1.0.0\ninfo: {title: O, version: '1'}\nactions:\n  - target: $.paths.nothing\n    update: {}\n",
        )
        .unwrap_or_else(|err| panic!("{err}"));
        let err = Importer::new()
            .root(dir.path())
            .make()
            .err()
            .map(|err| err.render(false))
            .unwrap_or_default();
        assert_eq!(
            err,
            "specs/x.overlay.yaml:4: target `$.paths.nothing` selects nothing in the imported document\n \
             --> specs/x.overlay.yaml:4:3\n  |\n4 |   - target: $.paths.nothing\n  |   ^^^^^^^^^^^^^^^^^^^^^^^^^"
        );

        let dir = scratch(&PAGE.replace("\n`X`\n", "\n  Prose.\n`X`\n"));
        let err = Importer::new()
            .root(dir.path())
            .strict(true)
            .run()
            .err()
            .map(|err| err.render(false))
            .unwrap_or_default();
        assert_eq!(
            err,
            "specs/pages/x/page.md:10: not understood (strict): Prose.\n  \
             --> specs/pages/x/page.md:10:3\n   |\n10 |   Prose.\n   |   ^^^^^^"
        );
    }

    #[test]
    fn pages_given_by_name_go_to_their_folder() {
        let dir = scratch(PAGE);
        let imports = Importer::new()
            .root(dir.path())
            .pages("y", [PathBuf::from("specs/pages/x/page.md")], "out")
            .run()
            .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(imports.written, [dir.path().join("out/y.yaml")]);
        let none = Importer::new()
            .pages("y", Vec::new(), "out")
            .make()
            .err()
            .map(|err| err.to_string());
        assert_eq!(none.as_deref(), Some("y: no page files given"));
    }
}
