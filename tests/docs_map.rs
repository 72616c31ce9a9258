//! The maps a newcomer reads first name what is there: `src/lib.rs`'s
//! layout names every module, `ARCHITECTURE.md`'s code map every module of
//! `src/` and every file of the session owner and of the core's rules, and
//! README's links into it lead somewhere.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn file_names(folder: &str) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
    names.sort();
    names
}

#[test]
fn lib_rs_layout_names_every_module() {
    let lib = read("src/lib.rs");
    let layout: String = lib.lines().filter(|line| line.starts_with("//!")).collect();
    for line in lib.lines() {
        if let Some(module) = line
            .strip_prefix("pub mod ")
            .and_then(|rest| rest.strip_suffix(';'))
        {
            assert!(
                layout.contains(&format!("[`{module}`]")),
                "src/lib.rs's layout does not name `{module}`"
            );
        }
    }
}

#[test]
fn architecture_md_maps_every_module_and_the_owner_s_and_rules_files() {
    let architecture = read("ARCHITECTURE.md");
    for name in file_names("src") {
        let module = name.trim_end_matches(".rs");
        let named = architecture.contains(&format!("src/{name}"))
            || architecture.contains(&format!("src/{module}/"))
            || architecture.contains(&format!("`src/{module}"));
        assert!(named, "ARCHITECTURE.md's code map does not name src/{name}");
    }
    for folder in ["src/hub/owner", "src/core/rules", "src/hub", "src/cluster"] {
        for name in file_names(folder) {
            let named = architecture.contains(&format!("`{name}`"))
                || architecture.contains(&format!("`{name}/`"))
                || name == "mod.rs"
                || name.ends_with("_tests.rs");
            assert!(
                named,
                "ARCHITECTURE.md's code map does not name {folder}/{name}"
            );
        }
    }
}

#[test]
fn readme_s_links_into_architecture_md_lead_somewhere() {
    let readme = read("README.md");
    let architecture = read("ARCHITECTURE.md");
    let anchors: Vec<String> = architecture
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .map(|heading| {
            heading
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
                .collect::<String>()
                .replace(' ', "-")
        })
        .collect();
    for link in readme.split("ARCHITECTURE.md#").skip(1) {
        let anchor: String = link.chars().take_while(|c| *c != ')').collect();
        assert!(
            anchors.contains(&anchor),
            "README links to #{anchor}, which ARCHITECTURE.md lacks"
        );
    }
}
