//! JSON numbers as JSON Schema reads them: `42.0` is the integer 42 (a number with a zero
//! fractional part is an integer), so a client that writes every number as a float is
//! understood. Used on the integer properties of request bodies.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// An `i64` property that may be written `42` or `42.0`.
pub fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Whole::deserialize(deserializer).map(|w| w.0)
}

/// A `u32` property (a count or an amount in yen) that may be written `42` or `42.0`.
pub fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let whole = Whole::deserialize(deserializer)?.0;
    u32::try_from(whole)
        .map_err(|_| de::Error::invalid_value(de::Unexpected::Signed(whole), &"a count from 0 to 4294967295"))
}

/// An optional `i64` property (`null` or absent: `None`); use with `#[serde(default)]`.
pub fn optional_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Option::<Whole>::deserialize(deserializer).map(|w| w.map(|w| w.0))
}

struct Whole(i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Whole, D::Error> {
        deserializer.deserialize_any(WholeVisitor)
    }
}

struct WholeVisitor;

impl Visitor<'_> for WholeVisitor {
    type Value = Whole;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Whole, E> {
        Ok(Whole(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Whole, E> {
        i64::try_from(v).map(Whole).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Whole, E> {
        // Every whole f64 in [-2^63, 2^63) converts exactly.
        if v.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&v) {
            Ok(Whole(v as i64))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(deserialize_with = "super::integer")]
        id: i64,
        #[serde(default, deserialize_with = "super::optional_integer")]
        other: Option<i64>,
    }

    fn parse(text: &str) -> Result<Body, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn whole_numbers_are_integers_however_written() {
        assert_eq!(parse(r#"{"id": 42}"#).unwrap(), Body { id: 42, other: None });
        assert_eq!(parse(r#"{"id": 42.0, "other": -7.0}"#).unwrap(), Body { id: 42, other: Some(-7) });
        assert_eq!(parse(r#"{"id": 1e3, "other": null}"#).unwrap(), Body { id: 1000, other: None });
    }

    #[test]
    fn fractions_strings_and_huge_numbers_are_not() {
        assert!(parse(r#"{"id": 4.5}"#).is_err());
        assert!(parse(r#"{"id": "42"}"#).is_err());
        assert!(parse(r#"{"id": 1e19}"#).is_err());
        assert!(parse(r#"{"id": 18446744073709551615}"#).is_err());
        assert!(parse(r#"{"id": 1, "other": 0.5}"#).is_err());
    }
}
