//! Passes over the finished type graph: which types a response can contain (their enums accept
//! unknown values), and which fields must be boxed because their type contains the owner.

use std::collections::BTreeSet;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use super::model::{
    Operation, ParamLocation, Response, TypeDef, TypeId, TypeKind, TypeRef, Union, UnionVariant,
    Webhook,
};
use super::names::{Name, Scope};

/// A type that is an alias of itself (`A: $ref B`, `B: $ref A`), if there is one: it has no
/// Rust spelling.
pub(super) fn alias_cycle(types: &[TypeDef]) -> Option<&TypeDef> {
    types.iter().enumerate().find_map(|(start, def)| {
        let mut current = start;
        for _ in 0..types.len() {
            match &types[current].kind {
                TypeKind::Alias(TypeRef::Named(next)) => current = next.0,
                _ => return None,
            }
            if current == start {
                return Some(def);
            }
        }
        None
    })
}

pub(super) fn finish(types: &mut [TypeDef], operations: &[Operation], webhooks: &[Webhook]) {
    wrap_recursive_aliases(types);
    mark_responses(types, operations, webhooks);
    mark_requests(types, operations, webhooks);
    open_response_enums(types);
    box_cycles(types);
    super::sizes::box_large_variants(types);
}

/// An alias that holds itself through lists, maps or other aliases (`Tree: {type: array, items:
/// {$ref: Tree}}`) has no Rust spelling as an alias: `type Tree = Vec<Tree>` is infinite. Such an
/// alias becomes a union of one variant (`enum Tree { Array(Vec<Tree>) }`), which reads and
/// writes the same JSON, as every alias on the cycle does.
fn wrap_recursive_aliases(types: &mut [TypeDef]) {
    let aliases_in = |types: &[TypeDef], id: TypeId| -> Vec<TypeId> {
        let mut out = Vec::new();
        if let TypeKind::Alias(ty) = &types[id.0].kind {
            mentions(ty, true, &mut out);
        }
        out.into_iter()
            .map(|(child, _)| child)
            .filter(|child| matches!(types[child.0].kind, TypeKind::Alias(_)))
            .collect()
    };
    let recursive: Vec<TypeId> = (0..types.len())
        .map(TypeId)
        .filter(|&start| {
            let mut seen = BTreeSet::new();
            let mut stack = aliases_in(types, start);
            while let Some(id) = stack.pop() {
                if id == start {
                    return true;
                }
                if seen.insert(id) {
                    stack.extend(aliases_in(types, id));
                }
            }
            false
        })
        .collect();
    for id in recursive {
        let def = &mut types[id.0];
        let TypeKind::Alias(ty) = &def.kind else {
            continue;
        };
        let (wire, rust) = match ty {
            TypeRef::Map(_) => ("object", "Map"),
            TypeRef::Array(_) => ("array", "Array"),
            _ => ("value", "Value"),
        };
        let variant = UnionVariant {
            name: Name {
                wire: wire.to_owned(),
                rust: rust.to_owned(),
            },
            ty: ty.clone(),
            tag: None,
            boxed: false,
            origin: def.origin.clone(),
        };
        def.kind = TypeKind::Union(Union {
            variants: vec![variant],
            discriminator: None,
            any_of: false,
            holds_itself: true,
        });
    }
}

/// Every named type a type reference mentions, with whether it is held directly (inline in the
/// value, so that a cycle through it has infinite size) rather than behind a `Vec` or map.
fn mentions(ty: &TypeRef, direct: bool, out: &mut Vec<(TypeId, bool)>) {
    match ty {
        TypeRef::Named(id) => out.push((*id, direct)),
        TypeRef::Array(inner) | TypeRef::Map(inner) => mentions(inner, false, out),
        _ => {}
    }
}

fn children(def: &TypeDef) -> Vec<(TypeId, bool)> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                mentions(&field.ty, true, &mut out);
            }
            if let Some(additional) = &s.additional {
                mentions(&additional.ty, false, &mut out);
            }
            if let Some(union) = &s.union {
                mentions(&union.ty, true, &mut out);
            }
        }
        TypeKind::Union(u) => {
            for variant in &u.variants {
                mentions(&variant.ty, true, &mut out);
            }
        }
        TypeKind::Alias(ty) => mentions(ty, true, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// The types a response body or header mentions.
fn response_roots(responses: &[Response], roots: &mut Vec<(TypeId, bool)>) {
    for response in responses {
        for body in response.body.iter().flat_map(|body| body.types()) {
            mentions(body, true, roots);
        }
        for header in &response.headers {
            mentions(&header.ty, true, roots);
        }
    }
}

/// Every type reachable from `roots`.
fn reachable(types: &[TypeDef], roots: Vec<(TypeId, bool)>) -> BTreeSet<TypeId> {
    let mut stack: Vec<TypeId> = roots.into_iter().map(|(id, _)| id).collect();
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(children(&types[id.0]).into_iter().map(|(child, _)| child));
        }
    }
    seen
}

/// What the API sends: its responses, and the payloads of its webhooks.
fn mark_responses(types: &mut [TypeDef], operations: &[Operation], webhooks: &[Webhook]) {
    let mut roots = Vec::new();
    for operation in operations {
        response_roots(&operation.responses, &mut roots);
    }
    for body in webhooks
        .iter()
        .filter_map(|webhook| webhook.payload.as_ref()?.ty.as_ref())
        .flat_map(|body| body.types())
    {
        mentions(body, true, &mut roots);
    }
    for id in reachable(types, roots) {
        types[id.0].in_response = true;
    }
}

/// What the API receives: requests, and the answers to its webhooks.
fn mark_requests(types: &mut [TypeDef], operations: &[Operation], webhooks: &[Webhook]) {
    let mut roots = Vec::new();
    for operation in operations {
        let bodies = operation
            .request_body
            .iter()
            .filter_map(|body| body.ty.as_ref());
        for body in bodies.flat_map(|body| body.types()) {
            mentions(body, true, &mut roots);
        }
        for parameter in &operation.parameters {
            mentions(&parameter.ty, true, &mut roots);
        }
        roots.extend(
            operation
                .param_structs
                .iter()
                .map(|params| (params.id, true)),
        );
    }
    for webhook in webhooks {
        response_roots(&webhook.responses, &mut roots);
    }
    for id in reachable(types, roots) {
        types[id.0].in_request = true;
    }
}

fn open_response_enums(types: &mut [TypeDef]) {
    for def in types.iter_mut().filter(|def| def.in_response) {
        if let TypeKind::Enum(e) = &mut def.kind {
            let mut scope = Scope::camel();
            for variant in &e.variants {
                scope.reserve(&variant.name.rust);
            }
            e.unknown = Some(Name {
                wire: String::new(),
                rust: scope.claim("Unknown".to_owned()),
            });
        }
    }
}

/// Each type's strongly connected component in the graph of directly held types: a type
/// held directly by its owner reaches the owner back, directly, exactly when both are in one
/// component. Kosaraju's algorithm (petgraph's) finds them all in two passes over the graph,
/// with stacks of its own rather than a frame per type: a chain of 20,000 schemas each holding
/// the next is as deep as the search goes, and overflowed the recursive Tarjan's.
fn direct_components(types: &[TypeDef]) -> Vec<usize> {
    let mut graph = DiGraph::<(), (), u32>::with_capacity(types.len(), types.len());
    for _ in types {
        graph.add_node(());
    }
    for (index, def) in types.iter().enumerate() {
        for (child, direct) in children(def) {
            if direct {
                graph.add_edge(NodeIndex::new(index), NodeIndex::new(child.0), ());
            }
        }
    }
    let mut component = vec![0; types.len()];
    for (number, members) in kosaraju_scc(&graph).into_iter().enumerate() {
        for node in members {
            component[node.index()] = number;
        }
    }
    component
}

/// Boxes each field and variant whose type holds its owner directly: the field's type reaches
/// its owner back when both are in one component.
fn box_cycles(types: &mut [TypeDef]) {
    let component = direct_components(types);
    for index in 0..types.len() {
        let reaches = |target: TypeId| component[target.0] == component[index];
        let boxes: Vec<bool> = match &types[index].kind {
            // The union beside a struct's fields comes last.
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|field| &field.ty)
                .chain(s.union.iter().map(|union| &union.ty))
                .map(|ty| matches!(ty, TypeRef::Named(target) if reaches(*target)))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .map(|variant| matches!(variant.ty, TypeRef::Named(target) if reaches(target)))
                .collect(),
            _ => continue,
        };
        match &mut types[index].kind {
            TypeKind::Struct(s) => {
                let union_boxed = boxes.get(s.fields.len()).copied().unwrap_or(false);
                for (field, boxed) in s.fields.iter_mut().zip(boxes) {
                    field.boxed = boxed;
                }
                if let Some(union) = &mut s.union {
                    union.boxed = union_boxed;
                }
            }
            TypeKind::Union(u) => {
                for (variant, boxed) in u.variants.iter_mut().zip(boxes) {
                    variant.boxed = boxed;
                }
            }
            _ => {}
        }
    }
}

/// The object types the server stub checks field by field, sorted: those a request body or a
/// query, header or cookie parameter struct holds, through fields, array items, map values and
/// aliases. Path parameters are read by the router's path extractor, and a union's variants
/// are not checked field by field, so neither leads here.
pub(super) fn request_objects(types: &[TypeDef], operations: &[Operation]) -> Vec<TypeId> {
    let mut found: Vec<TypeId> = Vec::new();
    let mut stack: Vec<TypeRef> = operations
        .iter()
        .filter_map(|op| op.request_body.as_ref()?.ty.as_ref())
        .flat_map(|body| body.types())
        .cloned()
        .collect();
    for op in operations {
        let checked = op
            .param_structs
            .iter()
            .filter(|params| params.location != ParamLocation::Path);
        stack.extend(checked.map(|params| TypeRef::Named(params.id)));
    }
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push(*inner),
            TypeRef::Named(id) if !found.contains(&id) => match &types[id.0].kind {
                TypeKind::Struct(s) => {
                    found.push(id);
                    stack.extend(s.fields.iter().map(|field| field.ty.clone()));
                }
                TypeKind::Alias(inner) => stack.push(inner.clone()),
                TypeKind::Enum(_) | TypeKind::Union(_) => {}
            },
            _ => {}
        }
    }
    found.sort();
    found
}
