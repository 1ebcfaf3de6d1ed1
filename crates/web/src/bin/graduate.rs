//! The graduates' application, served at `/`.

fn main() {
    cis_web::start(cis_web::GraduateApp);
}
