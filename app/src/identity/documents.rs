//! The identity documents (本人確認書類, seed 003) staff check at the counter or receive
//! by post, with their names.

/// Identity documents staff may check at the counter (seed 003's 本人確認書類).
pub const DOCUMENTS: &[&str] = &["mynumber_card", "drivers_license", "insurance_card", "passport", "other"];

/// The name of an identity document (one of [`DOCUMENTS`]).
pub fn document_label(d: &str, t: &kit::texts::IdText) -> &'static str {
    match d {
        "mynumber_card" => t.doc_mynumber,
        "drivers_license" => t.doc_license,
        "insurance_card" => t.doc_insurance,
        "passport" => t.doc_passport,
        _ => t.doc_other,
    }
}
