//! The two languages of every screen, message and e-mail (manual 2.5).

#[cfg(feature = "db")]
use sea_orm::entity::prelude::StringLen;
use serde::{Deserialize, Serialize};

/// A language of the service. Japanese is the default, as on the manual's screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    #[cfg_attr(feature = "db", sea_orm(string_value = "ja"))]
    Ja,
    #[cfg_attr(feature = "db", sea_orm(string_value = "en"))]
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ja, Locale::En];

    /// The BCP 47 tag: `ja` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    /// The name shown in the LANG pull-down, in its own language (manual 2.5).
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Ja => "日本語",
            Locale::En => "English",
        }
    }

    /// `ja`, `en`, or a tag such as `en-GB`; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ja" => Some(Locale::Ja),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The best of our locales for an `Accept-Language` header, by its q-values;
    /// Japanese when nothing in it matches.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let Some(locale) = parts.next().and_then(Locale::from_tag) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    /// Picks the text of this locale from a Japanese and an English one.
    pub fn pick<T>(self, ja: T, en: T) -> T {
        match self {
            Locale::Ja => ja,
            Locale::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_quality_values() {
        assert_eq!(Locale::negotiate("en-US,en;q=0.9,ja;q=0.8"), Locale::En);
        assert_eq!(Locale::negotiate("fr, ja;q=0.5, en;q=0.4"), Locale::Ja);
        assert_eq!(Locale::negotiate("ja;q=0.1, en;q=0.7"), Locale::En);
        assert_eq!(Locale::negotiate("fr, de"), Locale::Ja);
        assert_eq!(Locale::negotiate(""), Locale::Ja);
        assert_eq!(Locale::negotiate("en;q=0"), Locale::Ja);
    }

    #[test]
    fn tags_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Locale::from_tag("EN_gb"), Some(Locale::En));
        assert_eq!(Locale::from_tag("zh"), None);
    }
}
