//! The public verification of certificates, served at `/verify`.

fn main() {
    cis_web::start(cis_web::VerifierApp);
}
