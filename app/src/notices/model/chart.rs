//! How amounts are drawn: yen with thousands separators, and the monthly chart's bars in
//! the SVG's user units.

/// `1234567` as `1,234,567`.
pub fn yen(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if amount < 0 { format!("-{out}") } else { out }
}

/// One bar of the monthly chart, in the SVG's user units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    pub month: u32,
    pub x: f64,
    pub y: f64,
    pub height: f64,
    pub amount: i64,
}

/// The chart's drawing area: bars stand on a baseline at `CHART_BASE`.
pub const CHART_WIDTH: f64 = 360.0;
pub const CHART_BASE: f64 = 160.0;
pub const CHART_TOP: f64 = 20.0;

/// Twelve bars scaled so the largest month reaches the top; an empty year has no height.
pub fn bars(monthly: &[i64]) -> Vec<Bar> {
    let max = monthly.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = CHART_WIDTH / 12.0;
    monthly
        .iter()
        .take(12)
        .enumerate()
        .map(|(i, &amount)| {
            let height = (amount.max(0) as f64 / max) * (CHART_BASE - CHART_TOP);
            Bar { month: i as u32 + 1, x: i as f64 * slot + slot * 0.15, y: CHART_BASE - height, height, amount }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_groups_thousands() {
        assert_eq!(yen(0), "0");
        assert_eq!(yen(999), "999");
        assert_eq!(yen(1000), "1,000");
        assert_eq!(yen(1_234_567), "1,234,567");
        assert_eq!(yen(-1200), "-1,200");
    }

    #[test]
    fn bars_scale_to_the_largest_month() {
        let mut monthly = [0i64; 12];
        monthly[2] = 1000;
        monthly[5] = 500;
        let b = bars(&monthly);
        assert_eq!(b.len(), 12);
        assert_eq!(b[2].height, CHART_BASE - CHART_TOP);
        assert_eq!(b[5].height, (CHART_BASE - CHART_TOP) / 2.0);
        assert_eq!(b[0].height, 0.0);
        assert!(b.iter().all(|bar| bar.y + bar.height == CHART_BASE));
        assert!(bars(&[0; 12]).iter().all(|bar| bar.height == 0.0));
    }
}
