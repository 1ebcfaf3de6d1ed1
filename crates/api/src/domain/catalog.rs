//! Reading the catalogue: the affiliation tree, degree programs, certificate types; and
//! the copy of it every request reads from memory.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use cis_shared::application::Completion;
use cis_shared::catalog::{
    AffiliationLevel, AffiliationNode, CertificateLanguage, CertificateType, DegreeProgram, LocalizedName,
};
use cis_shared::ordering::{CertificateTypeSpec, Channel, ManagedCertificateType, OrderSettings};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::db::{affiliation, certificate_type, degree_program, order_settings};

/// A university's catalogue as the API shows it.
#[derive(Debug)]
pub struct Catalogue {
    pub affiliations: Vec<AffiliationNode>,
    pub degree_programs: Vec<DegreeProgram>,
    /// The types on sale, as the public catalogue shows them.
    pub certificate_types: Vec<CertificateType>,
    /// Every type, withdrawn ones too, with what administrators keep of it; display order.
    pub managed_types: Vec<ManagedCertificateType>,
    pub order_settings: OrderSettings,
}

impl Catalogue {
    pub async fn read(db: &impl ConnectionTrait, university_id: i64) -> Result<Catalogue, DbErr> {
        let managed_types = managed_types(db, university_id).await?;
        Ok(Catalogue {
            affiliations: affiliation_tree(db, university_id).await?,
            degree_programs: degree_programs(db, university_id).await?,
            certificate_types: managed_types.iter().filter(|t| t.spec.on_sale).map(public_type).collect(),
            managed_types,
            order_settings: order_settings(db, university_id).await?,
        })
    }
}

/// The catalogue held in memory: read at start-up, read again by [`CatalogueCache::reload`]
/// after this instance changes it, and at most [`CatalogueCache::MAX_AGE`] old when another
/// instance changed it. Requests share one copy; none allocates or queries for it.
pub struct CatalogueCache {
    university_id: i64,
    current: RwLock<(Arc<Catalogue>, Instant)>,
}

impl CatalogueCache {
    pub const MAX_AGE: Duration = Duration::from_secs(60);

    pub async fn load(db: &impl ConnectionTrait, university_id: i64) -> Result<CatalogueCache, DbErr> {
        let catalogue = Catalogue::read(db, university_id).await?;
        Ok(CatalogueCache { university_id, current: RwLock::new((Arc::new(catalogue), Instant::now())) })
    }

    /// The catalogue, read again first when it is older than [`Self::MAX_AGE`].
    pub async fn current(&self, db: &impl ConnectionTrait) -> Result<Arc<Catalogue>, DbErr> {
        let (catalogue, read_at) = self.current.read().unwrap_or_else(|e| e.into_inner()).clone();
        if read_at.elapsed() < Self::MAX_AGE {
            return Ok(catalogue);
        }
        self.reload(db).await
    }

    /// Reads the catalogue from the database now (after a change).
    pub async fn reload(&self, db: &impl ConnectionTrait) -> Result<Arc<Catalogue>, DbErr> {
        let catalogue = Arc::new(Catalogue::read(db, self.university_id).await?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = (catalogue.clone(), Instant::now());
        Ok(catalogue)
    }
}

/// The affiliation tree of a university: faculties with their departments and subjects,
/// each level in display order.
pub async fn affiliation_tree(db: &impl ConnectionTrait, university_id: i64) -> Result<Vec<AffiliationNode>, DbErr> {
    let rows = affiliation::Entity::find()
        .filter(affiliation::Column::UniversityId.eq(university_id))
        .order_by_asc(affiliation::Column::SortOrder)
        .order_by_asc(affiliation::Column::Id)
        .all(db)
        .await?;
    Ok(build_tree(rows))
}

fn build_tree(rows: Vec<affiliation::Model>) -> Vec<AffiliationNode> {
    let mut children: HashMap<Option<i64>, Vec<affiliation::Model>> = HashMap::new();
    for row in rows {
        children.entry(row.parent_id).or_default().push(row);
    }
    fn attach(
        parent: Option<i64>,
        children: &mut HashMap<Option<i64>, Vec<affiliation::Model>>,
    ) -> Vec<AffiliationNode> {
        children
            .remove(&parent)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|row| {
                let level = parse_level(&row.level)?;
                Some(AffiliationNode {
                    id: row.id,
                    code: row.code,
                    level,
                    name: LocalizedName { ja: row.name_ja, en: row.name_en },
                    children: attach(Some(row.id), children),
                })
            })
            .collect()
    }
    attach(None, &mut children)
}

pub(crate) fn parse_level(text: &str) -> Option<AffiliationLevel> {
    match text {
        "faculty" => Some(AffiliationLevel::Faculty),
        "department" => Some(AffiliationLevel::Department),
        "subject" => Some(AffiliationLevel::Subject),
        _ => None,
    }
}

pub(crate) fn level_text(level: AffiliationLevel) -> &'static str {
    match level {
        AffiliationLevel::Faculty => "faculty",
        AffiliationLevel::Department => "department",
        AffiliationLevel::Subject => "subject",
    }
}

/// The degree programs of a university, in display order.
pub async fn degree_programs(db: &impl ConnectionTrait, university_id: i64) -> Result<Vec<DegreeProgram>, DbErr> {
    let rows = degree_program::Entity::find()
        .filter(degree_program::Column::UniversityId.eq(university_id))
        .order_by_asc(degree_program::Column::SortOrder)
        .order_by_asc(degree_program::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| DegreeProgram { code: row.code, name: LocalizedName { ja: row.name_ja, en: row.name_en } })
        .collect())
}

/// Every certificate type of a university, withdrawn ones too, in display order.
pub async fn managed_types(
    db: &impl ConnectionTrait,
    university_id: i64,
) -> Result<Vec<ManagedCertificateType>, DbErr> {
    let rows = certificate_type::Entity::find()
        .filter(certificate_type::Column::UniversityId.eq(university_id))
        .order_by_asc(certificate_type::Column::SortOrder)
        .order_by_asc(certificate_type::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(managed_type).collect())
}

fn managed_type(row: certificate_type::Model) -> ManagedCertificateType {
    let list = |text: &str| text.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    let spec = CertificateTypeSpec {
        name: LocalizedName { ja: row.name_ja, en: row.name_en },
        language: CertificateLanguage::from_stored(&row.language),
        fee_yen: u32::try_from(row.fee_yen).unwrap_or(0),
        max_copies: u32::try_from(row.max_copies).unwrap_or(1),
        sheets: u32::try_from(row.sheets).unwrap_or(1),
        channels: list(&row.channels).iter().filter_map(|c| Channel::parse(c)).collect(),
        degree_programs: list(&row.degree_programs),
        completions: list(&row.completions).iter().filter_map(|c| completion(c)).collect(),
        on_sale: row.active,
        source: row.source,
        code: row.code,
    };
    ManagedCertificateType { id: row.id, spec }
}

fn completion(text: &str) -> Option<Completion> {
    [Completion::Graduated, Completion::Withdrawn].into_iter().find(|c| completion_text(*c) == text)
}

pub(crate) fn completion_text(completion: Completion) -> &'static str {
    match completion {
        Completion::Graduated => "graduated",
        Completion::Withdrawn => "withdrawn",
    }
}

/// A type as the public catalogue shows it.
fn public_type(t: &ManagedCertificateType) -> CertificateType {
    CertificateType {
        id: t.id,
        code: t.spec.code.clone(),
        name: t.spec.name.clone(),
        language: t.spec.language,
        fee_yen: t.spec.fee_yen,
    }
}

/// The university's order settings; the defaults until administrators save some.
pub async fn order_settings(db: &impl ConnectionTrait, university_id: i64) -> Result<OrderSettings, DbErr> {
    let row = order_settings::Entity::find_by_id(university_id).one(db).await?;
    match row {
        None => Ok(OrderSettings::default()),
        Some(row) => serde_json::from_str(&row.settings)
            .map_err(|e| DbErr::Custom(format!("order settings of university {university_id}: {e}"))),
    }
}
