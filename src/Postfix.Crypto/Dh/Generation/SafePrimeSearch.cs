using System.Diagnostics;
using System.Numerics;
using Postfix.Crypto.Dh.Arithmetic;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>
/// One safe-prime search. Window after window of candidates p = p0 + step·k is sieved (the prime table split among
/// the workers); the survivors are then handed out in order through an atomic counter, and the lowest survivor
/// index that passes wins. So the result depends only on the random stream (the seed), never on the thread count or
/// on timing, and no worker waits for another except at the end of a window.
/// </summary>
internal sealed class SafePrimeSearch
{
    private readonly int _bits;
    private readonly int _generator;
    private readonly int _step;
    private readonly int _residue;
    private readonly int _threads;
    private readonly int _window;
    private readonly int _rounds;
    private readonly int _sieveBound;
    private readonly DhArithmetic _arithmetic;
    private readonly byte[]? _seedKey;
    private readonly IProgress<DhGenerationProgress>? _progress;
    private readonly Stopwatch _clock = new();
    private long _windows;
    private long _sieved;
    private long _tested;
    private long _passed;

    public SafePrimeSearch(DhGenerationOptions options, IProgress<DhGenerationProgress>? progress)
    {
        if (options.Bits is < DhGenerationOptions.MinimumBits or > DhGenerationOptions.MaximumBits)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Bits, $"DH prime size must be {DhGenerationOptions.MinimumBits}..{DhGenerationOptions.MaximumBits} bits");
        }

        (_step, _residue) = options.Generator switch
        {
            2 => (24, 23),
            5 => (60, 59),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Generator, "generator must be 2 or 5"),
        };
        if (options.MaxDegreeOfParallelism < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "thread count must not be negative");
        }

        var minRounds = DhGenerationOptions.DefaultMillerRabinRounds(options.Bits);
        if (options.MillerRabinRounds != 0 && options.MillerRabinRounds < minRounds)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MillerRabinRounds, $"at least {minRounds} Miller-Rabin rounds are required for {options.Bits} bits");
        }

        if (options.SieveBound != 0 && options.SieveBound is < 7 or > (1 << 28))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SieveBound, "sieve bound must be 7..2^28");
        }

        _bits = options.Bits;
        _generator = options.Generator;
        _threads = options.MaxDegreeOfParallelism == 0 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;
        _rounds = options.MillerRabinRounds == 0 ? minRounds : options.MillerRabinRounds;
        _sieveBound = options.SieveBound != 0 ? options.SieveBound : DefaultSieveBound(_bits);
        _window = WindowFor(_bits);
        _arithmetic = options.Arithmetic;
        _seedKey = options.Seed is null ? null : RandomSource.SeedKey(options.Seed);
        _progress = progress;
    }

    /// <summary>
    /// The sieve bound used when none is given: deeper for larger primes, where a test costs more. Chosen from measured
    /// costs (benchmarks/results/dhparam.md, quiet machine): one 1024-bit window takes 4.2 ms at 2^22, 10.3 ms at 2^24
    /// and 22.1 ms at 2^25 against 0.34 ms per survivor tested, and 2^22 → 2^24 leaves 16 % fewer survivors; at 2048
    /// bits (2.1 ms per test) 2^25 saves another 8 % of the tests for 8.6 ms more sieve. The table costs 16 bytes per prime (17 MB at
    /// 2^24, 32 MB at 2^25) and is built once per process.
    /// </summary>
    public static int DefaultSieveBound(int bits) => bits switch
    {
        <= 768 => 1 << 18,
        <= 1536 => 1 << 24,
        _ => 1 << 25,
    };

    /// <summary>Window size: a power of two near four times the expected gap between safe primes of the class.</summary>
    public static int WindowFor(int bits)
    {
        var expected = 0.0607 * bits * bits * 4;
        var w = 1 << 14;
        while (w < expected && w < (1 << 24))
        {
            w <<= 1;
        }

        return w;
    }

    public DhParameters Run(CancellationToken cancellationToken)
    {
        _clock.Start();
        var table = SievePrimeTable.Get(_sieveBound, _step);
        var workers = new Worker[_threads];
        for (var t = 0; t < workers.Length; t++)
        {
            workers[t] = new Worker(this, _bits);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancellationToken };
        var words = _window / 64;
        for (long windowIndex = 0; ; windowIndex++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p0 = DrawStart(windowIndex);
            var chunks = CombinedSieve.Chunks(p0);
            var primes = table.Primes.Length;
            Parallel.For(0, _threads, parallel, t =>
            {
                var bitmap = workers[t].Bitmap(words);
                Array.Clear(bitmap);
                var from = (int)((long)primes * t / _threads);
                var to = (int)((long)primes * (t + 1) / _threads);
                CombinedSieve.Mark(table, chunks, from, to, bitmap, _window, cancellationToken);
            });
            cancellationToken.ThrowIfCancellationRequested();
            var survivors = Survivors(workers, words);
            Interlocked.Increment(ref _windows);
            Interlocked.Add(ref _sieved, _window);
            Report(false);

            var round = new TestRound(survivors);
            Parallel.For(0, _threads, parallel, t => workers[t].Work(round, p0, windowIndex, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (round.Found is { } prime)
            {
                Report(true);
                return new DhParameters(prime, _generator);
            }
        }
    }

    private BigInteger DrawStart(long windowIndex)
    {
        var random = _seedKey is null ? RandomSource.System : RandomSource.Seeded(_seedKey, $"start/{windowIndex}");
        var bytes = new byte[(_bits + 7) / 8];
        random.Fill(bytes);
        var extra = (bytes.Length * 8) - _bits;
        bytes[^1] &= (byte)(0xFF >> extra);
        bytes[^1] |= (byte)(0x80 >> extra);
        var p0 = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        p0 = p0 - (p0 % _step) + _residue;
        if (p0.GetBitLength() < _bits)
        {
            p0 += _step;
        }

        return p0;
    }

    private static List<int> Survivors(Worker[] workers, int words)
    {
        var first = workers[0].Bitmap(words);
        for (var t = 1; t < workers.Length; t++)
        {
            var other = workers[t].Bitmap(words);
            for (var i = 0; i < words; i++)
            {
                first[i] |= other[i];
            }
        }

        var survivors = new List<int>();
        for (var i = 0; i < words; i++)
        {
            var free = ~first[i];
            while (free != 0)
            {
                var bit = BitOperations.TrailingZeroCount(free);
                survivors.Add((i * 64) + bit);
                free &= free - 1;
            }
        }

        return survivors;
    }

    private void Report(bool completed)
    {
        _progress?.Report(new DhGenerationProgress(
            Interlocked.Read(ref _windows),
            Interlocked.Read(ref _sieved),
            Interlocked.Read(ref _tested),
            Interlocked.Read(ref _passed),
            _clock.Elapsed,
            completed));
    }

    /// <summary>Per-thread state: exponentiators for p and q and a sieve bitmap.</summary>
    private sealed class Worker
    {
        private readonly SafePrimeSearch _search;
        private readonly ModularExponentiator _expP;
        private readonly ModularExponentiator _expQ;
        private ulong[] _bitmap = [];

        public Worker(SafePrimeSearch search, int bits)
        {
            _search = search;
            _expP = ModularExponentiator.Create(search._arithmetic, bits);
            _expQ = ModularExponentiator.Create(search._arithmetic, bits);
        }

        public ulong[] Bitmap(int words)
        {
            if (_bitmap.Length != words)
            {
                _bitmap = new ulong[words];
            }

            return _bitmap;
        }

        /// <summary>This worker's share of a window's test phase (see <see cref="TestRound.Work"/>).</summary>
        public void Work(TestRound round, BigInteger p0, long windowIndex, CancellationToken cancellationToken)
        {
            var s = _search;
            round.Work(
                i =>
                {
                    var k = round.Survivors[i];
                    var p = p0 + ((BigInteger)s._step * k);
                    return Screen(p) ? new Confirmation(i, p, DrawBases(p >> 1, windowIndex, k)) : null;
                },
                RunRound,
                cancellationToken);
        }

        /// <summary>
        /// Base-2 Euler test on p (2^q ≡ (2|p) mod p), then Miller–Rabin base 2 on q. With q prime, 2^(p−1) ≡ 1 and
        /// gcd(2^2 − 1, p) = 1 prove p prime (Pocklington), so p needs no further test; q then gets the random rounds
        /// (<see cref="RunRound"/>, shared out by <see cref="TestRound.Work"/>).
        /// </summary>
        private bool Screen(BigInteger p)
        {
            var s = _search;
            if (Interlocked.Increment(ref s._tested) % 64 == 0)
            {
                s.Report(false);
            }

            if (p.GetBitLength() != s._bits)
            {
                return false;
            }

            var q = p >> 1;
            _expP.SetModulus(p);
            var mod8 = (int)(p & 7);
            var expected = mod8 is 1 or 7 ? BigInteger.One : p - 1;
            if (_expP.PowTwo(q) != expected)
            {
                return false;
            }

            Interlocked.Increment(ref s._passed);
            if (p % 3 == 0)
            {
                return false;
            }

            _expQ.SetModulus(q);
            return MillerRabin.Round(_expQ, 2);
        }

        /// <summary>The random bases of a candidate's rounds, drawn in order from its own stream (seeded mode: reproducible).</summary>
        private BigInteger[] DrawBases(BigInteger q, long windowIndex, int k)
        {
            var s = _search;
            var random = s._seedKey is null ? RandomSource.System : RandomSource.Seeded(s._seedKey, $"mr/{windowIndex}/{k}");
            var qMinus2 = q - 2;
            var bases = new BigInteger[s._rounds];
            for (var r = 0; r < bases.Length; r++)
            {
                bases[r] = random.Between(2, qMinus2);
            }

            return bases;
        }

        /// <summary>Miller–Rabin round <paramref name="r"/> of a candidate on q; true when q passes it.</summary>
        private bool RunRound(Confirmation c, int r)
        {
            if (_expQ.Modulus != c.Q)
            {
                _expQ.SetModulus(c.Q);
            }

            return MillerRabin.Round(_expQ, c.Bases[r]);
        }
    }

    /// <summary>
    /// The test phase of one window: survivors handed out in order, candidates that passed the screen with their
    /// rounds, and the winner (the lowest survivor index whose rounds all passed).
    /// </summary>
    internal sealed class TestRound
    {
        private readonly object _gate = new();
        private readonly List<Confirmation> _pending = [];
        private int _next = -1;
        private int _best = int.MaxValue;

        public TestRound(List<int> survivors) => Survivors = survivors;

        public List<int> Survivors { get; }

        public BigInteger? Found { get; private set; }

        /// <summary>
        /// One worker's loop: first the rounds of candidates that passed the screen (lowest index first, one round at
        /// a time, so all workers share them), else the next survivor in order through <paramref name="screen"/>
        /// (null: rejected). Returns when every survivor is taken or a lower index has won, and no rounds are left.
        /// </summary>
        public void Work(Func<int, Confirmation?> screen, Func<Confirmation, int, bool> runRound, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (NextConfirmation() is { } c)
                {
                    Confirm(c, runRound, cancellationToken);
                    continue;
                }

                var i = NextSurvivor();
                if (i < 0)
                {
                    return;
                }

                if (screen(i) is { } passed)
                {
                    if (passed.Bases.Length == 0)
                    {
                        Pass(passed);
                    }
                    else
                    {
                        Add(passed);
                    }
                }
            }
        }

        private void Confirm(Confirmation c, Func<Confirmation, int, bool> runRound, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested && !c.Failed && !Decided(c.Index))
            {
                var r = c.TakeRound();
                if (r < 0)
                {
                    return;
                }

                if (!runRound(c, r))
                {
                    c.Fail();
                    return;
                }

                if (c.RoundDone())
                {
                    Pass(c);
                    return;
                }
            }
        }

        /// <summary>True when a candidate with an index below <paramref name="index"/> has won.</summary>
        public bool Decided(int index) => index > Volatile.Read(ref _best);

        /// <summary>The next survivor index to screen, or −1 when none is left or a lower one has won.</summary>
        private int NextSurvivor()
        {
            var i = Interlocked.Increment(ref _next);
            return i >= Survivors.Count || Decided(i) ? -1 : i;
        }

        private void Add(Confirmation c)
        {
            lock (_gate)
            {
                _pending.Add(c);
            }
        }

        /// <summary>The lowest-index candidate that still has rounds to hand out and can still win, if any.</summary>
        private Confirmation? NextConfirmation()
        {
            lock (_gate)
            {
                Confirmation? pick = null;
                for (var j = _pending.Count - 1; j >= 0; j--)
                {
                    var c = _pending[j];
                    if (c.Failed || !c.HasRoundsLeft || Decided(c.Index))
                    {
                        _pending.RemoveAt(j);
                    }
                    else if (pick is null || c.Index < pick.Index)
                    {
                        pick = c;
                    }
                }

                return pick;
            }
        }

        private void Pass(Confirmation c)
        {
            lock (_gate)
            {
                if (c.Index < _best)
                {
                    _best = c.Index;
                    Found = c.P;
                }
            }
        }
    }

    /// <summary>A candidate that passed the screen: its random Miller–Rabin rounds on q, shared out one at a time.</summary>
    internal sealed class Confirmation(int index, BigInteger p, BigInteger[] bases)
    {
        private int _nextRound = -1;
        private int _done;
        private int _failed;

        public int Index { get; } = index;

        public BigInteger P { get; } = p;

        public BigInteger Q { get; } = p >> 1;

        public BigInteger[] Bases { get; } = bases;

        public bool Failed => Volatile.Read(ref _failed) != 0;

        public bool HasRoundsLeft => Volatile.Read(ref _nextRound) + 1 < Bases.Length;

        /// <summary>The next round to run, or −1 when all are handed out.</summary>
        public int TakeRound()
        {
            var r = Interlocked.Increment(ref _nextRound);
            return r < Bases.Length ? r : -1;
        }

        public void Fail() => Volatile.Write(ref _failed, 1);

        /// <summary>Counts a passed round; true for the last one (all passed).</summary>
        public bool RoundDone() => Interlocked.Increment(ref _done) == Bases.Length;
    }
}
