//! `run-sample NAME`: runs one C sample's `main` and exits with its status (C's `exit` flushes
//! what it printed).

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    match exasm_rust_crate_example::run(&name) {
        Some(status) => std::process::exit(status),
        None => {
            let names: Vec<&str> = exasm_rust_crate_example::SAMPLES.iter().map(|s| s.0).collect();
            eprintln!("run-sample: no sample '{name}' (there are: {})", names.join(", "));
            std::process::exit(2);
        }
    }
}
