//! Where every page of an API's docs lives: the one place that turns names into file names and
//! links, so that a link in one page always names the file another page is written to.
//!
//! Operation pages are `operations/<operation-id-in-kebab-case>.md`, webhook pages
//! `webhooks/<webhook-name-in-kebab-case>.md`, model pages
//! `models/<type name in lower case>.md` (the spelling SDK model pages link to, as in
//! `../models/authzdetails.md`). The folders sit side by side, so a page links to any other as
//! `../<folder>/<file>`.

use std::collections::BTreeMap;

use foldhash::HashSet;

use crate::ir::names::kebab_name;
use crate::ir::{Api, TypeId};

/// The pages of one API, relative to its docs folder.
#[derive(Debug, Default)]
pub(super) struct Pages {
    /// One per operation, in the API's operation order.
    pub operations: Vec<String>,
    /// One per webhook, in the API's webhook order.
    pub webhooks: Vec<String>,
    /// The model pages, by the type they document, in type order.
    pub models: BTreeMap<TypeId, String>,
}

impl Pages {
    /// Lays out the pages: one per operation, one per webhook, and one per type in `models`.
    pub fn plan(api: &Api, models: &[TypeId]) -> Pages {
        let mut taken = HashSet::default();
        let operations = api
            .operations
            .iter()
            .map(|op| unique(&mut taken, "operations", &kebab_name(&op.name.wire)))
            .collect();
        let webhooks = api
            .webhooks
            .iter()
            .map(|webhook| unique(&mut taken, "webhooks", &kebab_name(&webhook.name.wire)))
            .collect();
        let models = models
            .iter()
            .map(|id| {
                let slug = api.type_def(*id).name.rust.to_lowercase();
                (*id, unique(&mut taken, "models", &slug))
            })
            .collect();
        Pages {
            operations,
            webhooks,
            models,
        }
    }

    /// The link from any page to a type's model page, if the type has one.
    pub fn model_link(&self, id: TypeId) -> Option<String> {
        self.models.get(&id).map(|path| format!("../{path}"))
    }
}

/// `folder/slug.md`, numbered (`slug-2.md`) when another page already has that file. A name
/// with nothing left to spell a file with becomes `page`.
fn unique(taken: &mut HashSet<String>, folder: &str, slug: &str) -> String {
    let slug: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let slug = if slug.is_empty() {
        "page".to_owned()
    } else {
        slug
    };
    let mut path = format!("{folder}/{slug}.md");
    let mut n = 2;
    while !taken.insert(path.clone()) {
        path = format!("{folder}/{slug}-{n}.md");
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_colliding_slugs() {
        let mut taken = HashSet::default();
        assert_eq!(unique(&mut taken, "models", "token"), "models/token.md");
        assert_eq!(unique(&mut taken, "models", "token"), "models/token-2.md");
        assert_eq!(unique(&mut taken, "models", "../"), "models/page.md");
        assert_eq!(
            unique(&mut taken, "operations", "token"),
            "operations/token.md"
        );
    }
}
