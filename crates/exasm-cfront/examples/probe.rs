fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(path).unwrap();
    let cfg = lang_c::driver::Config::with_gcc();
    let t = std::time::Instant::now();
    match lang_c::driver::parse_preprocessed(&cfg, src.clone()) {
        Ok(_) => println!("ok {:?}", t.elapsed()),
        Err(e) => { let s = &src[e.offset.saturating_sub(80)..(e.offset+40).min(src.len())]; println!("ERR {} line {}: ...{}...", e.offset, e.line, s) }
    }
}
