//! The mail layout every message shares, and the trait each kind of mail implements in
//! both languages. Plain text: it reads the same in every mail client and cannot hide links.

use cis_shared::catalog::LocalizedName;
use cis_shared::Locale;

use super::Mail;

/// One kind of mail, written in both languages.
pub trait Template {
    fn subject(&self, locale: Locale) -> String;
    /// The message itself, without greeting header or the closing notes of [`render`].
    fn body(&self, locale: Locale) -> String;
}

/// Renders a template for one recipient: the university's name above, the body, and the
/// closing notes of the manual's mails (2.1 step 17: "This email is for sending only").
pub fn render(template: &impl Template, to: &str, locale: Locale, university: &LocalizedName) -> Mail {
    let footer = locale.pick(
        "※このメールは送信専用です。返信はできません。\n※お問い合わせは大学の担当窓口までご連絡ください。",
        "* This email is for sending only; replies are not read.\n* For more information, contact the administrative representative.",
    );
    let subject = format!("[{}] {}", university.get(locale), template.subject(locale));
    let body = format!(
        "{}\n\n{}\n\n----------------------------------------\n{}\n",
        university.get(locale),
        template.body(locale).trim_end(),
        footer
    );
    Mail { to: to.to_owned(), locale, subject, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Hello;
    impl Template for Hello {
        fn subject(&self, locale: Locale) -> String {
            locale.pick("こんにちは", "Hello").to_owned()
        }
        fn body(&self, locale: Locale) -> String {
            locale.pick("本文です。", "This is the body.").to_owned()
        }
    }

    #[test]
    fn layout_wraps_the_body_in_the_recipients_language() {
        let name = LocalizedName { ja: "大学".into(), en: "The University".into() };
        let ja = render(&Hello, "taro@example.jp", Locale::Ja, &name);
        assert_eq!(ja.subject, "[大学] こんにちは");
        assert!(ja.body.starts_with("大学\n\n本文です。"));
        assert!(ja.body.contains("送信専用"));
        let en = render(&Hello, "taro@example.jp", Locale::En, &name);
        assert_eq!(en.subject, "[The University] Hello");
        assert!(en.body.contains("This email is for sending only"));
    }
}
