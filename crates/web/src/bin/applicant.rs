//! The application for an account, served under `/register` and `/resubmit`.

fn main() {
    cis_web::start(cis_web::ApplicantApp);
}
