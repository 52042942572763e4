namespace Postfix.Crypto.Fingerprints;

/// <summary>How Postfix compares fingerprint values (<c>match=</c>, <c>smtp_tls_fingerprint_cert_match</c>) with the peer's.</summary>
public enum FingerprintComparison
{
    /// <summary>
    /// Postfix 3.6 and later: each value is decoded as hex (any case, colons optional) and compared as bytes with both the
    /// certificate and the public-key digest; malformed values and values of the wrong length are ignored with a warning.
    /// </summary>
    Postfix36,

    /// <summary>
    /// Postfix 3.5 and earlier: each value is compared as text, ignoring case, with the colon-separated certificate and
    /// public-key fingerprints, so the colons are required.
    /// </summary>
    Postfix35,
}
