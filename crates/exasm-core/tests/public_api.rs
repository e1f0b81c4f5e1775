//! The public API of exasm-core against the committed list `public-api.txt`, so that a change
//! nobody meant fails the tests.
//!
//! The list comes from rustdoc's JSON output (unstable, reached with `RUSTC_BOOTSTRAP=1` on
//! the stable toolchain; `cargo public-api` and `cargo semver-checks` need a nightly toolchain
//! or a JSON format version that this one does not write): every public item by path, with
//! function signatures, struct fields, enum variants and the traits each type implements.
//! After a deliberate change, regenerate it:
//!
//!     UPDATE_PUBLIC_API=1 cargo test --release -p exasm-core --test public_api

use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;

struct Api<'a> {
    index: &'a serde_json::Map<String, Value>,
    paths: &'a serde_json::Map<String, Value>,
    lines: BTreeSet<String>,
}

fn id_key(id: &Value) -> String {
    id.to_string()
}

impl Api<'_> {
    fn item(&self, id: &Value) -> Option<&Value> {
        self.index.get(&id_key(id))
    }

    /// A path by id as the crate names it, else as written.
    fn path_of(&self, id: &Value, written: &str) -> String {
        match self.paths.get(&id_key(id)).and_then(|p| p["path"].as_array()) {
            Some(parts) => parts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("::"),
            None => written.to_string(),
        }
    }

    fn args(&self, args: &Value) -> String {
        if let Some(p) = args.get("parenthesized") {
            let inputs: Vec<String> = p["inputs"].as_array().into_iter().flatten().map(|t| self.ty(t)).collect();
            let output = if p["output"].is_null() { String::new() } else { format!(" -> {}", self.ty(&p["output"])) };
            return format!("({}){output}", inputs.join(", "));
        }
        let Some(a) = args.get("angle_bracketed") else {
            return if args.is_null() { String::new() } else { args.to_string() };
        };
        let list: Vec<String> = a["args"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| match x {
                Value::Object(o) if o.contains_key("type") => self.ty(&o["type"]),
                Value::Object(o) if o.contains_key("lifetime") => o["lifetime"].as_str().unwrap_or("").to_string(),
                other => other.to_string(),
            })
            .chain(a["constraints"].as_array().into_iter().flatten().map(|c| match c["binding"]["equality"].get("type") {
                Some(t) => format!("{} = {}", c["name"].as_str().unwrap_or(""), self.ty(t)),
                None => c.to_string(),
            }))
            .collect();
        if list.is_empty() {
            String::new()
        } else {
            format!("<{}>", list.join(", "))
        }
    }

    fn bounds(&self, bounds: &Value) -> String {
        bounds
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| match b.get("trait_bound") {
                Some(t) => format!("{}{}", self.path_of(&t["trait"]["id"], t["trait"]["path"].as_str().unwrap_or("")), self.args(&t["trait"]["args"])),
                None => b.get("outlives").and_then(Value::as_str).map_or_else(|| b.to_string(), str::to_string),
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }

    fn ty(&self, t: &Value) -> String {
        let Some((kind, v)) = t.as_object().and_then(|o| o.iter().next()) else { return t.to_string() };
        match kind.as_str() {
            "primitive" | "generic" => v.as_str().unwrap_or("").to_string(),
            "resolved_path" => format!("{}{}", self.path_of(&v["id"], v["path"].as_str().unwrap_or("")), self.args(&v["args"])),
            "borrowed_ref" => {
                let lt = v["lifetime"].as_str().map(|l| format!("{l} ")).unwrap_or_default();
                let m = if v["is_mutable"].as_bool() == Some(true) { "mut " } else { "" };
                format!("&{lt}{m}{}", self.ty(&v["type"]))
            }
            "raw_pointer" => format!("*{} {}", if v["is_mutable"].as_bool() == Some(true) { "mut" } else { "const" }, self.ty(&v["type"])),
            "slice" => format!("[{}]", self.ty(v)),
            "array" => format!("[{}; {}]", self.ty(&v["type"]), v["len"].as_str().unwrap_or("")),
            "tuple" => format!("({})", v.as_array().into_iter().flatten().map(|x| self.ty(x)).collect::<Vec<_>>().join(", ")),
            "impl_trait" => format!("impl {}", self.bounds(v)),
            "dyn_trait" => {
                let traits: Vec<String> = v["traits"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| format!("{}{}", self.path_of(&p["trait"]["id"], p["trait"]["path"].as_str().unwrap_or("")), self.args(&p["trait"]["args"])))
                    .collect();
                format!("dyn {}", traits.join(" + "))
            }
            _ => t.to_string(),
        }
    }

    fn generics(&self, g: &Value) -> String {
        let params: Vec<String> = g["params"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                let name = p["name"].as_str().unwrap_or("").to_string();
                match p["kind"].get("type").map(|t| self.bounds(&t["bounds"])) {
                    Some(b) if !b.is_empty() => format!("{name}: {b}"),
                    _ => name,
                }
            })
            .collect();
        if params.is_empty() {
            String::new()
        } else {
            format!("<{}>", params.join(", "))
        }
    }

    fn function(&self, path: &str, f: &Value) -> String {
        let sig = &f["sig"];
        let inputs: Vec<String> = sig["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| {
                let name = p[0].as_str().unwrap_or("");
                if name == "self" {
                    self.ty(&p[1]).replace("&Self", "&self").replace("Self", "self")
                } else {
                    format!("{name}: {}", self.ty(&p[1]))
                }
            })
            .collect();
        let output = if sig["output"].is_null() { String::new() } else { format!(" -> {}", self.ty(&sig["output"])) };
        format!("fn {path}{}({}){output}", self.generics(&f["generics"]), inputs.join(", "))
    }

    fn impls(&self, path: &str, impls: &Value) {
        for id in impls.as_array().into_iter().flatten() {
            let Some(imp) = self.item(id).map(|i| &i["inner"]["impl"]) else { continue };
            if imp["is_synthetic"].as_bool() == Some(true) || !imp["blanket_impl"].is_null() {
                continue;
            }
            match imp["trait"].as_object() {
                Some(t) => {
                    let name = format!("{}{}", self.path_of(&t["id"], t["path"].as_str().unwrap_or("")), self.args(&t["args"]));
                    let neg = if imp["is_negative"].as_bool() == Some(true) { "!" } else { "" };
                    self.push(format!("impl {neg}{name} for {}", self.ty(&imp["for"])));
                }
                None => {
                    for m in imp["items"].as_array().into_iter().flatten() {
                        let Some(item) = self.item(m) else { continue };
                        if item["visibility"] != "public" {
                            continue;
                        }
                        let name = item["name"].as_str().unwrap_or("");
                        if let Some(f) = item["inner"].get("function") {
                            self.push(self.function(&format!("{path}::{name}"), f));
                        } else if let Some(c) = item["inner"].get("assoc_const") {
                            self.push(format!("const {path}::{name}: {}", self.ty(&c["type"])));
                        }
                    }
                }
            }
        }
    }

    fn push(&self, line: String) {
        // `lines` is filled through a cell-free two-step: collected by `walk`.
        PENDING.with(|p| p.borrow_mut().push(line));
    }

    fn fields(&self, path: &str, ids: &Value) {
        for id in ids.as_array().into_iter().flatten() {
            let Some(f) = self.item(id) else { continue };
            if f["visibility"] == "public" {
                self.push(format!("field {path}.{}: {}", f["name"].as_str().unwrap_or(""), self.ty(&f["inner"]["struct_field"])));
            }
        }
    }

    fn walk(&self, id: &Value, prefix: &str) {
        let Some(item) = self.item(id) else { return };
        let name = item["name"].as_str().unwrap_or("");
        let path = if prefix.is_empty() { name.to_string() } else { format!("{prefix}::{name}") };
        let Some((kind, inner)) = item["inner"].as_object().and_then(|o| o.iter().next()) else { return };
        match kind.as_str() {
            "module" => {
                self.push(format!("mod {path}"));
                for child in inner["items"].as_array().into_iter().flatten() {
                    if self.item(child).is_some_and(|c| c["visibility"] == "public") {
                        self.walk(child, &path);
                    }
                }
            }
            "function" => self.push(self.function(&path, inner)),
            "struct" => {
                self.push(format!("struct {path}{}", self.generics(&inner["generics"])));
                let k = &inner["kind"];
                if let Some(p) = k.get("plain") {
                    self.fields(&path, &p["fields"]);
                    if p["has_stripped_fields"].as_bool() == Some(true) {
                        self.push(format!("field {path}.(private fields)"));
                    }
                } else if let Some(t) = k.get("tuple") {
                    let tys: Vec<String> = t.as_array().into_iter().flatten().map(|f| if f.is_null() { "_".to_string() } else { self.item(f).map_or("?".into(), |f| self.ty(&f["inner"]["struct_field"])) }).collect();
                    self.push(format!("tuple {path}({})", tys.join(", ")));
                }
                self.impls(&path, &inner["impls"]);
            }
            "enum" => {
                self.push(format!("enum {path}{}", self.generics(&inner["generics"])));
                for v in inner["variants"].as_array().into_iter().flatten() {
                    let Some(var) = self.item(v) else { continue };
                    let vpath = format!("{path}::{}", var["name"].as_str().unwrap_or(""));
                    let k = &var["inner"]["variant"]["kind"];
                    if let Some(t) = k.get("tuple") {
                        let tys: Vec<String> = t.as_array().into_iter().flatten().map(|f| self.item(f).map_or("_".into(), |f| self.ty(&f["inner"]["struct_field"]))).collect();
                        self.push(format!("variant {vpath}({})", tys.join(", ")));
                    } else if let Some(s) = k.get("struct") {
                        self.push(format!("variant {vpath} {{}}"));
                        self.fields(&vpath, &s["fields"]);
                    } else {
                        self.push(format!("variant {vpath}"));
                    }
                }
                self.impls(&path, &inner["impls"]);
            }
            "trait" => self.push(format!("trait {path}")),
            "constant" => self.push(format!("const {path}: {}", self.ty(&inner["type"]))),
            "static" => self.push(format!("static {path}: {}", self.ty(&inner["type"]))),
            "type_alias" => self.push(format!("type {path} = {}", self.ty(&inner["type"]))),
            "use" => self.push(format!("use {path} = {}", inner["source"].as_str().unwrap_or(""))),
            other => self.push(format!("{other} {path}")),
        }
    }
}

thread_local! {
    static PENDING: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn public_api() -> String {
    let target_dir = concat!(env!("CARGO_TARGET_TMPDIR"), "/public-api");
    let out = Command::new(env!("CARGO"))
        .args(["rustdoc", "-q", "-p", "exasm-core", "--lib", "--target-dir", target_dir, "--", "-Z", "unstable-options", "--output-format", "json"])
        .env("RUSTC_BOOTSTRAP", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo rustdoc failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&std::fs::read(format!("{target_dir}/doc/exasm_core.json")).expect("rustdoc wrote its JSON")).expect("valid JSON");
    let api = Api { index: json["index"].as_object().expect("an index"), paths: json["paths"].as_object().expect("paths"), lines: BTreeSet::new() };
    api.walk(&json["root"], "");
    let mut lines = api.lines;
    PENDING.with(|p| lines.extend(p.borrow_mut().drain(..)));
    let header = "# The public API of exasm-core (tests/public_api.rs). Regenerate after a deliberate change:\n#     UPDATE_PUBLIC_API=1 cargo test --release -p exasm-core --test public_api\n";
    let mut s = header.to_string();
    for l in lines {
        s.push_str(&l);
        s.push('\n');
    }
    s
}

#[test]
fn public_api_matches_the_committed_list() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/public-api.txt");
    let now = public_api();
    if std::env::var_os("UPDATE_PUBLIC_API").is_some() {
        std::fs::write(file, &now).expect("public-api.txt written");
        return;
    }
    let committed = std::fs::read_to_string(file).unwrap_or_default();
    if committed != now {
        let old: BTreeSet<&str> = committed.lines().collect();
        let new: BTreeSet<&str> = now.lines().collect();
        let mut diff = String::new();
        for l in old.difference(&new) {
            diff += &format!("- {l}\n");
        }
        for l in new.difference(&old) {
            diff += &format!("+ {l}\n");
        }
        panic!("the public API of exasm-core changed; if that is meant, regenerate public-api.txt (see tests/public_api.rs):\n{diff}");
    }
}
