//! `madoguchi measure-password-hash`: times Argon2id hashing with the portal's
//! parameters, to size the machine for sign-ins.

use crate::startup::StartError;

pub fn run(rounds: usize) -> Result<(), StartError> {
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds.max(1) {
        let started = std::time::Instant::now();
        app::identity::password::store::hash("benchmark passphrase 2026")
            .map_err(|e| StartError::Config(format!("hash failed: {e}")))?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let max = times[times.len() - 1];
    println!("Argon2id m=65536 KiB, t=3, p=1: median {median:.0} ms, max {max:.0} ms over {} hashes", times.len());
    Ok(())
}
