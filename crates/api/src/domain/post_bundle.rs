//! A post order's file to print (issue 11): a cover letter addressed for a window envelope,
//! in the graduate's language, then every copy of the order as it was issued (each copy is
//! issued once; downloading again gives the same copies).

use cis_shared::catalog::CertificateLanguage;
use cis_shared::orders::{Delivery, DeliveryAddress, OrderState};
use cis_shared::Locale;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::catalog::Catalogue;
use super::certificate_text::long_date;
use super::documents::{self, IssueError, Press};
use super::order_basis::OrderError;
use super::staff_orders;
use super::Scope;
use crate::clock::in_japan;
use crate::db::{graduate_account, order, order_item};
use crate::pdf::{self, CoverLetter};

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(transparent)]
    Order(#[from] OrderError),
    #[error(transparent)]
    Issue(#[from] IssueError),
    #[error("rendering the cover letter: {0}")]
    Render(String),
}

/// The order's file: `(order number, PDF)`. Only a paid post order waiting to be printed.
pub async fn post_bundle(
    scope: Scope<'_>,
    press: Press<'_>,
    catalogue: &Catalogue,
    number: &str,
) -> Result<Vec<u8>, BundleError> {
    let row = staff_orders::find(scope, number).await?;
    if row.channel != "post" || row.state != OrderState::InPreparation {
        return Err(OrderError::StateConflict.into());
    }
    let copies = documents::issue_order(scope, press, catalogue, &row).await?;
    let mut files = Vec::with_capacity(copies.len());
    for copy in &copies {
        files.push((documents::pdf_of(press, copy).await.map_err(IssueError::from)?, copy.pages.max(1) as u32));
    }
    let locale = graduate_account::Entity::find_by_id(row.account_id)
        .one(scope.db)
        .await
        .map_err(OrderError::from)?
        .map_or(Locale::Ja, |a| a.locale);
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(row.id))
        .order_by_asc(order_item::Column::Position)
        .all(scope.db)
        .await
        .map_err(OrderError::from)?;
    let letter = cover_letter(scope, press, &row, &items, locale);
    let fonts = press.fonts.clone();
    tokio::task::spawn_blocking(move || pdf::bundle(&fonts, &letter, &files))
        .await
        .map_err(|e| BundleError::Render(e.to_string()))?
        .map_err(BundleError::Render)
}

/// The address block: Japanese order (postal code first) for Japan, the lines as given abroad.
fn address(delivery: &Delivery, locale: Locale) -> Vec<String> {
    match &delivery.address {
        DeliveryAddress::Japan(a) => {
            let street = format!("{}{}{}", a.prefecture, a.city, a.street);
            let mut lines = vec![format!("〒{}", a.postal_code), street];
            lines.extend(a.apartment.clone().filter(|a| !a.trim().is_empty()));
            lines.push(locale.pick(format!("{} 様", delivery.recipient), delivery.recipient.clone()));
            lines
        }
        DeliveryAddress::Abroad { lines } => {
            let mut all = vec![delivery.recipient.clone()];
            all.extend(lines.iter().cloned());
            all.push(delivery.country.clone());
            all
        }
    }
}

fn cover_letter(
    scope: Scope<'_>,
    press: Press<'_>,
    row: &order::Model,
    items: &[order_item::Model],
    locale: Locale,
) -> CoverLetter {
    let delivery: Option<Delivery> = row.delivery.as_deref().and_then(|d| serde_json::from_str(d).ok());
    let language = locale.pick(CertificateLanguage::Ja, CertificateLanguage::En);
    let enclosed = items
        .iter()
        .map(|i| {
            let name = locale.pick(&i.name_ja, &i.name_en);
            locale.pick(
                format!("・{name}　{}通", i.copies),
                format!("- {name}: {} cop{}", i.copies, if i.copies == 1 { "y" } else { "ies" }),
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let sealed = delivery.as_ref().is_some_and(|d| d.sealed_envelope);
    let url = format!("{}/verify", press.public_url.trim_end_matches('/'));
    let number = &row.order_number;
    let mut body = match locale {
        Locale::Ja => vec![
            "拝啓　時下ますますご清祥のこととお喜び申し上げます。".to_owned(),
            "お申し込みいただいた証明書を同封いたしますので、ご査収ください。".to_owned(),
            format!("申込番号　{number}\n{enclosed}"),
            format!("証明書の真正性は、各ページの検証コードを {url} で入力するか、QRコードを読み取って確認できます。"),
        ],
        Locale::En => vec![
            "Please find enclosed the certificates you ordered.".to_owned(),
            format!("Order number: {number}\n{enclosed}"),
            format!("Anyone who receives them can check that they are genuine by entering the verification code printed on every page at {url}, or by scanning the QR code."),
        ],
    };
    if sealed {
        body.push(locale.pick(
            "厳封の証明書は、封筒を開封せずに提出先へお渡しください。開封されたものは無効となる場合があります。".to_owned(),
            "The certificates in the sealed envelope must be handed to the recipient unopened; an opened envelope may make them invalid.".to_owned(),
        ));
    }
    body.push(locale.pick("敬具".to_owned(), "Yours faithfully,".to_owned()));
    CoverLetter {
        language: language.as_str(),
        address: delivery.as_ref().map(|d| address(d, locale)).unwrap_or_default(),
        date: long_date(in_japan(scope.now).date_naive(), language),
        sender: vec![
            scope.university.name.get(locale).to_owned(),
            locale.pick("証明書発行担当", "Certificate Office").to_owned(),
        ],
        title: locale.pick("証明書の送付について", "Your certificates").to_owned(),
        body,
    }
}
