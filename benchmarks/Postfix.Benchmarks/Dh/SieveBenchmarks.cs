using System.Numerics;
using BenchmarkDotNet.Attributes;
using Postfix.Crypto.Dh.Generation;

namespace Postfix.Benchmarks.Dh;

/// <summary>
/// One window of the combined sieve (all primes up to the default bound, one thread), on the scalar residues (the
/// code before the SIMD residues) and on the path the CPU picks.
/// </summary>
public class SieveBenchmarks
{
    private SievePrimeTable _table = null!;
    private uint[] _chunks = [];
    private ulong[] _bitmap = [];
    private int _window;
    private SievePath _path;

    [Params(1024, 2048, 3072)]
    public int Bits { get; set; }

    /// <summary>"Scalar" or "Auto" (<see cref="SievePath"/> is internal).</summary>
    [Params("Scalar", "Auto")]
    public string Path { get; set; } = "Auto";

    [GlobalSetup]
    public void Setup()
    {
        _path = Enum.Parse<SievePath>(Path);
        (_table, _chunks, _window, _bitmap) = SieveWindow.Prepare(Bits, SafePrimeSearch.DefaultSieveBound(Bits), _path);
    }

    [Benchmark]
    public ulong Window() => SieveWindow.Run(_table, _chunks, _bitmap, _window, _path);
}

/// <summary>One window at each sieve bound 2^20..2^26 (the data for tuning <see cref="SafePrimeSearch.DefaultSieveBound"/>).</summary>
public class SieveBoundBenchmarks
{
    private SievePrimeTable _table = null!;
    private uint[] _chunks = [];
    private ulong[] _bitmap = [];
    private int _window;

    [Params(1024, 2048)]
    public int Bits { get; set; }

    [Params(20, 22, 23, 24, 25, 26)]
    public int BoundLog2 { get; set; }

    [GlobalSetup]
    public void Setup() =>
        (_table, _chunks, _window, _bitmap) = SieveWindow.Prepare(Bits, 1 << BoundLog2, SievePath.Auto);

    [Benchmark]
    public ulong Window() => SieveWindow.Run(_table, _chunks, _bitmap, _window, SievePath.Auto);
}

/// <summary>Shared set-up: a random p0 ≡ 23 (mod 24) of the size, its table and window, verified before timing.</summary>
internal static class SieveWindow
{
    public static (SievePrimeTable Table, uint[] Chunks, int Window, ulong[] Bitmap) Prepare(int bits, int bound, SievePath path)
    {
        var table = SievePrimeTable.Get(bound, 24);
        var window = SafePrimeSearch.WindowFor(bits);
        var bitmap = new ulong[window / 64];
        var p0 = ModExpBenchmarks.RandomBits(new Random(1), bits) | (BigInteger.One << (bits - 1));
        p0 = p0 - (p0 % 24) + 23;
        var chunks = CombinedSieve.Chunks(p0);

        // Verify: the whole bitmap equals the scalar path's, and among the first 2000 candidates every one that a
        // prime below 2^12 rules out (BigInteger residues) is struck.
        Run(table, chunks, bitmap, window, path);
        var scalar = new ulong[bitmap.Length];
        CombinedSieve.Mark(table, chunks, 0, table.Primes.Length, scalar, window, SievePath.Scalar, CancellationToken.None);
        if (!scalar.AsSpan().SequenceEqual(bitmap))
        {
            throw new InvalidOperationException("the sieve paths disagree");
        }

        var small = table.Primes.TakeWhile(r => r < 4096).Select(r => (R: (ulong)r, P0: (ulong)(p0 % r))).ToArray();
        for (var k = 0UL; k < 2000; k++)
        {
            var ruledOut = small.Any(t => ((t.P0 + (24 * k)) % t.R) is 0 or 1);
            if (ruledOut && ((bitmap[k >> 6] >> (int)(k & 63)) & 1) == 0)
            {
                throw new InvalidOperationException($"the sieve let k = {k} through");
            }
        }

        return (table, chunks, window, bitmap);
    }

    public static ulong Run(SievePrimeTable table, uint[] chunks, ulong[] bitmap, int window, SievePath path)
    {
        Array.Clear(bitmap);
        CombinedSieve.Mark(table, chunks, 0, table.Primes.Length, bitmap, window, path, CancellationToken.None);
        return bitmap[0];
    }
}

/// <summary>Building the sieve's prime table (once per process and bound: the first generation pays it).</summary>
public class SievePrimeTableBenchmarks
{
    [Params(1 << 22, 1 << 24, 1 << 25)]
    public int Bound { get; set; }

    [Benchmark]
    public int Build() => SievePrimeTable.Build(Bound, 24).Primes.Length;
}
