//! A reader of the glyph widths in an embedded CID-keyed CFF font program
//! (`/FontFile3 /CIDFontType0C`), to check a CIDFont's `/W` and `/DW`
//! against the program they describe.
//!
//! A glyph's width is the first operand of its Type 2 charstring (Adobe
//! Technical Note #5177) plus the `nominalWidthX` of its Font DICT's
//! Private DICT, when the first stack-clearing operator finds one operand
//! more than it takes, else that Private DICT's `defaultWidthX`. Operands
//! may be pushed before a subroutine call, and the stack-clearing operator
//! may come inside the subroutine: the charstring is run through its
//! calls until that operator.
//!
//! [`Cff::dict_reading_width`] reads a charstring the way a reader that
//! takes its operands for DICT operands (Technical Note #5176) does: byte
//! 29, `callgsubr` in a charstring, is then a 32-bit integer, and the first
//! operator decides. That is how `page_validation` 0.12.2 reads widths.

use std::collections::BTreeMap;

/// The parts of a CID-keyed CFF program that decide its glyphs' widths.
pub struct Cff<'a> {
    charstrings: Vec<&'a [u8]>,
    global_subrs: Vec<&'a [u8]>,
    /// Per Font DICT: `defaultWidthX`, `nominalWidthX`, local subroutines.
    privates: Vec<(f64, f64, Vec<&'a [u8]>)>,
    /// Each glyph's Font DICT.
    fd_select: Vec<u8>,
    /// Each glyph's CID (glyph 0 is CID 0).
    cids: Vec<u16>,
    /// Units per text-space unit times 1000: widths in thousandths of an em.
    scale: f64,
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

/// The items of the INDEX at `at`, and where it ends.
fn index(data: &[u8], at: usize) -> Option<(Vec<&[u8]>, usize)> {
    let count = usize::from(u16_at(data, at)?);
    if count == 0 {
        return Some((Vec::new(), at + 2));
    }
    let size = usize::from(*data.get(at + 2)?);
    if !(1..=4).contains(&size) {
        return None;
    }
    let offset = |k: usize| -> Option<usize> {
        let start = at + 3 + k * size;
        let bytes = data.get(start..start + size)?;
        Some(bytes.iter().fold(0usize, |v, b| (v << 8) | usize::from(*b)))
    };
    let base = at + 3 + (count + 1) * size - 1;
    let mut items = Vec::with_capacity(count);
    for k in 0..count {
        items.push(data.get(base + offset(k)?..base + offset(k + 1)?)?);
    }
    Some((items, base + offset(count)?))
}

/// A DICT number at the start of `bytes` and its length (TN #5176 4).
fn dict_number(bytes: &[u8]) -> Option<(f64, usize)> {
    let b0 = *bytes.first()?;
    Some(match b0 {
        28 => (
            f64::from(i16::from_be_bytes([*bytes.get(1)?, *bytes.get(2)?])),
            3,
        ),
        29 => (
            f64::from(i32::from_be_bytes([
                *bytes.get(1)?,
                *bytes.get(2)?,
                *bytes.get(3)?,
                *bytes.get(4)?,
            ])),
            5,
        ),
        30 => {
            let mut text = String::new();
            let mut len = 1;
            'nibbles: for byte in bytes.get(1..)? {
                len += 1;
                for nibble in [byte >> 4, byte & 15] {
                    match nibble {
                        0..=9 => text.push(char::from(b'0' + nibble)),
                        10 => text.push('.'),
                        11 => text.push('E'),
                        12 => text.push_str("E-"),
                        14 => text.push('-'),
                        15 => break 'nibbles,
                        _ => return None,
                    }
                }
            }
            (text.parse().ok()?, len)
        }
        _ => return short_number(bytes),
    })
}

/// The numbers DICTs and charstrings encode alike.
fn short_number(bytes: &[u8]) -> Option<(f64, usize)> {
    let b0 = *bytes.first()?;
    let b1 = || bytes.get(1).map(|b| f64::from(*b));
    Some(match b0 {
        32..=246 => (f64::from(b0) - 139.0, 1),
        247..=250 => ((f64::from(b0) - 247.0) * 256.0 + b1()? + 108.0, 2),
        251..=254 => (-(f64::from(b0) - 251.0) * 256.0 - b1()? - 108.0, 2),
        _ => return None,
    })
}

/// A charstring number at the start of `bytes` and its length (TN #5177 3.2).
fn charstring_number(bytes: &[u8]) -> Option<(f64, usize)> {
    match *bytes.first()? {
        28 => Some((
            f64::from(i16::from_be_bytes([*bytes.get(1)?, *bytes.get(2)?])),
            3,
        )),
        255 => Some((
            f64::from(i32::from_be_bytes([
                *bytes.get(1)?,
                *bytes.get(2)?,
                *bytes.get(3)?,
                *bytes.get(4)?,
            ])) / 65536.0,
            5,
        )),
        _ => short_number(bytes),
    }
}

/// A DICT's operands by operator (`12 x` as `1200 + x`).
fn dict(bytes: &[u8]) -> Option<BTreeMap<u16, Vec<f64>>> {
    let mut out = BTreeMap::new();
    let mut operands = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if let Some((v, len)) = dict_number(&bytes[at..]) {
            operands.push(v);
            at += len;
            continue;
        }
        let mut op = u16::from(bytes[at]);
        at += 1;
        if op == 12 {
            op = 1200 + u16::from(*bytes.get(at)?);
            at += 1;
        }
        out.insert(op, std::mem::take(&mut operands));
    }
    Some(out)
}

fn offset(d: &BTreeMap<u16, Vec<f64>>, op: u16, k: usize) -> Option<usize> {
    let v = *d.get(&op)?.get(k)?;
    (v >= 0.0).then_some(v as usize)
}

/// The bias of a subroutine index (TN #5177 4.7).
fn bias(count: usize) -> f64 {
    if count < 1240 {
        107.0
    } else if count < 33900 {
        1131.0
    } else {
        32768.0
    }
}

impl<'a> Cff<'a> {
    /// Parses a bare CID-keyed CFF program; `None` for anything else.
    pub fn parse(data: &'a [u8]) -> Option<Cff<'a>> {
        let header = usize::from(*data.get(2)?);
        let (_names, at) = index(data, header)?;
        let (tops, at) = index(data, at)?;
        let (_strings, at) = index(data, at)?;
        let (global_subrs, _) = index(data, at)?;
        let top = dict(tops.first()?)?;
        top.get(&1230)?; // ROS: CID-keyed
        let (charstrings, _) = index(data, offset(&top, 17, 0)?)?;
        let n = charstrings.len();
        let scale = top
            .get(&1207)
            .and_then(|m| m.first().copied())
            .unwrap_or(0.001)
            * 1000.0;

        let (fonts, _) = index(data, offset(&top, 1236, 0)?)?;
        let mut privates = Vec::new();
        for font in fonts {
            let fd = dict(font)?;
            let (size, at) = (offset(&fd, 18, 0)?, offset(&fd, 18, 1)?);
            let private = dict(data.get(at..at + size)?)?;
            let first = |op| private.get(&op).and_then(|v| v.first().copied());
            let subrs = match offset(&private, 19, 0) {
                Some(rel) => index(data, at + rel)?.0,
                None => Vec::new(),
            };
            privates.push((first(20).unwrap_or(0.0), first(21).unwrap_or(0.0), subrs));
        }

        let at = offset(&top, 1237, 0)?;
        let fd_select = match *data.get(at)? {
            0 => data.get(at + 1..at + 1 + n)?.to_vec(),
            3 => {
                let ranges = usize::from(u16_at(data, at + 1)?);
                let mut out = vec![0u8; n];
                for k in 0..ranges {
                    let r = at + 3 + 3 * k;
                    let (first, fd) = (usize::from(u16_at(data, r)?), *data.get(r + 2)?);
                    let end = usize::from(u16_at(data, r + 3)?);
                    for slot in out.get_mut(first..end.min(n))? {
                        *slot = fd;
                    }
                }
                out
            }
            _ => return None,
        };

        let at = offset(&top, 15, 0)?;
        let mut cids = vec![0u16];
        let format = *data.get(at)?;
        let mut pos = at + 1;
        while cids.len() < n {
            let first = u16_at(data, pos)?;
            let (left, len) = match format {
                0 => (0, 2),
                1 => (usize::from(*data.get(pos + 2)?), 3),
                2 => (usize::from(u16_at(data, pos + 2)?), 4),
                _ => return None,
            };
            for k in 0..=left {
                cids.push(first.checked_add(u16::try_from(k).ok()?)?);
            }
            pos += len;
        }
        cids.truncate(n);
        Some(Cff {
            charstrings,
            global_subrs,
            privates,
            fd_select,
            cids,
            scale,
        })
    }

    /// The glyph of `cid`.
    pub fn glyph(&self, cid: u16) -> Option<usize> {
        self.cids.iter().position(|&c| c == cid)
    }

    /// Every CID the program has.
    pub fn cids(&self) -> &[u16] {
        &self.cids
    }

    /// A glyph's width in thousandths of an em, as Type 2 defines it.
    pub fn width(&self, glyph: usize) -> Option<f64> {
        let (default, nominal, local) = self
            .privates
            .get(usize::from(*self.fd_select.get(glyph)?))?;
        let mut stack: Vec<f64> = Vec::new();
        // The charstrings being run, innermost last, each with its position.
        let mut calls: Vec<(&[u8], usize)> = vec![(self.charstrings.get(glyph)?, 0)];
        while let Some((code, at)) = calls.last_mut() {
            let Some(&byte) = code.get(*at) else {
                calls.pop();
                continue;
            };
            if let Some((v, len)) = charstring_number(&code[*at..]) {
                stack.push(v);
                *at += len;
                continue;
            }
            *at += 1;
            let n = stack.len();
            let width = |takes_odd: bool| {
                if takes_odd {
                    Some((nominal + stack[0]) * self.scale)
                } else {
                    Some(default * self.scale)
                }
            };
            match byte {
                10 | 29 => {
                    if calls.len() > 10 {
                        return None;
                    }
                    let subrs: &[&[u8]] = if byte == 10 {
                        local
                    } else {
                        &self.global_subrs
                    };
                    let k = stack.pop()? + bias(subrs.len());
                    let subr = subrs.get(usize::try_from(k as i64).ok()?)?;
                    calls.push((subr, 0));
                }
                11 => {
                    calls.pop();
                }
                1 | 3 | 18 | 23 | 19 | 20 => return width(n % 2 == 1),
                21 => return width(n > 2),
                4 | 22 => return width(n > 1),
                14 => return width(n == 1 || n == 5),
                _ => return None,
            }
        }
        None
    }

    /// A glyph's width as a reader that takes charstring operands for DICT
    /// operands finds it (see the module's documentation).
    pub fn dict_reading_width(&self, glyph: usize) -> Option<f64> {
        let (default, nominal, _) = self
            .privates
            .get(usize::from(*self.fd_select.get(glyph)?))?;
        let code = self.charstrings.get(glyph)?;
        let mut operands: Vec<f64> = Vec::new();
        let mut at = 0;
        while at < code.len() {
            let number = match code[at] {
                29 => dict_number(&code[at..]),
                _ => charstring_number(&code[at..]),
            };
            if let Some((v, len)) = number {
                operands.push(v);
                at += len;
                continue;
            }
            let with_width = if code[at] == 14 {
                operands.len() == 1
            } else {
                operands.len() % 2 == 1
            };
            let w = if with_width {
                nominal + operands[0]
            } else {
                *default
            };
            return Some(w * self.scale);
        }
        None
    }
}
