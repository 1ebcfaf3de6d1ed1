//! The `Allow` header of a 405 answer (RFC 9110 section 15.5.6): the methods the path
//! answers, read once from the OpenAPI document, which names every operation.

use std::collections::HashMap;

use utoipa::openapi::OpenApi;

/// For each documented path pattern (`/api/v1/staff/users/{id}`), its methods in upper
/// case, comma-separated.
#[derive(Debug, Clone, Default)]
pub struct AllowedMethods(HashMap<String, String>);

impl AllowedMethods {
    pub fn from_spec(spec: &OpenApi) -> AllowedMethods {
        let methods = spec.paths.paths.iter().map(|(path, item)| {
            let operations = [
                ("GET", &item.get),
                ("HEAD", &item.head),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ];
            let allowed: Vec<&str> =
                operations.into_iter().filter(|(_, operation)| operation.is_some()).map(|(name, _)| name).collect();
            (path.clone(), allowed.join(", "))
        });
        AllowedMethods(methods.collect())
    }

    /// The methods of the route pattern a request matched, if it is documented.
    pub fn of(&self, pattern: &str) -> Option<&str> {
        self.0.get(pattern).map(String::as_str).filter(|m| !m.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_path_has_its_methods() {
        let allowed = AllowedMethods::from_spec(&crate::openapi::spec());
        assert_eq!(allowed.of("/api/v1/staff/users"), Some("GET, POST"));
        assert_eq!(allowed.of("/api/v1/staff/users/{id}"), Some("PATCH"));
        assert_eq!(allowed.of("/api/v1/catalog/certificate-types"), Some("GET"));
        assert_eq!(allowed.of("/api/v1/nothing"), None);
    }
}
