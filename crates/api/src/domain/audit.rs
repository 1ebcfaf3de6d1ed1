//! Recording audit events, in the transaction of the change they describe.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::db::audit_event;

/// Who acted.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    Staff(i64),
    Anonymous,
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
        Actor::Staff(id) => ("staff", Some(id)),
        Actor::Anonymous => ("anonymous", None),
    };
    audit_event::ActiveModel {
        university_id: Set(university_id),
        created_at: Set(now),
        actor_kind: Set(actor_kind.to_owned()),
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
