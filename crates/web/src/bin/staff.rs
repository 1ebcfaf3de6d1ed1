//! The staff area's application, served at `/staff`.

fn main() {
    cis_web::start(cis_web::StaffApp);
}
