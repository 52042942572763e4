using System.Globalization;

namespace Postfix.Crypto.Probe;

/// <summary>The words Postfix logs after <c>key-exchange</c> and <c>server-signature</c> (TLS 1.3 only).</summary>
internal static class TlsKeyExchangeNames
{
    /// <summary>
    /// Postfix's name for a TLS 1.3 named group: <c>X25519</c>, <c>X448</c>, <c>ECDHE (prime256v1)</c> (OpenSSL's
    /// short curve names), <c>DHE (2048 bits)</c> for the RFC 7919 groups; null for a group it cannot name.
    /// </summary>
    public static string? KeyExchange(int group) => group switch
    {
        0x001D => "X25519",
        0x001E => "X448",
        0x0017 => "ECDHE (prime256v1)",
        0x0018 => "ECDHE (secp384r1)",
        0x0019 => "ECDHE (secp521r1)",
        >= 0x0100 and <= 0x0104 => string.Create(CultureInfo.InvariantCulture, $"DHE ({FfdheBits(group)} bits)"),
        _ => null,
    };

    /// <summary>
    /// What TLS 1.3 fixes about the server's signature given its certificate key (the CertificateVerify itself is
    /// encrypted): RSA keys sign with RSA-PSS, ECDSA keys with the hash bound to their curve. The RSA-PSS hash is
    /// the server's choice and stays unknown (null digest); Ed25519/Ed448 and other keys give null.
    /// </summary>
    public static (string? Signature, string? Digest) ServerSignature(string keyDescription)
    {
        var parts = keyDescription.Split(' ');
        return parts switch
        {
            ["RSA" or "RSA-PSS", var bits] => ($"RSA-PSS ({bits} bits)", null),
            ["EC", "P-256"] => ("ECDSA (prime256v1)", "SHA256"),
            ["EC", "P-384"] => ("ECDSA (secp384r1)", "SHA384"),
            ["EC", "P-521"] => ("ECDSA (secp521r1)", "SHA512"),
            _ => (null, null),
        };
    }

    private static int FfdheBits(int group) => group switch
    {
        0x0100 => 2048,
        0x0101 => 3072,
        0x0102 => 4096,
        0x0103 => 6144,
        _ => 8192,
    };
}
