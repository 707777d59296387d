//! The documentation stays where readers look for it: every flag and environment variable
//! of the `server` binary is in docs/OPERATIONS.md, the README stays short, and every
//! relative link in the README, docs/ and migrations/README.md leads somewhere.
//!
//! Flags and variables are discovered, not listed: from the binary's `--help` (and each
//! subcommand's), and from the source text of server/src and app/src.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const README_MAX_LINES: usize = 150;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("server/ has a parent").to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `server [path…] --help`, with no MADOGUCHI_ variable inherited (their values would show
/// in clap's `[env: NAME=value]` annotations).
fn help(path: &[String]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("MADOGUCHI_") {
            cmd.env_remove(name);
        }
    }
    let out = cmd.args(path).arg("--help").output().expect("run the server binary");
    assert!(
        out.status.success(),
        "`server {} --help` failed: {}",
        path.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The subcommands listed under `Commands:` (without clap's own `help`).
fn subcommands(help: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_commands = false;
    for line in help.lines() {
        if line.trim_end() == "Commands:" {
            in_commands = true;
            continue;
        }
        if in_commands {
            if !line.starts_with(' ') {
                in_commands = false;
                continue;
            }
            // A command line is indented by two; a wrapped description by more.
            if line.starts_with("  ")
                && !line.starts_with("   ")
                && let Some(name) = line.split_whitespace().next()
                && name != "help"
            {
                names.push(name.to_string());
            }
        }
    }
    names
}

fn is_flag_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

fn is_env_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'
}

/// Every `--long-flag` in a help text.
fn long_flags(help: &str) -> BTreeSet<String> {
    let mut flags = BTreeSet::new();
    let chars: Vec<char> = help.chars().collect();
    let mut i = 0;
    while i + 2 < chars.len() {
        let starts_word = i == 0 || !(is_flag_char(chars[i - 1]) || chars[i - 1].is_alphanumeric());
        if starts_word && chars[i] == '-' && chars[i + 1] == '-' && chars[i + 2].is_ascii_lowercase() {
            let mut j = i + 2;
            while j < chars.len() && is_flag_char(chars[j]) {
                j += 1;
            }
            let flag: String = chars[i..j].iter().collect();
            flags.insert(flag.trim_end_matches('-').to_string());
            i = j;
        } else {
            i += 1;
        }
    }
    flags
}

/// Every NAME of clap's `[env: NAME=…]` (or `[env: NAME]`) annotations.
fn clap_env_names(help: &str) -> BTreeSet<String> {
    help.split("[env: ").skip(1).map(|rest| rest.chars().take_while(|c| is_env_char(*c)).collect::<String>()).collect()
}

/// The string literal at the start of `text` (after whitespace), if there is one.
fn literal_after(text: &str) -> Option<String> {
    let rest = text.trim_start();
    let rest = rest.strip_prefix('"')?;
    rest.find('"').map(|end| rest[..end].to_string())
}

/// Every MADOGUCHI_ variable the source reads: `env::var("…")`, `env::var_os("…")`
/// (with or without `std::`) and clap's `env = "…"`.
fn source_env_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for marker in ["env::var(", "env::var_os("] {
        for (at, _) in text.match_indices(marker) {
            if let Some(name) = literal_after(&text[at + marker.len()..]) {
                names.insert(name);
            }
        }
    }
    for (at, _) in text.match_indices("env") {
        let before_ok = at == 0 || !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let rest = text[at + 3..].trim_start();
        if before_ok && let Some(rest) = rest.strip_prefix('=') {
            if rest.starts_with('=') {
                continue;
            }
            if let Some(name) = literal_after(rest) {
                names.insert(name);
            }
        }
    }
    names.retain(|n| n.starts_with("MADOGUCHI_"));
    names
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `word` occurs in `doc` as a whole word (not as the start of a longer name).
fn mentions(doc: &str, word: &str, is_word_char: fn(char) -> bool) -> bool {
    doc.match_indices(word).any(|(at, _)| {
        let before = doc[..at].chars().next_back();
        let after = doc[at + word.len()..].chars().next();
        !before.is_some_and(|c| is_word_char(c) && c != '-') && !after.is_some_and(is_word_char)
    })
}

#[test]
fn operations_guide_names_every_flag_subcommand_and_environment_variable() {
    let root = repo_root();
    let operations = read(&root.join("docs/OPERATIONS.md"));

    // Walk the binary's help: the top level, then every subcommand it lists (recursively).
    let mut flags: BTreeMap<String, String> = BTreeMap::new();
    let mut env_names: BTreeMap<String, String> = BTreeMap::new();
    let mut commands: Vec<String> = Vec::new();
    let mut pending: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = pending.pop() {
        let text = help(&path);
        let shown =
            if path.is_empty() { "server --help".to_string() } else { format!("server {} --help", path.join(" ")) };
        for flag in long_flags(&text) {
            flags.entry(flag).or_insert_with(|| shown.clone());
        }
        for name in clap_env_names(&text) {
            env_names.entry(name).or_insert_with(|| shown.clone());
        }
        for sub in subcommands(&text) {
            let mut next = path.clone();
            next.push(sub);
            commands.push(next.join(" "));
            pending.push(next);
        }
    }
    assert!(!commands.is_empty(), "`server --help` lists no subcommands: has its format changed?");
    assert!(!flags.is_empty(), "`server --help` shows no long flags: has its format changed?");
    assert!(!env_names.is_empty(), "`server --help` shows no [env: …] annotations: has its format changed?");

    // Variables the source reads, wherever the code lives.
    let mut files = Vec::new();
    rust_files(&root.join("server/src"), &mut files);
    rust_files(&root.join("app/src"), &mut files);
    let mut read_in_source = 0;
    for file in &files {
        for name in source_env_names(&read(file)) {
            read_in_source += 1;
            let rel = file.strip_prefix(&root).unwrap_or(file).display().to_string();
            env_names.entry(name).or_insert(rel);
        }
    }
    assert!(read_in_source > 0, "no MADOGUCHI_ variable found in server/src or app/src: is the source scan broken?");

    // Subcommands are documented as `server NAME`.
    let missing_commands: Vec<String> =
        commands.iter().map(|c| format!("server {c}")).filter(|c| !mentions(&operations, c, is_flag_char)).collect();
    let missing_flags: Vec<String> = flags
        .iter()
        .filter(|(f, _)| !mentions(&operations, f, is_flag_char))
        .map(|(f, from)| format!("{f} (from `{from}`)"))
        .collect();
    let missing_env: Vec<String> = env_names
        .iter()
        .filter(|(n, _)| !mentions(&operations, n, is_env_char))
        .map(|(n, from)| format!("{n} (from {from})"))
        .collect();
    assert!(
        missing_commands.is_empty() && missing_flags.is_empty() && missing_env.is_empty(),
        "docs/OPERATIONS.md does not document everything the server binary accepts.\n\
         Missing subcommands: {missing_commands:?}\nMissing flags: {missing_flags:?}\n\
         Missing environment variables: {missing_env:?}"
    );
}

#[test]
fn readme_is_at_most_150_lines() {
    let readme = read(&repo_root().join("README.md"));
    let lines = readme.lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines; keep it at most {README_MAX_LINES} and move details into docs/"
    );
}

/// The text outside fenced code blocks, line by line.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut fence: Option<&str> = None;
    let mut lines = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        match fence {
            Some(f) if trimmed.starts_with(f) => fence = None,
            Some(_) => {}
            None if trimmed.starts_with("```") => fence = Some("```"),
            None if trimmed.starts_with("~~~") => fence = Some("~~~"),
            None => lines.push(line),
        }
    }
    lines
}

/// A line without its inline code spans.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            out.push(c);
        }
    }
    out
}

/// Link targets: inline `[text](target)`, images `![alt](target)`, and reference
/// definitions `[label]: target`.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for line in prose_lines(text) {
        let line = without_code_spans(line);
        if let Some(rest) = line.trim_start().strip_prefix('[')
            && let Some(close) = rest.find(']')
            && rest[close..].starts_with("]:")
        {
            if let Some(target) = rest[close + 2..].split_whitespace().next() {
                targets.push(target.trim_matches(|c| c == '<' || c == '>').to_string());
            }
            continue;
        }
        for (at, _) in line.match_indices("](") {
            let rest = &line[at + 2..];
            let mut depth = 0usize;
            let mut end = None;
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            if let Some(end) = end {
                let inner = rest[..end].trim();
                // Drop an optional title: [text](target "title").
                let target = inner.split_whitespace().next().unwrap_or("");
                targets.push(target.trim_matches(|c| c == '<' || c == '>').to_string());
            }
        }
    }
    targets
}

/// GitHub's heading anchors: lower case, punctuation and symbols dropped, spaces to
/// hyphens, and `-1`, `-2`… for repeats.
fn heading_slugs(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut slugs = BTreeSet::new();
    for line in prose_lines(text) {
        let trimmed = line.trim_start();
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        if hashes == 0 || hashes > 6 || !trimmed[hashes..].starts_with(' ') {
            continue;
        }
        let title = trimmed[hashes..].trim().trim_end_matches('#').trim();
        let base: String = title
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let n = seen.entry(base.clone()).or_insert(0);
        let slug = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
        *n += 1;
        slugs.insert(slug);
    }
    slugs
}

fn is_external(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://", "data:"].iter().any(|p| lower.starts_with(p))
}

/// The README, docs/*.md and migrations/README.md.
fn documents() -> Vec<PathBuf> {
    let root = repo_root();
    let mut documents = vec![root.join("README.md"), root.join("migrations/README.md")];
    let docs_dir = root.join("docs");
    let mut in_docs: Vec<PathBuf> = std::fs::read_dir(docs_dir.as_path())
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", docs_dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    in_docs.sort();
    documents.extend(in_docs);
    documents
}

/// Paths into the repository named in code spans (`app/src/…`, `server/…`): after a
/// file moves, the documents must follow it.
fn named_paths(text: &str) -> Vec<String> {
    const ROOTS: [&str; 6] = ["app/", "server/", "frontend/", "migrations/", "end2end/", "style/"];
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| ROOTS.iter().any(|r| span.starts_with(r)))
        .filter(|span| !span.contains(char::is_whitespace) && !span.contains(['*', '<', '{', '…']))
        .map(|span| span.trim_end_matches(['.', ',', ':', ')']).to_string())
        .collect()
}

#[test]
fn every_repository_path_the_documents_name_exists() {
    assert_eq!(named_paths("see `app/src/x.rs` and `cargo test` or `server/src/`"), ["app/src/x.rs", "server/src/"]);
    let root = repo_root();
    let mut missing = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        let rel_doc = doc.strip_prefix(&root).unwrap_or(&doc).display().to_string();
        for path in named_paths(&read(&doc)) {
            checked += 1;
            if !root.join(&path).exists() {
                missing.push(format!("{rel_doc}: `{path}` does not exist"));
            }
        }
    }
    assert!(checked > 10, "expected the documents to name repository paths, found {checked}");
    assert!(missing.is_empty(), "documents name paths that are not in the repository:\n{}", missing.join("\n"));
}

#[test]
fn every_relative_link_in_the_documentation_resolves() {
    let root = repo_root();
    let documents = documents();
    assert!(documents.iter().any(|d| d.starts_with(root.join("docs"))), "docs/ holds no .md files");

    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in &documents {
        let text = read(doc);
        let rel_doc = doc.strip_prefix(&root).unwrap_or(doc).display().to_string();
        for target in link_targets(&text) {
            if target.is_empty() || is_external(&target) {
                continue;
            }
            checked += 1;
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target.as_str(), None),
            };
            let file = file.split('?').next().unwrap_or(file);
            let resolved = if file.is_empty() {
                doc.clone()
            } else if let Some(from_root) = file.strip_prefix('/') {
                root.join(from_root)
            } else {
                doc.parent().unwrap_or(&root).join(file)
            };
            if !resolved.exists() {
                broken.push(format!("{rel_doc}: ({target}) — no file {file}"));
                continue;
            }
            if let Some(anchor) = anchor
                && resolved.extension().is_some_and(|e| e == "md")
                && !heading_slugs(&read(&resolved)).contains(&anchor.to_lowercase())
            {
                broken.push(format!("{rel_doc}: ({target}) — no heading with anchor #{anchor}"));
            }
        }
    }
    assert!(checked > 0, "no relative links found in README.md and docs/: is the link scan broken?");
    assert!(broken.is_empty(), "relative links that do not resolve:\n{}", broken.join("\n"));
}

#[test]
fn the_link_and_slug_scanners_read_markdown_as_github_does() {
    let text = "# Two commands\n## Before and after the layering refactor (issue: the house rebuilt)\n\
                ## 医療費のお知らせ (medical cost notices)\n## Two commands\n```sh\n# not a heading [x](nowhere.md)\n```\n\
                See [a](docs/A.md#two-commands), `[b](code.md)`, ![c](img.png \"title\") and [d](https://x.example).\n\
                [e]: docs/E.md\n";
    let slugs = heading_slugs(text);
    assert!(slugs.contains("two-commands") && slugs.contains("two-commands-1"), "{slugs:?}");
    assert!(slugs.contains("before-and-after-the-layering-refactor-issue-the-house-rebuilt"), "{slugs:?}");
    assert!(slugs.contains("医療費のお知らせ-medical-cost-notices"), "{slugs:?}");
    assert_eq!(slugs.len(), 4, "{slugs:?}");
    assert_eq!(link_targets(text), ["docs/A.md#two-commands", "img.png", "https://x.example", "docs/E.md"]);
    assert_eq!(
        source_env_names(
            "std::env::var(\"MADOGUCHI_A\") env::var_os( \"MADOGUCHI_B\") #[arg(env = \"MADOGUCHI_C\")] x == \"MADOGUCHI_D\" env=\"OTHER\""
        ),
        ["MADOGUCHI_A", "MADOGUCHI_B", "MADOGUCHI_C"].iter().map(|s| s.to_string()).collect()
    );
    assert!(mentions("`MADOGUCHI_SECRET_KEY_FILE`", "MADOGUCHI_SECRET_KEY_FILE", is_env_char));
    assert!(!mentions("`MADOGUCHI_SECRET_KEY_FILE`", "MADOGUCHI_SECRET_KEY", is_env_char));
    assert!(!mentions("--output", "--out", is_flag_char));
    assert!(mentions("`--out FILE`", "--out", is_flag_char));
    assert_eq!(
        clap_env_names("[env: MADOGUCHI_X=] [env: MADOGUCHI_Y]"),
        ["MADOGUCHI_X", "MADOGUCHI_Y"].iter().map(|s| s.to_string()).collect()
    );
}
