namespace Postfix.Config.Tables.Typed;

/// <summary>The TLS security levels of <c>smtp_tls_policy_maps</c> (<c>tls/tls_level.c</c>), lowest first.</summary>
public enum TlsSecurityLevel
{
    /// <summary><c>none</c>: no TLS.</summary>
    None,

    /// <summary><c>may</c>: opportunistic TLS.</summary>
    May,

    /// <summary><c>encrypt</c>: mandatory encryption, no authentication.</summary>
    Encrypt,

    /// <summary><c>dane</c>: opportunistic DANE.</summary>
    Dane,

    /// <summary><c>dane-only</c>: mandatory DANE.</summary>
    DaneOnly,

    /// <summary><c>fingerprint</c>: certificate or public-key fingerprint match.</summary>
    Fingerprint,

    /// <summary><c>verify</c>: mandatory server certificate verification.</summary>
    Verify,

    /// <summary><c>secure</c>: secure-channel TLS.</summary>
    Secure,
}
