//! The JSON examples a models crate tests: every example of a named type and of a JSON body,
//! each with the unique name of its round-trip test.

use std::sync::Arc;

use super::model::{
    ExampleTest, MediaKind, Operation, TypeDef, TypeId, TypeKind, TypeRef, Webhook,
};
use super::names::{snake_ident, Scope};

/// Type examples first, in type order; then per operation its request and response examples;
/// then per webhook its payload's and answers' examples.
pub(super) fn example_tests(
    types: &[TypeDef],
    operations: &[Operation],
    webhooks: &[Webhook],
) -> Vec<ExampleTest> {
    let mut test_names = Scope::snake();
    let mut tests = Vec::new();
    let mut add = |base: String, ty: &TypeRef, value: &Arc<serde_json::Value>, origin| {
        // The user's own types (replacements) may write a value otherwise than the spec's
        // example does (a decimal as a string): their examples are not the generator's to test.
        if reaches_external(types, ty, &mut Vec::new()) {
            return;
        }
        tests.push(ExampleTest {
            test_name: test_names.claim(snake_ident(&base)),
            ty: ty.clone(),
            value: Arc::clone(value),
            origin,
        });
    };
    for (index, def) in types.iter().enumerate() {
        // A file part's bytes have no JSON spelling an example could give.
        let files = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|field| field.ty.holds_files()),
            _ => false,
        };
        if let (Some(example), false) = (&def.example, files) {
            let base = format!("{}_example", def.name.rust);
            add(
                base,
                &TypeRef::Named(TypeId(index)),
                example,
                def.origin.clone(),
            );
        }
    }
    for op in operations {
        // Each example is read into the type of its own media type.
        if let Some(body) = &op.request_body {
            if let Some(body_type) = &body.ty {
                for (index, media) in body.content.iter().enumerate() {
                    let json = matches!(media.kind, MediaKind::Json | MediaKind::JsonPatch);
                    let Some(ty) = body_type.of_media(index).filter(|_| json) else {
                        continue;
                    };
                    for example in &media.examples {
                        let base = format!("{}_request_{}", op.name.bare(), example.name);
                        add(base, ty, &example.value, example.origin.clone());
                    }
                }
            }
        }
        for response in &op.responses {
            if let Some(body_type) = &response.body {
                for (index, media) in response.content.iter().enumerate() {
                    let json = media.kind == MediaKind::Json;
                    let Some(ty) = body_type.of_media(index).filter(|_| json) else {
                        continue;
                    };
                    for example in &media.examples {
                        let base = format!(
                            "{}_{}_{}",
                            op.name.bare(),
                            response.status_text,
                            example.name
                        );
                        add(base, ty, &example.value, example.origin.clone());
                    }
                }
            }
        }
    }
    for webhook in webhooks {
        if let Some(payload) = &webhook.payload {
            if let Some(body_type) = &payload.ty {
                for (index, media) in payload.content.iter().enumerate() {
                    let json = media.kind == MediaKind::Json;
                    let Some(ty) = body_type.of_media(index).filter(|_| json) else {
                        continue;
                    };
                    for example in &media.examples {
                        let base = format!("{}_webhook_{}", webhook.name.wire, example.name);
                        add(base, ty, &example.value, example.origin.clone());
                    }
                }
            }
        }
        for response in &webhook.responses {
            let Some(body_type) = &response.body else {
                continue;
            };
            for (index, media) in response.content.iter().enumerate() {
                let json = media.kind == MediaKind::Json;
                let Some(ty) = body_type.of_media(index).filter(|_| json) else {
                    continue;
                };
                for example in &media.examples {
                    let base = format!(
                        "{}_webhook_{}_{}",
                        webhook.name.wire, response.status_text, example.name
                    );
                    add(base, ty, &example.value, example.origin.clone());
                }
            }
        }
    }
    tests
}

/// Whether a type use holds, anywhere inside, a type the configuration put in place of a
/// schema or a format.
fn reaches_external(types: &[TypeDef], ty: &TypeRef, seen: &mut Vec<TypeId>) -> bool {
    match ty {
        TypeRef::External(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => reaches_external(types, inner, seen),
        TypeRef::Named(id) if seen.contains(id) => false,
        TypeRef::Named(id) => {
            seen.push(*id);
            match &types[id.0].kind {
                TypeKind::Struct(s) => {
                    s.fields
                        .iter()
                        .any(|field| reaches_external(types, &field.ty, seen))
                        || s.additional
                            .as_ref()
                            .is_some_and(|field| reaches_external(types, &field.ty, seen))
                        || s.union
                            .as_ref()
                            .is_some_and(|field| reaches_external(types, &field.ty, seen))
                }
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .any(|variant| reaches_external(types, &variant.ty, seen)),
                TypeKind::Alias(inner) => reaches_external(types, inner, seen),
                TypeKind::Enum(_) => false,
            }
        }
        _ => false,
    }
}
