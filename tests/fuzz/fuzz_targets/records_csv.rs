//! The academic records import (CSV): any text is imported or refused with each problem at
//! its row and column, never a panic; what is imported keeps the rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match cis_shared::academic_records::parse_import(&text) {
        Ok(records) => {
            for r in records {
                assert!(cis_shared::fields::parse_student_id(&r.student_id).is_ok());
                assert!(r.credits_tenths <= 200);
                assert!(!r.term.is_empty() && !r.course_code.is_empty() && !r.grade.is_empty());
                assert!(!r.title.ja.is_empty() && !r.title.en.is_empty());
            }
        }
        Err(errors) => assert!(!errors.is_empty() && errors.iter().all(|e| e.row >= 1)),
    }
});
