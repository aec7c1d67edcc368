//! The page layout every generated PDF shares (consent certificates, monthly statements,
//! withholding certificates): A4 pages, standard Helvetica fonts with WinAnsiEncoding (nothing
//! embedded), text laid out top to bottom with wrapping, and a footer line on every page. Content
//! streams are left uncompressed so tests can find the printed text byte for byte.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::text::{encode, text_width, wrap};

/// A4 width in points.
pub const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
/// Left and right margin.
pub const MARGIN: f32 = 56.0;
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

/// Where a table cell's text sits inside its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// From the column's left edge (text).
    Left,
    /// Against the column's right edge (amounts, so digits line up).
    Right,
}

/// One column of a table row: its left edge, width, alignment and text.
#[derive(Debug, Clone)]
pub struct Cell {
    /// Left edge, points from the page's left.
    pub x: f32,
    /// Width in points (text wraps inside it).
    pub width: f32,
    /// Alignment.
    pub align: Align,
    /// The text.
    pub text: String,
}

impl Cell {
    /// A left-aligned cell.
    pub fn left(x: f32, width: f32, text: impl Into<String>) -> Cell {
        Cell {
            x,
            width,
            align: Align::Left,
            text: text.into(),
        }
    }

    /// A right-aligned cell.
    pub fn right(x: f32, width: f32, text: impl Into<String>) -> Cell {
        Cell {
            x,
            width,
            align: Align::Right,
            text: text.into(),
        }
    }
}

/// Lays text out top to bottom, opening pages as needed.
pub struct Layout {
    pages: Vec<Vec<Line>>,
    y: f32,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout::new()
    }
}

impl Layout {
    /// One empty page.
    pub fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
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

    /// Vertical space.
    pub fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// A wrapped paragraph at the left margin.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        let leading = size * 1.35;
        for line in wrap(text, size, bold, PAGE_WIDTH - 2.0 * MARGIN) {
            self.reserve(leading);
            self.y -= leading;
            self.push(MARGIN, size, bold, line);
        }
    }

    /// A section heading with some space before it.
    pub fn heading(&mut self, text: &str) {
        self.reserve(40.0);
        self.gap(10.0);
        self.paragraph(text, 12.0, true);
        self.gap(2.0);
    }

    /// `label` in bold on the left, `value` wrapped in the value column.
    pub fn field(&mut self, label: &str, value: &str) {
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

    /// One table row: every cell wrapped in its column, the row as tall as its tallest cell and
    /// never split across pages.
    pub fn row(&mut self, cells: &[Cell], size: f32, bold: bool) {
        let leading = size * 1.35;
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .map(|cell| wrap(&cell.text, size, bold, cell.width))
            .collect();
        let rows = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        self.reserve(leading * rows as f32);
        for index in 0..rows {
            self.y -= leading;
            for (cell, lines) in cells.iter().zip(&wrapped) {
                if let Some(text) = lines.get(index) {
                    let x = match cell.align {
                        Align::Left => cell.x,
                        Align::Right => cell.x + cell.width - text_width(text, size, bold),
                    };
                    self.push(x, size, bold, text.clone());
                }
            }
        }
    }
}

fn show(content: &mut Content, line: &Line) {
    content.begin_text();
    content.set_font(if line.bold { BOLD } else { REGULAR }, line.size);
    content.next_line(line.x, line.y);
    content.show(Str(&encode(&line.text)));
    content.end_text();
}

/// The PDF of `layout`: document title `title`, and on every page the footer `footer` on the left
/// and "`page_word` n / total" on the right.
pub fn write(layout: Layout, title: &str, footer: &str, page_word: &str) -> Vec<u8> {
    let pages = layout.pages;
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
        .title(TextStr(title))
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
        show(
            &mut content,
            &Line {
                x: MARGIN,
                y: FOOTER_Y,
                size: 7.5,
                bold: false,
                text: footer.to_owned(),
            },
        );
        let number = format!("{page_word} {} / {total}", index + 1);
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
