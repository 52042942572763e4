using System.Collections.Frozen;
using System.Net.Security;

namespace Postfix.Crypto.Probe;

/// <summary>
/// OpenSSL's names and bits of the TLS cipher suites, generated from the real <c>openssl ciphers</c> listing
/// (<c>OpenSslCipherTable.g.cs</c>, <c>scripts/generate-openssl-ciphers.py</c>), so the probe reports ciphers the
/// way posttls-finger does (<c>ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)</c>).
/// </summary>
internal static partial class OpenSslCipherTable
{
    /// <summary>Every suite the table knows, by code point.</summary>
    public static IReadOnlyCollection<OpenSslCipher> All => Index.ByCode.Values;

    /// <summary>The row of <paramref name="suite"/>, or false when OpenSSL does not know the suite.</summary>
    public static bool TryGet(TlsCipherSuite suite, out OpenSslCipher cipher) => Index.ByCode.TryGetValue((int)suite, out cipher);

    // A nested class: its initializer runs after the generated part's Entries (field order across partial files is undefined).
    private static class Index
    {
        public static readonly FrozenDictionary<int, OpenSslCipher> ByCode = Entries.ToFrozenDictionary(e => e.Code);
    }
}
