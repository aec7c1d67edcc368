//! The PDF rendering of a consent certificate: its fields in Spanish (or English), the policy text
//! as an appendix, and the certificate checksum in the footer of every page. The page layout,
//! fonts and footer are [`super::layout`]'s, shared with the statements and withholding
//! certificates.

use afiliados_api_types::consents::ConsentCertificate;
use afiliados_domain::Locale;

use super::labels::{Labels, labels};
use super::layout::{self, Layout};

fn or_dash(value: Option<&str>) -> &str {
    value.filter(|v| !v.is_empty()).unwrap_or("—")
}

fn lay_out(certificate: &ConsentCertificate, policy_text: &str, l: &Labels) -> Layout {
    let mut layout = Layout::new();
    layout.paragraph(l.title, 18.0, true);
    layout.paragraph(l.subtitle, 10.0, false);
    let c = certificate;
    layout.heading(l.certificate);
    layout.field(l.certificate_id, &c.certificate_id.to_string());
    layout.field(l.issued_at, &c.issued_at);
    layout.field(l.controller, &c.tenant.name);
    layout.heading(l.holder);
    let name = format!("{} {}", c.influencer.first_name, c.influencer.last_name);
    layout.field(l.name, &name);
    layout.field(l.document_type, c.influencer.document_type.as_str());
    layout.field(l.document_number, &c.influencer.document_number_masked);
    layout.field(l.email, &c.influencer.email);
    layout.field(l.influencer_id, &c.influencer.id.to_string());
    layout.heading(l.policy);
    layout.field(l.policy_type, l.policy_type_name(c.policy.kind.as_str()));
    layout.field(l.version, &c.policy.version);
    layout.field(l.policy_title, &c.policy.title);
    layout.field(l.document_url, &c.policy.document_url);
    layout.field(l.text_checksum, &c.policy.checksum);
    layout.field(l.published_at, &c.policy.published_at);
    layout.heading(l.consent);
    layout.field(l.consent_id, &c.consent.id.to_string());
    layout.field(l.accepted_at, &c.consent.accepted_at);
    layout.field(l.ip, or_dash(c.consent.ip_address.as_deref()));
    layout.field(l.user_agent, or_dash(c.consent.user_agent.as_deref()));
    layout.field(l.channel, c.consent.channel.as_str());
    let recorded_by = c.consent.recorded_by.map(|id| id.to_string());
    layout.field(l.recorded_by, or_dash(recorded_by.as_deref()));
    layout.field(l.consent_hash, &c.consent.consent_hash);
    layout.field(l.revoked_at, or_dash(c.consent.revoked_at.as_deref()));
    layout.heading(l.verification);
    layout.field(l.algorithm, &c.verification.algorithm);
    layout.field(l.hash_input, &c.verification.hash_input);
    layout.field(l.recomputed_hash, &c.verification.recomputed_hash);
    layout.field(l.matches, if c.verification.matches { l.yes } else { l.no });
    layout.heading(l.checksum);
    layout.paragraph(&c.checksum, 9.5, false);
    layout.paragraph(l.checksum_note, 8.5, false);
    layout.new_page();
    layout.paragraph(l.appendix, 14.0, true);
    layout.paragraph(
        &format!(
            "{} {} — {}",
            c.policy.title, c.policy.version, l.appendix_note
        ),
        9.0,
        false,
    );
    layout.gap(6.0);
    for line in policy_text.lines() {
        if line.trim().is_empty() {
            layout.gap(6.0);
        } else {
            layout.paragraph(line, 9.5, false);
        }
    }
    layout
}

/// Renders the certificate; `policy_text` is the accepted version's full text.
pub fn render(certificate: &ConsentCertificate, policy_text: &str, locale: Locale) -> Vec<u8> {
    let l = labels(locale);
    let layout = lay_out(certificate, policy_text, l);
    // The checksum is pure ASCII, so it stays a literal string in every page's content stream.
    let footer = format!("SHA-256: {}", certificate.checksum);
    layout::write(layout, l.title, &footer, l.page)
}
