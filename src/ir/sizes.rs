//! How large each type's Rust spelling is, roughly, so that a union whose variants differ
//! widely in size boxes its large ones: otherwise every value of the enum takes the room of
//! its largest variant (what clippy's `large_enum_variant` rejects). Real documents have such
//! unions: Adyen's `PaymentRequestPaymentMethod` holds card details of some 670 bytes beside
//! variants of a few dozen.

use foldhash::HashMap;

use super::model::{FloatWidth, IntWidth, TypeDef, TypeId, TypeKind, TypeRef};

/// A union boxes its largest variant while it may be this much larger than the next: below
/// clippy's 200 bytes, as the sizes here are estimates.
const MARGIN: usize = 128;

/// The error of an estimate grows with the size: alignment, niches and tags are only
/// approximated. A size is taken to be off by up to this fraction of itself (one part in
/// `ERROR`), so two large variants of about the same estimated size (Stripe's `Account` and
/// `Source`, some 5 KB each and 264 bytes apart) are boxed too.
const ERROR: usize = 8;

/// Whether a variant of estimated size `largest` may be `MARGIN` larger than one of `second`.
fn may_differ_too_much(largest: usize, second: usize) -> bool {
    largest - second + (largest + second) / ERROR >= MARGIN
}

/// Boxes the variants of every union that would otherwise be far larger than its others.
pub(super) fn box_large_variants(types: &mut [TypeDef]) {
    let mut sizes = Sizes::default();
    for index in 0..types.len() {
        let TypeKind::Union(union) = &types[index].kind else {
            continue;
        };
        let mut variants: Vec<usize> = union
            .variants
            .iter()
            .map(|variant| {
                if variant.boxed {
                    POINTER
                } else {
                    sizes.of_ref(types, &variant.ty, 0)
                }
            })
            .collect();
        let mut boxed = Vec::new();
        loop {
            let mut order: Vec<usize> = (0..variants.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(variants[i]));
            let (Some(&largest), Some(&second)) = (order.first(), order.get(1)) else {
                break;
            };
            if !may_differ_too_much(variants[largest], variants[second]) {
                break;
            }
            boxed.push(largest);
            variants[largest] = POINTER;
        }
        if let TypeKind::Union(union) = &mut types[index].kind {
            for i in boxed {
                union.variants[i].boxed = true;
            }
        }
    }
}

const POINTER: usize = 8;

/// Estimated sizes, memoised per named type.
#[derive(Default)]
struct Sizes {
    named: HashMap<TypeId, usize>,
}

impl Sizes {
    fn of_ref(&mut self, types: &[TypeDef], ty: &TypeRef, depth: usize) -> usize {
        match ty {
            TypeRef::String
            | TypeRef::FormattedString(_)
            | TypeRef::Base64Bytes
            | TypeRef::Bytes
            | TypeRef::Array(_)
            | TypeRef::Map(_) => 24,
            TypeRef::Integer(IntWidth::I32) | TypeRef::Number(FloatWidth::F32) => 4,
            TypeRef::Integer(IntWidth::I64) | TypeRef::Number(FloatWidth::F64) => 8,
            TypeRef::Boolean => 1,
            TypeRef::Uuid => 16,
            // Bytes and two optional strings.
            TypeRef::File => 72,
            TypeRef::DateTime => 12,
            TypeRef::Date => 4,
            // `serde_json::Value` with ordered objects.
            TypeRef::Json => 80,
            // Not known here; a user's type that holds itself is boxed by the user.
            TypeRef::External(_) => 24,
            TypeRef::Named(id) => self.of_named(types, *id, depth),
        }
    }

    fn of_named(&mut self, types: &[TypeDef], id: TypeId, depth: usize) -> usize {
        if let Some(size) = self.named.get(&id) {
            return *size;
        }
        // A cycle is boxed somewhere along it; count the rest of it as a pointer.
        if depth > 16 {
            return POINTER;
        }
        let size = match &types[id.0].kind {
            TypeKind::Struct(s) => {
                let fields: usize = s
                    .fields
                    .iter()
                    .map(|field| {
                        let inner = if field.boxed {
                            POINTER
                        } else {
                            self.of_ref(types, &field.ty, depth + 1)
                        };
                        // `Option` and `Nullable` add a tag where the type has no spare bits.
                        if field.presence.required && !field.presence.nullable {
                            inner
                        } else {
                            inner + POINTER
                        }
                    })
                    .sum();
                let union = s.union.as_ref().map_or(0, |union| {
                    if union.boxed {
                        POINTER
                    } else {
                        self.of_ref(types, &union.ty, depth + 1)
                    }
                });
                fields + s.additional.as_ref().map_or(0, |_| 24) + union
            }
            TypeKind::Enum(e) => {
                if e.unknown.is_some() {
                    24
                } else {
                    1
                }
            }
            TypeKind::Union(u) => {
                let largest = u
                    .variants
                    .iter()
                    .map(|variant| {
                        if variant.boxed {
                            POINTER
                        } else {
                            self.of_ref(types, &variant.ty, depth + 1)
                        }
                    })
                    .max()
                    .unwrap_or(0);
                largest + POINTER
            }
            TypeKind::Alias(ty) => self.of_ref(types, ty, depth + 1),
        };
        self.named.insert(id, size);
        size
    }
}

#[cfg(test)]
mod tests {
    use super::may_differ_too_much;

    #[test]
    fn small_variants_of_about_one_size_stay_inline() {
        assert!(!may_differ_too_much(96, 80));
        assert!(!may_differ_too_much(300, 300));
    }

    #[test]
    fn a_much_larger_variant_is_boxed() {
        assert!(may_differ_too_much(700, 40));
        assert!(may_differ_too_much(160, 24));
    }

    #[test]
    fn large_variants_are_boxed_even_when_their_estimates_are_close() {
        // Stripe's `PaymentSource`: `Account` and `Source` are estimated within bytes of each
        // other, but are 264 bytes apart in fact.
        assert!(may_differ_too_much(5000, 4990));
    }
}
