using System.Numerics;
using System.Text;
using Postfix.Crypto.Dh;
using Postfix.Testing;

namespace Postfix.Crypto.Tests.Dh;

public sealed class GeneratorTests
{
    private static readonly byte[] Seed = Encoding.ASCII.GetBytes("postfix-net dh tests");

    [Theory]
    [InlineData(512, 2)]
    [InlineData(512, 5)]
    [InlineData(768, 2)]
    [InlineData(1024, 2)]
    [InlineData(1024, 5)]
    public void Generate_Seeded_SafePrimeOfExactSizeAndClass(int bits, int g)
    {
        var dh = Dhx.Gen(new DhGenerationOptions { Bits = bits, Generator = g, Seed = Seed, MaxDegreeOfParallelism = 2 });
        Independent.AssertSafePrime(dh.Prime, bits);
        Assert.Equal(g, (int)dh.Generator);
        if (g == 2)
        {
            Assert.Equal(23, (int)(dh.Prime % 24));
        }
        else
        {
            Assert.Equal(59, (int)(dh.Prime % 60));
        }

        // g generates the subgroup of prime order q.
        Assert.Equal(BigInteger.One, BigInteger.ModPow(g, dh.Prime >> 1, dh.Prime));
    }

    [Fact]
    public void Generate_Unseeded_SafePrime()
    {
        var dh = Dhx.Gen(new DhGenerationOptions { Bits = 512 });
        Independent.AssertSafePrime(dh.Prime, 512);
        Assert.Equal(23, (int)(dh.Prime % 24));
    }

    [Fact]
    public void Generate_Unseeded_DiffersBetweenRuns()
    {
        var a = Dhx.Gen(new DhGenerationOptions { Bits = 512 });
        var b = Dhx.Gen(new DhGenerationOptions { Bits = 512 });
        Assert.NotEqual(a.Prime, b.Prime);
    }

    [Fact]
    public void Generate_SameSeedDifferentThreadsAndKernels_SameResult()
    {
        var results = new List<BigInteger>();
        foreach (var threads in new[] { 1, 3 })
        {
            foreach (var path in ArithmeticTests.AvailablePaths())
            {
                results.Add(Dhx.Gen(new DhGenerationOptions { Bits = 512, Seed = Seed, MaxDegreeOfParallelism = threads, Arithmetic = path }).Prime);
            }
        }

        Assert.Single(results.Distinct());
        var other = Dhx.Gen(new DhGenerationOptions { Bits = 512, Seed = [1, 2, 3] }).Prime;
        Assert.NotEqual(results[0], other);
    }

    [Fact]
    public void Generate_2048Seeded_VerifiedIndependentlyAndByOpenssl()
    {
        RealPostfix.Require("openssl");
        var dh = Dhx.Gen(new DhGenerationOptions { Bits = 2048, Seed = Seed });
        Independent.AssertSafePrime(dh.Prime, 2048, rounds: 3);
        Assert.Equal(23, (int)(dh.Prime % 24));
        Assert.Equal(268, dh.ToDer().Length);
        OpensslCheck.AssertAccepted(dh);
    }

    [Fact]
    public void Generate_GeneratedFiles_PassOpensslCheck()
    {
        RealPostfix.Require("openssl");
        foreach (var (bits, g) in new[] { (512, 2), (512, 5), (1024, 2), (1024, 5) })
        {
            var dh = Dhx.Gen(new DhGenerationOptions { Bits = bits, Generator = g });
            OpensslCheck.AssertAccepted(dh);
        }
    }

    [Fact]
    public void Generate_Progress_ReportsAndCompletes()
    {
        var reports = new List<DhGenerationProgress>();
        var progress = new SyncProgress(reports);
        Dhx.Gen(new DhGenerationOptions { Bits = 768, Seed = Seed }, progress);
        Assert.NotEmpty(reports);
        var last = reports[^1];
        Assert.True(last.Completed);
        Assert.True(last.WindowsSieved >= 1);
        Assert.True(last.CandidatesSieved >= last.CandidatesTested);
        Assert.True(last.CandidatesTested >= last.CandidatesPassed);
        Assert.True(last.CandidatesPassed >= 1);
    }

    [Fact]
    public void Generate_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DhParameterGenerator.Generate(new DhGenerationOptions { Bits = 2048 }, null, cts.Token));
    }

    [Fact]
    public void Generate_CancelledWhileRunning_Throws()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.ThrowsAny<OperationCanceledException>(() => DhParameterGenerator.Generate(new DhGenerationOptions { Bits = 8192 }, null, cts.Token));
    }

    [Theory]
    [InlineData(511, 2, 0, 0)]
    [InlineData(10001, 2, 0, 0)]
    [InlineData(2048, 3, 0, 0)]
    [InlineData(2048, 2, -1, 0)]
    [InlineData(2048, 2, 0, 63)]
    [InlineData(3072, 2, 0, 127)]
    public void Generate_BadOptions_Throws(int bits, int g, int threads, int rounds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Dhx.Gen(new DhGenerationOptions { Bits = bits, Generator = g, MaxDegreeOfParallelism = threads, MillerRabinRounds = rounds }));
    }

    private sealed class SyncProgress(List<DhGenerationProgress> sink) : IProgress<DhGenerationProgress>
    {
        public void Report(DhGenerationProgress value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}
