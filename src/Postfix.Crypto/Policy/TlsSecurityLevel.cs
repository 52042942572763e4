namespace Postfix.Crypto.Policy;

/// <summary>A Postfix SMTP client TLS security level (<c>smtp_tls_security_level</c>, the first word of a policy entry).</summary>
public enum TlsSecurityLevel
{
    /// <summary><c>none</c>: no TLS.</summary>
    None,

    /// <summary><c>may</c>: opportunistic TLS.</summary>
    May,

    /// <summary><c>encrypt</c>: mandatory TLS, no authentication.</summary>
    Encrypt,

    /// <summary><c>fingerprint</c>: mandatory TLS, the peer certificate or public key must match a listed fingerprint.</summary>
    Fingerprint,

    /// <summary><c>verify</c>: mandatory TLS with a trusted certificate and a matching name (MX names from DNS allowed).</summary>
    Verify,

    /// <summary><c>secure</c>: mandatory TLS with a trusted certificate whose name matches the <c>match=</c> patterns.</summary>
    Secure,

    /// <summary><c>dane</c>: opportunistic DANE.</summary>
    Dane,

    /// <summary><c>dane-only</c>: mandatory DANE.</summary>
    DaneOnly,
}
