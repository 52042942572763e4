namespace Postfix.Crypto.Tlsa;

/// <summary>TLSA certificate usage (RFC 6698). Postfix uses only <see cref="DaneTa"/> and <see cref="DaneEe"/> (RFC 7672).</summary>
public enum TlsaUsage
{
    /// <summary>0, PKIX-TA: not used for SMTP.</summary>
    PkixTa = 0,

    /// <summary>1, PKIX-EE: not used for SMTP.</summary>
    PkixEe = 1,

    /// <summary>2, DANE-TA: a trust anchor (issuing CA) in the server's chain.</summary>
    DaneTa = 2,

    /// <summary>3, DANE-EE: the server's own certificate or key.</summary>
    DaneEe = 3,
}
