//! The query of the notice pages (year, person) and the refusal shown next to the field
//! that was wrong.

use kit::error::AppError;
use kit::form::{FieldError, Problem};

/// `""` → the default year; otherwise a year, or a refusal next to the year field.
pub fn parse_year(raw: &str) -> Result<Option<i32>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        y => y
            .parse::<i32>()
            .map(Some)
            .map_err(|_| AppError::BadQuery(vec![FieldError::new("year", Problem::YearOutOfRange)])),
    }
}

/// `""` → everyone shown; otherwise a member id, or a refusal next to the person field.
pub fn parse_person(raw: &str) -> Result<Option<i64>, AppError> {
    match raw.trim() {
        "" | "all" => Ok(None),
        p => p.parse::<i64>().map(Some).map_err(|_| AppError::BadQuery(vec![FieldError::new("person", Problem::NotShared)])),
    }
}

pub(super) fn refusal(e: &AppError, field: &'static str) -> Option<Problem> {
    match e {
        AppError::BadQuery(fields) => fields.iter().find(|f| f.field == field).map(|f| f.problem),
        _ => None,
    }
}
