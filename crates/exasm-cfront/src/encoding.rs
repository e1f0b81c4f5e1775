//! Source text is bytes. exasm works on `str`, so a unit's bytes become text in one of two
//! ways, and every byte exasm does not rewrite goes back out unchanged.

use std::borrow::Cow;

/// How a unit's bytes are held as text.
///
/// A unit that is valid UTF-8 is held as it is. Any other unit (a Latin-1 string literal, a
/// header in another encoding) is held one `char` per byte, U+0000 to U+00FF, and written back
/// one byte per `char`: nothing is replaced, whatever the encoding.
///
/// ```
/// use exasm_cfront::Encoding;
/// let bytes = b"char *s = \"\xe9t\xe9\";".to_vec();
/// let (text, encoding) = Encoding::decode(bytes.clone());
/// assert_eq!(encoding, Encoding::Bytes);
/// assert_eq!(encoding.encode(&text).unwrap(), &bytes[..]);
/// let (text, encoding) = Encoding::decode("é".as_bytes().to_vec());
/// assert_eq!((text.as_str(), encoding), ("é", Encoding::Utf8));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// The bytes are UTF-8 and the text is them.
    #[default]
    Utf8,
    /// The bytes are not UTF-8: each `char` of the text is one byte.
    Bytes,
}

impl Encoding {
    /// The text of `bytes`, and how it is held.
    pub fn decode(bytes: Vec<u8>) -> (String, Encoding) {
        match String::from_utf8(bytes) {
            Ok(text) => (text, Encoding::Utf8),
            Err(e) => (e.as_bytes().iter().map(|&b| char::from(b)).collect(), Encoding::Bytes),
        }
    }

    /// The text of `bytes` alone, for text read beside a unit (an original source file).
    pub fn text(bytes: Vec<u8>) -> String {
        Encoding::decode(bytes).0
    }

    /// The bytes of `text`. Fails with the first `char` that is not one byte, which only text
    /// exasm wrote itself could hold, in a unit held as [`Encoding::Bytes`].
    pub fn encode(self, text: &str) -> Result<Cow<'_, [u8]>, char> {
        match self {
            Encoding::Utf8 => Ok(Cow::Borrowed(text.as_bytes())),
            Encoding::Bytes if text.is_ascii() => Ok(Cow::Borrowed(text.as_bytes())),
            Encoding::Bytes => text.chars().map(|c| u8::try_from(c).map_err(|_| c)).collect::<Result<Vec<u8>, char>>().map(Cow::Owned),
        }
    }
}

/// The output of [`crate::preprocess`]: the text and how its bytes are held.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preprocessed {
    /// The preprocessed text, line markers included.
    pub text: String,
    /// How to write text derived from it back as bytes.
    pub encoding: Encoding,
    /// What the preprocessor printed while succeeding (`#warning`, `-Wundef`, ...): the
    /// compiler of the preprocessed text never sees these, so they are the caller's to show.
    pub diagnostics: String,
}
