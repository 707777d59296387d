//! `madoguchi check-data DIR`: validates publication files without touching the database.

use std::path::Path;

use crate::startup::StartError;

pub fn run(dir: &Path) -> Result<(), StartError> {
    let files = app::publication::store::load_dir(dir)?;
    println!("{} publication file(s) valid in {}", files.len(), dir.display());
    Ok(())
}
