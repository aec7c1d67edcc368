//! The SVG logo check (ADR 0020): an SVG is accepted only when it parses as well-formed XML and
//! every element, attribute and reference in it is on an allow-list of inert drawing features.
//! Anything else — scripts, event attributes, `<foreignObject>`, external references, CSS
//! blocks, entity declarations, processing instructions — refuses the whole file; nothing is
//! rewritten, so what is stored is exactly what was checked.
//!
//! An allow-list instead of a blocklist because a blocklist must know every way markup can run
//! (`<svg/onload=…>` slipped through the old substring filter); the allow-list needs only to know
//! what a logo draws with.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

const SVG_NS: &[u8] = b"http://www.w3.org/2000/svg";
const XLINK_NS: &[u8] = b"http://www.w3.org/1999/xlink";
const XML_NS: &[u8] = b"http://www.w3.org/XML/1998/namespace";

/// Namespaces of editor metadata (Inkscape, Sodipodi, RDF/Dublin Core/Creative Commons) that no
/// browser renders or runs: tolerated inside the file so exports from common editors pass.
const INERT_NS: [&[u8]; 6] = [
    b"http://www.inkscape.org/namespaces/inkscape",
    b"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    b"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    b"http://creativecommons.org/ns#",
    b"http://purl.org/dc/elements/1.1/",
    b"http://purl.org/dc/terms/",
];

/// SVG elements a logo draws with. No `script`, `style`, `foreignObject`, `image`, `a`,
/// `animate*`/`set` (they can rewrite `href`), `iframe`, `feImage` or `filter` chains.
const ELEMENTS: [&str; 22] = [
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "metadata",
    "symbol",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
];

/// Unprefixed attributes: geometry, presentation and accessibility. No `on*` event attribute,
/// no `href` (checked apart), nothing that loads a resource.
const ATTRIBUTES: [&str; 72] = [
    "id",
    "class",
    "version",
    "baseProfile",
    "viewBox",
    "preserveAspectRatio",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "dx",
    "dy",
    "width",
    "height",
    "d",
    "points",
    "transform",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "mask",
    "maskUnits",
    "maskContentUnits",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "letter-spacing",
    "textLength",
    "lengthAdjust",
    "shape-rendering",
    "text-rendering",
    "vector-effect",
    "enable-background",
    "style",
    "role",
    "aria-label",
    "aria-hidden",
    "data-name",
];

/// CSS properties a `style` attribute may set (the presentation attributes above, as CSS).
const STYLE_PROPERTIES: [&str; 27] = [
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "color",
    "display",
    "visibility",
    "clip-rule",
    "stop-color",
    "stop-opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "letter-spacing",
    "isolation",
    "mix-blend-mode",
    "enable-background",
];

/// Whether `text` is an SVG document made only of allow-listed features.
pub fn is_allowed_svg(text: &str) -> bool {
    check(text).is_some()
}

/// Where an element's or attribute's name points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Space {
    /// No namespace (an unprefixed attribute).
    None,
    /// SVG.
    Svg,
    /// `xlink:`.
    Xlink,
    /// `xml:`.
    Xml,
    /// Editor metadata, never rendered.
    Inert,
    /// Anything else, including XHTML and undeclared prefixes.
    Other,
}

fn space(result: &ResolveResult<'_>) -> Space {
    match result {
        ResolveResult::Unbound => Space::None,
        ResolveResult::Unknown(_) => Space::Other,
        ResolveResult::Bound(ns) => match ns.0 {
            SVG_NS => Space::Svg,
            XLINK_NS => Space::Xlink,
            XML_NS => Space::Xml,
            other if INERT_NS.contains(&other) => Space::Inert,
            _ => Space::Other,
        },
    }
}

/// `Some(())` when allowed; `None` at the first refusal.
fn check(text: &str) -> Option<()> {
    let mut reader = NsReader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    // `<a/>` arrives as Start + End, so depth bookkeeping has one path.
    config.expand_empty_elements = true;
    let mut depth = 0_usize;
    let mut seen_root = false;
    // Depth at which an inert metadata subtree started (inside it, only inert namespaces).
    let mut inert_from: Option<usize> = None;
    loop {
        let (namespace, event) = reader.read_resolved_event().ok()?;
        let element_space = space(&namespace);
        match event {
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Text(text) => {
                // Outside the root, only whitespace.
                if depth == 0 && !text.iter().all(u8::is_ascii_whitespace) {
                    return None;
                }
            }
            Event::GeneralRef(reference) => {
                // Only the predefined entities and character references: no DTD may define more.
                let name: &[u8] = &reference;
                let predefined = matches!(name, b"lt" | b"gt" | b"amp" | b"apos" | b"quot");
                if depth == 0 || !(predefined || name.first() == Some(&b'#')) {
                    return None;
                }
            }
            Event::Start(element) => {
                let local = std::str::from_utf8(element.local_name().into_inner()).ok()?;
                if depth == 0 {
                    if seen_root || element_space != Space::Svg || local != "svg" {
                        return None;
                    }
                    seen_root = true;
                }
                if element_space == Space::Inert {
                    inert_from.get_or_insert(depth);
                } else if inert_from.is_some()
                    || element_space != Space::Svg
                    || !ELEMENTS.contains(&local)
                {
                    return None;
                }
                check_attributes(&reader, &element, inert_from.is_some())?;
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                if inert_from == Some(depth) {
                    inert_from = None;
                }
            }
            Event::Eof => return (seen_root && depth == 0).then_some(()),
            // CDATA (only scripts and styles need it), processing instructions (an
            // `xml-stylesheet` loads CSS or XSLT) and any DOCTYPE (entities) refuse the file.
            Event::CData(_) | Event::PI(_) | Event::DocType(_) | Event::Empty(_) => return None,
        }
    }
}

/// Every attribute of `element` is allowed, and so is its value.
fn check_attributes(reader: &NsReader<&[u8]>, element: &BytesStart<'_>, inert: bool) -> Option<()> {
    for attribute in element.attributes() {
        let attribute = attribute.ok()?;
        let key = attribute.key.as_ref();
        // XML 1.0 normalisation: entities and character references resolved, whitespace as spaces.
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?;
        // Namespace declarations only bind prefixes; what the names resolve to is checked.
        if key == b"xmlns" || key.starts_with(b"xmlns:") {
            continue;
        }
        let (result, local) = reader.resolver().resolve_attribute(attribute.key);
        let local = std::str::from_utf8(local.into_inner()).ok()?;
        let allowed = match space(&result) {
            // Editor attributes on editor elements are never rendered; event attributes are
            // refused there too, should a browser ever bind them.
            Space::None if inert => !local.to_ascii_lowercase().starts_with("on"),
            Space::None if local == "href" => local_reference(&value),
            Space::None if local == "style" => allowed_style(&value),
            Space::None => ATTRIBUTES.contains(&local) && local_urls_only(&value),
            Space::Xlink => local == "href" && local_reference(&value),
            Space::Xml => matches!(local, "space" | "lang"),
            Space::Inert => true,
            Space::Svg | Space::Other => false,
        };
        if !allowed {
            return None;
        }
    }
    Some(())
}

/// `#id`: a reference inside the document, never a URL.
fn local_reference(value: &str) -> bool {
    value.trim_start().starts_with('#')
}

/// Every `url(…)` in `value` points inside the document (`url(#grad)`, `url('#grad')`).
fn local_urls_only(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.match_indices("url(").all(|(index, _)| {
        lower[index + 4..]
            .trim_start_matches([' ', '\t', '\n', '\r', '\'', '"'])
            .starts_with('#')
    })
}

/// A `style` attribute of `property: value` declarations, each property a presentation
/// property and each value plain: colours, numbers, lengths, names, local `url(#…)` and the
/// colour functions. No escapes, comments, `@` rules or other functions.
fn allowed_style(style: &str) -> bool {
    style
        .split(';')
        .map(str::trim)
        .filter(|declaration| !declaration.is_empty())
        .all(|declaration| {
            let Some((property, value)) = declaration.split_once(':') else {
                return false;
            };
            let property = property.trim().to_ascii_lowercase();
            let value = value.trim();
            STYLE_PROPERTIES.contains(&property.as_str())
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " \t#.,%-+()'\"!".contains(c))
                && functions_allowed(value)
        })
}

/// Every `(` follows `rgb`, `rgba`, `hsl`, `hsla` or a local `url(`.
fn functions_allowed(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    lower.match_indices('(').all(|(index, _)| {
        let name = lower[..index]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .next()
            .unwrap_or_default();
        matches!(name, "rgb" | "rgba" | "hsl" | "hsla")
            || (name == "url" && local_urls_only(&lower[index - 3..]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns="http://www.w3.org/2000/svg""#;

    fn svg(body: &str) -> String {
        format!(r#"<svg {NS} viewBox="0 0 10 10">{body}</svg>"#)
    }

    #[test]
    fn plain_drawings_from_editors_pass() {
        assert!(is_allowed_svg(&svg(
            r#"<rect width="10" height="10" fill="red"/>"#
        )));
        assert!(is_allowed_svg(&format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Generator: Illustrator -->\n{}\n",
            svg(
                r##"<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
                <path d="M0 0h10v10z" fill="url(#g)" style="fill-opacity:0.5; stroke: rgb(0, 0, 0)"/>
                <use href="#g" x="1"/><text x="1" y="9" font-family="'Open Sans'">A &amp; B &#169;</text>"##
            )
        )));
        assert!(is_allowed_svg(concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" "#,
            r#"xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" "#,
            r#"xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" "#,
            r##"xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" inkscape:version="1.3">"##,
            r##"<sodipodi:namedview pagecolor="#ffffff" inkscape:zoom="1"/>"##,
            r#"<metadata><rdf:RDF><rdf:Description rdf:about=""/></rdf:RDF></metadata>"#,
            r##"<g inkscape:label="Layer 1"><use xlink:href="#p"/><path id="p" d="M0 0"/></g></svg>"##,
        )));
    }

    #[test]
    fn known_xss_vectors_are_refused() {
        let vectors = [
            "<svg/onload=alert(1)>".to_owned(),
            format!("<svg {NS} onload=\"alert(1)\"/>"),
            svg("<script>alert(1)</script>"),
            svg("<script><![CDATA[alert(1)]]></script>"),
            svg(r#"<a href="javascript:alert(1)"><rect width="1" height="1"/></a>"#),
            svg(
                r#"<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="javascript:alert(1)"/>"#,
            ),
            svg(r#"<use href="https://evil.example/x.svg#a"/>"#),
            svg(r#"<use href="data:image/svg+xml;base64,PHN2Zz4="/>"#),
            svg(
                r#"<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>"#,
            ),
            svg(r#"<rect width="1" height="1" onclick="alert(1)"/>"#),
            svg(r#"<rect width="1" height="1" ONMOUSEOVER="alert(1)"/>"#),
            svg(r#"<image href="https://evil.example/a.png"/>"#),
            svg(r#"<animate attributeName="href" to="javascript:alert(1)"/>"#),
            svg(r#"<set attributeName="onmouseover" to="alert(1)"/>"#),
            svg(r#"<style>@import url(https://evil.example/a.css);</style>"#),
            svg(r#"<rect fill="url(https://evil.example/t.svg#a)"/>"#),
            svg(r#"<rect style="fill: url(https://evil.example/t)"/>"#),
            svg(r#"<rect style="behavior: url(x.htc)"/>"#),
            svg(r#"<rect style="fill: expression(alert(1))"/>"#),
            svg(r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>"#),
            svg(r#"<x:rect xmlns:x="urn:other"/>"#),
            svg(r#"<undeclared:rect/>"#),
            format!(r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg {NS}>&x;</svg>"#),
            format!(r#"<?xml-stylesheet href="https://evil.example/a.xsl"?><svg {NS}/>"#),
            format!("<svg {NS}><rect></svg>"),
            format!(r#"<html xmlns="http://www.w3.org/1999/xhtml"><svg {NS}/></html>"#),
            "<svg><rect/></svg>".to_owned(),
            format!("<svg {NS}/><svg {NS}/>"),
            format!(
                r#"<svg {NS} xmlns:i="http://www.inkscape.org/namespaces/inkscape"><i:x><rect/></i:x></svg>"#
            ),
            format!(
                r#"<svg {NS} xmlns:i="http://www.inkscape.org/namespaces/inkscape"><i:x onload="alert(1)"/></svg>"#
            ),
        ];
        for vector in &vectors {
            assert!(!is_allowed_svg(vector), "accepted: {vector}");
        }
    }
}
