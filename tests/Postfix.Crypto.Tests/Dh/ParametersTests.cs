using System.Numerics;
using System.Text;
using Postfix.Crypto.Dh;
using Postfix.Testing;

namespace Postfix.Crypto.Tests.Dh;

public sealed class ParametersTests
{
    private static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "dh", name));

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    [InlineData(4096)]
    [InlineData(6144)]
    [InlineData(8192)]
    public void Ffdhe_MatchesOpensslGenpkeyOutput(int bits)
    {
        var ours = DhStandardGroups.Ffdhe(bits);
        var openssl = DhParameters.ParsePem(Data($"ffdhe{bits}.pem"));
        Assert.Equal(openssl, ours);
        Assert.Equal(openssl.ToPem(), ours.ToPem());
        Assert.Equal(Data($"ffdhe{bits}.pem"), ours.ToPem());
        Assert.Equal($"ffdhe{bits} (RFC 7919)", DhStandardGroups.Identify(ours.Prime));
    }

    [Theory]
    [InlineData(1536)]
    [InlineData(2048)]
    [InlineData(3072)]
    [InlineData(4096)]
    [InlineData(6144)]
    [InlineData(8192)]
    public void Modp_MatchesOpensslGenpkeyOutput(int bits)
    {
        Assert.Equal(DhParameters.ParsePem(Data($"modp_{bits}.pem")), DhStandardGroups.Modp(bits));
    }

    [Fact]
    public void Ffdhe2048_MatchesLiveOpenssl()
    {
        RealPostfix.Require("openssl");
        var r = Tool.Run("openssl", ["genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "dh_param:ffdhe2048"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(DhStandardGroups.Ffdhe(2048), DhParameters.ParsePem(r.StdoutText));
    }

    [Fact]
    public void Oakley_KnownPrefixesAndSafePrimes()
    {
        // RFC 2409 group 2 starts FFFFFFFF FFFFFFFF C90FDAA2 2168C234 and ends ... FFFFFFFF FFFFFFFF.
        var p = DhStandardGroups.Modp(1024).Prime;
        Assert.StartsWith("0FFFFFFFFFFFFFFFFC90FDAA22168C234", p.ToString("X"), StringComparison.Ordinal);
        Assert.EndsWith("FFFFFFFFFFFFFFFF", p.ToString("X"), StringComparison.Ordinal);
        Independent.AssertSafePrime(p, 1024);
        Independent.AssertSafePrime(DhStandardGroups.Modp(768).Prime, 768);
    }

    [Fact]
    public void Pem_RoundTrip_OpensslFile()
    {
        var text = Data("openssl-dhparam-1024.pem");
        var dh = DhParameters.ParsePem(text);
        Assert.Equal(1024, dh.PrimeBits);
        Assert.Equal(2, (int)dh.Generator);
        Assert.Null(dh.PrivateValueLength);
        Assert.Equal(text, dh.ToPem());
        Assert.Equal(dh, DhParameters.FromDer(dh.ToDer()));
    }

    [Fact]
    public void Pem_PrivateValueLength_RoundTrips()
    {
        var dh = new DhParameters(DhStandardGroups.Ffdhe(2048).Prime, 2, 225);
        var back = DhParameters.ParsePem(dh.ToPem());
        Assert.Equal(225, back.PrivateValueLength);
        Assert.Equal(dh, back);
    }

    [Fact]
    public void Pem_X942_ClearError()
    {
        var e = Assert.Throws<FormatException>(() => DhParameters.ParsePem(Data("x942-1024.pem")));
        Assert.Contains("X9.42", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN DH PARAMETERS-----\nAAAA\n-----END DH PARAMETERS-----\n")]
    [InlineData("-----BEGIN DH PARAMETERS-----\nMAYCAQUCAQU=\n-----END DH PARAMETERS-----\n")]
    [InlineData("-----BEGIN DH PARAMETERS-----\nMAYCAQQCAQI=\n-----END DH PARAMETERS-----\n")]
    public void Pem_Garbage_FormatException(string text)
    {
        Assert.Throws<FormatException>(() => DhParameters.ParsePem(text));
        Assert.False(DhParameters.TryParsePem(text, out _, out var error));
        Assert.StartsWith("DH parameters:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pem_ArbitraryBytes_NeverCrash()
    {
        var rng = new Random(7);
        var valid = Encoding.ASCII.GetBytes(DhStandardGroups.Ffdhe(2048).ToPem());
        for (var i = 0; i < 500; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var j = 0; j < 1 + rng.Next(4); j++)
            {
                bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            }

            try
            {
                DhParameters.ParsePem(bytes);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void Checker_OurParameters_SafeOrderQ()
    {
        var dh = Dhx.Gen(new DhGenerationOptions { Bits = 1024, Seed = [9] });
        var report = Dhx.Check(dh);
        Assert.True(report.IsSafePrime);
        Assert.Equal(DhGeneratorOrder.Q, report.GeneratorOrder);
        Assert.Equal(23, report.PrimeMod24);
        Assert.Null(report.StandardGroup);
        Assert.True(report.IsUsable);
        Assert.Contains(report.Findings, f => f.Severity == DhCheckSeverity.Warning && f.Message.Contains("1024 bits", StringComparison.Ordinal));
        Assert.Contains("order of g:       q (generates the prime-order subgroup)", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Checker_NonResidueGenerator_Order2Q()
    {
        var p = DhStandardGroups.Ffdhe(2048).Prime;
        var report = Dhx.Check(new DhParameters(p, p - 2)); // −2 is a non-residue when p ≡ 7 (mod 8)
        Assert.Equal(DhGeneratorOrder.TwoQ, report.GeneratorOrder);
        Assert.True(report.IsUsable);
        Assert.Contains(report.Findings, f => f.Severity == DhCheckSeverity.Warning && f.Message.Contains("order 2q", StringComparison.Ordinal));
    }

    [Fact]
    public void Checker_Standard_Recognised()
    {
        var report = Dhx.Check(DhStandardGroups.Ffdhe(3072));
        Assert.Equal("ffdhe3072 (RFC 7919)", report.StandardGroup);
        Assert.True(report.IsSafePrime);
        Assert.Equal(DhGeneratorOrder.Q, report.GeneratorOrder);
        Assert.DoesNotContain(report.Findings, f => f.Severity != DhCheckSeverity.Info);
        Assert.Contains("verdict:          good", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Checker_Oakley1024_KnownWeak()
    {
        var report = Dhx.Check(DhStandardGroups.Modp(1024));
        Assert.False(report.IsUsable);
        Assert.Contains(report.Findings, f => f.Severity == DhCheckSeverity.Error && f.Message.Contains("Oakley group 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Checker_CompositeAndNonSafe_Reported()
    {
        var p = DhStandardGroups.Ffdhe(2048).Prime;
        var composite = Dhx.Check(new DhParameters(p + 2, 2));
        Assert.False(composite.PrimeIsPrime);
        Assert.False(composite.IsUsable);
        Assert.Equal(DhGeneratorOrder.Unknown, composite.GeneratorOrder);

        // A prime that is not safe: 2^521 − 1 (Mersenne), q = 2^520 − 1 is composite.
        var m521 = (BigInteger.One << 521) - 1;
        var notSafe = Dhx.Check(new DhParameters(m521, 3));
        Assert.True(notSafe.PrimeIsPrime);
        Assert.False(notSafe.SubgroupOrderIsPrime);
        Assert.Contains(notSafe.Findings, f => f.Message.Contains("not a safe prime", StringComparison.Ordinal));
    }

    [Fact]
    public void Checker_GeneratorOne_Error()
    {
        var report = Dhx.Check(new DhParameters(DhStandardGroups.Ffdhe(2048).Prime, 1));
        Assert.Equal(DhGeneratorOrder.One, report.GeneratorOrder);
        Assert.False(report.IsUsable);
    }
}
