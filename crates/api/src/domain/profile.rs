//! "Personal setting" (manual 2.4 (a)): the graduate reads and replaces the personal
//! information the application gave — name, name in katakana, birth date, address, phones,
//! contact address, employer — by the application's rules. The audit trail names the
//! fields that changed.

use cis_shared::application::{Address, Employer};
use cis_shared::profile::{employer_given, validate_profile, Profile};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor};
use super::live_sessions::{self, LiveSessions};
use super::session::{AuthError, GraduateIdentity};
use super::Scope;
use crate::db::graduate_account;

/// The account's `profile` column: what the application gave besides the name and birth
/// date, which have columns of their own. Unknown or missing keys read as empty.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    #[serde(default)]
    address: Address,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    mobile_phone: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    employer: Option<Employer>,
}

fn stored(account: &graduate_account::Model) -> Stored {
    serde_json::from_str(&account.profile).unwrap_or_default()
}

/// The personal information as the account holds it now.
pub fn read(who: &GraduateIdentity) -> Profile {
    let account = &who.account;
    let Stored { address, phone, mobile_phone, contact_email, employer } = stored(account);
    Profile {
        applicant: cis_shared::application::Applicant {
            name: account.name.clone(),
            name_kana: account.name_kana.clone(),
            birth_date: account.birth_date.clone(),
        },
        address,
        phone,
        mobile_phone,
        contact_email,
        employer: employer_given(employer),
    }
}

/// Replaces the personal information: 422 with every broken rule, else the stored profile.
pub async fn replace(
    scope: Scope<'_>,
    sessions: &LiveSessions,
    who: &GraduateIdentity,
    profile: Profile,
    client: &str,
) -> Result<Profile, AuthError> {
    let violations = validate_profile(&profile, crate::clock::today_in_japan(scope.now));
    if !violations.is_empty() {
        return Err(AuthError::Invalid(violations));
    }
    let before = read(who);
    let employer = employer_given(profile.employer.clone());
    let column = Stored {
        address: profile.address.clone(),
        phone: profile.phone.clone(),
        mobile_phone: profile.mobile_phone.clone(),
        contact_email: profile.contact_email.clone(),
        employer: employer.clone(),
    };
    let txn = crate::db::begin_write(scope.db).await?;
    graduate_account::Entity::update_many()
        .col_expr(graduate_account::Column::Name, Expr::value(profile.applicant.name.clone()))
        .col_expr(graduate_account::Column::NameKana, Expr::value(profile.applicant.name_kana.clone()))
        .col_expr(graduate_account::Column::BirthDate, Expr::value(profile.applicant.birth_date.clone()))
        .col_expr(
            graduate_account::Column::Profile,
            Expr::value(serde_json::to_string(&column).map_err(anyhow::Error::from)?),
        )
        .filter(graduate_account::Column::Id.eq(who.account_id))
        .exec(&txn)
        .await?;
    let saved = Profile { employer, ..profile };
    let changed = saved.changed_fields(&before);
    let event = audit::Event {
        actor: Actor::Graduate(who.account_id),
        action: "graduate.profile_changed",
        target: Some(("graduate_account", who.account_id)),
        detail: Some(serde_json::json!({ "changed": changed }).to_string()),
        client_address: Some(client),
    };
    audit::record(&txn, scope.university.id, event, scope.now).await?;
    live_sessions::changed(&txn, who.account_id).await?;
    txn.commit().await?;
    sessions.forget(who.account_id);
    Ok(saved)
}
