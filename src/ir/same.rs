//! Inline types that are spelled exactly like an earlier type. Real documents repeat inline
//! schemas: Stripe writes the same `business_profile` object, the same "a string or an empty
//! string" union and the same expandable "an id or a `Customer`" union in dozens of request
//! bodies, some 40,000 lines of identical Rust. Each place keeps its own name, but the models
//! crate writes the repeats as aliases of the first, so the compiler checks (and derives for)
//! one copy.

use foldhash::HashMap;
use rayon::prelude::*;

use super::model::{Origin, TypeDef, TypeId, TypeKind, TypeRef, TypeSource};

/// What `same_as` is for each type: the earlier type an inline type equals in everything its
/// Rust spelling depends on (fields, variants, doc comments, boxing, whether it is read from
/// responses or requests), if there is one. Types are compared with the types they mention
/// taken as their first equal, so that two copies of a nested object are found equal at every
/// level. Reads the types only, so that it runs beside other passes over them.
pub(super) fn repeats(types: &[TypeDef]) -> Vec<Option<TypeId>> {
    // Each type is spelled once (on every core), with the types it mentions left out of the
    // text and listed beside it; a round compares the text (as a number) and the mentions as
    // their first equals, so only the list is rebuilt as more types are found equal.
    let spellings: Vec<Option<(String, Vec<TypeId>)>> = types
        .par_iter()
        .map(|def| (def.source != TypeSource::Parameters).then(|| spelling(def)))
        .collect();
    let mut texts: HashMap<String, usize> = HashMap::default();
    let spelled: Vec<Option<(usize, Vec<TypeId>)>> = spellings
        .into_iter()
        .map(|spelling| {
            spelling.map(|(text, mentions)| {
                let next = texts.len();
                (*texts.entry(text).or_insert(next), mentions)
            })
        })
        .collect();
    let mut first: Vec<TypeId> = (0..types.len()).map(TypeId).collect();
    loop {
        let mut seen: HashMap<(usize, Vec<TypeId>), TypeId> = HashMap::default();
        let mut changed = false;
        for (index, spelled) in spelled.iter().enumerate() {
            let Some((text, mentions)) = spelled else {
                continue;
            };
            let key = (*text, mentions.iter().map(|id| first[id.0]).collect());
            match seen.get(&key) {
                Some(&earlier) if types[index].source == TypeSource::Inline => {
                    if first[index] != earlier {
                        first[index] = earlier;
                        changed = true;
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(key, TypeId(index));
                }
            }
        }
        if !changed {
            break;
        }
    }
    first
        .into_iter()
        .enumerate()
        .map(|(index, same)| (same.0 != index).then_some(same))
        .collect()
}

/// Everything of a type its Rust spelling depends on, as text, and the types it mentions in
/// the order the text leaves them out; where in the document each part was is left out too.
fn spelling(def: &TypeDef) -> (String, Vec<TypeId>) {
    let mut kind = def.kind.clone();
    let mut mentions = Vec::new();
    let nowhere = Origin::new("", "");
    match &mut kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                left_out(&mut field.ty, &mut mentions);
                field.origin = nowhere.clone();
            }
            if let Some(additional) = &mut s.additional {
                left_out(&mut additional.ty, &mut mentions);
                additional.origin = nowhere.clone();
            }
            if let Some(combinations) = &mut s.combinations {
                combinations.origin = nowhere.clone();
            }
            if let Some(union) = &mut s.union {
                left_out(&mut union.ty, &mut mentions);
                union.origin = nowhere.clone();
            }
        }
        TypeKind::Enum(e) => {
            for variant in &mut e.variants {
                variant.origin = nowhere.clone();
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                left_out(&mut variant.ty, &mut mentions);
                variant.origin = nowhere.clone();
            }
        }
        TypeKind::Alias(ty) => left_out(ty, &mut mentions),
    }
    let key = (
        &def.title,
        &def.description,
        def.access,
        def.in_response,
        def.in_request,
        &kind,
        &def.example,
    );
    (serde_json::to_string(&key).unwrap_or_default(), mentions)
}

/// Takes the named type out of `ty` (and out of its items or values) into `mentions`.
fn left_out(ty: &mut TypeRef, mentions: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            mentions.push(*id);
            *id = TypeId(usize::MAX);
        }
        TypeRef::Array(item) | TypeRef::Map(item) => left_out(item, mentions),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::model::TypeId;
    use crate::{ir, spec};

    fn lower(text: &str) -> ir::Api {
        let spec = spec::parse("test.yaml", "test", text).expect("spec parses");
        ir::lower(&spec).expect("spec lowers")
    }

    fn id_of(api: &ir::Api, rust: &str) -> TypeId {
        TypeId(
            api.types
                .iter()
                .position(|def| def.name.rust == rust)
                .unwrap_or_else(|| panic!("no type {rust}")),
        )
    }

    const TWO_BODIES: &str = r#"
openapi: 3.0.3
info: { title: T, version: "1" }
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                profile:
                  type: object
                  properties:
                    name: { type: string }
                    address: { type: object, properties: { city: { type: string } } }
      responses: { "204": { description: done } }
  /b:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                profile:
                  type: object
                  properties:
                    name: { type: string }
                    address: { type: object, properties: { city: { type: string } } }
      responses: { "204": { description: done } }
  /c:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                profile:
                  type: object
                  description: Not the same.
                  properties:
                    name: { type: string }
      responses: { "204": { description: done } }
"#;

    #[test]
    fn a_repeated_inline_object_is_the_first_one_at_every_level() {
        let api = lower(TWO_BODIES);
        let names: Vec<_> = api.types.iter().map(|def| def.name.rust.as_str()).collect();
        let same = |rust: &str| api.types[id_of(&api, rust).0].same_as;
        let first_profile = id_of(&api, "PostABodyProfile");
        assert_eq!(same("PostBBodyProfile"), Some(first_profile), "{names:?}");
        assert_eq!(
            same("PostBBodyProfileAddress"),
            Some(id_of(&api, "PostABodyProfileAddress"))
        );
        // The bodies themselves are equal too: each holds its own (equal) profile.
        assert_eq!(same("PostBBody"), Some(id_of(&api, "PostABody")));
        assert_eq!(same("PostABodyProfile"), None);
    }

    #[test]
    fn a_type_that_differs_in_a_doc_comment_is_its_own() {
        let api = lower(TWO_BODIES);
        assert_eq!(api.types[id_of(&api, "PostCBodyProfile").0].same_as, None);
        assert_eq!(api.types[id_of(&api, "PostCBody").0].same_as, None);
    }
}
