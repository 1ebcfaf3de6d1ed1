//! The demo university: "The University" of the manual's screens with a catalogue to try
//! every screen on. Seeding is idempotent: what exists (perhaps edited by staff) is kept,
//! what is missing is added.

use cis_shared::catalog::{AffiliationLevel, LocalizedName};
use cis_shared::documents::CertificateSource;
use cis_shared::ordering::{OrderSettings, PaymentMethod, PaymentMethods, PostageOption};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::db::{affiliation, certificate_type, degree_program, order_settings, university};
use crate::domain::catalog::level_text;

/// (code, Japanese name, English name, children)
struct Node(&'static str, &'static str, &'static str, &'static [Node]);

const AFFILIATIONS: &[Node] = &[
    Node(
        "letters",
        "文学部",
        "Faculty of Letters",
        &[
            Node(
                "foreign_language",
                "外国語学科",
                "Department of Foreign Language",
                &[
                    Node("foreign_language", "外国語専修", "Division of Foreign Language", &[]),
                    Node("english_literature", "英米文学専修", "Division of English Literature", &[]),
                ],
            ),
            Node(
                "history",
                "史学科",
                "Department of History",
                &[
                    Node("japanese_history", "日本史学専修", "Division of Japanese History", &[]),
                    Node("world_history", "西洋史学専修", "Division of Western History", &[]),
                ],
            ),
        ],
    ),
    Node(
        "economics",
        "経済学部",
        "Faculty of Economics",
        &[
            Node(
                "economics",
                "経済学科",
                "Department of Economics",
                &[
                    Node("economic_theory", "理論経済学コース", "Course of Economic Theory", &[]),
                    Node("applied_economics", "応用経済学コース", "Course of Applied Economics", &[]),
                ],
            ),
            Node(
                "business",
                "経営学科",
                "Department of Business Administration",
                &[
                    Node("management", "経営学コース", "Course of Management", &[]),
                    Node("accounting", "会計学コース", "Course of Accounting", &[]),
                ],
            ),
        ],
    ),
    Node(
        "engineering",
        "工学部",
        "Faculty of Engineering",
        &[
            Node(
                "mechanical",
                "機械工学科",
                "Department of Mechanical Engineering",
                &[
                    Node("mechanical_systems", "機械システムコース", "Course of Mechanical Systems", &[]),
                    Node("energy", "エネルギー工学コース", "Course of Energy Engineering", &[]),
                ],
            ),
            Node(
                "information",
                "情報工学科",
                "Department of Information Engineering",
                &[
                    Node("computer_science", "計算機科学コース", "Course of Computer Science", &[]),
                    Node("information_systems", "情報システムコース", "Course of Information Systems", &[]),
                ],
            ),
        ],
    ),
    Node(
        "graduate_engineering",
        "大学院工学研究科",
        "Graduate School of Engineering",
        &[
            Node(
                "mechanical",
                "機械工学専攻",
                "Division of Mechanical Engineering",
                &[Node("thermal_fluid", "熱流体工学講座", "Thermal and Fluid Engineering", &[])],
            ),
            Node(
                "information",
                "情報工学専攻",
                "Division of Information Engineering",
                &[Node("software", "ソフトウェア工学講座", "Software Engineering", &[])],
            ),
        ],
    ),
];

/// Manual 2.1 step 10, in the order of the screen.
const DEGREE_PROGRAMS: &[(&str, &str, &str)] = &[
    ("undergraduate", "学部", "Undergraduate Program"),
    ("masters", "修士課程", "Master's Program"),
    ("doctoral", "博士課程", "Doctoral Program"),
    ("professional", "専門職学位課程", "Professional Degree Program"),
    ("non_degree", "研究生等（非正規生）", "Non-Degree seeking students (research students, etc.)"),
    ("doctor_by_dissertation", "論文博士", "Doctor by dissertation"),
];

/// Manual 2.3 step 15: (code, Japanese name, English name, printed language, commission,
/// degree programs that may order it (empty: every one), completions (empty: every one)).
/// Certificates of completion are the graduate schools'; of graduation, the undergraduates'
/// who graduated; an academic record and a medical examination certificate, anyone's.
type DemoType = (&'static str, &'static str, &'static str, &'static str, i32, &'static str, &'static str);

const GRADUATE_SCHOOLS: &str = "masters,doctoral,professional,doctor_by_dissertation";

const CERTIFICATE_TYPES: &[DemoType] = &[
    (
        "completion_ja",
        "修了証明書（和文）",
        "Certificate of Completion (Japanese)",
        "ja",
        800,
        GRADUATE_SCHOOLS,
        "graduated",
    ),
    (
        "completion_en",
        "修了証明書（英文）",
        "Certificate of Completion (English)",
        "en",
        800,
        GRADUATE_SCHOOLS,
        "graduated",
    ),
    ("medical_examination", "健康診断証明書", "Medical Examination Certificate", "ja", 200, "", ""),
    ("academic_record", "成績証明書", "Certificate of Academic Record", "ja", 200, "", ""),
    ("graduation", "卒業証明書", "Certificate of Graduation", "ja", 200, "undergraduate", "graduated"),
    (
        "graduation_en",
        "卒業証明書（英文）",
        "Certificate of Graduation (English)",
        "en",
        200,
        "undergraduate",
        "graduated",
    ),
    ("academic_record_en", "成績証明書（英文）", "Certificate of Academic Record (English)", "en", 200, "", ""),
];

/// The academic record comes from the imported course records, the medical examination
/// certificate is prepared by staff; the rest from the enrollment.
fn demo_source(code: &str) -> CertificateSource {
    match code {
        "academic_record" | "academic_record_en" => CertificateSource::AcademicRecord,
        "medical_examination" => CertificateSource::StaffPrepared,
        _ => CertificateSource::Enrollment,
    }
}

/// Plausible order settings: no handling fee, the stores' 20 yen a sheet, a week to print,
/// Japan Post's letter rates (ordinary, express, simple registered; airmail abroad), a
/// sealed envelope on request, and digital delivery.
fn demo_order_settings() -> OrderSettings {
    let option = |code: &str, ja: &str, en: &str, fee_yen: u32, overseas: bool| PostageOption {
        code: code.to_owned(),
        name: LocalizedName { ja: ja.to_owned(), en: en.to_owned() },
        fee_yen,
        overseas,
    };
    OrderSettings {
        sealed_envelope: true,
        payment_methods: PaymentMethods {
            convenience_store: vec![PaymentMethod::AtStore, PaymentMethod::Card],
            post: vec![PaymentMethod::StaffConfirmed, PaymentMethod::Card],
            digital: vec![PaymentMethod::StaffConfirmed, PaymentMethod::Card],
        },
        postage_options: vec![
            option("ordinary", "普通郵便", "Ordinary mail", 110, false),
            option("express", "速達", "Express mail", 410, false),
            option("registered", "簡易書留", "Simple registered mail", 460, false),
            option("airmail", "国際郵便（航空便）", "International airmail", 190, true),
        ],
        transfer_instructions: Some(LocalizedName {
            ja: "郵便振替口座 00120-3-456789（加入者名：ザ・ユニバーシティ証明書係）に、合計額を払い込んでください。\n\
                 通信欄に申込番号を記入してください。入金の確認には3〜5日かかります。"
                .to_owned(),
            en: "Pay the total into postal transfer account 00120-3-456789 (payee: The University, Certificates Office).\n\
                 Write the order number in the message field. Confirming the payment takes 3 to 5 days."
                .to_owned(),
        }),
        ..OrderSettings::default()
    }
}

/// Creates whatever of the demo university and its catalogue is missing.
pub async fn seed(db: &DatabaseConnection, code: &str, now: chrono::DateTime<chrono::Utc>) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let university_id = match university::Entity::find().filter(university::Column::Code.eq(code)).one(&txn).await? {
        Some(u) => u.id,
        None => {
            university::ActiveModel {
                code: Set(code.to_owned()),
                name_ja: Set("The University".to_owned()),
                name_en: Set("The University".to_owned()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    seed_affiliations(&txn, university_id, None, "", AffiliationLevel::Faculty, AFFILIATIONS).await?;

    for (order, (code, ja, en)) in DEGREE_PROGRAMS.iter().enumerate() {
        let exists = degree_program::Entity::find()
            .filter(degree_program::Column::UniversityId.eq(university_id))
            .filter(degree_program::Column::Code.eq(*code))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            degree_program::ActiveModel {
                university_id: Set(university_id),
                code: Set((*code).to_owned()),
                name_ja: Set((*ja).to_owned()),
                name_en: Set((*en).to_owned()),
                sort_order: Set(order as i32),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }

    for (order, (code, ja, en, language, fee, programs, completions)) in CERTIFICATE_TYPES.iter().enumerate() {
        let exists = certificate_type::Entity::find()
            .filter(certificate_type::Column::UniversityId.eq(university_id))
            .filter(certificate_type::Column::Code.eq(*code))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            certificate_type::ActiveModel {
                university_id: Set(university_id),
                code: Set((*code).to_owned()),
                name_ja: Set((*ja).to_owned()),
                name_en: Set((*en).to_owned()),
                language: Set((*language).to_owned()),
                fee_yen: Set(*fee),
                sort_order: Set(order as i32),
                active: Set(true),
                max_copies: Set(10),
                sheets: Set(1),
                channels: Set("convenience_store,post,digital".to_owned()),
                degree_programs: Set((*programs).to_owned()),
                completions: Set((*completions).to_owned()),
                source: Set(demo_source(code)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    if order_settings::Entity::find_by_id(university_id).one(&txn).await?.is_none() {
        let settings = serde_json::to_string(&demo_order_settings()).map_err(|e| DbErr::Custom(e.to_string()))?;
        order_settings::ActiveModel {
            university_id: Set(university_id),
            settings: Set(settings),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await
}

/// Affiliation codes are paths (`letters.history.world_history`), unique per university.
async fn seed_affiliations(
    txn: &impl ConnectionTrait,
    university_id: i64,
    parent_id: Option<i64>,
    parent_code: &str,
    level: AffiliationLevel,
    nodes: &[Node],
) -> Result<(), DbErr> {
    for (order, Node(code, ja, en, children)) in nodes.iter().enumerate() {
        let full_code = if parent_code.is_empty() { (*code).to_owned() } else { format!("{parent_code}.{code}") };
        let existing = affiliation::Entity::find()
            .filter(affiliation::Column::UniversityId.eq(university_id))
            .filter(affiliation::Column::Code.eq(&full_code))
            .one(txn)
            .await?;
        let id = match existing {
            Some(row) => row.id,
            None => {
                affiliation::ActiveModel {
                    university_id: Set(university_id),
                    parent_id: Set(parent_id),
                    level: Set(level_text(level).to_owned()),
                    code: Set(full_code.clone()),
                    name_ja: Set((*ja).to_owned()),
                    name_en: Set((*en).to_owned()),
                    sort_order: Set(order as i32),
                    ..Default::default()
                }
                .insert(txn)
                .await?
                .id
            }
        };
        if let Some(child_level) = level.child() {
            Box::pin(seed_affiliations(txn, university_id, Some(id), &full_code, child_level, children)).await?;
        }
    }
    Ok(())
}
