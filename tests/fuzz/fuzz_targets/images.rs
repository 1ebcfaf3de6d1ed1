//! The image pipeline of identity documents and seals: sniffing, bounded decoding and
//! re-encoding. Any bytes are refused or cleaned, within the bounds, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../../crates/api/src/domain/images.rs"]
#[allow(dead_code)]
mod images;

fuzz_target!(|data: &[u8]| {
    if let Ok(clean) = images::sanitize(data) {
        // What is kept holds no more pixels than allowed, and decodes again.
        assert!(u64::from(clean.width) * u64::from(clean.height) <= images::MAX_PIXELS);
        assert!(image::load_from_memory(&clean.bytes).is_ok());
    }
});
