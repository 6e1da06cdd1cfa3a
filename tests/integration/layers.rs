//! The crate's modules are layers that point one way: a module may use the
//! modules of lower layers, never one of its own layer or a higher one. The
//! test reads every file under `src/`, gives it the layer of its top-level
//! module (`src/build/plan.rs` is `build`), and checks every `crate::` path
//! in its code (in `use` items and inline, in tests too; comments and
//! string literals are not code) against [`LAYERS`]. The binary's
//! `main.rs` is above them all: it uses the library by its name.
//!
//! `doc` is low: it is the format-neutral document (blocks, language tags,
//! images) that the stages fill and the writers read, and it uses nothing
//! but `nfc`. `layout` is below `export`: it measures and places text for
//! any writer.

use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. Modules in one layer do not use each other.
const LAYERS: &[(&str, &[&str])] = &[
    ("text and where it came from", &["nfc", "source"]),
    ("diagnostics", &["diag"]),
    ("the format-neutral document", &["doc"]),
    ("fonts", &["fonts"]),
    (
        "files on disk: atomic writes, the manifest, the lock",
        &["output"],
    ),
    ("which fonts draw what the inputs show", &["coverage"]),
    ("stage 1: reading the input files", &["ingest"]),
    ("stage 2: the checked campaign", &["normalize"]),
    ("stage 3: one view per document", &["assemble"]),
    ("stage 4: templates to documents", &["render"]),
    ("measurement and pages, shared by the writers", &["layout"]),
    ("writers: documents and views to bytes", &["export"]),
    ("loading a campaign through the stages", &["pipeline"]),
    (
        "the build, and the import of the UN's index",
        &["build", "import"],
    ),
    (
        "the drafts, which attach the build's packs, and the record of packs handed over",
        &["mail", "handover"],
    ),
    ("the command line", &["cli"]),
];

/// Imports that break the order today and are being fixed elsewhere: each
/// is (file, module it uses, why it is listed). The test fails when one of
/// them no longer happens, so that the list only ever shrinks: delete the
/// entry then.
const PENDING: &[(&str, &str, &str)] = &[];

/// The layer of a top-level module; `None` for one no layer names.
fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

/// The top-level module a file of `src/` belongs to; `None` for the crate
/// roots.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let module = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(module, "lib" | "main")).then(|| module.to_string())
}

/// `source` without its comments and the contents of its string and
/// character literals (each replaced by a space), so that only code is left.
fn code_of(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut code = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            code.push(' ');
        } else if c == 'r' && matches!(next, Some('"' | '#')) && raw_string_end(&chars, i).is_some()
        {
            i = raw_string_end(&chars, i).unwrap_or(chars.len());
            code.push(' ');
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            code.push(' ');
        } else if c == '\'' && char_literal_end(&chars, i).is_some() {
            i = char_literal_end(&chars, i).unwrap_or(chars.len());
            code.push(' ');
        } else {
            code.push(c);
            i += 1;
        }
    }
    code
}

/// Where the raw string starting at `i` (`r"…"`, `r#"…"#`) ends, just past
/// it; `None` when no raw string starts there.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
    let open = i + 1 + hashes;
    if chars.get(open) != Some(&'"') {
        return None;
    }
    let mut j = open + 1;
    while j < chars.len() {
        if chars[j] == '"'
            && chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// Where the character literal starting at `i` ends, just past it; `None`
/// for a lifetime or a label (`'a`, `'static`).
fn char_literal_end(chars: &[char], i: usize) -> Option<usize> {
    match chars.get(i + 1)? {
        '\\' => {
            let close = (i + 2..chars.len().min(i + 14)).find(|&j| chars[j] == '\'')?;
            Some(close + 1)
        }
        _ => (chars.get(i + 2) == Some(&'\'')).then_some(i + 3),
    }
}

/// The top-level modules every `crate::` path in `code` names: the first
/// segment after `crate::`, or each item's first segment in a group
/// (`crate::{a::X, b}`).
fn crate_paths(code: &str) -> Vec<String> {
    let mut modules = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `upr_brief_crate::`, not this crate
        }
        let rest_trimmed = rest.trim_start();
        if let Some(group) = rest_trimmed.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => items.push(std::mem::take(&mut item)),
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && c != ',' || depth > 1 {
                    item.push(c);
                }
            }
            items.push(item);
            modules.extend(items.iter().filter_map(|i| first_segment(i)));
        } else {
            modules.extend(first_segment(rest_trimmed));
        }
    }
    modules
}

/// The first identifier of a path, unless it is `self`.
fn first_segment(path: &str) -> Option<String> {
    let name: String = path
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name != "self").then_some(name)
}

/// Every use of a module of the same or a higher layer in the file `rel`
/// (relative to `src/`) whose text is `source`, as `"file -> module"`; an
/// error for a module no layer names.
fn violations(rel: &Path, source: &str) -> Result<Vec<String>, String> {
    let Some(module) = module_of(rel) else {
        return Ok(Vec::new());
    };
    let here = layer(&module).ok_or_else(|| format!("no layer names the module `{module}`"))?;
    let mut found = Vec::new();
    for used in crate_paths(&code_of(source)) {
        if used == module {
            continue;
        }
        let there =
            layer(&used).ok_or_else(|| format!("{}: no layer names `{used}`", rel.display()))?;
        let line = format!("src/{} -> {used}", rel.display());
        if there >= here && !found.contains(&line) {
            found.push(line);
        }
    }
    Ok(found)
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(
        files.len() > 50,
        "the sources were not found in {}",
        src.display()
    );
    let mut found = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let source = fs::read_to_string(file).unwrap();
        found.extend(violations(rel, &source).unwrap_or_else(|e| panic!("{e}")));
    }
    let pending: Vec<String> = PENDING
        .iter()
        .map(|(file, module, _)| format!("{file} -> {module}"))
        .collect();
    let new: Vec<&String> = found.iter().filter(|f| !pending.contains(f)).collect();
    assert!(
        new.is_empty(),
        "a module uses one of its own or a higher layer (see LAYERS):\n{}",
        new.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let gone: Vec<&String> = pending.iter().filter(|p| !found.contains(p)).collect();
    assert!(
        gone.is_empty(),
        "fixed, so delete from PENDING:\n{}",
        gone.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_higher_layer_used_from_below_is_found() {
    let source = r#"
//! The doc comment names [`crate::cli`], which is no use of it.
use crate::diag::Diagnostic;
use crate::{nfc, build::BuildRequest};
fn f() -> &'static str {
    let _ = crate::export::Format::Pdf;
    let _ = '"';
    "crate::mail in a string is no use of it"
}
/* crate::pipeline in a block comment is none either */
"#;
    let found = violations(Path::new("normalize/check.rs"), source).unwrap();
    assert_eq!(
        found,
        [
            "src/normalize/check.rs -> build",
            "src/normalize/check.rs -> export"
        ]
    );
    // The same layer is no lower layer either.
    let found = violations(Path::new("build/mod.rs"), "use crate::import::uhri;").unwrap();
    assert_eq!(found, ["src/build/mod.rs -> import"]);
    // A module of the layer itself, and lower ones, are allowed.
    let fine = "use crate::build::plan; use crate::{pipeline::Loaded, output};";
    assert!(
        violations(Path::new("build/scope.rs"), fine)
            .unwrap()
            .is_empty()
    );
    // A module no layer names is an error, not a pass.
    assert!(violations(Path::new("newmodule.rs"), "").is_err());
    assert!(violations(Path::new("cli/mod.rs"), "use crate::newmodule::X;").is_err());
}

#[test]
fn code_keeps_lifetimes_and_drops_literals() {
    let code = code_of("fn f<'a>(x: &'a str) -> char { let _ = r#\"crate::cli\"#; '\\n' }");
    assert!(code.contains("<'a>(x: &'a str)"), "{code}");
    assert!(!code.contains("crate::cli"), "{code}");
    assert_eq!(crate_paths("crate::{a::{B, C}, self, d}"), ["a", "d"]);
}
