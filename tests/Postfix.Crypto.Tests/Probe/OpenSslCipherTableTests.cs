using System.Net.Security;
using System.Text.RegularExpressions;
using Postfix.Crypto.Probe;
using Postfix.Crypto.Tests.Fingerprints;
using Postfix.Testing;

namespace Postfix.Crypto.Tests.Probe;

/// <summary>The generated cipher-name table against the real OpenSSL and against .NET's <see cref="TlsCipherSuite"/>.</summary>
public sealed partial class OpenSslCipherTableTests
{
    [Fact]
    public async Task Table_EqualsOpensslCiphersListing_EveryRow()
    {
        RealPostfix.Require("openssl");
        var listing = await OpenSslKeySet.OpenSslAsync("ciphers", "-stdname", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0");
        var lines = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 100, listing);
        var seen = new HashSet<int>();
        foreach (var line in lines)
        {
            var m = ListingLine().Match(line);
            Assert.True(m.Success, line);
            var code = Convert.ToInt32(m.Groups["hi"].Value + m.Groups["lo"].Value, 16);
            Assert.True(OpenSslCipherTable.TryGet((TlsCipherSuite)code, out var row), line);
            Assert.Equal(m.Groups["name"].Value, row.Name);
            Assert.Equal(m.Groups["iana"].Value, row.IanaName);
            Assert.Equal(m.Groups["proto"].Value, row.Protocol);
            Assert.Equal(m.Groups["bits"].Success ? int.Parse(m.Groups["bits"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0, row.AlgorithmBits);
            seen.Add(code);
        }

        Assert.Equal(seen.Count, OpenSslCipherTable.All.Count);
    }

    [Fact]
    public void Table_IanaNames_EqualDotNetEnumNames()
    {
        var known = 0;
        foreach (var row in OpenSslCipherTable.All)
        {
            var suite = (TlsCipherSuite)row.Code;
            if (Enum.IsDefined(suite))
            {
                Assert.Equal(row.IanaName, suite.ToString());
                known++;
            }
        }

        Assert.True(known > 100, $"only {known} suites known to .NET");
    }

    [Theory]
    [InlineData(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, "ECDHE-RSA-AES256-GCM-SHA384", 256)]
    [InlineData(TlsCipherSuite.TLS_DH_anon_WITH_AES_256_GCM_SHA384, "ADH-AES256-GCM-SHA384", 256)]
    [InlineData(TlsCipherSuite.TLS_AES_256_GCM_SHA384, "TLS_AES_256_GCM_SHA384", 256)]
    [InlineData(TlsCipherSuite.TLS_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256", 128)]
    [InlineData(TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA, "AES128-SHA", 128)]
    [InlineData(TlsCipherSuite.TLS_RSA_WITH_NULL_SHA, "NULL-SHA", 0)]
    public void TryGet_KnownSuite_OpenSslNameAndBits(TlsCipherSuite suite, string name, int bits)
    {
        Assert.True(OpenSslCipherTable.TryGet(suite, out var row));
        Assert.Equal(name, row.Name);
        Assert.Equal(bits, row.Bits);
        Assert.Equal(bits, row.AlgorithmBits);
    }

    [Fact]
    public void TryGet_UnknownSuite_False()
    {
        Assert.False(OpenSslCipherTable.TryGet(TlsCipherSuite.TLS_NULL_WITH_NULL_NULL, out _));
        Assert.False(OpenSslCipherTable.TryGet((TlsCipherSuite)0xFAFA, out _));
    }

    [GeneratedRegex(@"^\s*0x(?<hi>[0-9A-F]{2}),0x(?<lo>[0-9A-F]{2}) - (?<iana>\S+)\s+- (?<name>\S+)\s+(?<proto>\S+)\s+Kx=\S+\s+Au=\S+\s+Enc=\S+?(\((?<bits>\d+)\))?\s+Mac=\S+\s*$")]
    private static partial Regex ListingLine();
}
