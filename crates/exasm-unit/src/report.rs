//! Diagnostics printed as gcc 12 prints them (docs/diagnostics.md): `In file included from`
//! and `FILE: In function 'f':` lines, `file:line:col: error: message`, the source line under a
//! line-number gutter with the location underlined (`    4 |     asm(...)` then
//! `      |     ^~~`), colour, quotes and hyperlinks under gcc's rules and options.
//!
//! The layout is written here, after gcc's `diagnostic.cc` and `diagnostic-show-locus.cc`:
//! annotate-snippets and codespan-reporting both print rustc-style reports (`error: msg` above
//! a `--> file:line:col` or `┌─ file:line:col` line, an empty gutter line, their own escape
//! sequences) and cannot be made to print gcc's bytes.

use exasm_cfront::{Analysis, AsmSite, Located, Location};
use exasm_core::diag::{Diagnostic, Severity};
use exasm_core::stmt::Qualifier;
use std::collections::HashMap;
use std::fmt::Display;
use std::io::Write;
use std::sync::OnceLock;

/// `never`, `auto` or `always`, as gcc's `-fdiagnostics-color=` and `-fdiagnostics-urls=`
/// take them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum When {
    Never,
    Auto,
    Always,
}

impl When {
    fn parse(s: &str) -> Option<When> {
        match s {
            "never" => Some(When::Never),
            "auto" => Some(When::Auto),
            "always" => Some(When::Always),
            _ => None,
        }
    }
}

/// gcc's options about how diagnostics look, read from a command line in order (a later option
/// overrides an earlier one, as in gcc).
///
/// ```ignore
/// let o = Options::from_args(&["-fdiagnostics-plain-output", "-fdiagnostics-color=always"]);
/// assert!(!o.caret && o.color == When::Always);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    color: When,
    urls: When,
    /// The source line and its underline.
    caret: bool,
    /// The ` NNN | ` gutter.
    line_numbers: bool,
    /// The column in `file:line:col`.
    column: bool,
    /// Columns counted in bytes (`-fdiagnostics-column-unit=byte`) rather than display columns.
    column_bytes: bool,
    /// The number of the first column (`-fdiagnostics-column-origin=`).
    column_origin: i64,
    /// `-ftabstop=`: display columns of a tab.
    tabstop: usize,
    /// The ` [-Wxxx]` after a warning.
    show_option: bool,
    /// `-w` hides warnings.
    warnings: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { color: When::Auto, urls: When::Auto, caret: true, line_numbers: true, column: true, column_bytes: false, column_origin: 1, tabstop: 8, show_option: true, warnings: true }
    }
}

impl Options {
    /// The options among `args`; anything else is ignored.
    pub fn from_args<S: AsRef<str>>(args: &[S]) -> Options {
        let mut o = Options::default();
        for a in args {
            let a = a.as_ref();
            match a {
                "-fdiagnostics-color" => o.color = When::Always,
                "-fno-diagnostics-color" => o.color = When::Never,
                "-fdiagnostics-urls" => o.urls = When::Always,
                "-fno-diagnostics-urls" => o.urls = When::Never,
                "-fdiagnostics-show-caret" => o.caret = true,
                "-fno-diagnostics-show-caret" => o.caret = false,
                "-fdiagnostics-show-line-numbers" => o.line_numbers = true,
                "-fno-diagnostics-show-line-numbers" => o.line_numbers = false,
                "-fshow-column" => o.column = true,
                "-fno-show-column" => o.column = false,
                "-fdiagnostics-column-unit=byte" => o.column_bytes = true,
                "-fdiagnostics-column-unit=display" => o.column_bytes = false,
                "-fdiagnostics-show-option" => o.show_option = true,
                "-fno-diagnostics-show-option" => o.show_option = false,
                "-fdiagnostics-plain-output" => {
                    o.caret = false;
                    o.line_numbers = false;
                    o.color = When::Never;
                    o.urls = When::Never;
                }
                "-w" => o.warnings = false,
                _ => {
                    if let Some(w) = a.strip_prefix("-fdiagnostics-color=").and_then(When::parse) {
                        o.color = w;
                    } else if let Some(w) = a.strip_prefix("-fdiagnostics-urls=").and_then(When::parse) {
                        o.urls = w;
                    } else if let Some(n) = a.strip_prefix("-fdiagnostics-column-origin=").and_then(|n| n.parse().ok()) {
                        o.column_origin = n;
                    } else if let Some(n) = a.strip_prefix("-ftabstop=").and_then(|n| n.parse().ok()).filter(|n| (1..=100).contains(n)) {
                        o.tabstop = n;
                    }
                }
            }
        }
        o
    }
}

static OPTIONS: OnceLock<Options> = OnceLock::new();

/// Takes the diagnostic options from the command line; call once, before anything is printed.
pub fn configure<S: AsRef<str>>(args: &[S]) {
    let _ = OPTIONS.set(Options::from_args(args));
}

fn options() -> &'static Options {
    OPTIONS.get_or_init(Options::default)
}

/// gcc's default colours (`GCC_COLORS` keys) for what exasm prints.
const DEFAULT_COLORS: [(&str, &str); 7] = [("error", "01;31"), ("warning", "01;35"), ("note", "01;36"), ("locus", "01"), ("quote", "01"), ("range1", "32"), ("fixit-insert", "32")];

/// SGR parameters by `GCC_COLORS` key.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Palette(Vec<(&'static str, String)>);

impl Palette {
    /// gcc's `parse_gcc_colors`: `None` (no colour at all) for an empty `GCC_COLORS`; otherwise
    /// the defaults with `key=SGR` entries applied in order, up to the first malformed one (an
    /// empty key or a value with other than digits and `;`). Unknown keys and keys without a
    /// value are skipped.
    fn from_env(gcc_colors: Option<&str>) -> Option<Palette> {
        let mut p = Palette(DEFAULT_COLORS.iter().map(|(k, v)| (*k, v.to_string())).collect());
        let Some(spec) = gcc_colors else { return Some(p) };
        if spec.is_empty() {
            return None;
        }
        for entry in spec.split(':') {
            let Some((key, value)) = entry.split_once('=') else { continue };
            if key.is_empty() || value.contains('=') || !value.bytes().all(|b| b == b';' || b.is_ascii_digit()) {
                break;
            }
            if let Some(slot) = p.0.iter_mut().find(|(k, _)| *k == key) {
                slot.1 = value.to_string();
            }
        }
        Some(p)
    }

    fn start(&self, key: &str) -> String {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| format!("\x1b[{v}m\x1b[K")).unwrap_or_default()
    }
}

const SGR_STOP: &str = "\x1b[m\x1b[K";

/// Which stream a [`Reporter`] writes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Where gcc prints its diagnostics.
    Stderr,
    /// Kept for the caller ([`Reporter::take`]): `exasm check`'s findings, which are its output,
    /// written with `-o` or printed to standard output; `true` when that is a terminal (colour
    /// under `auto`).
    Captured(bool),
}

impl Stream {
    fn is_terminal(self) -> bool {
        let fd = match self {
            Stream::Stderr => libc::STDERR_FILENO,
            Stream::Captured(terminal) => return terminal,
        };
        // SAFETY: isatty only inspects the descriptor.
        unsafe { libc::isatty(fd) == 1 }
    }
}

/// gcc's `should_colorize`, plus the NO_COLOR convention: a terminal whose `TERM` is set and
/// not `dumb`.
fn terminal_takes_escapes(stream: Stream) -> bool {
    std::env::var_os("TERM").is_some_and(|t| !t.is_empty() && t != "dumb") && stream.is_terminal()
}

/// How a terminal hyperlink ends (`ESC ] 8 ; ; URL` then this).
fn url_terminator(when: When, stream: Stream) -> Option<&'static str> {
    let var = |name: &str| std::env::var(name).ok();
    // gcc's `parse_env_vars_for_urls`: GCC_URLS, else TERM_URLS, say how; without them,
    // `always` takes the default and `auto` asks `auto_enable_urls` about the terminal.
    let chosen = var("GCC_URLS").or_else(|| var("TERM_URLS")).map(|v| match v.as_str() {
        "" | "no" => None,
        "st" => Some("\x1b\\"),
        _ => Some("\x07"),
    });
    match when {
        When::Never => return None,
        When::Always => return chosen.unwrap_or(Some("\x07")),
        When::Auto if !terminal_takes_escapes(stream) => return None,
        When::Auto => {
            if let Some(c) = chosen {
                return c;
            }
        }
    }
    match var("COLORTERM").as_deref() {
        Some("xfce4-terminal" | "gnome-terminal") => None,
        Some(_) => Some("\x07"),
        None if matches!(var("TERM").as_deref(), Some("linux" | "xterm")) => None,
        None => Some("\x07"),
    }
}

/// Are quotes printed as U+2018 and U+2019? gcc's rule: when the character set of the locale
/// (`LC_ALL`, `LC_CTYPE`, `LANG`) is UTF-8.
fn locale_is_utf8() -> bool {
    static UTF8: OnceLock<bool> = OnceLock::new();
    *UTF8.get_or_init(|| {
        // SAFETY: setlocale and nl_langinfo run before any other thread exists (the first
        // message is printed from the main thread), and the C locale is restored at once, so
        // nothing else in the process sees the change.
        unsafe {
            if libc::setlocale(libc::LC_CTYPE, c"".as_ptr()).is_null() {
                return false;
            }
            let codeset = std::ffi::CStr::from_ptr(libc::nl_langinfo(libc::CODESET)).to_bytes() == b"UTF-8";
            libc::setlocale(libc::LC_CTYPE, c"C".as_ptr());
            codeset
        }
    })
}

/// Everything that decides the bytes of one stream's diagnostics.
#[derive(Clone, Debug)]
struct Look {
    options: Options,
    colors: Option<Palette>,
    url_end: Option<&'static str>,
    quotes: (&'static str, &'static str),
}

impl Look {
    fn new(options: &Options, stream: Stream) -> Look {
        let enabled = match options.color {
            When::Never => false,
            When::Always => true,
            When::Auto => terminal_takes_escapes(stream) && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        };
        let colors = if enabled { Palette::from_env(std::env::var("GCC_COLORS").ok().as_deref()) } else { None };
        let quotes = if locale_is_utf8() { ("\u{2018}", "\u{2019}") } else { ("'", "'") };
        Look { options: options.clone(), colors, url_end: url_terminator(options.urls, stream), quotes }
    }

    /// `text` in the colour of `key`.
    fn paint(&self, out: &mut Vec<u8>, key: &str, text: &[u8]) {
        match &self.colors {
            Some(p) => {
                out.extend_from_slice(p.start(key).as_bytes());
                out.extend_from_slice(text);
                out.extend_from_slice(SGR_STOP.as_bytes());
            }
            None => out.extend_from_slice(text),
        }
    }

    /// A message with its quoted names (`'asm'`) in gcc's quotes and quote colour. gcc's
    /// output-stage messages (`invalid 'asm': ...`) are printed as they are, since gcc formats
    /// them without its quoting directives.
    fn message(&self, out: &mut Vec<u8>, msg: &str) {
        if msg.starts_with("invalid 'asm': ") {
            out.extend_from_slice(msg.as_bytes());
            return;
        }
        let b = msg.as_bytes();
        let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'\'' {
                let next = msg[i..].find('\'').map_or(b.len(), |k| i + k);
                out.extend_from_slice(&b[i..next]);
                i = next;
                continue;
            }
            // An apostrophe inside a word (`isn't`) is gcc's `%'`: a closing quote.
            let opens = i == 0 || !word(i - 1) || !word(i + 1);
            // The closing quote: the next one not followed by a word character (`'''` quotes
            // a quote).
            let close = (i + 2..b.len()).find(|&k| b[k] == b'\'' && !word(k + 1)).filter(|_| opens);
            match close {
                Some(k) => {
                    out.extend_from_slice(self.quotes.0.as_bytes());
                    self.paint(out, "quote", &b[i + 1..k]);
                    out.extend_from_slice(self.quotes.1.as_bytes());
                    i = k + 1;
                }
                None if b.get(i + 1) == Some(&b'\'') => {
                    // `''`: an empty name.
                    out.extend_from_slice(self.quotes.0.as_bytes());
                    self.paint(out, "quote", b"");
                    out.extend_from_slice(self.quotes.1.as_bytes());
                    i += 2;
                }
                None => {
                    out.extend_from_slice(self.quotes.1.as_bytes());
                    i += 1;
                }
            }
        }
    }
}

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error | Severity::Sorry => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// An I/O error as gcc words one: the operating system's message, without Rust's
/// ` (os error N)`.
///
/// ```ignore
/// let e = std::fs::read("/nonexistent").unwrap_err();
/// assert_eq!(os_message(&e), "No such file or directory");
/// ```
pub fn os_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    match e.raw_os_error() {
        Some(code) => text.strip_suffix(&format!(" (os error {code})")).map(str::to_string).unwrap_or(text),
        None => text,
    }
}

/// Prints `exasm: error: MESSAGE` as gcc's driver prints its own errors.
pub fn error(message: impl Display) {
    program_message("error", "error: ", &message.to_string());
}

/// Prints `exasm: warning: MESSAGE`, as gcc's driver warns about its flags.
pub fn warning(message: impl Display) {
    program_message("warning", "warning: ", &message.to_string());
}

/// Prints `exasm: fatal error: MESSAGE` and `compilation terminated.`, as gcc's driver does.
pub fn fatal(message: impl Display) {
    program_message("error", "fatal error: ", &message.to_string());
    let _ = std::io::stderr().write_all(b"compilation terminated.\n");
}

/// Reports a failed preprocessing and returns the exit status: a compiler that cannot be
/// started is exasm's error (2); the preprocessor's own diagnostics about the input are
/// printed as it printed them (1).
pub fn preprocessing_failed(e: exasm_cfront::FrontError) -> u8 {
    match e {
        exasm_cfront::FrontError::Spawn { cc, error } => {
            self::error(format!("cannot run '{cc}': {}", os_message(&error)));
            2
        }
        exasm_cfront::FrontError::Read { path, error } => {
            self::error(format!("{}: {}", path.display(), os_message(&error)));
            2
        }
        exasm_cfront::FrontError::Preprocess { stderr, .. } => {
            let _ = std::io::stderr().write_all(stderr.as_bytes());
            1
        }
    }
}

fn program_message(key: &str, label: &str, message: &str) {
    let look = Look::new(options(), Stream::Stderr);
    let mut out = Vec::new();
    look.paint(&mut out, "locus", b"exasm:");
    out.push(b' ');
    look.paint(&mut out, key, label.as_bytes());
    look.message(&mut out, message);
    out.push(b'\n');
    let _ = std::io::stderr().write_all(&out);
}

/// How gcc underlines a location.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Underline {
    /// The token that starts there (`^~~` under `asm`).
    Token,
    /// The caret alone (a declaration's location).
    Caret,
    /// Display columns `start..=end` of the line, the caret inside (an expression:
    /// `~~^~~` under `x + 1`).
    Columns(u32, u32),
}

/// One diagnostic, with what gcc prints around it.
#[derive(Clone, Debug)]
pub struct Report<'a> {
    /// Error, warning or note.
    pub severity: Severity,
    /// gcc's text, with ASCII quotes.
    pub message: &'a str,
    /// The option that controls a warning (`-Wdeprecated`), or `check`'s kind.
    pub option: Option<&'a str>,
    /// Where; `None` for a message about no place in the input.
    pub location: Option<&'a Location>,
    /// The function it is in (`None` at file scope).
    pub function: Option<&'a str>,
    /// The chain of `#include`s that led to the file, innermost first.
    pub includes: &'a [(String, u32)],
    /// Which entry into a file the location is in (an include instance): gcc repeats the
    /// `In file included from` lines when it changes.
    pub module: usize,
    /// What is underlined.
    pub underline: Underline,
    /// Text gcc suggests inserting at the caret, printed under the underline.
    pub insert: Option<&'a str>,
}

/// Prints diagnostics to one stream as gcc does, remembering what gcc remembers between two:
/// the function and the include instance last announced, and the location last shown (the
/// source line is not shown twice in a row for one place).
pub struct Reporter {
    stream: Stream,
    look: Look,
    last_function: Option<String>,
    last_module: Option<usize>,
    last_shown: Option<(String, u32, u32, Underline)>,
    sources: HashMap<String, Option<Vec<u8>>>,
    out: Vec<u8>,
}

impl Reporter {
    /// A reporter for `stream`, under the options given to [`configure`].
    pub fn new(stream: Stream) -> Reporter {
        Reporter::with_options(stream, options())
    }

    /// A reporter that keeps what it prints for [`Reporter::take`], under `options`, as for a
    /// stream that is no terminal.
    pub fn captured(options: &Options) -> Reporter {
        Reporter::with_options(Stream::Captured(false), options)
    }

    fn with_options(stream: Stream, options: &Options) -> Reporter {
        Reporter { stream, look: Look::new(options, stream), last_function: None, last_module: None, last_shown: None, sources: HashMap::new(), out: Vec::new() }
    }

    /// Does this reporter print diagnostics of this severity (`-w` hides warnings)?
    pub fn shows(&self, severity: Severity) -> bool {
        severity != Severity::Warning || self.look.options.warnings
    }

    /// Prints one diagnostic (nothing for a warning under `-w`).
    pub fn emit(&mut self, r: &Report) {
        if !self.shows(r.severity) {
            return;
        }
        let mut out = std::mem::take(&mut self.out);
        let source_line = r.location.and_then(|l| self.source_line(&l.file, l.line)).map(<[u8]>::to_vec);
        let look = self.look.clone();
        if let Some(l) = r.location {
            if self.last_module != Some(r.module) {
                self.last_module = Some(r.module);
                for (k, (file, line)) in r.includes.iter().enumerate() {
                    out.extend_from_slice(if k == 0 { b"In file included from " } else { b",\n                 from " });
                    look.paint(&mut out, "locus", format!("{file}:{line}").as_bytes());
                }
                if !r.includes.is_empty() {
                    out.extend_from_slice(b":\n");
                }
            }
            let function = r.function.map(str::to_string);
            if self.last_function != function {
                look.paint(&mut out, "locus", format!("{}:", l.file).as_bytes());
                match &function {
                    Some(f) => {
                        out.extend_from_slice(b" In function ");
                        look.message(&mut out, &format!("'{f}'"));
                    }
                    None => out.extend_from_slice(b" At top level"),
                }
                out.extend_from_slice(b":\n");
                self.last_function = function;
            }
            let locus = match &source_line {
                _ if !look.options.column => format!("{}:{}:", l.file, l.line),
                Some(s) => format!("{}:{}:{}:", l.file, l.line, self.column_number(s, l.col)),
                None => format!("{}:{}:{}:", l.file, l.line, l.col as i64 - 1 + look.options.column_origin),
            };
            look.paint(&mut out, "locus", locus.as_bytes());
        } else {
            look.paint(&mut out, "locus", b"exasm:");
        }
        out.push(b' ');
        look.paint(&mut out, severity_key(r.severity), format!("{}: ", r.severity).as_bytes());
        look.message(&mut out, r.message);
        if let Some(opt) = r.option.filter(|_| look.options.show_option) {
            out.extend_from_slice(b" [");
            let url = look.url_end.zip(option_url(opt));
            let mut text = Vec::new();
            if let Some((end, url)) = &url {
                text.extend_from_slice(format!("\x1b]8;;{url}{end}").as_bytes());
            }
            text.extend_from_slice(opt.as_bytes());
            if let Some((end, _)) = url {
                text.extend_from_slice(format!("\x1b]8;;{end}").as_bytes());
            }
            look.paint(&mut out, severity_key(r.severity), &text);
            out.push(b']');
        }
        out.push(b'\n');
        if let (Some(l), Some(line), true) = (r.location, &source_line, look.options.caret) {
            let shown = (l.file.clone(), l.line, l.col, r.underline);
            if self.last_shown.as_ref() != Some(&shown) {
                self.last_shown = Some(shown);
                self.show_locus(&mut out, line, l, r);
            }
        }
        self.out = out;
        self.flush();
    }

    /// Prints a diagnostic with what gcc prints with it ([`COMPANIONS`]): the option of a
    /// warning, a note.
    pub fn emit_with_companion(&mut self, r: &Report) {
        let companion = COMPANIONS.iter().find(|c| r.message.starts_with(c.0));
        self.emit(&Report { option: r.option.or(companion.and_then(|c| c.1)), ..r.clone() });
        if let Some(note) = companion.and_then(|c| c.2).filter(|_| self.shows(r.severity)) {
            self.emit(&Report { severity: Severity::Note, message: note, option: None, insert: None, ..r.clone() });
        }
    }

    /// Writes what was printed so far.
    pub fn flush(&mut self) {
        // The unit tests read what was printed.
        if cfg!(test) {
            return;
        }
        let _ = match self.stream {
            Stream::Stderr => std::io::stderr().write_all(&std::mem::take(&mut self.out)),
            Stream::Captured(_) => Ok(()),
        };
    }

    /// What a [`Stream::Captured`] reporter printed.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    /// Line `line` (1-based) of `file`, read once, without its end of line; `None` when the file
    /// cannot be read (standard input) or is shorter.
    fn source_line(&mut self, file: &str, line: u32) -> Option<&[u8]> {
        let text = self.sources.entry(file.to_string()).or_insert_with(|| std::fs::read(file).ok()).as_deref()?;
        let line = text.split(|&b| b == b'\n').nth(line.checked_sub(1)? as usize)?;
        Some(line)
    }

    /// The column number gcc prints for display column `col` (tab stops of 8, origin 1, as
    /// the front end counts) of `line`, under the column options.
    fn column_number(&self, line: &[u8], col: u32) -> i64 {
        let o = &self.look.options;
        let n = if o.column_bytes {
            byte_at_display(line, col, 8) as i64 + 1
        } else if o.tabstop != 8 {
            display_of_byte(line, byte_at_display(line, col, 8), o.tabstop) as i64 + 1
        } else {
            col as i64
        };
        n - 1 + o.column_origin
    }

    /// The source line and its underline, as `diagnostic_show_locus` prints them.
    fn show_locus(&self, out: &mut Vec<u8>, line: &[u8], l: &Location, r: &Report) {
        let look = &self.look;
        let (underline, severity) = (r.underline, r.severity);
        let tab = look.options.tabstop;
        // The caret and the underline, in bytes of the line.
        let caret = byte_at_display(line, l.col, 8);
        let (start, end) = match underline {
            Underline::Token => (caret, caret + token_len(&line[caret.min(line.len())..]).max(1)),
            Underline::Caret => (caret, caret + 1),
            Underline::Columns(a, b) => (byte_at_display(line, a, 8).min(caret), (byte_at_display(line, b, 8) + 1).max(caret + 1)),
        };
        let trimmed = line.len() - line.iter().rev().take_while(|b| matches!(b, b' ' | b'\t' | b'\r')).count();
        let line = &line[..trimmed];
        let width = (l.line.to_string().len()).max(5);
        let key = severity_key(severity);
        // Where gcc suggests an insertion, the caret alone is the primary range and the rest of
        // the token a secondary one, in its own colour.
        let caret_end = if caret < line.len() { caret + char_at(line, caret, 0, tab).0 } else { caret + 1 };
        let range_of = |i: usize| match (start..end).contains(&i) {
            false => None,
            true if r.insert.is_some() && i >= caret_end => Some("range1"),
            true => Some(key),
        };
        let switch = |out: &mut Vec<u8>, from: Option<&str>, to: Option<&str>| {
            if let (Some(p), true) = (&look.colors, from != to) {
                if from.is_some() {
                    out.extend_from_slice(SGR_STOP.as_bytes());
                }
                if let Some(k) = to {
                    out.extend_from_slice(p.start(k).as_bytes());
                }
            }
        };
        // The line, tabs expanded, the underlined bytes coloured.
        if look.options.line_numbers {
            out.extend_from_slice(format!("{:>width$} | ", l.line).as_bytes());
        } else {
            out.push(b' ');
        }
        let (mut col, mut i, mut state) = (0, 0, None);
        while i < line.len() {
            let now = range_of(i);
            switch(out, state, now);
            state = now;
            let (len, w) = char_at(line, i, col, tab);
            if line[i] == b'\t' {
                out.extend(std::iter::repeat_n(b' ', w));
            } else {
                out.extend_from_slice(&line[i..i + len]);
            }
            col += w;
            i += len;
        }
        switch(out, state, None);
        out.push(b'\n');
        // The underline: `~` over the range, `^` at the caret.
        if look.options.line_numbers {
            out.extend_from_slice(format!("{:width$} |", "").as_bytes());
        }
        out.push(b' ');
        let (a, c, b) = (display_of_byte(line, start, tab), display_of_byte(line, caret, tab), display_of_byte(line, end, tab).max(display_of_byte(line, caret, tab) + 1));
        out.extend(std::iter::repeat_n(b' ', a));
        let mut state = None;
        for k in a..b {
            let now = if r.insert.is_some() && k > c { Some("range1") } else { Some(key) };
            switch(out, state, now);
            state = now;
            out.push(if k == c { b'^' } else { b'~' });
        }
        switch(out, state, None);
        out.push(b'\n');
        if let Some(text) = r.insert {
            if look.options.line_numbers {
                out.extend_from_slice(format!("{:width$} |", "").as_bytes());
            }
            out.push(b' ');
            out.extend(std::iter::repeat_n(b' ', c));
            look.paint(out, "fixit-insert", text.as_bytes());
            out.push(b'\n');
        }
    }
}

/// The byte length and display width of the character at byte `i` of `line`, at display
/// column `col` (0-based): a tab runs to the next tab stop, a byte that starts no valid UTF-8
/// character is one column, other characters as wide as gcc's `cpp_wcwidth` makes them (one up
/// to U+02FF, then East Asian wide two and combining zero).
fn char_at(line: &[u8], i: usize, col: usize, tab: usize) -> (usize, usize) {
    if line[i] == b'\t' {
        return (1, tab - col % tab);
    }
    let len = match line[i] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 1,
    };
    match line.get(i..i + len).and_then(|s| std::str::from_utf8(s).ok()).and_then(|s| s.chars().next()) {
        Some(c) if len > 1 && c as u32 > 0x2ff => (len, unicode_width::UnicodeWidthChar::width(c).unwrap_or(1)),
        Some(_) => (len, 1),
        None => (1, 1),
    }
}

/// The display column (0-based) at which byte `byte` of `line` starts.
fn display_of_byte(line: &[u8], byte: usize, tab: usize) -> usize {
    let (mut col, mut i) = (0, 0);
    while i < byte.min(line.len()) {
        let (len, w) = char_at(line, i, col, tab);
        col += w;
        i += len;
    }
    col + byte.saturating_sub(line.len())
}

/// The byte of `line` at display column `col` (1-based).
fn byte_at_display(line: &[u8], col: u32, tab: usize) -> usize {
    let want = (col as usize).saturating_sub(1);
    let (mut c, mut i) = (0, 0);
    while i < line.len() && c < want {
        let (len, w) = char_at(line, i, c, tab);
        c += w;
        i += len;
    }
    i + want.saturating_sub(c)
}

/// The length of the C token at the start of `s` (0 at a space or the end): an identifier, a
/// number, a string or character literal with its prefix, or the longest punctuator.
fn token_len(s: &[u8]) -> usize {
    let ident = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'$' || *b >= 0x80;
    let Some(&first) = s.first() else { return 0 };
    let prefix = [&b"u8"[..], b"L", b"u", b"U"].iter().find(|p| s.starts_with(p) && matches!(s.get(p.len()), Some(b'"' | b'\''))).map_or(0, |p| p.len());
    if let Some(&q @ (b'"' | b'\'')) = s.get(prefix) {
        let mut i = prefix + 1;
        while i < s.len() && s[i] != q {
            i += if s[i] == b'\\' { 2 } else { 1 };
        }
        return (i + 1).min(s.len());
    }
    if first.is_ascii_digit() || (first == b'.' && s.get(1).is_some_and(u8::is_ascii_digit)) {
        let mut i = 1;
        while i < s.len() && (ident(&s[i]) || s[i] == b'.' || (matches!(s[i], b'+' | b'-') && matches!(s[i - 1], b'e' | b'E' | b'p' | b'P'))) {
            i += 1;
        }
        return i;
    }
    if ident(&first) {
        return s.iter().take_while(|b| ident(b)).count();
    }
    if first.is_ascii_whitespace() {
        return 0;
    }
    const PUNCTUATORS: [&str; 24] = ["%:%:", "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "::"];
    PUNCTUATORS.iter().find(|p| s.starts_with(p.as_bytes())).map_or(1, |p| p.len())
}

/// The documentation of a warning option, for the hyperlink gcc puts on it.
fn option_url(option: &str) -> Option<String> {
    option.starts_with("-W").then(|| format!("https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-{}", &option[1..]))
}

/// What gcc prints with some of its diagnostics besides the message: the option that controls
/// a warning, and a note at the same place.
const COMPANIONS: [(&str, Option<&str>, Option<&str>); 1] = [(
    "listing the stack pointer register ",
    Some("-Wdeprecated"),
    Some("the value of the stack pointer after an 'asm' statement must be the same as it was before the statement"),
)];

/// How gcc underlines the location of some diagnostics (a token, by default).
fn underline_of(message: &str) -> Underline {
    if message.starts_with("invalid register name for ") {
        // A declaration's location: the caret alone.
        Underline::Caret
    } else {
        Underline::Token
    }
}

/// The token gcc suggests inserting before the one it found, for "expected 'T' before ..."
/// (a closing token or a separator, gcc suggests after the previous token instead, at another
/// location: exasm gives none).
fn insertion(message: &str) -> Option<&str> {
    let token = message.strip_prefix("expected '")?.split_once("' before ")?.0;
    (!matches!(token, ")" | "]" | "}" | ";" | ",")).then_some(token)
}

/// A translation unit's diagnostics as gcc prints them: preprocessed `text` and what the front
/// end made of it.
pub struct Unit<'a> {
    text: &'a str,
    analysis: &'a Analysis,
    functions: Vec<(usize, usize, String)>,
    includes: Includes,
}

impl<'a> Unit<'a> {
    /// The unit of `text` and its analysis.
    pub fn new(text: &'a str, analysis: &'a Analysis) -> Unit<'a> {
        Unit { text, analysis, functions: function_bodies(text), includes: Includes::new(text) }
    }

    /// Prints `diags` to standard error.
    pub fn print(&self, diags: &[Located<Diagnostic>]) {
        let mut r = Reporter::new(Stream::Stderr);
        for d in diags {
            self.emit(&mut r, d, None);
        }
    }

    /// The statement a diagnostic located at `location` is about, if any.
    fn site_at(&self, location: &Location) -> Option<&'a AsmSite> {
        self.analysis.statements.iter().find(|s| s.location == *location)
    }

    /// Prints one diagnostic with `reporter`, with its companion note; `option` names a
    /// warning's option or a finding's kind.
    pub fn emit(&self, reporter: &mut Reporter, d: &Located<Diagnostic>, option: Option<&str>) {
        if !reporter.shows(d.value.severity) {
            return;
        }
        let site = self.site_at(&d.location).or_else(|| self.analysis.statements.iter().find(|s| (s.stmt.span.start..s.stmt.span.end.max(s.stmt.span.start + 1)).contains(&d.value.span.start)));
        // Statement diagnostics are located at the keyword; the front end's at their span.
        let offset = match self.site_at(&d.location) {
            Some(s) => s.stmt.keyword.span.start as usize,
            None => d.value.span.start as usize,
        };
        let function = match site {
            Some(s) if s.file_scope => None,
            Some(s) => s.function.clone(),
            None => self.functions.iter().find(|(open, close, _)| (*open..*close).contains(&offset)).map(|f| f.2.clone()),
        };
        let (module, includes) = self.includes.at(offset);
        let underline = match (d.value.span.start == d.value.span.end, site) {
            // gcc underlines the whole operand expression around the caret of a memory input
            // that is not addressable.
            (true, Some(s)) if d.value.message.starts_with("memory input ") => self.expression_columns(s, d).unwrap_or(Underline::Token),
            _ => underline_of(&d.value.message),
        };
        let report = Report {
            severity: d.value.severity,
            message: &d.value.message,
            option,
            location: Some(&d.location),
            function: function.as_deref(),
            includes: &includes,
            module,
            underline,
            insert: insertion(&d.value.message),
        };
        reporter.emit_with_companion(&report);
        if let (Some(s), Some(q)) = (site, duplicate_qualifier(&d.value.message)) {
            if let Some(first) = s.stmt.qualifiers.iter().find(|x| x.value == q) {
                let at = self.analysis.line_map.locate(first.span.start as usize);
                reporter.emit(&Report { severity: Severity::Note, message: "first seen here", option: None, location: Some(&at), underline: Underline::Token, insert: None, ..report.clone() });
            }
        }
    }

    /// The display columns of the operand expression that holds a diagnostic's caret, when it
    /// is on the caret's line.
    fn expression_columns(&self, site: &AsmSite, d: &Located<Diagnostic>) -> Option<Underline> {
        let at = d.value.span.start;
        let e = site.stmt.outputs.iter().chain(&site.stmt.inputs).map(|o| o.expr.span).find(|e| e.start <= at && at < e.end)?;
        let text = e.text(self.text);
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        let map = &self.analysis.line_map;
        let (a, b) = (map.locate(e.start as usize + lead), map.locate((e.end as usize - trail).saturating_sub(1)));
        (a.file == d.location.file && a.line == d.location.line && b.line == a.line).then_some(Underline::Columns(a.col, b.col))
    }
}

/// The qualifier a "duplicate 'asm' qualifier 'X'" error repeats.
fn duplicate_qualifier(message: &str) -> Option<Qualifier> {
    let word = message.strip_prefix("duplicate 'asm' qualifier '")?.strip_suffix('\'')?;
    Qualifier::from_spelling(word)
}

/// Prints diagnostics about text that is not a preprocessed unit (`exasm parse`'s input, named
/// `name`): their spans are offsets into `src`.
pub fn print_source(name: &str, src: &str, diags: &[Diagnostic]) {
    let functions = function_bodies(src);
    let mut r = Reporter::new(Stream::Stderr);
    for d in diags {
        let offset = (d.span.start as usize).min(src.len());
        let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = src[..offset].matches('\n').count() as u32 + 1;
        let col = display_of_byte(&src.as_bytes()[line_start..], offset - line_start, 8) as u32 + 1;
        let location = Location { file: name.to_string(), line, col };
        let function = functions.iter().find(|(open, close, _)| (*open..*close).contains(&offset)).map(|f| f.2.as_str());
        r.emit_with_companion(&Report { severity: d.severity, message: &d.message, option: None, location: Some(&location), function, includes: &[], module: 0, underline: underline_of(&d.message), insert: insertion(&d.message) });
    }
}

/// The include instances of a preprocessed text, from its line markers (`# 1 "h.h" 1` enters
/// a file, `# 5 "a.c" 2` returns to one).
struct Includes {
    /// From each offset on: the instance number and its chain of includers.
    changes: Vec<(usize, usize, IncludeChain)>,
}

/// The files that include one, innermost first, each with the line of its `#include`.
type IncludeChain = Vec<(String, u32)>;

/// A file being read: its name, the line and offset of its last marker, and the line of the
/// `#include` it is reading, if it is.
struct Frame {
    file: String,
    line: u32,
    at: usize,
    included_at: u32,
}

impl Includes {
    fn new(text: &str) -> Includes {
        let mut stack: Vec<Frame> = Vec::new();
        let mut changes = vec![(0, 0, Vec::new())];
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let next = offset + line.len();
            if let Some((number, file, flags)) = marker(line) {
                let frame = Frame { file, line: number, at: next, included_at: 0 };
                match flags.first() {
                    Some(1) => {
                        if let Some(top) = stack.last_mut() {
                            // The line the includer has reached: its `#include`.
                            top.included_at = top.line + text[top.at..offset].matches('\n').count() as u32;
                        }
                        stack.push(frame);
                    }
                    Some(2) => {
                        stack.pop();
                        match stack.last_mut() {
                            Some(top) => *top = frame,
                            None => stack.push(frame),
                        }
                    }
                    _ => match stack.last_mut() {
                        Some(top) => *top = frame,
                        None => stack.push(frame),
                    },
                }
                if matches!(flags.first(), Some(1 | 2)) {
                    let chain = stack.iter().rev().skip(1).map(|f| (f.file.clone(), f.included_at)).collect();
                    changes.push((next, changes.len(), chain));
                }
            }
            offset = next;
        }
        Includes { changes }
    }

    /// The include instance at `offset` and its chain of includers.
    fn at(&self, offset: usize) -> (usize, IncludeChain) {
        let k = self.changes.partition_point(|c| c.0 <= offset).saturating_sub(1);
        (self.changes[k].1, self.changes[k].2.clone())
    }
}

/// `# 12 "file.h" 1 3`: the line number, the file and the flags.
fn marker(line: &str) -> Option<(u32, String, Vec<u8>)> {
    let rest = line.strip_prefix("# ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number = rest[..digits].parse().ok()?;
    let rest = rest[digits..].strip_prefix(" \"")?;
    let mut file = String::new();
    let mut chars = rest.chars();
    loop {
        match chars.next()? {
            '"' => break,
            '\\' => file.push(chars.next()?),
            c => file.push(c),
        }
    }
    let flags = chars.as_str().split_whitespace().filter_map(|f| f.parse().ok()).collect();
    Some((number, file, flags))
}

/// The function bodies of C text: (offset of `{`, offset of the matching `}`, name), found by
/// matching braces outside literals, comments and preprocessor lines; a body is a brace at file
/// scope after a declarator's `)`, and its name the identifier before the declaration's first
/// `(` that is no attribute.
fn function_bodies(text: &str) -> Vec<(usize, usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut i, mut decl_start) = (0usize, 0usize, 0usize);
    let mut open: Option<(usize, String)> = None;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |k| i + 2 + k + 1);
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(b.len(), |k| i + k);
            }
            b'#' if i == 0 || b[i - 1] == b'\n' => {
                i = text[i..].find('\n').map_or(b.len(), |k| i + k);
                if depth == 0 {
                    decl_start = i;
                }
            }
            b'{' => {
                if depth == 0 {
                    // Comments (kept by `-C`, or in `exasm parse`'s source) name nothing.
                    let decl = exasm_cfront::blank_comments(&text[decl_start..i]);
                    open = decl.trim_end().ends_with(')').then(|| declared_name(&decl)).flatten().map(|n| (i, n));
                }
                depth += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some((start, name)) = open.take() {
                        out.push((start, i + 1, name));
                    }
                    decl_start = i + 1;
                }
            }
            b';' if depth == 0 => decl_start = i + 1,
            _ => {}
        }
        i += 1;
    }
    out
}

/// The name a declaration declares as a function: the identifier before its first `(` that
/// follows no attribute keyword.
fn declared_name(decl: &str) -> Option<String> {
    let mut rest = decl;
    loop {
        let paren = rest.find('(')?;
        let before = rest[..paren].trim_end();
        let name_start = before.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |k| k + 1);
        let name = &before[name_start..];
        if matches!(name, "__attribute__" | "__attribute" | "__declspec" | "__typeof__" | "__typeof" | "typeof" | "_Alignas" | "__asm__" | "asm") {
            // Skip the attribute's parenthesized arguments.
            let mut depth = 0;
            let end = rest[paren..].char_indices().find(|&(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })?;
            rest = &rest[paren + end.0 + 1..];
            continue;
        }
        return (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then(|| name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(options: &Options, colors: Option<Palette>, f: impl FnOnce(&mut Reporter)) -> String {
        let mut r = Reporter::with_options(Stream::Stderr, options);
        r.look.colors = colors;
        r.look.quotes = ("'", "'");
        r.look.url_end = None;
        f(&mut r);
        String::from_utf8_lossy(&r.out).into_owned()
    }

    #[test]
    fn later_options_override_earlier_ones() {
        let o = Options::from_args(&["-fdiagnostics-plain-output", "-fdiagnostics-color=always"]);
        assert_eq!((o.caret, o.line_numbers, o.color, o.urls), (false, false, When::Always, When::Never));
        let o = Options::from_args(&["-fdiagnostics-color", "-fno-diagnostics-color", "-ftabstop=4", "-ftabstop=0", "-fno-show-column"]);
        assert_eq!((o.color, o.tabstop, o.column), (When::Never, 4, false));
    }

    #[test]
    fn gcc_colors_apply_up_to_the_first_malformed_entry() {
        let p = Palette::from_env(Some("error:warning=4:note=7")).unwrap();
        assert_eq!((p.start("error"), p.start("warning"), p.start("note")), ("\x1b[01;31m\x1b[K".into(), "\x1b[4m\x1b[K".into(), "\x1b[7m\x1b[K".into()));
        let p = Palette::from_env(Some("note=7:error=0;x:warning=4")).unwrap();
        assert_eq!((p.start("error"), p.start("warning"), p.start("note")), ("\x1b[01;31m\x1b[K".into(), "\x1b[01;35m\x1b[K".into(), "\x1b[7m\x1b[K".into()));
        assert_eq!(Palette::from_env(Some("locus=")).unwrap().start("locus"), "\x1b[m\x1b[K");
        assert_eq!(Palette::from_env(Some("")), None);
        assert_eq!(Palette::from_env(Some("caret=01;32")), Palette::from_env(None));
    }

    #[test]
    fn quotes_are_coloured_and_apostrophes_are_not_quotes() {
        let mut look = Look::new(&Options::default(), Stream::Stderr);
        look.quotes = ("\u{2018}", "\u{2019}");
        look.colors = Palette::from_env(None);
        let mut out = Vec::new();
        look.message(&mut out, "unknown register name 'st(0)' in 'asm'");
        assert_eq!(String::from_utf8(out).unwrap(), "unknown register name \u{2018}\x1b[01m\x1b[Kst(0)\x1b[m\x1b[K\u{2019} in \u{2018}\x1b[01m\x1b[Kasm\x1b[m\x1b[K\u{2019}");
        let mut out = Vec::new();
        look.message(&mut out, "invalid 'asm': '%l' operand isn't a label");
        assert_eq!(String::from_utf8(out).unwrap(), "invalid 'asm': '%l' operand isn't a label");
        let mut out = Vec::new();
        look.colors = None;
        look.message(&mut out, "cannot write chibicc's headers: ''");
        assert_eq!(String::from_utf8(out).unwrap(), "cannot write chibicc\u{2019}s headers: \u{2018}\u{2019}");
    }

    #[test]
    fn tokens_under_the_caret() {
        assert_eq!(token_len(b"asm volatile"), 3);
        assert_eq!(token_len(b"__asm__("), 7);
        assert_eq!(token_len(b"L\"+r\"(x)"), 5);
        assert_eq!(token_len(b":: done"), 2);
        assert_eq!(token_len(b"0x1fULL;"), 7);
        assert_eq!(token_len(b" x"), 0);
    }

    #[test]
    fn gutter_is_five_columns_wide_at_least() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.c");
        let mut text = "\n".repeat(123_456);
        text.push_str("\tasm (\"\");\n");
        std::fs::write(&file, &text).unwrap();
        let name = file.to_string_lossy().into_owned();
        let out = render(&Options::default(), None, |r| {
            for line in [1, 123_457] {
                let l = Location { file: name.clone(), line, col: 9 };
                r.emit(&Report { severity: Severity::Error, message: "m", option: None, location: Some(&l), function: None, includes: &[], module: 0, underline: Underline::Token, insert: None });
            }
        });
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "    1 | ");
        assert_eq!(lines[2], "      |         ^");
        assert_eq!(lines[4], "123457 |         asm (\"\");");
        assert_eq!(lines[5], "       |         ^~~");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let line = "/* \u{e9}\u{4e2d} */ asm".as_bytes();
        assert_eq!(display_of_byte(line, line.len() - 3, 8), 10);
        assert_eq!(byte_at_display(line, 11, 8), line.len() - 3);
        assert_eq!(display_of_byte(b"\xe9\xe9 asm", 3, 8), 3);
    }

    #[test]
    fn function_bodies_are_named() {
        let text = "static __attribute__((noinline)) int f(int x) { if (x) { return 1; } return 0; }\nstruct s { int a; };\n/* expected '(' */\nint g(void) { return '}'; }\n";
        let names: Vec<String> = function_bodies(text).into_iter().map(|f| f.2).collect();
        assert_eq!(names, ["f", "g"]);
    }

    #[test]
    fn include_chains_come_from_line_markers() {
        let text = "# 1 \"a.c\"\n# 1 \"h.h\" 1\nint x;\n# 1 \"k.h\" 1\nint y;\n# 3 \"h.h\" 2\nint z;\n# 3 \"a.c\" 2\nint w;\n";
        let at = |s: &str| Includes::new(text).at(text.find(s).unwrap());
        assert_eq!(at("int x").1, [("a.c".to_string(), 1)]);
        assert_eq!(at("int y").1, [("h.h".to_string(), 2), ("a.c".to_string(), 1)]);
        assert_eq!(at("int z").1, [("a.c".to_string(), 1)]);
        assert_ne!(at("int z").0, at("int x").0);
        assert!(at("int w").1.is_empty());
    }

    #[test]
    fn os_errors_lose_the_rust_suffix() {
        let e = std::fs::read("/nonexistent/exasm").unwrap_err();
        assert_eq!(os_message(&e), "No such file or directory");
    }
}
