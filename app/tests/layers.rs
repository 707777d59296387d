//! Layers only point down: the top-level modules of `app/src` are declared, lowest layer
//! first, in the ```layers block of docs/ARCHITECTURE.md, and a module may only use the
//! modules it lists there.
//!
//! The check reads the source text instead of asking the compiler: a reference hidden in a
//! macro body or behind a feature flag counts as much as any other, and the test stays
//! plain std Rust. Comments and literals are blanked first so prose never counts.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

/// Where the crate root's own items land: nothing below the root may reach back up to it.
const ROOT: &str = "lib";

/// The declaration: each module with the modules it may use.
struct Layers {
    allowed: BTreeMap<String, BTreeSet<String>>,
}

/// Reads the first ```layers block of `doc`: `module: dep dep` lines, lowest layer first.
fn parse_declaration(doc: &str) -> Result<Layers, Vec<String>> {
    let mut lines = doc.lines();
    let opening = |l: &str| l.trim().strip_prefix("```").is_some_and(|info| info.trim() == "layers");
    if !lines.by_ref().any(opening) {
        return Err(vec!["docs/ARCHITECTURE.md has no ```layers block".to_string()]);
    }
    let mut layers = Layers { allowed: BTreeMap::new() };
    let mut errors = Vec::new();
    for line in lines.take_while(|l| !l.trim_start().starts_with("```")).map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((module, deps)) = line.split_once(':') else {
            errors.push(format!("layers line `{line}`: expected `module: dep dep`"));
            continue;
        };
        let module = module.trim();
        if layers.allowed.contains_key(module) {
            errors.push(format!("layers: `{module}` is declared twice"));
        }
        let mut allowed = BTreeSet::new();
        for dep in deps.split(|c: char| c == ',' || c.is_whitespace()).filter(|d| !d.is_empty()) {
            // Only earlier lines: this is what makes the declaration itself a stack with no cycle.
            if !layers.allowed.contains_key(dep) {
                errors.push(format!("layers: `{module}` lists `{dep}`, which is not declared on an earlier line"));
            }
            allowed.insert(dep.to_string());
        }
        layers.allowed.insert(module.to_string(), allowed);
    }
    if errors.is_empty() { Ok(layers) } else { Err(errors) }
}

/// The module path of a file under app/src: `a/b.rs` → [a, b], `a/mod.rs` → [a], `lib.rs` → [].
fn module_path(rel: &str) -> Vec<String> {
    let mut segments: Vec<String> = rel.trim_end_matches(".rs").split('/').map(String::from).collect();
    if segments == ["lib"] || segments.last().is_some_and(|s| s == "mod") {
        segments.pop();
    }
    segments
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// End of the string literal whose opening quote is at `i`.
fn string_end(c: &[char], i: usize) -> usize {
    let mut j = i + 1;
    while j < c.len() && c[j] != '"' {
        j += if c[j] == '\\' { 2 } else { 1 };
    }
    (j + 1).min(c.len())
}

/// End of a raw string `r#"…"#` starting at the `r`; None for a raw identifier or a plain `r`.
fn raw_string_end(c: &[char], i: usize) -> Option<usize> {
    let hashes = c[i + 1..].iter().take_while(|&&ch| ch == '#').count();
    if c.get(i + 1 + hashes) != Some(&'"') {
        return None;
    }
    let mut j = i + 2 + hashes;
    while j < c.len() {
        if c[j] == '"' && c[j + 1..].iter().take(hashes).filter(|&&ch| ch == '#').count() == hashes {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(c.len())
}

/// End of the char literal whose quote is at `i`; None when the quote starts a lifetime or a
/// label (`'a`, `'outer:`), which are code and must stay.
fn char_end(c: &[char], i: usize) -> Option<usize> {
    if c.get(i + 1) == Some(&'\\') {
        let close = c.get(i + 3..)?.iter().position(|&ch| ch == '\'')?;
        return Some(i + 4 + close);
    }
    (c.get(i + 2) == Some(&'\'')).then_some(i + 3)
}

/// Blanks comments (nested blocks and doc comments too) and string, byte and char literals,
/// keeping line breaks so line numbers still point at the source.
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        // A literal prefix (`r`, `b`, `br`, `c`, `cr`) only counts at the start of a token.
        let prefix_ok = i == 0 || !is_ident_char(c[i - 1]);
        let end = match (c[i], next) {
            ('/', Some('/')) => Some(c[i..].iter().position(|&ch| ch == '\n').map_or(c.len(), |p| i + p)),
            ('/', Some('*')) => {
                let (mut depth, mut j) = (1, i + 2);
                while j < c.len() && depth > 0 {
                    match (c[j], c.get(j + 1)) {
                        ('/', Some('*')) => (depth, j) = (depth + 1, j + 2),
                        ('*', Some('/')) => (depth, j) = (depth - 1, j + 2),
                        _ => j += 1,
                    }
                }
                Some(j.min(c.len()))
            }
            ('"', _) => Some(string_end(&c, i)),
            ('\'', _) => char_end(&c, i),
            ('r', _) if prefix_ok => raw_string_end(&c, i),
            ('b' | 'c', Some('"')) if prefix_ok => Some(string_end(&c, i + 1)),
            ('b', Some('\'')) if prefix_ok => char_end(&c, i + 1),
            ('b' | 'c', Some('r')) if prefix_ok => raw_string_end(&c, i + 1),
            _ => None,
        };
        match end {
            Some(end) => {
                out.extend(c[i..end].iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
                i = end;
            }
            None => {
                out.push(c[i]);
                i += 1;
            }
        }
    }
    out
}

/// Identifiers (and numbers), `::` as one token, any other character alone; with its line.
fn tokens(code: &str) -> Vec<(String, usize)> {
    let c: Vec<char> = code.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    while i < c.len() {
        let start = i;
        if c[i].is_whitespace() {
            line += usize::from(c[i] == '\n');
            i += 1;
            continue;
        } else if is_ident_char(c[i]) {
            while i < c.len() && is_ident_char(c[i]) {
                i += 1;
            }
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            i += 1;
        }
        out.push((c[start..i].iter().collect(), line));
    }
    out
}

/// Index past the path that continues at `j` (segments, `::`, `{…}` groups, `*`).
fn skip_path(t: &[(String, usize)], mut j: usize) -> usize {
    loop {
        match t.get(j).map(|(s, _)| s.as_str()) {
            Some("{") => j = group_end(t, j),
            Some(s) if s == "*" || s.starts_with(is_ident_char) => j += 1,
            _ => return j,
        }
        if t.get(j).is_none_or(|(s, _)| s != "::") {
            return j;
        }
        j += 1;
    }
}

/// Index past the `}` matching the `{` at `j`.
fn group_end(t: &[(String, usize)], j: usize) -> usize {
    let mut depth = 0;
    for (k, (s, _)) in t.iter().enumerate().skip(j) {
        depth += i32::from(s == "{") - i32::from(s == "}");
        if depth == 0 {
            return k + 1;
        }
    }
    t.len()
}

/// The first segments of a path that continues at the crate root from `j`:
/// `x::…` → [x]; `{a::X, b::{c}, e}` → [a, b, e]; nested groups are flattened.
fn root_heads(t: &[(String, usize)], j: usize, heads: &mut Vec<String>) {
    match t.get(j).map(|(s, _)| s.as_str()) {
        Some("{") => {
            let end = group_end(t, j);
            let mut k = j + 1;
            while k < end - 1 {
                root_heads(t, k, heads);
                k = skip_path(t, k);
                // Past the element (and an `as name` rename) up to the next comma.
                while k < end - 1 && t[k].0 != "," {
                    k += 1;
                }
                k += 1;
            }
        }
        Some(s) if s != "}" && s != "," => heads.push(s.to_string()),
        _ => {}
    }
}

/// Every reference of the file `rel` to a top-level module: (line, module), where the crate
/// root's own items (`crate::App`, `use crate::*`) give [`ROOT`].
fn references(rel: &str, src: &str, modules: &BTreeSet<String>) -> Vec<(usize, String)> {
    let t = tokens(&strip(src));
    let is = |k: usize, s: &str| t.get(k).is_some_and(|(x, _)| x == s);
    let file = module_path(rel);
    // Inline `mod name { … }` blocks with the brace depth inside them, so `super` inside
    // `mod tests` resolves to the file's own module rather than its parent.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let (mut depth, mut i, mut out) = (0, 0, Vec::new());
    while i < t.len() {
        let (tok, line) = (t[i].0.as_str(), t[i].1);
        let path_start = is(i + 1, "::") && (i == 0 || !is(i - 1, "::"));
        let mut heads = Vec::new();
        // Past a path, the scan resumes after it: the names inside its groups are not paths of
        // their own (`self` and `super` there are relative to the path, not to this module).
        i = match tok {
            "{" => {
                depth += 1;
                i + 1
            }
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i + 1
            }
            "mod" if is(i + 2, "{") => {
                inline.push((t[i + 1].0.clone(), depth + 1));
                i + 2
            }
            // `crate::…` and `$crate::…` alike: the `$` is a token of its own.
            "crate" if path_start => {
                root_heads(&t, i + 2, &mut heads);
                skip_path(&t, i + 2)
            }
            "super" if path_start => {
                let mut j = i;
                while is(j, "super") && is(j + 1, "::") {
                    j += 2;
                }
                let here: Vec<&String> = file.iter().chain(inline.iter().map(|(m, _)| m)).collect();
                match here.len().checked_sub((j - i) / 2) {
                    Some(0) => root_heads(&t, j, &mut heads),
                    Some(_) => heads.push(here[0].clone()),
                    None => {} // above the crate root: the compiler rejects it anyway
                }
                skip_path(&t, j)
            }
            _ => i + 1,
        };
        out.extend(heads.into_iter().map(|h| (line, if modules.contains(&h) { h } else { ROOT.to_string() })));
    }
    out
}

/// The shortest way from `from` back to itself, if there is one.
fn shortest_cycle(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(m) = queue.pop_front() {
        for next in graph.get(m).into_iter().flatten() {
            if next == from {
                let (mut path, mut at) = (vec![m.to_string()], m);
                while at != from {
                    at = parent[at];
                    path.push(at.to_string());
                }
                path.reverse();
                path.push(from.to_string());
                return Some(path);
            }
            if !parent.contains_key(next.as_str()) {
                parent.insert(next, m);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Every module's shortest cycle, once each: `cycle: a → b → a`, starting at its first module
/// by name so the same cycle found from each of its members reads the same.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for m in graph.keys() {
        let Some(mut cycle) = shortest_cycle(graph, m) else { continue };
        cycle.pop();
        let first = (0..cycle.len()).min_by_key(|&k| &cycle[k]).unwrap_or(0);
        cycle.rotate_left(first);
        cycle.push(cycle[0].clone());
        out.insert(format!("cycle: {}", cycle.join(" → ")));
    }
    out
}

/// Checks `files` (paths relative to app/src, with their text) against the ```layers block
/// of `doc`. Every problem is returned; none means the layers hold.
fn check(doc: &str, files: &[(String, String)]) -> Vec<String> {
    let layers = match parse_declaration(doc) {
        Ok(layers) => layers,
        Err(errors) => return errors,
    };
    let existing: BTreeSet<String> = files.iter().filter_map(|(p, _)| module_path(p).into_iter().next()).collect();
    let declared: BTreeSet<String> = layers.allowed.keys().cloned().collect();
    let list = |set: BTreeSet<&String>| set.into_iter().cloned().collect::<Vec<_>>().join(", ");
    let mut problems = Vec::new();
    if !existing.is_subset(&declared) {
        problems.push(format!("not declared in the layers block: {}", list(existing.difference(&declared).collect())));
    }
    if !declared.is_subset(&existing) {
        problems.push(format!("declared but not in app/src: {}", list(declared.difference(&existing).collect())));
    }
    if !problems.is_empty() {
        return problems;
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, src) in files {
        // lib.rs is the crate root: it declares the modules and may use any of them.
        let Some(from) = module_path(path).into_iter().next() else { continue };
        for (line, to) in references(path, src, &existing) {
            if to == from {
                continue;
            }
            let problem = format!("app/src/{path}:{line}: module {from} uses {to} (not declared)");
            // Two references on one line make one problem.
            if !layers.allowed[&from].contains(&to) && problems.last() != Some(&problem) {
                problems.push(problem);
            }
            if to != ROOT {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    problems.extend(cycles(&graph));
    problems
}

/// Every .rs file under `dir`, as (path relative to `root` with `/`, text), in a stable order.
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            rust_files(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path)?));
        }
    }
    Ok(())
}

#[test]
fn layers_point_down() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/ARCHITECTURE.md"))
        .unwrap_or_else(|e| panic!("docs/ARCHITECTURE.md has no ```layers block (cannot read it: {e})"));
    let src = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut files = Vec::new();
    rust_files(src, src, &mut files).unwrap();
    let problems = check(&doc, &files);
    assert!(problems.is_empty(), "app/src breaks its layers ({} problems):\n{}", problems.len(), problems.join("\n"));
}

// The checker on in-memory trees: three layers, `lo` at the bottom.

const DECL: &str = "Prose before.\n\n```layers\n# lowest first\nlo:\nmid: lo\nhi: lo, mid\n```\n";

/// Checks `files` against [`DECL`]; `lo.rs`, `mid.rs` and `hi.rs` are added empty when absent.
fn run(files: &[(&str, &str)]) -> Vec<String> {
    let mut all: Vec<(String, String)> = files.iter().map(|(p, s)| (p.to_string(), s.to_string())).collect();
    for m in ["lo", "mid", "hi"] {
        if !all.iter().any(|(p, _)| module_path(p).first().is_some_and(|f| f == m)) {
            all.push((format!("{m}.rs"), String::new()));
        }
    }
    check(DECL, &all)
}

#[test]
fn plain_use_upward_fails() {
    assert_eq!(run(&[("lo.rs", "use crate::hi::X;")]), ["app/src/lo.rs:1: module lo uses hi (not declared)"]);
}

#[test]
fn grouped_use_fails() {
    let src = "use crate::{lo::A, hi::{B, C}};\nuse crate::{\n  mid::{self, D},\n  {hi::E as F},\n};";
    assert_eq!(
        run(&[("mid/deep/x.rs", src)]),
        [
            "app/src/mid/deep/x.rs:1: module mid uses hi (not declared)",
            "app/src/mid/deep/x.rs:2: module mid uses hi (not declared)"
        ]
    );
}

#[test]
fn inline_path_fails() {
    let src = "fn f() -> u8 {\n    let s = S { a: 1 };\n    1 + crate::lo::g(crate::mid::h())\n}";
    assert_eq!(run(&[("lo/mod.rs", src)]), ["app/src/lo/mod.rs:3: module lo uses mid (not declared)"]);
}

#[test]
fn super_chain_leaving_the_module_fails() {
    // `super::g` inside `mod inner` stays in lo::a; once inner closes, `super::super` is the root.
    let src = "mod inner {\n    fn f() { super::g() }\n}\nfn h() { super::super::hi::f() }";
    assert_eq!(run(&[("lo/a.rs", src)]), ["app/src/lo/a.rs:4: module lo uses hi (not declared)"]);
    let grouped = "use super::{lo::X, hi::Y};";
    assert_eq!(run(&[("mid.rs", grouped)]), ["app/src/mid.rs:1: module mid uses hi (not declared)"]);
}

#[test]
fn pub_use_fails() {
    assert_eq!(run(&[("lo.rs", "pub use crate::mid::X;")]), ["app/src/lo.rs:1: module lo uses mid (not declared)"]);
}

#[test]
fn paths_in_macros_fail() {
    let src = "macro_rules! m {\n    () => { $crate::hi::X };\n}\nfn f() -> String { format!(\"{}\", crate::mid::X) }";
    assert_eq!(
        run(&[("lo.rs", src)]),
        ["app/src/lo.rs:2: module lo uses hi (not declared)", "app/src/lo.rs:4: module lo uses mid (not declared)"]
    );
}

#[test]
fn crate_root_items_fail() {
    assert_eq!(
        run(&[("mid.rs", "use crate::App;\nuse super::*;")]),
        [
            "app/src/mid.rs:1: module mid uses lib (not declared)",
            "app/src/mid.rs:2: module mid uses lib (not declared)"
        ]
    );
}

#[test]
fn modules_reaching_each_other_are_reported_as_a_cycle() {
    let problems =
        run(&[("lo.rs", "use crate::hi::X;"), ("hi.rs", "use crate::mid::Y;"), ("mid.rs", "use crate::lo::Z;")]);
    assert_eq!(problems, ["app/src/lo.rs:1: module lo uses hi (not declared)", "cycle: hi → mid → lo → hi"]);
    // The same cycle seen from both ends is one line.
    let pair = run(&[("lo.rs", "fn f() { crate::hi::g(crate::hi::h()) }"), ("hi.rs", "use crate::lo::Z;")]);
    assert_eq!(pair, ["app/src/lo.rs:1: module lo uses hi (not declared)", "cycle: hi → lo → hi"]);
}

#[test]
fn comments_and_literals_do_not_count() {
    let src = r####"
//! See crate::hi::X.
/// Calls crate::hi::f().
// use crate::hi::X;
/* outer /* nested crate::hi */ still crate::hi */
/** crate::hi */
const A: &str = "crate::hi::X \" crate::hi";
const B: &str = r#"crate::hi "quoted" crate::hi"#;
const C: &[u8] = b"crate::hi";
const D: &[u8] = br##"crate::hi"##;
const E: char = '{';
const F: u8 = b'"';
const G: char = '\'';
fn f() -> String { format!("{}", "crate::hi::X") }
"####;
    assert!(run(&[("lo.rs", src)]).is_empty());
}

#[test]
fn own_module_lower_modules_and_tests_pass() {
    let hi = "use crate::hi::X;\nuse crate::{lo, mid::{A, B}};\nuse self::inner::Y;\nuse super::mid::Z;\n\
              mod tests { use super::*; fn t() { super::f(); } }";
    let lo = "pub mod store {\n    use super::super::a::X;\n}\n#[cfg(test)]\nmod tests {\n    use super::*;\n}";
    assert!(
        run(&[("hi.rs", hi), ("lo/a/b.rs", lo), ("lo/a.rs", "use super::b;"), ("mid/mod.rs", "use super::lo;")])
            .is_empty()
    );
}

#[test]
fn lifetimes_and_labels_are_code() {
    // Were `'a` read as a char literal, the path after it would vanish with it.
    let src = "fn f<'a>(s: &'a str) -> &'a str {\n    'outer: loop { break 'outer; }\n    crate::hi::g(s)\n}";
    assert_eq!(run(&[("lo.rs", src)]), ["app/src/lo.rs:3: module lo uses hi (not declared)"]);
}

#[test]
fn invalid_declarations_fail() {
    let files = |names: &[&str]| names.iter().map(|n| (format!("{n}.rs"), String::new())).collect::<Vec<_>>();
    let later = check("```layers\nlo: hi\nhi:\n```", &files(&["lo", "hi"]));
    assert_eq!(later, ["layers: `lo` lists `hi`, which is not declared on an earlier line"]);
    let own = check("```layers\nlo: lo\n```", &files(&["lo"]));
    assert_eq!(own, ["layers: `lo` lists `lo`, which is not declared on an earlier line"]);
    let undeclared = check("```layers\nlo:\n```", &files(&["lo", "mid", "hi"]));
    assert_eq!(undeclared, ["not declared in the layers block: hi, mid"]);
    let missing = check("```layers\nlo:\ngone: lo\n```", &files(&["lo"]));
    assert_eq!(missing, ["declared but not in app/src: gone"]);
    let no_block = check("# Architecture\n```rust\nlo:\n```", &files(&["lo"]));
    assert_eq!(no_block, ["docs/ARCHITECTURE.md has no ```layers block"]);
}
