use cis_shared::catalog::{AffiliationLevel, AffiliationNode, CertificateType, DegreeProgram, University};
use cis_tests::on_both_databases;

on_both_databases! {
    async fn the_header_names_the_demo_university(app) {
        let response = app.get("/api/v1/university").await;
        assert_eq!(response.status(), 200);
        let university: University = response.json().await.unwrap();
        assert_eq!(university.code, "demo");
        assert_eq!(university.name.en, "The University");
    }

    async fn affiliations_form_a_three_level_tree_in_both_languages(app) {
        let response = app.get("/api/v1/catalog/affiliations").await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["cache-control"].to_str().unwrap().contains("max-age"));
        let faculties: Vec<AffiliationNode> = response.json().await.unwrap();
        assert!(faculties.len() >= 3, "at least three faculties");
        assert_eq!(faculties[0].name.ja, "文学部");
        assert_eq!(faculties[0].name.en, "Faculty of Letters");
        for faculty in &faculties {
            assert_eq!(faculty.level, AffiliationLevel::Faculty);
            assert!(!faculty.children.is_empty(), "{} has departments", faculty.name.en);
            for department in &faculty.children {
                assert_eq!(department.level, AffiliationLevel::Department);
                assert!(!department.children.is_empty(), "{} has subjects", department.name.en);
                for subject in &department.children {
                    assert_eq!(subject.level, AffiliationLevel::Subject);
                    assert!(subject.children.is_empty());
                    assert!(subject.code.starts_with(&department.code));
                    assert!(!subject.name.ja.is_empty() && subject.name.ja != subject.name.en);
                }
            }
        }
    }

    async fn the_six_degree_programs_of_the_manual_in_screen_order(app) {
        let programs: Vec<DegreeProgram> = app.get("/api/v1/catalog/degree-programs").await.json().await.unwrap();
        let codes: Vec<&str> = programs.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["undergraduate", "masters", "doctoral", "professional", "non_degree", "doctor_by_dissertation"]);
        assert_eq!(programs[0].name.en, "Undergraduate Program");
        assert_eq!(programs[5].name.en, "Doctor by dissertation");
    }

    async fn certificate_types_carry_the_manuals_commissions(app) {
        let types: Vec<CertificateType> = app.get("/api/v1/catalog/certificate-types").await.json().await.unwrap();
        let fees: Vec<(&str, u32)> = types.iter().map(|t| (t.name.en.as_str(), t.fee_yen)).collect();
        assert_eq!(fees, [
            ("Certificate of Completion (Japanese)", 800),
            ("Certificate of Completion (English)", 800),
            ("Medical Examination Certificate", 200),
            ("Certificate of Academic Record", 200),
            ("Certificate of Graduation", 200),
            ("Certificate of Graduation (English)", 200),
            ("Certificate of Academic Record (English)", 200),
        ]);
        assert_eq!(types[3].name.ja, "成績証明書");
    }

    async fn seeding_again_changes_nothing(app) {
        let before: Vec<AffiliationNode> = app.get("/api/v1/catalog/affiliations").await.json().await.unwrap();
        cis_api::domain::demo::seed(app.db(), "demo", app.clock.now()).await.unwrap();
        let after: Vec<AffiliationNode> = app.get("/api/v1/catalog/affiliations").await.json().await.unwrap();
        assert_eq!(before, after);
        let types: Vec<CertificateType> = app.get("/api/v1/catalog/certificate-types").await.json().await.unwrap();
        assert_eq!(types.len(), 7);
    }
}
