//! Multipart bodies: which fields of a body's object are file parts, and which objects a
//! body's parts are the fields of.

use super::model::{Api, Field, TypeDef, TypeId, TypeKind, TypeRef};
use super::schemas::Lowerer;

/// The objects whose fields a multipart body's parts are, in order, or `None` when its type
/// does not hold parts by name. An object's fields are parts, and so are those of each
/// variant of the union an `allOf` puts beside them; a union's parts are its variants'
/// (Cloudflare's image upload: a file or a URL, and `metadata` either way), each variant an
/// object (through aliases): the body is read as the variant whose fields the parts fit, as
/// a JSON union is. A map (`additionalProperties`) holds any parts and has no object.
pub(super) fn part_objects(types: &[TypeDef], ty: &TypeRef) -> Option<Vec<TypeId>> {
    let mut objects = Vec::new();
    match ty {
        TypeRef::Map(_) => Some(objects),
        _ => collect_objects(types, ty, &mut objects, 0).then_some(objects),
    }
}

fn collect_objects(
    types: &[TypeDef],
    ty: &TypeRef,
    objects: &mut Vec<TypeId>,
    depth: usize,
) -> bool {
    let TypeRef::Named(id) = ty else {
        return false;
    };
    if depth > 16 {
        return false;
    }
    match &types[id.0].kind {
        TypeKind::Alias(inner) => collect_objects(types, inner, objects, depth + 1),
        TypeKind::Struct(s) => {
            if !objects.contains(id) {
                objects.push(*id);
            }
            match &s.union {
                Some(union) => collect_objects(types, &union.ty, objects, depth + 1),
                None => true,
            }
        }
        TypeKind::Union(union) => union
            .variants
            .iter()
            .all(|variant| collect_objects(types, &variant.ty, objects, depth + 1)),
        TypeKind::Enum(_) => false,
    }
}

/// The fields a multipart body's parts may be, each wire name once (the first object's
/// field), or the wire name of one that is not the same type wherever it appears: a part is
/// read one way before the variant is known.
pub(super) fn part_fields<'t>(
    types: &'t [TypeDef],
    objects: &[TypeId],
) -> Result<Vec<&'t Field>, &'t str> {
    let mut fields: Vec<&Field> = Vec::new();
    for id in objects {
        let TypeKind::Struct(s) = &types[id.0].kind else {
            continue;
        };
        for field in &s.fields {
            match fields.iter().find(|f| f.name.wire == field.name.wire) {
                Some(known) if known.ty != field.ty => return Err(&field.name.wire),
                Some(_) => {}
                None => fields.push(field),
            }
        }
    }
    Ok(fields)
}

/// The part a multipart body's variants would read as different types, if there is one.
pub(super) fn ambiguous_part<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t str> {
    let objects = part_objects(types, ty)?;
    part_fields(types, &objects).err()
}

impl Api {
    /// The fields a `multipart/form-data` (or form) body of type `ty` is read part by part
    /// into: an object's, and its variants' when it is or holds a union of objects.
    pub fn part_fields(&self, ty: &TypeRef) -> Vec<&Field> {
        part_objects(&self.types, ty)
            .and_then(|objects| part_fields(&self.types, &objects).ok())
            .unwrap_or_default()
    }
}

impl Lowerer<'_> {
    /// Makes the binary fields of a multipart body's object file parts, which carry a file
    /// name and media type beside their bytes: fields of `type: string, format: binary` (3.1's
    /// `contentMediaType` of a binary medium is normalised to that), directly or through an
    /// alias, and arrays of them (a part per file, under one name).
    ///
    /// The object's own type changes, so a schema used both as a multipart body and elsewhere
    /// holds its files as parts there too.
    pub(super) fn hold_files_as_parts(&mut self, ty: &TypeRef) {
        for id in part_objects(&self.types, ty).unwrap_or_default() {
            self.hold_fields_as_parts(id);
        }
    }

    /// Makes the binary fields of one object of a multipart body file parts.
    fn hold_fields_as_parts(&mut self, id: TypeId) {
        let TypeKind::Struct(s) = &self.types[id.0].kind else {
            return;
        };
        let parts: Vec<Option<TypeRef>> = s
            .fields
            .iter()
            .map(|field| self.as_part(&field.ty))
            .collect();
        let TypeKind::Struct(s) = &mut self.types[id.0].kind else {
            return;
        };
        for (field, part) in s.fields.iter_mut().zip(parts) {
            if let Some(part) = part {
                field.ty = part;
                // A file has no default a spec could write.
                field.default = None;
                field.default_fn = None;
            }
        }
    }

    /// The file-part type of a field's type, if it is binary.
    fn as_part(&self, ty: &TypeRef) -> Option<TypeRef> {
        match ty {
            TypeRef::FormattedString(format) if format == "binary" => Some(TypeRef::File),
            TypeRef::Bytes | TypeRef::File => Some(TypeRef::File),
            TypeRef::Array(item) => Some(TypeRef::Array(Box::new(self.as_part(item)?))),
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Alias(inner) if !matches!(inner, TypeRef::Array(_)) => {
                    self.as_part(inner)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{self, BodyType, TypeKind, TypeRef};
    use crate::spec;

    /// A multipart body of `oneOf` the two objects `first` and `second` (their properties).
    fn union_body(first: &str, second: &str) -> String {
        format!(
            r#"openapi: 3.0.3
info: {{ title: T, version: "1" }}
paths:
  /uploads:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              oneOf:
                - {{ type: object, required: [a], properties: {first} }}
                - {{ type: object, required: [b], properties: {second} }}
      responses:
        "204": {{ description: none }}
"#
        )
    }

    #[test]
    fn a_union_of_objects_is_read_as_every_variants_parts_with_files_as_file_parts() {
        let text = union_body(
            "{ a: { type: string, format: binary }, n: { type: integer } }",
            "{ b: { type: string }, n: { type: integer } }",
        );
        let spec = spec::parse("t.yaml", "t", &text).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let body = api.operations[0].request_body.as_ref().expect("a body");
        let Some(BodyType::One(ty)) = &body.ty else {
            panic!("one body type, found {:?}", body.ty);
        };
        let parts: Vec<(&str, &TypeRef)> = api
            .part_fields(ty)
            .into_iter()
            .map(|field| (field.name.wire.as_str(), &field.ty))
            .collect();
        assert_eq!(
            parts,
            [
                ("a", &TypeRef::File),
                ("n", &TypeRef::Integer(ir::IntWidth::I64)),
                ("b", &TypeRef::String),
            ]
        );
    }

    #[test]
    fn a_union_whose_variants_read_one_part_two_ways_is_an_error_that_says_so() {
        let text = union_body(
            "{ a: { type: string }, n: { type: integer } }",
            "{ b: { type: string }, n: { type: boolean } }",
        );
        let spec = spec::parse("t.yaml", "t", &text).expect("a valid spec");
        let err = ir::lower(&spec).expect_err("n is read one way").to_string();
        assert!(
            err.contains("read the part `n` as different types"),
            "{err}"
        );
    }

    #[test]
    fn binary_fields_of_a_multipart_body_are_file_parts() {
        let text = r#"openapi: 3.1.0
info: { title: T, version: "1" }
paths:
  /avatars:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                picture: { type: string, contentMediaType: image/png }
                scans: { type: array, items: { type: string, format: binary } }
                caption: { type: string }
                digest: { type: string, contentEncoding: base64 }
      responses:
        "204": { description: none }
"#;
        let spec = spec::parse("t.yaml", "t", text).expect("a valid spec");
        let api = ir::lower(&spec).expect("it lowers");
        let body = api.operations[0].request_body.as_ref().expect("a body");
        let Some(BodyType::One(TypeRef::Named(id))) = &body.ty else {
            panic!("an object body, found {:?}", body.ty);
        };
        let TypeKind::Struct(s) = &api.type_def(*id).kind else {
            panic!("a struct");
        };
        let types: Vec<(&str, &TypeRef)> = s
            .fields
            .iter()
            .map(|field| (field.name.wire.as_str(), &field.ty))
            .collect();
        assert_eq!(
            types,
            [
                ("picture", &TypeRef::File),
                ("scans", &TypeRef::Array(Box::new(TypeRef::File))),
                ("caption", &TypeRef::String),
                ("digest", &TypeRef::Base64Bytes),
            ]
        );
    }
}
