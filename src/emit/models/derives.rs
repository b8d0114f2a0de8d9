//! The derives a configuration adds to every type of the models crate (`Hash`, `Eq`,
//! `schemars::JsonSchema`), each on the types whose fields allow it.
//!
//! A derive compiles only where every field's type has the trait: `f64` has no `Eq`, `Hash`
//! or `Ord`, `serde_json::Value` and `FilePart` no `Hash` or `PartialOrd`, the runtime's
//! `Nullable` no `PartialOrd`, and `Nullable`, `Base64Bytes` and `FilePart` no `JsonSchema`. A type that cannot have a derive goes without
//! it, and its doc comment says why (`Not Hash: field price is f64.`), so the crate compiles
//! and the reader knows. Types through which the trait is lost lose it too, recursive ones
//! included. A user's type (a replacement) is taken to have every derive asked for, and any
//! other derive is added wherever asked: specforge cannot know what it needs.

use foldhash::HashMap;
use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, FloatWidth, Holding, TypeDef, TypeId, TypeKind, TypeRef};

/// What a derive needs of the types of the fields it derives over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Eq,
    Hash,
    PartialOrd,
    Ord,
    JsonSchema,
    /// A derive specforge knows nothing of: it is added to every type.
    Other,
}

impl Need {
    fn of(path: &str) -> Need {
        match path.rsplit("::").next().map(str::trim) {
            Some("Eq") => Need::Eq,
            Some("Hash") => Need::Hash,
            Some("PartialOrd") => Need::PartialOrd,
            Some("Ord") => Need::Ord,
            Some("JsonSchema") => Need::JsonSchema,
            _ => Need::Other,
        }
    }

    /// The Rust spelling of a leaf type that lacks the trait, if it does.
    fn lacking(self, ty: &TypeRef) -> Option<&'static str> {
        let total = matches!(self, Need::Eq | Need::Hash | Need::Ord);
        let ordered = matches!(self, Need::PartialOrd | Need::Ord);
        match ty {
            TypeRef::Number(FloatWidth::F32) if total => Some("f32"),
            TypeRef::Number(FloatWidth::F64) if total => Some("f64"),
            TypeRef::Json if ordered || self == Need::Hash => Some("serde_json::Value"),
            TypeRef::File if self != Need::Eq && self != Need::Other => Some("FilePart"),
            TypeRef::Base64Bytes if self == Need::JsonSchema => Some("Base64Bytes"),
            _ => None,
        }
    }
}

/// Per type, the configured derives it gets and, for each it does not, why.
pub(super) struct Derives {
    asked: Vec<(String, Need)>,
    /// For each type and each asked derive (in order): `None` when it derives it, otherwise
    /// the reason it cannot.
    reasons: HashMap<TypeId, Vec<Option<String>>>,
}

impl Derives {
    pub(super) fn plan(api: &Api) -> Derives {
        let asked: Vec<(String, Need)> = api
            .derives
            .iter()
            .map(|path| (path.clone(), Need::of(path)))
            .collect();
        if asked.is_empty() {
            return Derives {
                asked,
                reasons: HashMap::default(),
            };
        }
        let mut reasons: HashMap<TypeId, Vec<Option<String>>> = (0..api.types.len())
            .map(|index| (TypeId(index), vec![None; asked.len()]))
            .collect();
        // Every type starts with every derive; a type loses one when a part of it lacks the
        // trait, until nothing changes (so that recursive types keep what they can have).
        loop {
            let mut changed = false;
            for (index, def) in api.types.iter().enumerate() {
                for (slot, (_, need)) in asked.iter().enumerate() {
                    if reasons[&TypeId(index)][slot].is_some() || *need == Need::Other {
                        continue;
                    }
                    let reason = parts(def).into_iter().find_map(|(part, ty, holding)| {
                        let lacking = lacking_in(api, &reasons, slot, *need, ty, holding)?;
                        Some(match part {
                            Some(part) => format!("{part} is {lacking}"),
                            None => format!("it is {lacking}"),
                        })
                    });
                    if let Some(reason) = reason {
                        if let Some(slots) = reasons.get_mut(&TypeId(index)) {
                            slots[slot] = Some(reason);
                        }
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        Derives { asked, reasons }
    }

    /// The doc lines saying which asked derives a type cannot get and why, and the
    /// `#[derive(…)]` of those it gets that it does not derive already.
    pub(super) fn of(&self, id: TypeId, already: &[&str]) -> (TokenStream, TokenStream) {
        let Some(slots) = self.reasons.get(&id) else {
            return (TokenStream::new(), TokenStream::new());
        };
        let mut derived = Vec::new();
        let mut notes = Vec::new();
        for ((path, _), reason) in self.asked.iter().zip(slots) {
            match reason {
                None if already.contains(&path.as_str()) => {}
                None => derived.push(path.parse::<TokenStream>().unwrap_or_default()),
                Some(reason) => notes.push(format!(" Not `{path}`: {reason}.")),
            }
        }
        let notes = (!notes.is_empty()).then(|| quote!(#[doc = ""] #(#[doc = #notes])*));
        let derive = (!derived.is_empty()).then(|| quote!(#[derive(#(#derived),*)]));
        (quote!(#notes), quote!(#derive))
    }
}

/// The parts of a type a derive goes over: each field or variant (named, for the reason),
/// its type, and how a struct holds it.
fn parts(def: &TypeDef) -> Vec<(Option<String>, &TypeRef, Option<Holding>)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| {
                let name = format!("field `{}`", f.name.bare());
                (Some(name), &f.ty, Some(f.holding()))
            })
            .chain(
                s.additional
                    .iter()
                    .map(|a| (Some(format!("field `{}`", a.name)), &a.ty, None)),
            )
            .chain(
                s.union
                    .iter()
                    .map(|u| (Some(format!("field `{}`", u.name)), &u.ty, None)),
            )
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .map(|v| (Some(format!("variant `{}`", v.name.rust)), &v.ty, None))
            .collect(),
        TypeKind::Alias(ty) => vec![(None, ty, None)],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// What in a use of a type lacks the trait, as the reason says it.
fn lacking_in(
    api: &Api,
    reasons: &HashMap<TypeId, Vec<Option<String>>>,
    slot: usize,
    need: Need,
    ty: &TypeRef,
    holding: Option<Holding>,
) -> Option<String> {
    let nullable_lacks = matches!(need, Need::PartialOrd | Need::Ord | Need::JsonSchema);
    if nullable_lacks && holding == Some(Holding::Tristate) {
        return Some(format!("`Nullable`, which has no `{need:?}`"));
    }
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => {
            lacking_in(api, reasons, slot, need, inner, None)
        }
        TypeRef::Named(id) => {
            let def = api.type_def(*id);
            let lost = reasons.get(id).and_then(|slots| slots[slot].as_ref())?;
            Some(match def.kind {
                // An alias has no derives of its own: say what it is.
                TypeKind::Alias(_) => format!("`{}` ({lost})", def.name.rust),
                _ => format!("`{}`, which does not derive it", def.name.rust),
            })
        }
        leaf => need.lacking(leaf).map(|rust| format!("`{rust}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::Derives;
    use crate::ir::{self, Settings, TypeId};
    use crate::spec;

    /// The doc notes and derive of each schema, by name, with these derives asked for.
    fn planned(schemas: &str, derives: &[&str]) -> Vec<(String, String, String)> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{ title: T, version: \"1\" }}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let spec = spec::parse("t.yaml", "t", &text).unwrap_or_else(|err| panic!("{err}"));
        let settings = Settings {
            derives: derives.iter().map(|d| d.to_string()).collect(),
            ..Settings::default()
        };
        let api = ir::lower_with(&spec, &settings).unwrap_or_else(|err| panic!("{err}"));
        let derives = Derives::plan(&api);
        (0..api.types.len())
            .map(|index| {
                let (notes, derive) = derives.of(TypeId(index), &[]);
                (
                    api.types[index].name.rust.clone(),
                    notes.to_string(),
                    derive.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_recursive_type_keeps_a_derive_its_fields_allow() {
        let schemas = "    Tree:\n      type: object\n      properties:\n        name: { type: string }\n        children: { type: array, items: { $ref: '#/components/schemas/Tree' } }\n";
        let planned = planned(schemas, &["Eq", "Hash", "Ord", "PartialOrd"]);
        assert_eq!(planned.len(), 1);
        let (_, notes, derive) = &planned[0];
        assert_eq!(notes, "");
        assert_eq!(derive, "# [derive (Eq , Hash , Ord , PartialOrd)]");
    }

    #[test]
    fn a_float_deep_inside_a_cycle_takes_the_derive_from_every_type_on_it() {
        let schemas = "    A:\n      type: object\n      properties:\n        b: { $ref: '#/components/schemas/B' }\n    B:\n      type: object\n      properties:\n        a: { $ref: '#/components/schemas/A' }\n        weight: { type: number }\n        extra: { type: object, additionalProperties: true }\n";
        let planned = planned(schemas, &["Eq", "Hash", "PartialOrd", "Debug2"]);
        let b = planned
            .iter()
            .find(|(name, _, _)| name == "B")
            .unwrap_or_else(|| panic!("{planned:?}"));
        assert!(b.1.contains("Not `Eq`: field `weight` is `f64`."), "{b:?}");
        assert!(
            b.1.contains("Not `Hash`: field `weight` is `f64`."),
            "{b:?}"
        );
        assert!(
            b.1.contains("Not `PartialOrd`: field `extra` is `serde_json::Value`."),
            "{b:?}"
        );
        // A derive specforge does not know is added everywhere.
        assert_eq!(b.2, "# [derive (Debug2)]");
        let a = planned
            .iter()
            .find(|(name, _, _)| name == "A")
            .unwrap_or_else(|| panic!("{planned:?}"));
        assert!(
            a.1.contains("Not `Eq`: field `b` is `B`, which does not derive it."),
            "{a:?}"
        );
        assert_eq!(a.2, "# [derive (Debug2)]");
    }
}
