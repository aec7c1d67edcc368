//! Text for the standard Helvetica fonts of a PDF: WinAnsiEncoding bytes, glyph widths from the
//! Adobe font metrics, and greedy line wrapping to a width in points.

/// Helvetica widths (1/1000 em) of the printable ASCII characters `0x20..=0x7E`.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Helvetica-Bold widths of `0x20..=0x7E`.
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// The WinAnsiEncoding byte of `c`; `?` for characters the encoding lacks. Latin-1 letters
/// (`á é í ó ú ñ ü ¿ ¡` …) keep their code points, which WinAnsi shares in `0xA0..=0xFF`.
pub fn winansi(c: char) -> u8 {
    let code = u32::from(c);
    match c {
        ' '..='~' => code as u8,
        '\u{a0}'..='\u{ff}' => code as u8,
        '\t' => b' ',
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => b'?',
    }
}

/// `text` in WinAnsiEncoding.
pub fn encode(text: &str) -> Vec<u8> {
    text.chars().map(winansi).collect()
}

/// The unaccented ASCII letter whose width an accented Latin letter shares.
fn base_letter(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'A',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'O',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'Ñ' => 'N',
        'Ç' => 'C',
        '¿' => '?',
        '¡' => '!',
        '‘' | '’' | '‚' => '\'',
        '“' | '”' | '„' => '"',
        '–' => '-',
        _ => return None,
    })
}

/// Width of `c` in 1/1000 em (the encoded glyph: unknown characters print as `?`).
fn glyph_width(c: char, bold: bool) -> u16 {
    let table = if bold { &HELVETICA_BOLD } else { &HELVETICA };
    let c = base_letter(c).unwrap_or(c);
    let code = u32::from(c);
    match code {
        0x20..=0x7E => table
            .get(usize::try_from(code - 0x20).unwrap_or(0))
            .copied()
            .unwrap_or(556),
        _ if winansi(c) == b'?' => table[31],
        // Remaining Latin-1 and WinAnsi symbols are close to a digit's width.
        _ => 556,
    }
}

/// Width of `text` in points at `size`.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text.chars().map(|c| u32::from(glyph_width(c, bold))).sum();
    units as f32 * size / 1000.0
}

/// Splits `text` into lines no wider than `width` points: at spaces where possible, inside a word
/// only when the word alone is too wide (hashes, URLs, user agents).
pub fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, bold) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if text_width(&line, size, bold) > width {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_letters_map_to_winansi() {
        assert_eq!(
            encode("Año ñ á é í ó ú ü ¿¡"),
            b"A\xf1o \xf1 \xe1 \xe9 \xed \xf3 \xfa \xfc \xbf\xa1"
        );
        assert_eq!(encode("“x” – €"), b"\x93x\x94 \x96 \x80");
        assert_eq!(encode("漢"), b"?");
    }

    #[test]
    fn widths_follow_the_metrics() {
        assert!((text_width("Hello", 10.0, false) - 22.78).abs() < 0.01);
        assert_eq!(text_width("ñ", 10.0, false), text_width("n", 10.0, false));
        assert!(text_width("Hello", 10.0, true) > text_width("Hello", 10.0, false));
    }

    #[test]
    fn wrapping_respects_the_width() {
        let text = "Términos y condiciones del programa de afiliados Medipiel versión dos";
        let lines = wrap(text, 10.0, false, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 10.0, false) <= 120.0));
        assert_eq!(lines.join(" "), text);
        let hash = "e60c5ae2bc0fe2703b9221a90e96e80115772c7a5401639f3e96b138da6b18ef";
        let pieces = wrap(hash, 10.0, false, 100.0);
        assert!(pieces.len() > 1);
        assert_eq!(pieces.concat(), hash);
        assert_eq!(wrap("", 10.0, false, 100.0), vec![String::new()]);
    }
}
