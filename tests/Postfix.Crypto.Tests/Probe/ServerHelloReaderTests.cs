using FsCheck;
using FsCheck.Fluent;
using Postfix.Crypto.Probe;

namespace Postfix.Crypto.Tests.Probe;

/// <summary>The cleartext ServerHello parser: the key_share group, HelloRetryRequest, record boundaries, garbage.</summary>
public sealed class ServerHelloReaderTests
{
    private static readonly byte[] HelloRetryRandom = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    [Fact]
    public void KeyShareGroup_Tls13ServerHello_X25519()
    {
        var hello = ServerHello(new byte[32], Extension(43, [0x03, 0x04]), Extension(51, [0x00, 0x1D, 0x00, 0x20, .. new byte[32]]));
        byte[] wire = [.. Record(22, hello), .. Record(20, [1]), .. Record(23, new byte[40])];
        Assert.Equal(0x001D, ServerHelloReader.KeyShareGroup(wire));
        Assert.Equal("X25519", TlsKeyExchangeNames.KeyExchange(0x001D));
    }

    [Fact]
    public void KeyShareGroup_HelloRetryThenServerHello_SecondGroup()
    {
        var retry = ServerHello(HelloRetryRandom, Extension(43, [0x03, 0x04]), Extension(51, [0x00, 0x17]));
        var hello = ServerHello(new byte[32], Extension(51, [0x00, 0x18, 0x00, 0x61, .. new byte[97]]), Extension(43, [0x03, 0x04]));
        byte[] wire = [.. Record(22, retry), .. Record(20, [1]), .. Record(22, hello), .. Record(23, new byte[30])];
        Assert.Equal(0x0018, ServerHelloReader.KeyShareGroup(wire));
        Assert.Equal("ECDHE (secp384r1)", TlsKeyExchangeNames.KeyExchange(0x0018));
    }

    [Fact]
    public void KeyShareGroup_MessageSplitAcrossRecords_Found()
    {
        var hello = ServerHello(new byte[32], Extension(51, [0x01, 0x00, 0x00, 0x04, 1, 2, 3, 4]));
        byte[] wire = [.. Record(22, hello[..20]), .. Record(22, hello[20..])];
        Assert.Equal(0x0100, ServerHelloReader.KeyShareGroup(wire));
        Assert.Equal("DHE (2048 bits)", TlsKeyExchangeNames.KeyExchange(0x0100));
    }

    [Fact]
    public void KeyShareGroup_Tls12WithCiphertextLookingLikeServerHello_Null()
    {
        // TLS 1.2: no key_share; after ChangeCipherSpec the Finished is encrypted and must not be read.
        var hello = ServerHello(new byte[32], Extension(65281, [0]));
        var fake = ServerHello(new byte[32], Extension(51, [0x00, 0x1D]));
        byte[] wire = [.. Record(22, hello), .. Record(20, [1]), .. Record(22, fake)];
        Assert.Null(ServerHelloReader.KeyShareGroup(wire));
    }

    [Fact]
    public void KeyShareGroup_TruncatedOrEmpty_Null()
    {
        var hello = ServerHello(new byte[32], Extension(51, [0x00, 0x1D, 0x00, 0x20, .. new byte[32]]));
        byte[] wire = Record(22, hello);
        Assert.Null(ServerHelloReader.KeyShareGroup(wire.AsSpan(0, wire.Length - 1)));
        Assert.Null(ServerHelloReader.KeyShareGroup([]));
    }

    [Fact]
    public void KeyShareGroup_ArbitraryBytes_NeverThrows()
    {
        var records = Gen.ArrayOf(
            from type in Gen.Elements<byte>(20, 22, 22, 23)
            from body in Gen.OneOf(
                ArbMap.Default.GeneratorFor<byte[]>(),
                Gen.Constant(ServerHello(new byte[32], Extension(51, [0x00, 0x1D]))).SelectMany(h => Gen.Choose(0, h.Length), (h, cut) => h[..cut]))
            select Record(type, body));
        Prop.ForAll(records.ToArbitrary(), parts =>
        {
            byte[] wire = [.. parts.SelectMany(p => p)];
            _ = ServerHelloReader.KeyShareGroup(wire);
            for (var cut = 0; cut < Math.Min(wire.Length, 64); cut++)
            {
                _ = ServerHelloReader.KeyShareGroup(wire.AsSpan(cut));
            }
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(200));
        Prop.ForAll<byte[]>(bytes => { _ = ServerHelloReader.KeyShareGroup(bytes); }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Theory]
    [InlineData("RSA 2048", "RSA-PSS (2048 bits)", null)]
    [InlineData("RSA-PSS 3072", "RSA-PSS (3072 bits)", null)]
    [InlineData("EC P-256", "ECDSA (prime256v1)", "SHA256")]
    [InlineData("EC P-384", "ECDSA (secp384r1)", "SHA384")]
    [InlineData("EC P-521", "ECDSA (secp521r1)", "SHA512")]
    [InlineData("Ed25519", null, null)]
    [InlineData("EC secp256k1", null, null)]
    public void ServerSignature_CertificateKey_Tls13Words(string key, string? signature, string? digest)
    {
        Assert.Equal((signature, digest), TlsKeyExchangeNames.ServerSignature(key));
    }

    private static byte[] Extension(int type, byte[] data) => [(byte)(type >> 8), (byte)type, (byte)(data.Length >> 8), (byte)data.Length, .. data];

    private static byte[] ServerHello(byte[] random, params byte[][] extensions)
    {
        byte[] ext = [.. extensions.SelectMany(e => e)];
        byte[] body = [0x03, 0x03, .. random, 0x00, 0x13, 0x02, 0x00, (byte)(ext.Length >> 8), (byte)ext.Length, .. ext];
        return [2, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    private static byte[] Record(byte type, byte[] fragment) => [type, 0x03, 0x03, (byte)(fragment.Length >> 8), (byte)fragment.Length, .. fragment];
}
