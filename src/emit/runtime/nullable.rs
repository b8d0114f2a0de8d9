//! Fields that may be absent, `null` or a value, and serialise each back as it came.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional, nullable field. Update requests give the three states different meanings:
/// absent leaves a value unchanged, `null` clears it, a value sets it. Serialising gives
/// back exactly what was read: an absent field stays absent (with
/// `skip_serializing_if = "Nullable::is_absent"`), `null` stays `null`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The field is not in the document.
    #[default]
    Absent,
    /// The field is `null`.
    Null,
    /// The field has a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, consuming the field.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Applies an update to `current`: absent keeps it, `null` clears it, a value
    /// replaces it.
    pub fn apply_to(self, current: &mut Option<T>) {
        match self {
            Nullable::Absent => {}
            Nullable::Null => *current = None,
            Nullable::Value(value) => *current = Some(value),
        }
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes `null`, `Some` a value.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from)
    }
}

/// Deserialises a required, nullable field (`deserialize_with`): `null` is `None`, and a
/// missing field is an error (serde would otherwise read a missing `Option` as `None`).
pub fn required<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// Deserialises an optional field that is not nullable (`deserialize_with`, with
/// `#[serde(default)]` for absence): `null` is an error, as the spec does not allow it
/// (serde would otherwise read `null` as `None`).
pub fn non_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    //! Only serde is at hand here (the models crates' runtime has no JSON crate), so documents
    //! are read through serde's own value deserializers, in which `()` is `null`.

    use serde::de::value::{Error, MapDeserializer};
    use serde::Deserialize;

    use super::Nullable;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Update {
        #[serde(default)]
        nickname: Nullable<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Owned {
        #[serde(deserialize_with = "super::required")]
        owner: Option<String>,
        #[serde(default, deserialize_with = "super::non_null")]
        email: Option<String>,
    }

    /// Reads `T` from an object whose members, named `nulls`, are all `null`.
    fn read<T: for<'de> Deserialize<'de>>(nulls: &[&'static str]) -> Result<T, String> {
        let members = nulls.iter().map(|name| (*name, ()));
        T::deserialize(MapDeserializer::<_, Error>::new(members)).map_err(|err| err.to_string())
    }

    #[test]
    fn absent_and_null_are_read_apart() {
        let absent = Update {
            nickname: Nullable::Absent,
        };
        let null = Update {
            nickname: Nullable::Null,
        };
        assert_eq!(read::<Update>(&[]), Ok(absent));
        assert_eq!(read::<Update>(&["nickname"]), Ok(null));
    }

    #[test]
    fn an_update_keeps_clears_or_replaces() {
        let mut current = Some(1);
        Nullable::Absent.apply_to(&mut current);
        assert_eq!(current, Some(1));
        Nullable::Value(2).apply_to(&mut current);
        assert_eq!(current, Some(2));
        Nullable::Null.apply_to(&mut current);
        assert_eq!(current, None);
        assert_eq!(Nullable::from(Some(3)), Nullable::Value(3));
        assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
    }

    #[test]
    fn required_wants_the_field_and_non_null_refuses_null() {
        let unowned = Owned {
            owner: None,
            email: None,
        };
        assert_eq!(read::<Owned>(&["owner"]), Ok(unowned));
        assert_eq!(read::<Owned>(&[]), Err("missing field `owner`".to_owned()));
        assert_eq!(
            read::<Owned>(&["owner", "email"]),
            Err("invalid type: unit value, expected a string".to_owned())
        );
    }
}
