//! The tagged PDF's logical structure, added with lopdf to the document
//! printpdf saved.
//!
//! While drawing, every page recorded which structure node each of its
//! marked-content ids (MCIDs) belongs to, and which link node each of its
//! link annotations belongs to ([`PageTags`]). From those and the layout's
//! nodes this module writes the structure tree (one structure element per
//! node that has content, children in reading order), the parent tree that
//! leads from content back to its element, each page's `/StructParents`
//! and `/Tabs /S`, and each link annotation as an indirect object with its
//! `/StructParent`, the print flag and its text as `/Contents`.
//!
//! Reading order: block nodes (paragraphs, lists, tables…) are children of
//! their parent in the order the layout made them, which is document order;
//! a paragraph's (or cell's, or heading's) own content, its marked-content
//! sequences, links and spans in another language, comes in the order it
//! was drawn, page after page, so a paragraph split over two pages is one
//! element with content on both.

use std::collections::HashMap;

use lopdf::{Dictionary, Object, ObjectId};

use super::file::Serialized;
use super::text::text_string;
use crate::layout::{Item, Node, NodeId, PagedDocument, Role, Tag};

/// What one page's content was tagged with.
#[derive(Debug, Default)]
pub(super) struct PageTags {
    /// The node of each marked-content id on the page (the MCID is the
    /// index), in the order the content was drawn.
    pub mcids: Vec<NodeId>,
    /// The link node of each link annotation on the page, in order.
    pub links: Vec<NodeId>,
}

impl PageTags {
    /// A new marked-content id for content of `node`.
    pub fn mcid(&mut self, node: NodeId) -> i64 {
        self.mcids.push(node);
        (self.mcids.len() - 1) as i64
    }
}

/// A structure element's child.
#[derive(Debug, Clone, Copy)]
enum Kid {
    Node(NodeId),
    Content { page: usize, mcid: usize },
    Annotation { page: usize, id: ObjectId },
}

/// The standard structure type of `role`.
pub(super) fn type_name(role: Role) -> &'static str {
    match role {
        Role::Document => "Document",
        Role::Heading(1) => "H1",
        Role::Heading(2) => "H2",
        Role::Heading(_) => "H3",
        Role::Paragraph => "P",
        Role::List { .. } => "L",
        Role::ListItem => "LI",
        Role::Label => "Lbl",
        Role::ListBody => "LBody",
        Role::Table => "Table",
        Role::TableHead => "THead",
        Role::TableBody => "TBody",
        Role::TableRow => "TR",
        Role::HeaderCell => "TH",
        Role::DataCell => "TD",
        Role::Link => "Link",
        Role::Span => "Span",
        Role::Figure => "Figure",
        Role::Note(_) => "Note",
    }
}

/// The structure element id of endnote `number` (PDF/UA-1 7.9: every
/// note has one, unique in the document).
pub(super) fn note_id(number: u32) -> String {
    format!("note-{number}")
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// The text of each link node: its runs' text in drawing order (taken
/// before the pages' items are drawn and dropped).
pub(super) fn link_texts(laid: &PagedDocument) -> HashMap<NodeId, String> {
    let mut texts: HashMap<NodeId, String> = HashMap::new();
    for item in laid.pages.iter().flat_map(|p| &p.items) {
        if let Item::Text {
            run,
            tag: Tag::Node(id),
            ..
        } = item
            && laid.structure[*id as usize].role == Role::Link
        {
            texts.entry(*id).or_default().push_str(&run.text);
        }
    }
    texts
}

/// Writes the structure tree for `laid`, whose pages (`page_ids`, in
/// order) were drawn with `tags`, and marks the catalog as tagged; `texts`
/// is [`link_texts`] of its pages. The structure elements, numbered in
/// `lo`, are returned as their bytes: a long document has tens of
/// thousands.
pub(super) fn write(
    lo: &mut lopdf::Document,
    laid: &PagedDocument,
    texts: &HashMap<NodeId, String>,
    tags: &[PageTags],
    page_ids: &[ObjectId],
    catalog_id: ObjectId,
) -> lopdf::Result<Serialized> {
    let nodes: &[Node] = &laid.structure;
    let n = nodes.len();
    let mut kids: Vec<Vec<Kid>> = vec![Vec::new(); n];
    let mut attached = vec![false; n];
    if n > 0 {
        attached[0] = true;
    }
    for (id, node) in nodes.iter().enumerate().skip(1) {
        if let Some(parent) = node.parent
            && !node.role.is_inline()
        {
            kids[parent as usize].push(Kid::Node(id as NodeId));
            attached[id] = true;
        }
    }
    // Inline nodes take their place among their parent's content when
    // their first content is drawn.
    let mut attach = |id: NodeId, kids: &mut Vec<Vec<Kid>>| {
        let id = id as usize;
        if id < n && !attached[id] {
            attached[id] = true;
            let parent = nodes[id].parent.unwrap_or(0) as usize;
            kids[parent].push(Kid::Node(id as NodeId));
        }
    };

    // Link annotations become indirect objects, keyed in the parent tree
    // after the pages.
    let mut annotation_keys: Vec<(i64, NodeId)> = Vec::new();
    let mut next_key = page_ids.len() as i64;
    for (page, (&page_id, page_tags)) in page_ids.iter().zip(tags).enumerate() {
        for (mcid, &node) in page_tags.mcids.iter().enumerate() {
            attach(node, &mut kids);
            if (node as usize) < n {
                kids[node as usize].push(Kid::Content { page, mcid });
            }
        }
        let annots = match lo.get_dictionary(page_id)?.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        let mut refs = Vec::with_capacity(annots.len());
        for (k, annot) in annots.into_iter().enumerate() {
            let Object::Dictionary(mut dict) = annot else {
                refs.push(annot);
                continue;
            };
            let node = page_tags.links.get(k).copied().unwrap_or(0);
            let url = dict
                .get(b"A")
                .and_then(Object::as_dict)
                .and_then(|a| a.get(b"URI"))
                .and_then(Object::as_str)
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default();
            let text = texts
                .get(&node)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or(url);
            dict.set("F", Object::Integer(4));
            dict.set("Contents", text_string(&text));
            dict.set("StructParent", Object::Integer(next_key));
            dict.set("P", Object::Reference(page_id));
            let id = lo.add_object(Object::Dictionary(dict));
            refs.push(Object::Reference(id));
            attach(node, &mut kids);
            if (node as usize) < n {
                kids[node as usize].push(Kid::Annotation { page, id });
            }
            annotation_keys.push((next_key, node));
            next_key += 1;
        }
        let dict = lo.get_dictionary_mut(page_id)?;
        if refs.is_empty() {
            dict.remove(b"Annots");
        } else {
            dict.set("Annots", Object::Array(refs));
        }
        dict.set("Tabs", name("S"));
        dict.set("StructParents", Object::Integer(page as i64));
    }

    // One element per attached node.
    let mut elements = Serialized::default();
    // The notes' ids and elements, for the ID tree.
    let mut note_ids: Vec<(String, ObjectId)> = Vec::new();
    let root_id = lo.new_object_id();
    let elem_ids: Vec<Option<ObjectId>> = (0..n)
        .map(|id| attached[id].then(|| lo.new_object_id()))
        .collect();
    for (id, node) in nodes.iter().enumerate() {
        let Some(elem_id) = elem_ids[id] else {
            continue;
        };
        let mut d = Dictionary::new();
        d.set("Type", name("StructElem"));
        d.set("S", name(type_name(node.role)));
        let parent = node
            .parent
            .and_then(|p| elem_ids[p as usize])
            .unwrap_or(root_id);
        d.set("P", Object::Reference(parent));
        let home = kids[id].iter().find_map(|k| match k {
            Kid::Content { page, .. } => Some(*page),
            _ => None,
        });
        if let Some(page) = home {
            d.set("Pg", Object::Reference(page_ids[page]));
        }
        let k: Vec<Object> = kids[id]
            .iter()
            .filter_map(|kid| {
                Some(match *kid {
                    Kid::Node(child) => Object::Reference(elem_ids[child as usize]?),
                    Kid::Content { page, mcid } if Some(page) == home => {
                        Object::Integer(mcid as i64)
                    }
                    Kid::Content { page, mcid } => {
                        let mut mcr = Dictionary::new();
                        mcr.set("Type", name("MCR"));
                        mcr.set("Pg", Object::Reference(page_ids[page]));
                        mcr.set("MCID", Object::Integer(mcid as i64));
                        Object::Dictionary(mcr)
                    }
                    Kid::Annotation { page, id } => {
                        let mut objr = Dictionary::new();
                        objr.set("Type", name("OBJR"));
                        objr.set("Pg", Object::Reference(page_ids[page]));
                        objr.set("Obj", Object::Reference(id));
                        Object::Dictionary(objr)
                    }
                })
            })
            .collect();
        d.set("K", Object::Array(k));
        if let Some(lang) = &node.lang {
            d.set("Lang", Object::string_literal(lang.as_str()));
        }
        if let Some(actual) = &node.actual {
            d.set("ActualText", text_string(actual));
        }
        if let Some(alt) = &node.alt {
            d.set("Alt", text_string(alt));
        }
        match node.role {
            Role::HeaderCell => {
                let mut a = Dictionary::new();
                a.set("O", name("Table"));
                a.set("Scope", name("Column"));
                d.set("A", Object::Dictionary(a));
            }
            Role::List { ordered } => {
                let mut a = Dictionary::new();
                a.set("O", name("List"));
                a.set(
                    "ListNumbering",
                    name(if ordered { "Decimal" } else { "Disc" }),
                );
                d.set("A", Object::Dictionary(a));
            }
            Role::Note(number) => {
                let id = note_id(number);
                d.set("ID", Object::string_literal(id.as_str()));
                note_ids.push((id, elem_id));
            }
            _ => {}
        }
        elements.push(elem_id, &Object::Dictionary(d));
    }

    // The parent tree: for each page the element of each of its MCIDs,
    // then each annotation's element.
    let mut nums: Vec<Object> = Vec::new();
    for (page, page_tags) in tags.iter().enumerate().take(page_ids.len()) {
        nums.push(Object::Integer(page as i64));
        let refs = page_tags
            .mcids
            .iter()
            .map(|&node| {
                elem_ids
                    .get(node as usize)
                    .copied()
                    .flatten()
                    .map_or(Object::Null, Object::Reference)
            })
            .collect();
        nums.push(Object::Array(refs));
    }
    for (key, node) in annotation_keys {
        if let Some(Some(id)) = elem_ids.get(node as usize) {
            nums.push(Object::Integer(key));
            nums.push(Object::Reference(*id));
        }
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree_id = lo.add_object(Object::Dictionary(parent_tree));

    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    if let Some(Some(doc_elem)) = elem_ids.first() {
        root.set("K", Object::Reference(*doc_elem));
    }
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set("ParentTreeNextKey", Object::Integer(next_key));
    if !note_ids.is_empty() {
        // A name tree's keys are sorted by their bytes.
        note_ids.sort();
        let names = (note_ids.into_iter())
            .flat_map(|(id, elem)| [Object::string_literal(id), Object::Reference(elem)])
            .collect();
        let mut tree = Dictionary::new();
        tree.set("Names", Object::Array(names));
        root.set("IDTree", Object::Dictionary(tree));
    }
    lo.objects.insert(root_id, Object::Dictionary(root));

    let catalog = lo.get_dictionary_mut(catalog_id)?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    Ok(elements)
}
