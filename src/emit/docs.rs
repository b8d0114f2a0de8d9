//! Markdown docs: one page per operation and per webhook, and one per model where the API's
//! source documents models, each in the docs style the spec names (`info.x-specforge-docs`).
//!
//! A style is a folder of tera templates, `templates/docs/<style>/`: `operation.md` renders an
//! operation page, `webhook.md` a webhook page and `model.md` a model page; any other file there
//! is the style's own partial or macros. Every style is fed the same view of the API
//! ([`view::ApiView`]), with the page's operation, webhook or model picked out, so adding a
//! style is adding templates. An API whose spec names
//! no style gets no docs. A style's templates write an object's table or fields through
//! `include_table` ([`Templates::with_tables`]), which renders each distinct call once per API:
//! most of a large API's pages are objects other pages show as well.
//!
//! Every page has two renderings ([`Rendering`]): its source form, for the style's own toolchain
//! (a Markdoc page keeps its YAML frontmatter and its `{% $markdoc.frontmatter.title %}`
//! heading, for a Markdoc site), and the book's, which a style's templates write when `book` is
//! true: plain CommonMark with tables, without what only the style's toolchain reads (the
//! frontmatter becomes the `# Title` heading and a paragraph, GitHub emoji shortcodes become
//! emoji, a Mintlify code block's title a line above it). [`book`] writes the book's renderings of every API's pages into an mdBook:
//! `docs/book.toml`, with `docs/src/SUMMARY.md` (both from `templates/docs/`) titling each page
//! as the page's own heading does, and the pages in `docs/src/<api>/`.

mod examples;
mod pages;
mod schemas;
mod view;

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::ir::Api;
use crate::output::FileSet;
use crate::templates::Templates;

use pages::Pages;
pub use schemas::{FieldView, NamedView, SchemaView, TableRef, TypeView};
pub use view::{ApiView, BodyView, ModelView, OperationView, WebhookView};

/// The template of a style's operation pages is `docs/<style>/operation.md`.
const OPERATION_PAGE: &str = "operation.md";
/// The template of a style's webhook pages is `docs/<style>/webhook.md`.
const WEBHOOK_PAGE: &str = "webhook.md";
/// The template of a style's model pages is `docs/<style>/model.md`.
const MODEL_PAGE: &str = "model.md";
/// The book's source folder, relative to the output root: its `book.toml` is in `docs/`.
pub const BOOK_SOURCE: &str = "docs/src";

/// The two renderings of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// The page as the style's toolchain reads it (`<api>/docs/`): a Markdoc page keeps its
    /// frontmatter and tags.
    Source,
    /// The page as the mdBook shows it (`docs/src/<api>/`): nothing that only the style's
    /// toolchain reads. Templates see `book` true.
    Book,
}

/// What every page template gets, besides the API's tables (`schemas`, [`ApiView::schemas`])
/// and whether the page is rendered for the book (`book`, [`Rendering::Book`]): the API
/// (without the details of every other page) and the page's own operation, webhook or model.
///
/// Every field is always written (`null` where the page has none): a page is added to a
/// context the page before it was added to, and replaces each of its keys.
#[derive(Serialize)]
struct PageContext<'a> {
    /// The page's path below the API's docs folder (`operations/update-token.md`).
    page: &'a str,
    operation: Option<&'a OperationView>,
    webhook: Option<&'a WebhookView>,
    model: Option<&'a ModelView>,
}

impl<'a> PageContext<'a> {
    /// The context of the page `page`, of none of the kinds.
    fn of(page: &'a str) -> Self {
        PageContext {
            page,
            operation: None,
            webhook: None,
            model: None,
        }
    }
}

/// The API as every page sees it: its names, and every page with its title, for links.
#[derive(Serialize)]
struct ApiSummary<'a> {
    name: &'a str,
    title: &'a str,
    version: &'a str,
    description: Option<&'a str>,
    servers: &'a [String],
    models_crate: &'a str,
    operations: Vec<PageLink<'a>>,
    webhooks: Vec<PageLink<'a>>,
    models: Vec<PageLink<'a>>,
}

/// A page, to link to: its path below the API's docs folder and its title.
#[derive(Serialize)]
struct PageLink<'a> {
    page: &'a str,
    title: &'a str,
    /// For an operation or webhook page: the method (upper case); for an operation page, the
    /// path.
    method: Option<&'a str>,
    path: Option<&'a str>,
    /// For a webhook page: the webhook's name.
    webhook: Option<&'a str>,
}

impl<'a> ApiSummary<'a> {
    /// The summary of an API's view; its operations have pages when the spec names a style
    /// for them.
    fn of(view: &'a ApiView, api: &Api) -> Self {
        ApiSummary {
            name: &view.name,
            title: &view.title,
            version: &view.version,
            description: view.description.as_deref(),
            servers: &view.servers,
            models_crate: &view.models_crate,
            operations: view
                .operations
                .iter()
                .filter(|_| api.docs.style.is_some())
                .map(|op| PageLink {
                    page: &op.page,
                    title: &op.title,
                    method: Some(&op.method_upper),
                    path: Some(&op.path),
                    webhook: None,
                })
                .collect(),
            webhooks: view
                .webhooks
                .iter()
                .filter(|_| api.docs.style.is_some())
                .map(|webhook| PageLink {
                    page: &webhook.page,
                    title: &webhook.title,
                    method: Some(&webhook.method_upper),
                    path: None,
                    webhook: Some(&webhook.name),
                })
                .collect(),
            models: view
                .models
                .iter()
                .map(|model| PageLink {
                    page: &model.page,
                    title: &model.schema.named.rust,
                    method: None,
                    path: None,
                    webhook: None,
                })
                .collect(),
        }
    }
}

/// The view of an API that every docs style renders, or `None` when the spec names no style.
pub fn view(api: &Api) -> Result<Option<ApiView>> {
    if api.docs.style.is_none() && api.docs.model_style.is_none() {
        return Ok(None);
    }
    let models = match api.docs.model_style {
        Some(_) => view::model_types(api),
        None => Vec::new(),
    };
    let pages = Pages::plan(api, &models);
    view::api_view(api, &pages).map(Some)
}

/// Every docs page of an API in its source form, relative to its docs folder; empty when the
/// spec names no style.
pub fn emit(api: &Api, templates: &Templates) -> Result<FileSet> {
    emit_as(api, templates, Rendering::Source)
}

/// Every docs page of an API in one rendering, relative to its docs folder; empty when the spec
/// names no style.
pub fn emit_as(api: &Api, templates: &Templates, rendering: Rendering) -> Result<FileSet> {
    match view(api)? {
        Some(view) => Ok(pages(api, &view, templates, &[rendering])?.remove(0)),
        None => Ok(FileSet::default()),
    }
}

/// An API's part of the book: the book's rendering of its pages, and its entry in the book's
/// `SUMMARY.md`.
pub struct BookPart {
    /// The pages, relative to the API's folder of the book's source.
    pages: FileSet,
    /// The API's folder of the book's source (`awx`).
    folder: String,
    /// The API's entry in the summary, as the summary's template sees it.
    entry: serde_json::Value,
}

/// An API's docs pages in their source form, relative to its docs folder, and its part of the
/// book, from one view of the API and one context per page (building a large page's context
/// costs more than rendering it twice); `None` when the spec names no style.
pub fn emit_with_book(api: &Api, templates: &Templates) -> Result<Option<(FileSet, BookPart)>> {
    let Some(view) = view(api)? else {
        return Ok(None);
    };
    let mut renderings = pages(api, &view, templates, &[Rendering::Source, Rendering::Book])?;
    let book = renderings.pop().unwrap_or_default();
    let source = renderings.pop().unwrap_or_default();
    let entry = book_entry(api, &view)?;
    Ok(Some((
        source,
        BookPart {
            pages: book,
            folder: view.name.clone(),
            entry,
        },
    )))
}

/// The pages of an API's view in each of `renderings`, in that order: each page's context is
/// built once, and rendered once per rendering. What every page shares (the API's summary and
/// its tables, most of a large API's context) is made into a template context once, with a copy
/// for each other thread that renders pages at the same time ([`each_page`]), and each page is
/// added to a copy. The templates get `include_table` over the view's tables, its texts kept
/// for every page of the API and both renderings.
fn pages(
    api: &Api,
    view: &ApiView,
    templates: &Templates,
    renderings: &[Rendering],
) -> Result<Vec<FileSet>> {
    let mut files = vec![FileSet::default(); renderings.len()];
    let templates = &templates.with_tables(view.schemas.clone());
    let context_error = |template: &str, err: tera::Error| Error::Template {
        template: template.to_owned(),
        message: format!("cannot build the template context: {err}"),
    };
    let mut shared = tera::Context::new();
    shared
        .try_insert("api", &ApiSummary::of(view, api))
        .and_then(|()| shared.try_insert("schemas", &view.schemas))
        .map_err(|err| {
            // The context of every page of the API's styles.
            let style = api.docs.style.as_ref().or(api.docs.model_style.as_ref());
            context_error(&format!("docs/{}", style.map_or("", String::as_str)), err)
        })?;
    let most_pages = view
        .operations
        .len()
        .max(view.webhooks.len())
        .max(view.models.len());
    let mut contexts = copies(shared, rayon::current_num_threads().min(most_pages));
    let render = |context: &mut tera::Context, template: &str, page: PageContext<'_>| {
        let page =
            tera::Context::from_serialize(page).map_err(|err| context_error(template, err))?;
        context.extend(page);
        renderings
            .iter()
            .map(|rendering| {
                context.insert("book", &(*rendering == Rendering::Book));
                Ok(tidy(&templates.render(template, context)?))
            })
            .collect::<Result<Vec<String>>>()
    };
    if let Some(style) = &api.docs.style {
        let template = style_template(api, templates, style, "style", OPERATION_PAGE)?;
        each_page(
            &mut files,
            &mut contexts,
            &view.operations,
            |context, operation| {
                let page = PageContext {
                    operation: Some(operation),
                    ..PageContext::of(&operation.page)
                };
                Ok((operation.page.clone(), render(context, &template, page)?))
            },
        )?;
        if !view.webhooks.is_empty() {
            let template = style_template(api, templates, style, "style", WEBHOOK_PAGE)?;
            each_page(
                &mut files,
                &mut contexts,
                &view.webhooks,
                |context, webhook| {
                    let page = PageContext {
                        webhook: Some(webhook),
                        ..PageContext::of(&webhook.page)
                    };
                    Ok((webhook.page.clone(), render(context, &template, page)?))
                },
            )?;
        }
    }
    if let Some(style) = &api.docs.model_style {
        let template = style_template(api, templates, style, "model-style", MODEL_PAGE)?;
        each_page(&mut files, &mut contexts, &view.models, |context, model| {
            let page = PageContext {
                model: Some(model),
                ..PageContext::of(&model.page)
            };
            Ok((model.page.clone(), render(context, &template, page)?))
        })?;
    }
    Ok(files)
}

/// `shared` and as many copies of it as make `count` contexts (at least one). A large API's
/// tables are most of its memory while its pages are rendered, so the copies are only those
/// the threads need.
fn copies(shared: tera::Context, count: usize) -> Vec<tera::Context> {
    let mut contexts: Vec<tera::Context> = (1..count).map(|_| shared.clone()).collect();
    contexts.push(shared);
    contexts
}

/// A page rendered: its path, and its text in each rendering.
type Rendered = (String, Vec<String>);

/// Renders one page per item (`page` gives its path and its text in each rendering, from a
/// context it adds the page to). Pages are independent, so each of `contexts` is a worker, on
/// its own thread where one is free, that takes the next page not yet taken until none is left;
/// a page replaces every key of the page before it (see [`PageContext`]), so a context serves
/// any number of pages. The pages are collected in order: the first error is the first
/// page's, and the files are those one thread would write.
fn each_page<T: Sync>(
    files: &mut [FileSet],
    contexts: &mut [tera::Context],
    items: &[T],
    page: impl Fn(&mut tera::Context, &T) -> Result<Rendered> + Sync + Send,
) -> Result<()> {
    let next = AtomicUsize::new(0);
    let mut pages: Vec<(usize, Result<Rendered>)> = contexts
        .par_iter_mut()
        .flat_map_iter(|context| {
            let mut rendered = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else {
                    break rendered;
                };
                rendered.push((index, page(context, item)));
            }
        })
        .collect();
    pages.sort_unstable_by_key(|(index, _)| *index);
    for (_, page) in pages {
        let (path, texts) = page?;
        for (files, text) in files.iter_mut().zip(texts) {
            files.insert(path.clone(), text);
        }
    }
    Ok(())
}

/// The summary's entry of an API: its summary and the folder of its pages in the book.
fn book_entry(api: &Api, view: &ApiView) -> Result<serde_json::Value> {
    #[derive(Serialize)]
    struct BookApi<'a> {
        #[serde(flatten)]
        api: ApiSummary<'a>,
        /// The API's pages, relative to the book's source folder (`awx`).
        folder: &'a str,
    }
    serde_json::to_value(BookApi {
        api: ApiSummary::of(view, api),
        folder: &view.name,
    })
    .map_err(|err| Error::Template {
        template: "docs/SUMMARY.md".to_owned(),
        message: format!("cannot build the template context: {err}"),
    })
}

/// The mdBook over every API's docs, relative to the output root: `docs/book.toml`, and in its
/// source folder `docs/src/` the book's rendering of every API's pages (`<api>/…`) and
/// `SUMMARY.md` linking them. Empty when no API has docs.
pub fn book(apis: &[Api], templates: &Templates) -> Result<FileSet> {
    let mut parts = Vec::new();
    for api in apis {
        if let Some(view) = view(api)? {
            parts.push(BookPart {
                pages: pages(api, &view, templates, &[Rendering::Book])?.remove(0),
                entry: book_entry(api, &view)?,
                folder: view.name,
            });
        }
    }
    book_of(parts, templates)
}

/// [`book`], of the APIs' parts made already ([`emit_with_book`]).
pub fn book_of(parts: Vec<BookPart>, templates: &Templates) -> Result<FileSet> {
    let mut files = FileSet::default();
    if parts.is_empty() {
        return Ok(files);
    }
    let mut entries = Vec::new();
    for part in parts {
        files.nest(&format!("{BOOK_SOURCE}/{}", part.folder), part.pages);
        entries.push(part.entry);
    }
    let mut context = tera::Context::new();
    context.insert("apis", &entries);
    files.insert(
        format!("{BOOK_SOURCE}/SUMMARY.md"),
        tidy(&templates.render("docs/SUMMARY.md", &context)?),
    );
    files.insert(
        "docs/book.toml",
        templates.render("docs/book.toml", &context)?,
    );
    Ok(files)
}

/// The template of a style's page (`docs/<style>/<page>`), or an error naming the spec that
/// asked for the style and the styles that have such a page.
fn style_template(
    api: &Api,
    templates: &Templates,
    style: &str,
    key: &str,
    page: &str,
) -> Result<String> {
    let template = format!("docs/{style}/{page}");
    let plain = style
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if plain && templates.has(&template) {
        return Ok(template);
    }
    let suffix = format!("/{page}");
    let names = templates.names_under("docs/");
    let known: Vec<&str> = names
        .iter()
        .filter_map(|name| name.strip_prefix("docs/")?.strip_suffix(&suffix))
        .filter(|style| !style.contains('/'))
        .collect();
    Err(Error::Template {
        template: format!("templates/{template}.tera"),
        message: format!(
            "{}: info.x-specforge-docs.{key} names the docs style \"{style}\", which has no \
             {page} template; styles that have one: {}",
            api.origin.file,
            if known.is_empty() {
                "none".to_owned()
            } else {
                known.join(", ")
            }
        ),
    })
}

/// A page as it is written: no trailing spaces, no runs of blank lines outside code blocks (so
/// templates need not count newlines around optional sections), one newline at the end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    let mut blank_before = true;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if line.is_empty() && blank_before && !in_fence {
            continue;
        }
        blank_before = line.is_empty();
        out.push_str(line);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
