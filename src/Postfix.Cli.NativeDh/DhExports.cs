using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Postfix.Crypto.Dh;

namespace Postfix.Cli.NativeDh;

/// <summary>
/// The C entry points of the native DH library. The caller (postfix-net) checked that the CPU has this library's
/// instruction-set level before loading it: the library would stop the process on a CPU without it.
/// </summary>
internal static unsafe class DhExports
{
    /// <summary>Results of <see cref="Generate"/>.</summary>
    private const int Ok = 0;
    private const int Cancelled = 1;
    private const int BadArguments = 2;
    private const int BufferTooSmall = 3;
    private const int Failed = 4;

    /// <summary>
    /// Which kernels <see cref="DhArithmetic.Auto"/> runs in this library: 3 AVX-512, 2 AVX2, 1 scalar (the values of
    /// <see cref="DhArithmetic"/>).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "postfix_net_dh_arithmetic")]
    public static int Arithmetic() =>
        Avx512F.IsSupported ? (int)DhArithmetic.Avx512 : Avx2.IsSupported ? (int)DhArithmetic.Avx2 : (int)DhArithmetic.Scalar;

    /// <summary>
    /// Generates a safe prime (<see cref="DhParameterGenerator.Generate"/>) and writes it big-endian, unsigned, to
    /// <paramref name="prime"/>. <paramref name="progress"/> (may be null) receives six numbers per report (windows
    /// sieved, candidates sieved, tested, passed, elapsed ticks, completed) and returns non-zero to cancel.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "postfix_net_dh_generate")]
    public static int Generate(
        int bits,
        int generator,
        int threads,
        int arithmetic,
        byte* seed,
        int seedLength,
        delegate* unmanaged<long*, int> progress,
        byte* prime,
        int capacity,
        int* length)
    {
        if (bits < DhGenerationOptions.MinimumBits || bits > DhGenerationOptions.MaximumBits || threads < 0
            || arithmetic is < 0 or > 3 || seedLength < -1 || (seedLength > 0 && seed is null) || prime is null || length is null)
        {
            return BadArguments;
        }

        using var cancel = new CancellationTokenSource();
        try
        {
            var options = new DhGenerationOptions
            {
                Bits = bits,
                Generator = generator,
                MaxDegreeOfParallelism = threads,
                Arithmetic = (DhArithmetic)arithmetic,
                Seed = seedLength < 0 ? null : new ReadOnlySpan<byte>(seed, seedLength).ToArray(),
            };
            var reporter = progress is null ? null : new Reporter(progress, cancel);
            var parameters = DhParameterGenerator.Generate(options, reporter, cancel.Token);
            var bytes = parameters.Prime.ToByteArray(isUnsigned: true, isBigEndian: true);
            *length = bytes.Length;
            if (bytes.Length > capacity)
            {
                return BufferTooSmall;
            }

            bytes.CopyTo(new Span<byte>(prime, capacity));
            return Ok;
        }
        catch (OperationCanceledException)
        {
            return Cancelled;
        }
        catch (ArgumentException)
        {
            return BadArguments;
        }
#pragma warning disable CA1031 // an exception must not cross the native boundary: the caller gets a status
        catch (Exception)
#pragma warning restore CA1031
        {
            return Failed;
        }
    }

    /// <summary>Hands each snapshot to the caller's function; a non-zero answer cancels the search.</summary>
    private sealed class Reporter(delegate* unmanaged<long*, int> callback, CancellationTokenSource cancel) : IProgress<DhGenerationProgress>
    {
        public void Report(DhGenerationProgress value)
        {
            var numbers = stackalloc long[6];
            numbers[0] = value.WindowsSieved;
            numbers[1] = value.CandidatesSieved;
            numbers[2] = value.CandidatesTested;
            numbers[3] = value.CandidatesPassed;
            numbers[4] = value.Elapsed.Ticks;
            numbers[5] = value.Completed ? 1 : 0;
            if (callback(numbers) != 0)
            {
                cancel.Cancel();
            }
        }
    }
}
