//! The outline (bookmarks): the headings, nested by level.

use lopdf::{Dictionary, Object, ObjectId};

use super::finite;
use super::text::text_string;
use crate::layout::OutlineEntry;

/// Writes the headings as a nested outline (level 1 > 2 > 3, a skipped level
/// nests under the nearest shallower heading) and returns the root's id.
pub(super) fn write_outline(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    page_ids: &[ObjectId],
) -> ObjectId {
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| lo.new_object_id()).collect();
    // parent[i]: index of the entry's parent, None for top level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries[top].level >= e.level {
                stack.pop();
            } else {
                break;
            }
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    let mut descendants = vec![0i64; entries.len()];
    for i in (0..entries.len()).rev() {
        if let Some(p) = parent[i] {
            descendants[p] += 1 + descendants[i];
        }
    }
    for (i, e) in entries.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            d.set("Count", Object::Integer(descendants[i]));
        }
        let page = page_ids[e.page.min(page_ids.len() - 1)];
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Real(finite(e.left)),
                Object::Real(finite(e.top)),
                Object::Null,
            ]),
        );
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[first]));
        r.set("Last", Object::Reference(ids[last]));
    }
    r.set("Count", Object::Integer(entries.len() as i64));
    lo.objects.insert(root, Object::Dictionary(r));
    root
}
