//! A graduate's order (manual 2.3 steps 14–15, 2.5 (c)): what one of their enrollments may
//! order through a channel, with the fees that apply.

use cis_shared::ordering::{orderable, Channel, OrderOptions, OrderableType, PaymentMethod};

use super::catalog::Catalogue;
use crate::db::enrollment;

/// What `enrollment_id` (one of `enrollments`, the graduate's own) may order through
/// `channel`: every type on sale, those it may not order greyed with the reason. `None` when
/// the enrollment is not the graduate's. `card` is offered only when `card_available`.
pub fn options(
    catalogue: &Catalogue,
    enrollments: &[enrollment::Model],
    channel: Channel,
    enrollment_id: i64,
    card_available: bool,
) -> Option<OrderOptions> {
    let enrollment = enrollments.iter().find(|e| e.id == enrollment_id)?;
    let settings = &catalogue.order_settings;
    let types = catalogue
        .managed_types
        .iter()
        .filter(|t| t.spec.on_sale)
        .map(|t| {
            let verdict = orderable(&t.spec, channel, &enrollment.degree_program, enrollment.completion);
            OrderableType {
                certificate_type_id: t.id,
                code: t.spec.code.clone(),
                name: t.spec.name.clone(),
                language: t.spec.language,
                unit_fee_yen: t.spec.fee_yen,
                // One copy reaches a digital recipient: a second would be the same file.
                max_copies: if channel == Channel::Digital { 1 } else { t.spec.max_copies },
                sheets: t.spec.sheets,
                orderable: verdict.is_ok(),
                reason: verdict.err(),
            }
        })
        .collect();
    let post = channel == Channel::Post;
    Some(OrderOptions {
        channel,
        enrollment_id,
        types,
        handling_fee_yen: settings.handling_fee_yen,
        print_fee_per_sheet_yen: if channel == Channel::ConvenienceStore {
            settings.print_fee_per_sheet_yen
        } else {
            0
        },
        print_deadline_days: settings.print_deadline_days,
        payment_methods: settings
            .payment_methods
            .of(channel)
            .iter()
            .copied()
            .filter(|m| *m != PaymentMethod::Card || card_available)
            .collect(),
        postage_options: if post { settings.postage_options.clone() } else { Vec::new() },
        sealed_envelope: post && settings.sealed_envelope,
        sealed_envelope_fee_yen: if post { settings.sealed_envelope_fee_yen } else { 0 },
    })
}
