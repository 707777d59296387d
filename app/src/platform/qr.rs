//! QR codes as inline SVG (server only): the authenticator link on the enrolment page and
//! the portal's address on printed letters.

use kit::error::AppError;

/// `text` as an SVG QR code of at least `min_px` square, black on white with its quiet zone.
pub fn svg(text: &str, min_px: u32) -> Result<String, AppError> {
    let qr = qrcode::QrCode::new(text.as_bytes()).map_err(|err| AppError::internal("qr", err))?;
    let svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(min_px, min_px)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    // Drop the XML declaration: the SVG is inlined in the page.
    Ok(svg.find("<svg").map(|i| svg[i..].to_string()).unwrap_or_default())
}
