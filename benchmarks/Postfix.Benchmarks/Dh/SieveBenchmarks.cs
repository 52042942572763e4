using System.Numerics;
using BenchmarkDotNet.Attributes;
using Postfix.Crypto.Dh.Generation;

namespace Postfix.Benchmarks.Dh;

/// <summary>One window of the combined sieve (all primes up to the default bound, one thread).</summary>
public class SieveBenchmarks
{
    private SievePrimeTable _table = null!;
    private uint[] _chunks = [];
    private ulong[] _bitmap = [];
    private int _window;

    [Params(1024, 2048, 3072)]
    public int Bits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = SievePrimeTable.Get(SafePrimeSearch.DefaultSieveBound(Bits), 24);
        _window = SafePrimeSearch.WindowFor(Bits);
        _bitmap = new ulong[_window / 64];
        var p0 = ModExpBenchmarks.RandomBits(new Random(1), Bits) | (BigInteger.One << (Bits - 1));
        p0 = p0 - (p0 % 24) + 23;
        _chunks = CombinedSieve.Chunks(p0);

        // Verify: every survivor has no factor r ≤ 1000 in p or q.
        Window();
        for (var k = 0; k < 2000; k++)
        {
            if ((_bitmap[k >> 6] >> (k & 63) & 1) == 0)
            {
                var p = p0 + (24 * k);
                foreach (var r in _table.Primes.TakeWhile(r => r < 1000))
                {
                    if ((p % r).IsZero || ((p >> 1) % r).IsZero)
                    {
                        throw new InvalidOperationException("sieve let a multiple through");
                    }
                }
            }
        }
    }

    [Benchmark]
    public ulong Window()
    {
        Array.Clear(_bitmap);
        CombinedSieve.Mark(_table, _chunks, 0, _table.Primes.Length, _bitmap, _window, CancellationToken.None);
        return _bitmap[0];
    }
}
