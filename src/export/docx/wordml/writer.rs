//! Writing XML with quick-xml: attributes already escaped, empty elements
//! spelled as docx-rs spells them, a writer into memory.

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesEnd, BytesStart, Event};

/// An attribute whose value `text::escape` has escaped already.
pub(crate) fn escaped<'v>(key: &'v str, value: &'v str) -> Attribute<'v> {
    Attribute {
        key: quick_xml::name::QName(key),
        value: std::borrow::Cow::Borrowed(value),
    }
}

/// `e` spelled as docx-rs spells an empty element: a space before `/>`.
pub(crate) fn docx_rs_spelling(e: BytesStart<'_>) -> BytesStart<'static> {
    let name_len = e.name().as_ref().len();
    let mut content = e.to_string();
    content.push(' ');
    BytesStart::from_content(content, name_len)
}

/// quick-xml's writer into memory; writing to a `Vec` cannot fail.
pub(crate) struct Xml(Writer<Vec<u8>>);

impl Xml {
    pub fn new() -> Self {
        Xml(Writer::new(Vec::new()))
    }

    pub fn into_string(self) -> String {
        String::from_utf8(self.0.into_inner()).unwrap_or_default()
    }

    pub fn event(&mut self, e: Event<'_>) {
        let _ = self.0.write_event(e);
    }

    fn start(name: &str, attributes: &[(&str, &str)]) -> BytesStart<'static> {
        let mut e = BytesStart::new(name.to_string());
        for a in attributes {
            e.push_attribute(*a);
        }
        e
    }

    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Start(Self::start(name, attributes)));
    }

    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Empty(Self::start(name, attributes)));
    }

    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }
}
