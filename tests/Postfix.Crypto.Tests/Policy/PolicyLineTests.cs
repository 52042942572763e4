using Postfix.Config.Tables.Typed;
using Postfix.Crypto.Fingerprints;
using Postfix.Crypto.Policy;

namespace Postfix.Crypto.Tests.Policy;

public sealed class PolicyLineTests
{
    private static readonly Fingerprint A = Fingerprint.Parse("62c5d6def8f162d0ab1138b83702d7b08f7545f3f53e7d2ad94b78b90781bb1d");
    private static readonly Fingerprint B = Fingerprint.Compute(FingerprintDigest.Sha256, "b"u8);

    [Fact]
    public void ForFingerprints_JoinsCanonicalValuesWithBar()
    {
        var entry = FingerprintPolicy.CreateEntry(TlsPolicyEntry.NextHopKey("mx.example.com"), [A, B, A]);
        Assert.Equal($"[mx.example.com]:25 fingerprint match={A}|{B}", entry.ToString());
        Assert.Equal($"fingerprint match={A}|{B}", entry.Policy.Value);
    }

    [Fact]
    public void Alternatives_SecureEncryptWithAttributes()
    {
        Assert.Equal("[mx.example.com]:25 secure match=nexthop:dot-nexthop", TlsPolicyEntry.ForSecure("[mx.example.com]:25").ToString());
        Assert.Equal("example.com secure match=mx.example.com:.example.com", TlsPolicyEntry.ForSecure("example.com", "mx.example.com", ".example.com").ToString());
        Assert.Equal("[mx.example.com]:587 encrypt", TlsPolicyEntry.ForEncrypt("[mx.example.com]:587").ToString());
        Assert.Equal(
            "[mx.example.com]:587 encrypt ciphers=high protocols=>=TLSv1.2 servername=mx.example.com",
            new TlsPolicyEntry("[mx.example.com]:587", TlsPolicy.Create(TlsSecurityLevel.Encrypt, new("ciphers", "high"), new("protocols", ">=TLSv1.2"), new("servername", "mx.example.com"))).ToString());
        Assert.Equal("[ipv6:2001:db8::1]:25", TlsPolicyEntry.NextHopKey("2001:db8::1"));
    }

    [Theory]
    [InlineData("[mx]:25", TlsSecurityLevel.Encrypt, "x")]
    [InlineData("[mx]:25", TlsSecurityLevel.Fingerprint, null)]
    [InlineData("[mx]:25", TlsSecurityLevel.Fingerprint, "nothex")]
    [InlineData("[mx]:25", TlsSecurityLevel.Fingerprint, "AB:CD")]
    [InlineData("a b", TlsSecurityLevel.May, null)]
    [InlineData("#x", TlsSecurityLevel.May, null)]
    [InlineData("[mx]:25", TlsSecurityLevel.Secure, "a,b")]
    [InlineData("[mx]:25", TlsSecurityLevel.Secure, "a|b")]
    public void Constructor_WhatPostfixRejects_Throws(string destination, TlsSecurityLevel level, string? match)
    {
        Assert.ThrowsAny<ArgumentException>(() => new TlsPolicyEntry(
            destination,
            match is null ? TlsPolicy.Create(level) : TlsPolicy.Create(level, new KeyValuePair<string, string>("match", match))));
    }

    [Fact]
    public void Constructor_MixedDigests_Throws()
    {
        Assert.Throws<ArgumentException>(() => FingerprintPolicy.CreateEntry("[mx]:25", [A, Fingerprint.Compute(FingerprintDigest.Md5, "x"u8)]));
    }

    [Fact]
    public void ClientCertificateLines_KeyIsColonForm()
    {
        Assert.Equal($"{A} OK", ClientCertificateTable.AccessLine(A));
        Assert.Equal($"{A} REJECT revoked", ClientCertificateTable.AccessLine(A, " REJECT revoked "));
        Assert.Equal($"{A} client.example.com", ClientCertificateTable.RelayClientCertsLine(A, "client.example.com"));
        Assert.Throws<ArgumentException>(() => ClientCertificateTable.AccessLine(A, "OK\nX"));
        Assert.Throws<ArgumentException>(() => ClientCertificateTable.AccessLine(A, " "));
    }
}
