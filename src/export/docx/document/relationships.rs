//! The document's relationship ids to what it refers to outside itself,
//! allocated here rather than by docx-rs's process-wide counters, so that
//! they depend only on the document.

use crate::doc::{Image, ImageFormat};

/// The one allocator of a document's relationship ids: `rIdLink{n}` for
/// the `n`th hyperlink, `rIdLogo{n}` for the `n`th distinct picture (a
/// picture used twice refers to one media file).
#[derive(Default)]
pub(in crate::export::docx) struct RelationshipIds {
    links: Vec<String>,
    pictures: Vec<Image>,
}

impl RelationshipIds {
    /// The id of a new hyperlink to `target`.
    pub fn link(&mut self, target: &str) -> String {
        self.links.push(target.to_string());
        format!("rIdLink{}", self.links.len())
    }

    /// The id of `image`'s media file, the same for the same bytes.
    pub fn picture(&mut self, image: &Image) -> String {
        let n = match self.pictures.iter().position(|i| i.bytes == image.bytes) {
            Some(n) => n,
            None => {
                self.pictures.push(image.clone());
                self.pictures.len() - 1
            }
        };
        picture_id(n)
    }

    /// Hyperlink targets in order: `rIdLink{n}` is `links[n - 1]`.
    pub fn links(&self) -> &[String] {
        &self.links
    }

    /// Each distinct picture's id and format.
    pub fn media(&self) -> Vec<(String, ImageFormat)> {
        self.pictures
            .iter()
            .enumerate()
            .map(|(n, image)| (picture_id(n), image.format))
            .collect()
    }
}

/// The id of the `n`th distinct picture (from 0), which docx-rs also names
/// the media file with.
fn picture_id(n: usize) -> String {
    format!("rIdLogo{}", n + 1)
}
