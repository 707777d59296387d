//! Sealing and verifying in the database (server only): the sealer links committed events
//! into the chain ([`seal`], [`seal_all`]), and [`verify`] walks the whole chain back.

mod sealing;
mod verifying;

pub use sealing::{seal, seal_all};
pub use verifying::verify;
