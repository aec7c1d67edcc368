//! The 2FA enrolment QR code, drawn on the server as inline SVG so the page needs no script and
//! the secret never leaves our origin.

use anyhow::Context as _;
use qrcode::QrCode;
use qrcode::render::svg;

/// An `<svg>` element for `data` (an `otpauth://` URI), without the XML declaration so it can sit
/// inside HTML.
pub(crate) fn qr_svg(data: &str) -> anyhow::Result<String> {
    let code = QrCode::new(data.as_bytes()).context("encoding the otpauth URI as a QR code")?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let start = image.find("<svg").unwrap_or(0);
    Ok(image[start..].to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_an_otpauth_uri() {
        let uri = "otpauth://totp/Marketing%20Afiliados:ana@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Marketing%20Afiliados&algorithm=SHA1&digits=6&period=30";
        let svg = super::qr_svg(uri).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<path"));
        assert!(!svg.contains("<?xml"));
    }
}
