//! The PDF rendering of a consent certificate: its fields in Spanish (or English), the policy text
//! as an appendix, and the certificate checksum in the footer of every page. Standard Helvetica
//! fonts with WinAnsiEncoding (nothing embedded); content streams are left uncompressed so the
//! footer text can be checked byte for byte.

use afiliados_api_types::consents::ConsentCertificate;
use afiliados_domain::Locale;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::labels::{Labels, labels};
use super::text::{encode, text_width, wrap};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const TOP: f32 = PAGE_HEIGHT - 56.0;
const BOTTOM: f32 = 64.0;
const FOOTER_Y: f32 = 32.0;
const VALUE_X: f32 = 210.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// One positioned line of text.
struct Line {
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// Lays text out top to bottom, opening pages as needed.
struct Layout {
    pages: Vec<Vec<Line>>,
    y: f32,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Room for `height` points on the current page, else a new page.
    fn reserve(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn push(&mut self, x: f32, size: f32, bold: bool, text: String) {
        if let Some(page) = self.pages.last_mut() {
            page.push(Line {
                x,
                y: self.y,
                size,
                bold,
                text,
            });
        }
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// A wrapped paragraph at the left margin.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        let leading = size * 1.35;
        for line in wrap(text, size, bold, PAGE_WIDTH - 2.0 * MARGIN) {
            self.reserve(leading);
            self.y -= leading;
            self.push(MARGIN, size, bold, line);
        }
    }

    /// A section heading with some space before it.
    fn heading(&mut self, text: &str) {
        self.reserve(40.0);
        self.gap(10.0);
        self.paragraph(text, 12.0, true);
        self.gap(2.0);
    }

    /// `label` in bold on the left, `value` wrapped in the value column.
    fn field(&mut self, label: &str, value: &str) {
        let size = 9.5;
        let leading = size * 1.35;
        let labels = wrap(label, size, true, VALUE_X - MARGIN - 8.0);
        let values = wrap(value, size, false, PAGE_WIDTH - MARGIN - VALUE_X);
        let rows = labels.len().max(values.len());
        self.reserve(leading * rows as f32);
        for row in 0..rows {
            self.y -= leading;
            if let Some(label) = labels.get(row) {
                self.push(MARGIN, size, true, label.clone());
            }
            if let Some(value) = values.get(row) {
                self.push(VALUE_X, size, false, value.clone());
            }
        }
    }
}

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

fn show(content: &mut Content, line: &Line) {
    content.begin_text();
    content.set_font(if line.bold { BOLD } else { REGULAR }, line.size);
    content.next_line(line.x, line.y);
    content.show(Str(&encode(&line.text)));
    content.end_text();
}

/// Renders the certificate; `policy_text` is the accepted version's full text.
pub fn render(certificate: &ConsentCertificate, policy_text: &str, locale: Locale) -> Vec<u8> {
    let l = labels(locale);
    let pages = lay_out(certificate, policy_text, l).pages;
    let total = pages.len();
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let regular_id = Ref::new(3);
    let bold_id = Ref::new(4);
    let info_id = Ref::new(5);
    let first_page = 6;
    let page_ids: Vec<Ref> = (0..total)
        .map(|i| Ref::new(first_page + 2 * i32::try_from(i).unwrap_or(0)))
        .collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(i32::try_from(total).unwrap_or(i32::MAX));
    for (id, name) in [(regular_id, "Helvetica"), (bold_id, "Helvetica-Bold")] {
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info_id)
        .title(TextStr(l.title))
        .producer(TextStr("marketing-afiliados"));
    for (index, (lines, page_id)) in pages.iter().zip(&page_ids).enumerate() {
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(*page_id);
        page.parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_id);
        page.resources()
            .fonts()
            .pair(REGULAR, regular_id)
            .pair(BOLD, bold_id);
        page.finish();
        let mut content = Content::new();
        for line in lines {
            show(&mut content, line);
        }
        // The checksum is pure ASCII, so it stays a literal string in the content stream.
        let footer = format!("SHA-256: {}", certificate.checksum);
        show(
            &mut content,
            &Line {
                x: MARGIN,
                y: FOOTER_Y,
                size: 7.5,
                bold: false,
                text: footer,
            },
        );
        let number = format!("{} {} / {total}", l.page, index + 1);
        let width = text_width(&number, 7.5, false);
        show(
            &mut content,
            &Line {
                x: PAGE_WIDTH - MARGIN - width,
                y: FOOTER_Y,
                size: 7.5,
                bold: false,
                text: number,
            },
        );
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}
