//! Multipart bodies: which fields of a body's object are file parts.

use super::model::{TypeKind, TypeRef};
use super::schemas::Lowerer;

impl Lowerer<'_> {
    /// Makes the binary fields of a multipart body's object file parts, which carry a file
    /// name and media type beside their bytes: fields of `type: string, format: binary` (3.1's
    /// `contentMediaType` of a binary medium is normalised to that), directly or through an
    /// alias, and arrays of them (a part per file, under one name).
    ///
    /// The object's own type changes, so a schema used both as a multipart body and elsewhere
    /// holds its files as parts there too.
    pub(super) fn hold_files_as_parts(&mut self, ty: &TypeRef) {
        let TypeRef::Named(id) = ty else {
            return;
        };
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
