//! Inline types that are spelled exactly like an earlier type. Real documents repeat inline
//! schemas: Stripe writes the same `business_profile` object, the same "a string or an empty
//! string" union and the same expandable "an id or a `Customer`" union in dozens of request
//! bodies, some 40,000 lines of identical Rust. Each place keeps its own name, but the models
//! crate writes the repeats as aliases of the first, so the compiler checks (and derives for)
//! one copy.

use std::collections::HashMap;

use super::model::{Origin, TypeDef, TypeId, TypeKind, TypeRef, TypeSource};

/// Sets `same_as` on every inline type that equals an earlier type in everything its Rust
/// spelling depends on: fields, variants, doc comments, boxing, whether it is read from
/// responses or requests. Types are compared with the types they mention taken as their
/// first equal, so that two copies of a nested object are found equal at every level.
pub(super) fn mark_repeats(types: &mut [TypeDef]) {
    let mut first: Vec<TypeId> = (0..types.len()).map(TypeId).collect();
    loop {
        let mut seen: HashMap<String, TypeId> = HashMap::new();
        let mut changed = false;
        for index in 0..types.len() {
            let def = &types[index];
            if def.source == TypeSource::Parameters {
                continue;
            }
            let key = spelling(def, &first);
            match seen.get(&key) {
                Some(&earlier) if def.source == TypeSource::Inline => {
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
    for (index, same) in first.into_iter().enumerate() {
        if same.0 != index {
            types[index].same_as = Some(same);
        }
    }
}

/// Everything of a type its Rust spelling depends on, as text; the types it mentions are
/// written as their first equal, and where in the document each part was is left out.
fn spelling(def: &TypeDef, first: &[TypeId]) -> String {
    let mut kind = def.kind.clone();
    let nowhere = Origin::new("", "");
    match &mut kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                as_first(&mut field.ty, first);
                field.origin = nowhere.clone();
            }
            if let Some(additional) = &mut s.additional {
                as_first(&mut additional.ty, first);
                additional.origin = nowhere.clone();
            }
            if let Some(combinations) = &mut s.combinations {
                combinations.origin = nowhere.clone();
            }
            if let Some(union) = &mut s.union {
                as_first(&mut union.ty, first);
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
                as_first(&mut variant.ty, first);
                variant.origin = nowhere.clone();
            }
        }
        TypeKind::Alias(ty) => as_first(ty, first),
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
    serde_json::to_string(&key).unwrap_or_default()
}

fn as_first(ty: &mut TypeRef, first: &[TypeId]) {
    match ty {
        TypeRef::Named(id) => *id = first[id.0],
        TypeRef::Array(item) | TypeRef::Map(item) => as_first(item, first),
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
