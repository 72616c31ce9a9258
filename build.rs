// The web client is embedded in the binary (rust-embed); rebuild when a file
// is added to `web/`, not only when an embedded one changes.
fn main() {
    println!("cargo:rerun-if-changed=web");
}
