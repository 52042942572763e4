using FsCheck;
using FsCheck.Fluent;
using Postfix.Crypto.Fingerprints;

namespace Postfix.Crypto.Tests.Fingerprints;

public sealed class FingerprintListTests
{
    // The pf2 sandbox certificate (corpus tls/fingerprint-match.txt).
    private const string CertSha256 = "E1:0C:69:CB:03:68:1A:AB:72:87:DF:08:53:3D:97:79:8E:54:63:B0:EA:BE:CA:00:D2:10:29:44:FA:1C:33:B6";
    private const string PkeySha256 = "62:C5:D6:DE:F8:F1:62:D0:AB:11:38:B8:37:02:D7:B0:8F:75:45:F3:F5:3E:7D:2A:D9:4B:78:B9:07:81:BB:1D";
    private const string CertMd5 = "E2:38:FA:B4:F6:98:EF:15:E7:A6:F3:C1:1B:01:23:E3";

    private static TlsMaterial Pf2 => TlsMaterialReader.Read(TestFiles.Bytes("pf2-cert.pem"), "pf2")[0];

    [Theory]
    [InlineData("AB:CD", "AB:CD")]
    [InlineData("abcd", "AB:CD")]
    [InlineData("aB:cd", "AB:CD")]
    [InlineData("AB", "AB")]
    [InlineData("", "")]
    [InlineData("AB:", null)]
    [InlineData(":AB", null)]
    [InlineData("AB::CD", null)]
    [InlineData("ABC", null)]
    [InlineData("AB:C", null)]
    [InlineData("A:BC", null)]
    [InlineData("AB CD", null)]
    [InlineData("GG", null)]
    public void Decode_HexDecodeOptRules_AsPostfix(string text, string? expected)
    {
        var entry = Assert.Single(FingerprintList.FromValues([text]).Entries);
        Assert.Equal(expected is not null, entry.DecodedBytes.HasValue);
        if (entry.DecodedBytes is { } bytes)
        {
            Assert.Equal(expected, string.Join(':', bytes.ToArray().Select(b => b.ToString("X2"))));
        }
        else
        {
            Assert.Equal("malformed fingerprint value: " + text, entry.Problem);
        }
    }

    [Fact]
    public void Parse_AnyCaseAndColonLayout_RoundTripsToSameFingerprint()
    {
        var gen =
            from digest in Gen.Elements(FingerprintDigests.All.ToArray())
            from bytes in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), FingerprintDigests.Length(digest))
            from colons in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), FingerprintDigests.Length(digest))
            from upper in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), FingerprintDigests.Length(digest) * 2)
            select (digest, bytes, Layout(bytes, colons, upper));
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var fingerprint = Fingerprint.Parse(t.Item3);
            return fingerprint.Digest == t.digest
                && fingerprint.Bytes.Span.SequenceEqual(t.bytes)
                && Fingerprint.Parse(fingerprint.ToString()) == fingerprint
                && FingerprintList.Parse(fingerprint.ToHex(lowercase: true) + " | " + t.Item3).Fingerprints.All(f => f == fingerprint);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_MixedSeparators_KeepsOrderAndDropsEmpty()
    {
        var list = FingerprintList.Parse($"|{CertSha256}||{PkeySha256.Replace(":", "").ToLowerInvariant()}, nothex\t{CertMd5}\n");
        Assert.Equal(4, list.Entries.Count);
        Assert.Equal([FingerprintDigest.Sha256, FingerprintDigest.Sha256, null, FingerprintDigest.Md5], list.Entries.Select(e => e.Digest));
        Assert.Equal("malformed fingerprint value: nothex", list.Entries[2].Problem);
        Assert.Equal($"{CertSha256}|{PkeySha256}|{CertMd5}", list.ToMatchValue());
    }

    [Fact]
    public void Parse_TooLong_MalformedWithEllipsis()
    {
        var value = new string('A', 194);
        var entry = Assert.Single(FingerprintList.Parse(value).Entries);
        Assert.Equal("malformed fingerprint value: " + new string('A', 100) + "...", entry.Problem);
    }

    [Theory]
    [InlineData(CertSha256, true, false)]
    [InlineData(PkeySha256, true, true)]
    [InlineData("62c5d6def8f162d0ab1138b83702d7b08f7545f3f53e7d2ad94b78b90781bb1d", true, true)]
    [InlineData("00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", false, false)]
    public void Match_Postfix36_AsPosttlsFingerRuns(string value, bool matches, bool publicKey)
    {
        var result = FingerprintList.Parse(value).Match(Pf2, FingerprintDigest.Sha256, FingerprintComparison.Postfix36);
        Assert.Equal(matches, result.IsMatch);
        Assert.Equal(publicKey, result.MatchedPublicKey);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Match_Md5ValueWithSha256Digest_UnusableAsPosttlsFingerWarns()
    {
        var result = FingerprintList.Parse(CertMd5).Match(Pf2, FingerprintDigest.Sha256, FingerprintComparison.Postfix36);
        Assert.False(result.IsMatch);
        Assert.Equal(
            ["unusable TLSA RR: 3 1 255 E238FAB4F698EF15E7A6F3C11B0123E3", "unusable TLSA RR: 3 0 255 E238FAB4F698EF15E7A6F3C11B0123E3", "all fingerprints unusable"],
            result.Warnings);
        Assert.True(FingerprintList.Parse(CertMd5).Match(Pf2, FingerprintDigest.Md5, FingerprintComparison.Postfix36).IsMatch);
    }

    [Theory]
    [InlineData(PkeySha256, true)]
    [InlineData("62:c5:d6:de:f8:f1:62:d0:ab:11:38:b8:37:02:d7:b0:8f:75:45:f3:f5:3e:7d:2a:d9:4b:78:b9:07:81:bb:1d", true)]
    [InlineData("62c5d6def8f162d0ab1138b83702d7b08f7545f3f53e7d2ad94b78b90781bb1d", false)]
    [InlineData(CertSha256, true)]
    public void Match_Postfix35_NeedsColonsIgnoresCase(string value, bool matches)
    {
        var result = FingerprintList.Parse(value).Match(Pf2, FingerprintDigest.Sha256, FingerprintComparison.Postfix35);
        Assert.Equal(matches, result.IsMatch);

        // Whatever 3.5 matched, 3.6 matches too.
        Assert.True(FingerprintList.Parse(value).Match(Pf2, FingerprintDigest.Sha256, FingerprintComparison.Postfix36).IsMatch);
    }

    [Theory]
    [InlineData(null, FingerprintDigest.Md5)]
    [InlineData("0", FingerprintDigest.Md5)]
    [InlineData("2", FingerprintDigest.Md5)]
    [InlineData("3.5", FingerprintDigest.Md5)]
    [InlineData("3.5.99", FingerprintDigest.Md5)]
    [InlineData("3.6", FingerprintDigest.Sha256)]
    [InlineData("3.10", FingerprintDigest.Sha256)]
    [InlineData("4", FingerprintDigest.Sha256)]
    public void DefaultForCompatibilityLevel_PostfixRule(string? level, FingerprintDigest expected) =>
        Assert.Equal(expected, FingerprintDigests.DefaultForCompatibilityLevel(level));

    [Theory]
    [InlineData("3.x")]
    [InlineData("")]
    [InlineData("3.6.")]
    [InlineData("-1")]
    [InlineData("3.1024")]
    public void DefaultForCompatibilityLevel_Malformed_ThrowsPostfixMessage(string level)
    {
        var e = Assert.Throws<FormatException>(() => FingerprintDigests.DefaultForCompatibilityLevel(level));
        Assert.Equal($"malformed compatibility level syntax: \"{level}\"", e.Message);
    }

    [Fact]
    public void Resolve_ExplicitDigestWins()
    {
        Assert.Equal(FingerprintDigest.Sha1, FingerprintDigests.Resolve("SHA1", "3.6"));
        Assert.Equal(FingerprintDigest.Sha256, FingerprintDigests.Resolve(null, "3.7"));
        Assert.Throws<FormatException>(() => FingerprintDigests.Resolve("whirlpool", "3.6"));
        Assert.Throws<FormatException>(() => FingerprintDigests.Resolve(string.Empty, "3.6"));
        Assert.Throws<FormatException>(() => FingerprintDigests.Resolve("sha1", "3.6."));
        Assert.Equal(FingerprintDigest.Md5, FingerprintDigests.Resolve(null, null));
    }

    private static string Layout(byte[] bytes, bool[] colons, bool[] upper)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i > 0 && colons[i])
            {
                text.Append(':');
            }

            var hex = bytes[i].ToString("x2");
            text.Append(upper[2 * i] ? char.ToUpperInvariant(hex[0]) : hex[0]);
            text.Append(upper[(2 * i) + 1] ? char.ToUpperInvariant(hex[1]) : hex[1]);
        }

        return text.ToString();
    }
}
