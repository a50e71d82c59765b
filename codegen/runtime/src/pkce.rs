//! Proof Key for Code Exchange (RFC 7636): the verifier a public or confidential client
//! keeps, and the challenge it sends with the authorization request.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

/// A PKCE verifier and its `S256` challenge.
///
/// [`Pkce::new`] draws 32 bytes from the operating system's CSPRNG, which make a 43-character
/// verifier (RFC 7636 §4.1). Send [`Pkce::challenge`] with [`Pkce::METHOD`] to the
/// authorization endpoint, and [`Pkce::verifier`] with the token request that redeems the
/// code. `Debug` never shows the verifier.
#[derive(Clone, PartialEq, Eq)]
pub struct Pkce {
    verifier: String,
    challenge: String,
}

impl Pkce {
    /// The `code_challenge_method` of [`Pkce::challenge`].
    pub const METHOD: &'static str = "S256";

    /// A new random verifier.
    ///
    /// # Errors
    ///
    /// The operating system has no randomness to give (it always has, on the platforms Rust
    /// supports, once booted).
    pub fn new() -> Result<Self, NoRandomness> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|_| NoRandomness)?;
        Ok(Self::from_verifier_unchecked(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// A verifier made elsewhere (kept in a session between the two requests).
    ///
    /// # Errors
    ///
    /// Not 43 to 128 characters of `A-Z a-z 0-9 - . _ ~` (RFC 7636 §4.1).
    pub fn from_verifier(verifier: impl Into<String>) -> Result<Self, InvalidVerifier> {
        let verifier = verifier.into();
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~".contains(&b);
        if !(43..=128).contains(&verifier.len()) || !verifier.bytes().all(allowed) {
            return Err(InvalidVerifier);
        }
        Ok(Self::from_verifier_unchecked(verifier))
    }

    fn from_verifier_unchecked(verifier: String) -> Self {
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self {
            verifier,
            challenge,
        }
    }

    /// `BASE64URL(SHA256(verifier))`, the `code_challenge` of the authorization request.
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// The verifier, the `code_verifier` of the token request. A secret until then.
    pub fn verifier(&self) -> &str {
        &self.verifier
    }
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &"<redacted>")
            .field("challenge", &self.challenge)
            .finish()
    }
}

/// The operating system's random number generator failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the operating system gave no random bytes for a PKCE verifier")]
pub struct NoRandomness;

/// A PKCE verifier that RFC 7636 does not allow; the message does not show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a PKCE verifier is 43 to 128 characters of A-Z, a-z, 0-9, `-`, `.`, `_` and `~`")]
pub struct InvalidVerifier;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7636_appendix_b() {
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(
            pkce.as_ref().map(Pkce::challenge),
            Ok("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        );
    }

    #[test]
    fn new_verifiers_are_43_characters_random_and_never_shown() {
        let (a, b) = (Pkce::new().ok(), Pkce::new().ok());
        let a = a.unwrap_or_else(|| Pkce::from_verifier_unchecked(String::new()));
        assert_eq!(a.verifier().len(), 43);
        assert!(Pkce::from_verifier(a.verifier()).is_ok());
        assert_ne!(Some(&a), b.as_ref());
        assert!(!format!("{a:?}").contains(a.verifier()));
        assert!(Pkce::from_verifier("short").is_err());
        assert!(Pkce::from_verifier("a".repeat(42) + "+").is_err());
    }
}
