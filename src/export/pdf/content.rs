//! A page's content stream, written as bytes while the page is drawn
//! (ISO 32000-1, 7.8.2 and 8.2): each operation appends its operands and
//! operator, so a drawn page is one buffer, not a list of operation values.
//!
//! Numbers are written with at most three decimals (a thousandth of a
//! point, or of a text-space unit), names escaped as 7.3.5 says, strings
//! as hexadecimal. Nothing here knows fonts or structure: the caller hands
//! over glyph codes and marked-content properties.

use std::fmt::Write as _;

use crate::doc::style::Color;

/// A value in a marked-content property list.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Property<'a> {
    Int(i64),
    Name(&'a str),
    /// Bytes written as a hexadecimal string (a text string is UTF-16BE
    /// with its byte-order mark).
    Bytes(&'a [u8]),
}

/// A content stream being written.
#[derive(Debug, Default)]
pub(super) struct Content {
    bytes: Vec<u8>,
}

impl Content {
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    fn op(&mut self, operator: &str) {
        self.bytes.extend_from_slice(operator.as_bytes());
        self.bytes.push(b'\n');
    }

    fn number(&mut self, v: f32) {
        push_number(&mut self.bytes, v);
        self.bytes.push(b' ');
    }

    fn name(&mut self, name: &str) {
        push_name(&mut self.bytes, name);
        self.bytes.push(b' ');
    }

    /// `q`: saves the graphics state.
    pub fn save(&mut self) {
        self.op("q");
    }

    /// `Q`: restores the graphics state.
    pub fn restore(&mut self) {
        self.op("Q");
    }

    /// `cm`: concatenates `[a b c d e f]` to the transformation matrix.
    pub fn transform(&mut self, matrix: [f32; 6]) {
        for v in matrix {
            self.number(v);
        }
        self.op("cm");
    }

    /// `Do`: paints the XObject of resource name `name`.
    pub fn draw_xobject(&mut self, name: &str) {
        self.name(name);
        self.op("Do");
    }

    /// `rg`: the fill colour, in DeviceRGB.
    pub fn fill_color(&mut self, c: Color) {
        let c = c.clamped();
        for v in [c.r, c.g, c.b] {
            self.number(v);
        }
        self.op("rg");
    }

    /// `RG`: the stroke colour, in DeviceRGB.
    pub fn stroke_color(&mut self, c: Color) {
        let c = c.clamped();
        for v in [c.r, c.g, c.b] {
            self.number(v);
        }
        self.op("RG");
    }

    /// `w`: the line width.
    pub fn line_width(&mut self, width: f32) {
        self.number(width);
        self.op("w");
    }

    /// `re f`: fills a rectangle.
    pub fn fill_rect(&mut self, x: f32, y: f32, width: f32, height: f32) {
        for v in [x, y, width, height] {
            self.number(v);
        }
        self.op("re");
        self.op("f");
    }

    /// `m l S`: strokes a straight line.
    pub fn line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32)) {
        self.number(x1);
        self.number(y1);
        self.op("m");
        self.number(x2);
        self.number(y2);
        self.op("l");
        self.op("S");
    }

    /// `BT`: begins a text object.
    pub fn begin_text(&mut self) {
        self.op("BT");
    }

    /// `ET`: ends a text object.
    pub fn end_text(&mut self) {
        self.op("ET");
    }

    /// `Tf`: the font of resource name `name` at `size`.
    pub fn font(&mut self, name: &str, size: f32) {
        self.name(name);
        self.number(size);
        self.op("Tf");
    }

    /// `Td`: moves to the start of the next line, offset from the current
    /// line's start.
    pub fn move_text(&mut self, dx: f32, dy: f32) {
        self.number(dx);
        self.number(dy);
        self.op("Td");
    }

    /// `TJ`: shows glyphs with adjustments between them, as the returned
    /// array is given them; the array ends when it is dropped.
    pub fn show(&mut self) -> TextArray<'_> {
        self.bytes.push(b'[');
        TextArray {
            bytes: &mut self.bytes,
            in_string: false,
        }
    }

    /// `BMC`: begins a marked-content sequence without properties.
    pub fn begin_marked(&mut self, tag: &str) {
        self.name(tag);
        self.op("BMC");
    }

    /// `BDC`: begins a marked-content sequence with an inline property
    /// list, whose keys are written in the order given.
    pub fn begin_marked_with(&mut self, tag: &str, properties: &[(&str, Property<'_>)]) {
        self.name(tag);
        self.bytes.extend_from_slice(b"<<");
        for (key, value) in properties {
            push_name(&mut self.bytes, key);
            self.bytes.push(b' ');
            match value {
                Property::Int(v) => {
                    let _ = write!(Bytes(&mut self.bytes), "{v}");
                }
                Property::Name(name) => push_name(&mut self.bytes, name),
                Property::Bytes(data) => {
                    self.bytes.push(b'<');
                    push_hex(&mut self.bytes, data);
                    self.bytes.push(b'>');
                }
            }
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(b">> ");
        self.op("BDC");
    }

    /// `EMC`: ends the innermost marked-content sequence.
    pub fn end_marked(&mut self) {
        self.op("EMC");
    }
}

/// The array of a `TJ` being written: glyph codes (two bytes each,
/// Identity-H) and adjustments in thousandths of a text-space unit.
pub(super) struct TextArray<'c> {
    bytes: &'c mut Vec<u8>,
    in_string: bool,
}

impl TextArray<'_> {
    pub fn code(&mut self, code: u16) {
        if !self.in_string {
            self.bytes.push(b'<');
            self.in_string = true;
        }
        push_hex(self.bytes, &code.to_be_bytes());
    }

    pub fn adjust(&mut self, v: f32) {
        self.close_string();
        self.bytes.push(b' ');
        push_number(self.bytes, v);
        self.bytes.push(b' ');
    }

    fn close_string(&mut self) {
        if self.in_string {
            self.bytes.push(b'>');
            self.in_string = false;
        }
    }
}

impl Drop for TextArray<'_> {
    fn drop(&mut self) {
        self.close_string();
        self.bytes.extend_from_slice(b"] TJ\n");
    }
}

/// `fmt::Write` into a byte buffer.
struct Bytes<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// `v` with at most three decimals and no trailing zeros; not a number or
/// an infinity (which PDF cannot say) is 0.
pub(super) fn push_number(out: &mut Vec<u8>, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    let thousandths = (f64::from(v) * 1000.0).round() as i64;
    if thousandths == 0 {
        out.push(b'0');
        return;
    }
    if thousandths < 0 {
        out.push(b'-');
    }
    let abs = thousandths.unsigned_abs();
    let (whole, frac) = (abs / 1000, abs % 1000);
    let _ = write!(Bytes(out), "{whole}");
    if frac != 0 {
        let digits = format!("{frac:03}");
        out.push(b'.');
        out.extend_from_slice(digits.trim_end_matches('0').as_bytes());
    }
}

/// `/name`, with every byte outside the regular characters written `#xx`.
fn push_name(out: &mut Vec<u8>, name: &str) {
    out.push(b'/');
    for &b in name.as_bytes() {
        let regular = b.is_ascii_graphic()
            && !matches!(
                b,
                b'#' | b'/' | b'%' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}'
            );
        if regular {
            out.push(b);
        } else {
            let _ = write!(Bytes(out), "#{b:02X}");
        }
    }
}

fn push_hex(out: &mut Vec<u8>, data: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in data {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content as Parsed;
    use lopdf::{Object, StringFormat};

    fn number(v: f32) -> String {
        let mut out = Vec::new();
        push_number(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_have_at_most_three_decimals_and_no_trailing_zeros() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0001), "0");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(-12.5), "-12.5");
        assert_eq!(number(0.1234), "0.123");
        assert_eq!(number(595.2756), "595.276");
        assert_eq!(number(-0.05), "-0.05");
        assert_eq!(number(f32::NAN), "0");
        assert_eq!(number(f32::INFINITY), "0");
    }

    /// What is written reads back, through lopdf's content parser, as the
    /// operations and operands that were meant.
    #[test]
    fn a_stream_reads_back_as_its_operations() {
        let mut c = Content::default();
        c.begin_marked_with(
            "Span",
            &[
                ("MCID", Property::Int(7)),
                ("ActualText", Property::Bytes(&[0xFE, 0xFF, 0, b'a'])),
            ],
        );
        c.begin_text();
        c.font("UPRBRR", 10.5);
        c.fill_color(Color::rgb8(0x1f, 0x3a, 0x5f));
        c.move_text(72.0, -700.25);
        {
            let mut tj = c.show();
            tj.code(0x12);
            tj.code(0x1A2B);
            tj.adjust(-12.5);
            tj.code(3);
        }
        c.end_text();
        c.end_marked();
        c.begin_marked("Artifact");
        c.line((1.0, 2.0), (3.0, 4.0));
        c.end_marked();
        c.begin_marked_with("Odd name(1)", &[("Type", Property::Name("Pagination"))]);
        c.end_marked();
        let parsed = Parsed::decode(&c.into_bytes()).unwrap();
        let ops: Vec<&str> = parsed
            .operations
            .iter()
            .map(|o| o.operator.as_str())
            .collect();
        assert_eq!(
            ops,
            [
                "BDC", "BT", "Tf", "rg", "Td", "TJ", "ET", "EMC", "BMC", "m", "l", "S", "EMC",
                "BDC", "EMC"
            ]
        );
        let bdc = &parsed.operations[0].operands;
        assert_eq!(bdc[0], Object::Name(b"Span".to_vec()));
        let props = bdc[1].as_dict().unwrap();
        assert_eq!(props.get(b"MCID").unwrap().as_i64().unwrap(), 7);
        assert_eq!(
            props.get(b"ActualText").unwrap(),
            &Object::String(vec![0xFE, 0xFF, 0, b'a'], StringFormat::Hexadecimal)
        );
        let tj = parsed.operations[5].operands[0].as_array().unwrap();
        assert_eq!(tj.len(), 3);
        assert_eq!(
            tj[0],
            Object::String(vec![0, 0x12, 0x1A, 0x2B], StringFormat::Hexadecimal)
        );
        assert_eq!(tj[1].as_float().unwrap(), -12.5);
        let odd = &parsed.operations[13].operands[0];
        assert_eq!(odd, &Object::Name(b"Odd name(1)".to_vec()));
    }
}
