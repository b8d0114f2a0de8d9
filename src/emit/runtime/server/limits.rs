//! Limits on a value beyond its type: `pattern`, lengths, bounds, item counts.

use serde_json::Value;

/// Limits on a value beyond its type (`pattern`, lengths, bounds, item counts).
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    pub pattern: Option<&'static str>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

impl Limits {
    /// No limits: the base that generated tables fill in.
    pub const NONE: Limits = Limits {
        pattern: None,
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        min_items: None,
        max_items: None,
    };

    /// What is wrong with `value`, if anything. A pattern Rust's regex engine cannot
    /// compile (ECMA-only syntax) is not enforced.
    pub(super) fn violation(&self, value: &Value) -> Option<String> {
        match value {
            Value::String(text) => {
                let length = text.chars().count();
                if let Some(min) = self.min_length.filter(|min| length < *min) {
                    return Some(format!(
                        "expected at least {min} characters, found {length}"
                    ));
                }
                if let Some(max) = self.max_length.filter(|max| length > *max) {
                    return Some(format!("expected at most {max} characters, found {length}"));
                }
                let pattern = self.pattern?;
                let regex = regex::Regex::new(pattern).ok()?;
                (!regex.is_match(text)).then(|| format!("expected a match of `{pattern}`"))
            }
            Value::Number(number) => {
                let n = number.as_f64()?;
                if let Some(min) = self.minimum {
                    if n < min || (self.exclusive_minimum && n == min) {
                        return Some(format!(
                            "expected {} {min}, found {number}",
                            if self.exclusive_minimum {
                                "more than"
                            } else {
                                "at least"
                            }
                        ));
                    }
                }
                if let Some(max) = self.maximum {
                    if n > max || (self.exclusive_maximum && n == max) {
                        return Some(format!(
                            "expected {} {max}, found {number}",
                            if self.exclusive_maximum {
                                "less than"
                            } else {
                                "at most"
                            }
                        ));
                    }
                }
                None
            }
            Value::Array(items) => {
                if let Some(min) = self.min_items.filter(|min| items.len() < *min) {
                    return Some(format!(
                        "expected at least {min} items, found {}",
                        items.len()
                    ));
                }
                if let Some(max) = self.max_items.filter(|max| items.len() > *max) {
                    return Some(format!(
                        "expected at most {max} items, found {}",
                        items.len()
                    ));
                }
                None
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Limits;

    #[test]
    fn an_exclusive_bound_refuses_the_bound_itself() {
        let positive = Limits {
            minimum: Some(0.0),
            exclusive_minimum: true,
            ..Limits::NONE
        };
        assert_eq!(
            positive.violation(&json!(0)).as_deref(),
            Some("expected more than 0, found 0")
        );
        assert_eq!(positive.violation(&json!(0.5)), None);
    }

    #[test]
    fn a_pattern_rusts_regex_cannot_compile_is_not_enforced() {
        // A lookahead is ECMA-262 syntax the regex crate does not have.
        let lookahead = Limits {
            pattern: Some("^(?=.*[0-9]).+$"),
            ..Limits::NONE
        };
        assert_eq!(lookahead.violation(&json!("no digits")), None);
        let digits = Limits {
            pattern: Some("^[0-9]+$"),
            ..Limits::NONE
        };
        assert_eq!(
            digits.violation(&json!("no digits")).as_deref(),
            Some("expected a match of `^[0-9]+$`")
        );
    }
}
