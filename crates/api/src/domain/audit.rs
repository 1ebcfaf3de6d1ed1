//! Recording audit events, in the transaction of the change they describe.

use chrono::{DateTime, Utc};
use cis_shared::staff::ActorKind;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::db::audit_event;

/// Who acted.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    Staff(i64),
    Graduate(i64),
    Anonymous,
    /// The service itself: a deadline passed, a hold ran out.
    System,
}

pub struct Event<'a> {
    pub actor: Actor,
    pub action: &'a str,
    pub target: Option<(&'a str, i64)>,
    pub detail: Option<String>,
    pub client_address: Option<&'a str>,
}

pub async fn record(
    db: &impl ConnectionTrait,
    university_id: i64,
    event: Event<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (actor_kind, actor_id) = match event.actor {
        Actor::Staff(id) => (ActorKind::Staff, Some(id)),
        Actor::Graduate(id) => (ActorKind::Graduate, Some(id)),
        Actor::Anonymous => (ActorKind::Anonymous, None),
        Actor::System => (ActorKind::System, None),
    };
    audit_event::ActiveModel {
        university_id: Set(university_id),
        created_at: Set(now),
        actor_kind: Set(actor_kind),
        actor_id: Set(actor_id),
        action: Set(event.action.to_owned()),
        target_kind: Set(event.target.map(|(kind, _)| kind.to_owned())),
        target_id: Set(event.target.map(|(_, id)| id)),
        detail: Set(event.detail),
        client_address: Set(event.client_address.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

/// The audit log, newest first, with staff actors' addresses.
pub async fn list(scope: super::Scope<'_>, page: u64, per_page: u64) -> Result<cis_shared::staff::AuditPage, DbErr> {
    use std::collections::HashMap;

    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

    use crate::db::staff_user;

    let paginator = audit_event::Entity::find()
        .filter(audit_event::Column::UniversityId.eq(scope.university.id))
        .order_by_desc(audit_event::Column::CreatedAt)
        .order_by_desc(audit_event::Column::Id)
        .paginate(scope.db, per_page);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page.saturating_sub(1)).await?;
    let staff: HashMap<i64, String> = staff_user::Entity::find()
        .filter(staff_user::Column::UniversityId.eq(scope.university.id))
        .all(scope.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let items = rows
        .into_iter()
        .map(|r| cis_shared::staff::AuditEntry {
            id: r.id,
            at: r.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            actor_email: (r.actor_kind == ActorKind::Staff)
                .then(|| r.actor_id.and_then(|id| staff.get(&id).cloned()))
                .flatten(),
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            detail: r.detail,
            client_address: r.client_address,
        })
        .collect();
    Ok(cis_shared::staff::AuditPage { items, total, page, per_page })
}
