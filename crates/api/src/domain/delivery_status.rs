//! Where a digital delivery stands (issue 11), as the graduate's and the staff's order
//! reads it: sent, opened (with every download), cancelled or expired. Apart from
//! `delivery`, which sends and cancels, so that reading an order needs none of that.

use chrono::{DateTime, Utc};
use cis_shared::delivery::{DeliveryDownload, DeliveryStatus, DigitalDelivery, DownloadFormat};
use cis_shared::ordering::Channel;
use cis_shared::orders::Order;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::clock::rfc3339;
use crate::db::{delivery, delivery_download};

/// Where an order's digital delivery stands, once sent.
pub async fn status(
    db: &impl ConnectionTrait,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<DigitalDelivery>, DbErr> {
    let Some(found) = delivery::Entity::find().filter(delivery::Column::OrderId.eq(order_id)).one(db).await? else {
        return Ok(None);
    };
    let downloads = delivery_download::Entity::find()
        .filter(delivery_download::Column::DeliveryId.eq(found.id))
        .order_by_asc(delivery_download::Column::Id)
        .all(db)
        .await?;
    let status = if found.cancelled_at.is_some() {
        DeliveryStatus::Cancelled
    } else if found.opened_at.is_some() {
        DeliveryStatus::Opened
    } else if found.expires_at <= now {
        DeliveryStatus::Expired
    } else {
        DeliveryStatus::Sent
    };
    Ok(Some(DigitalDelivery {
        status,
        sent_at: rfc3339(found.sent_at),
        expires_at: rfc3339(found.expires_at),
        opened_at: found.opened_at.map(rfc3339),
        cancelled_at: found.cancelled_at.map(rfc3339),
        cancellable: status == DeliveryStatus::Sent,
        downloads: downloads
            .into_iter()
            .map(|d| DeliveryDownload {
                at: rfc3339(d.at),
                format: DownloadFormat::parse(&d.format).unwrap_or(DownloadFormat::Pdf),
            })
            .collect(),
    }))
}

/// Fills in the digital delivery of the digital orders among `orders` (by `ids`, the same
/// order).
pub async fn attach(
    db: &impl ConnectionTrait,
    orders: &mut [Order],
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for (order, id) in orders.iter_mut().zip(ids) {
        if order.channel == Channel::Digital {
            order.digital_delivery = status(db, *id, now).await?;
        }
    }
    Ok(())
}
