using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Security;
using Postfix.Crypto.Dh;

namespace Postfix.Benchmarks.Dh;

/// <summary>
/// Whole-generation timing for benchmarks/scripts/dhparam.sh (not BenchmarkDotNet: each run is seconds long and
/// randomly distributed). <c>dh-gen ours|bc BITS RUNS [avx512|avx2|scalar]</c> prints one line per run:
/// "wall_s cpu_s candidates", after checking the result is a safe prime of the right size.
/// </summary>
public static class DhGenerationRunner
{
    public static int Run(string[] args)
    {
        if (args[1] == "modexp")
        {
            return ModExpCpu(int.Parse(args[2], CultureInfo.InvariantCulture));
        }

        var impl = args[1];
        var bits = int.Parse(args[2], CultureInfo.InvariantCulture);
        var runs = int.Parse(args[3], CultureInfo.InvariantCulture);
        var arithmetic = args.Length > 4 ? Enum.Parse<DhArithmetic>(args[4], ignoreCase: true) : DhArithmetic.Auto;
        for (var i = 0; i < runs; i++)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            BigInteger p;
            long candidates = 0;
            if (impl == "ours")
            {
                var progress = new LastProgress();
                p = DhParameterGenerator.Generate(new DhGenerationOptions { Bits = bits, Arithmetic = arithmetic }, progress).Prime;
                candidates = progress.Last.CandidatesTested;
            }
            else
            {
                var gen = new DHParametersGenerator();
                gen.Init(bits, 128, new SecureRandom());
                p = new BigInteger(gen.GenerateParameters().P.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
            }

            sw.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            if (p.GetBitLength() != bits || !BigInteger.ModPow(2, p - 1, p).IsOne || !BigInteger.ModPow(3, (p >> 1) - 1, p >> 1).IsOne)
            {
                Console.Error.WriteLine("result failed verification");
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sw.Elapsed.TotalSeconds:F3} {cpu.TotalSeconds:F3} {candidates}"));
        }

        return 0;
    }

    /// <summary>CPU milliseconds per N-bit modexp for each kernel (quick check, not BenchmarkDotNet).</summary>
    private static int ModExpCpu(int bits)
    {
        var rng = new Random(bits);
        var p = ModExpBenchmarks.RandomBits(rng, bits) | (BigInteger.One << (bits - 1)) | 1;
        var e = ModExpBenchmarks.RandomBits(rng, bits) | (BigInteger.One << (bits - 1));
        var b = ModExpBenchmarks.RandomBits(rng, bits - 1);
        foreach (var path in new[] { DhArithmetic.Avx512, DhArithmetic.Avx2, DhArithmetic.Scalar })
        {
            if (Postfix.Crypto.Dh.Arithmetic.ModularExponentiator.Resolve(path) != path)
            {
                continue;
            }

            var exp = Postfix.Crypto.Dh.Arithmetic.ModularExponentiator.Create(path, bits);
            exp.SetModulus(p);
            if (exp.PowTwo(e) != BigInteger.ModPow(2, e, p) || exp.Pow(b, e) != BigInteger.ModPow(b, e, p))
            {
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path,-8} base2 {Cpu(() => exp.PowTwo(e)):F3} ms  general {Cpu(() => exp.Pow(b, e)):F3} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path,-8} wall: base2 {Wall(() => exp.PowTwo(e)):F3} ms  general {Wall(() => exp.Pow(b, e)):F3} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BigInteger.ModPow {Cpu(() => BigInteger.ModPow(b, e, p)):F3} ms"));
        foreach (var path in new[] { DhArithmetic.Avx512, DhArithmetic.Avx2, DhArithmetic.Scalar })
        {
            if (Postfix.Crypto.Dh.Arithmetic.ModularExponentiator.Resolve(path) != path)
            {
                continue;
            }

            // Per-operation costs inside an exponentiation: squaring in place, product of two slots, shift (base 2).
            Postfix.Crypto.Dh.Arithmetic.MontgomeryKernel k = path switch
            {
                DhArithmetic.Avx512 => new Postfix.Crypto.Dh.Arithmetic.Avx512Kernel(bits, 3),
                DhArithmetic.Avx2 => new Postfix.Crypto.Dh.Arithmetic.Avx2Kernel(bits, 3),
                _ => new Postfix.Crypto.Dh.Arithmetic.ScalarKernel(bits, 3),
            };
            var (x, y, z) = (k.AllocateSlot(), k.AllocateSlot(), k.AllocateSlot());
            k.SetModulus(p);
            k.Load(x, b);
            k.Load(y, b - 1);
            var sq = Cpu(() => { for (var i = 0; i < 1000; i++) { k.Multiply(x, x, x); } });
            var mul = Cpu(() => { for (var i = 0; i < 1000; i++) { k.Multiply(x, y, z); } });
            var sh = Cpu(() => { for (var i = 0; i < 1000; i++) { k.ShiftLeft(x, 7, z); } });
            var shsq = Cpu(() => { for (var i = 0; i < 1000; i++) { k.ShiftLeft(x, 7, x); k.Multiply(x, x, x); } });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path,-8} square {sq:F3} us  multiply {mul:F3} us  shift {sh:F3} us  shift+square in place {shsq:F3} us"));
        }

        return 0;
    }

    private static double Wall(Action a)
    {
        var best = double.MaxValue;
        for (var rep = 0; rep < 5; rep++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++)
            {
                a();
            }

            best = Math.Min(best, sw.Elapsed.TotalMilliseconds / 200);
        }

        return best;
    }

    private static double Cpu(Action a)
    {
        // Warm up for 300 ms of CPU first: the process CPU time also counts the runtime's background (tier-1) JIT
        // of everything else, which otherwise lands in whichever measurement comes first.
        var w0 = Process.GetCurrentProcess().TotalProcessorTime;
        do
        {
            a();
        }
        while ((Process.GetCurrentProcess().TotalProcessorTime - w0).TotalMilliseconds < 300);
        var n = 0;
        var t0 = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan t;
        do
        {
            a();
            n++;
            t = Process.GetCurrentProcess().TotalProcessorTime - t0;
        }
        while (t.TotalMilliseconds < 500);
        return t.TotalMilliseconds / n;
    }

    private sealed class LastProgress : IProgress<DhGenerationProgress>
    {
        public DhGenerationProgress Last { get; private set; }

        public void Report(DhGenerationProgress value)
        {
            if (value.Completed)
            {
                Last = value;
            }
        }
    }
}
