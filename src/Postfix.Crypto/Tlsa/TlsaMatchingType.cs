namespace Postfix.Crypto.Tlsa;

/// <summary>TLSA matching type (RFC 6698). Postfix reserves the private-use value 255 for its fingerprints.</summary>
public enum TlsaMatchingType
{
    /// <summary>0: the selected bytes themselves.</summary>
    Full = 0,

    /// <summary>1: SHA-256 of the selected bytes (equals the Postfix sha256 fingerprint).</summary>
    Sha256 = 1,

    /// <summary>2: SHA-512 of the selected bytes (equals the Postfix sha512 fingerprint).</summary>
    Sha512 = 2,
}
