//! The university a deployment serves. Every row belongs to one; the running server holds
//! the one it was started for (`CIS_UNIVERSITY`), never a global.

use cis_shared::catalog::{LocalizedName, University};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::db::university;

/// The university this server answers for, resolved once at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUniversity {
    pub id: i64,
    pub code: String,
    pub name: LocalizedName,
}

impl CurrentUniversity {
    pub fn to_dto(&self) -> University {
        University { code: self.code.clone(), name: self.name.clone() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UniversityError {
    #[error("no university with code '{0}': set CIS_DEMO=true to create the demo one, or CIS_UNIVERSITY")]
    Unknown(String),
    #[error(transparent)]
    Database(#[from] DbErr),
}

pub async fn find(db: &DatabaseConnection, code: &str) -> Result<CurrentUniversity, UniversityError> {
    let row = university::Entity::find()
        .filter(university::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or_else(|| UniversityError::Unknown(code.to_owned()))?;
    Ok(CurrentUniversity { id: row.id, code: row.code, name: LocalizedName { ja: row.name_ja, en: row.name_en } })
}
