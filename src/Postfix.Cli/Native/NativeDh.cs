using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Postfix.Crypto.Dh;

namespace Postfix.Cli.Native;

/// <summary>
/// The DH search of the native (AOT) build. Native AOT compiles postfix-net for the x86-64 baseline, where the
/// AVX-512 and AVX2 kernels of Postfix.Crypto are compiled out; the tool therefore ships the same search compiled
/// once per instruction-set level (<c>postfix-net-dh-x86-64-v4.so</c>, <c>…-v3.so</c>, from src/Postfix.Cli.NativeDh)
/// and loads the highest one the CPU has. Without a suitable library (another CPU, another OS, a JIT build, where
/// the library already picks its kernels at run time) the search runs in process.
/// <para>
/// <c>POSTFIX_NET_DH_NATIVE</c> overrides the choice: <c>off</c> (in process), <c>x86-64-v3</c> or <c>x86-64-v4</c>
/// (refused when the CPU lacks it); tests use it to run every path on one machine.
/// </para>
/// </summary>
internal sealed unsafe class NativeDh
{
    public const string EnvironmentVariable = "POSTFIX_NET_DH_NATIVE";

    private static readonly Lock Gate = new();
    private static IProgress<DhGenerationProgress>? currentProgress;
    private static CancellationToken currentCancellation;

    private readonly delegate* unmanaged<int, int, int, int, byte*, int, delegate* unmanaged<long*, int>, byte*, int, int*, int> generate;

    private NativeDh(string path, int level, IntPtr handle)
    {
        Path = path;
        Level = level;
        generate = (delegate* unmanaged<int, int, int, int, byte*, int, delegate* unmanaged<long*, int>, byte*, int, int*, int>)
            NativeLibrary.GetExport(handle, "postfix_net_dh_generate");
        Arithmetic = (DhArithmetic)((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "postfix_net_dh_arithmetic"))();
    }

    /// <summary>The library file.</summary>
    public string Path { get; }

    /// <summary>Its instruction-set level (<see cref="CpuLevel"/>).</summary>
    public int Level { get; }

    /// <summary>The kernels its automatic choice runs.</summary>
    public DhArithmetic Arithmetic { get; }

    /// <summary>
    /// The library to use, or null to search in process. Throws <see cref="UsageException"/> when
    /// <c>POSTFIX_NET_DH_NATIVE</c> asks for something this machine cannot run.
    /// </summary>
    public static NativeDh? Select(Func<string, string?> environment)
    {
        var setting = environment(EnvironmentVariable) ?? "auto";
        if (setting == "off")
        {
            return null;
        }

        var requested = setting switch
        {
            "auto" => 0,
            "x86-64-v4" => CpuLevel.V4,
            "x86-64-v3" => CpuLevel.V3,
            _ => throw new UsageException($"postfix-net dhparam: {EnvironmentVariable} must be auto, off, x86-64-v3 or x86-64-v4, not '{setting}'"),
        };

        // A JIT build compiles the kernels for this CPU itself; only the native build needs the libraries.
        if (RuntimeFeature.IsDynamicCodeSupported && requested == 0)
        {
            return null;
        }

        var cpu = CpuLevel.Detect();
        if (requested > cpu)
        {
            throw new UsageException($"postfix-net dhparam: {EnvironmentVariable}={setting}, but this CPU (or its operating system) supports only {CpuLevel.Name(cpu)}");
        }

        foreach (var level in requested == 0 ? [CpuLevel.V4, CpuLevel.V3] : new[] { requested })
        {
            if (level > cpu)
            {
                continue;
            }

            var path = System.IO.Path.Combine(AppContext.BaseDirectory, $"postfix-net-dh-{CpuLevel.Name(level)}.so");
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
            {
                return new NativeDh(path, level, handle);
            }

            if (requested != 0)
            {
                throw new UsageException($"postfix-net dhparam: {EnvironmentVariable}={setting}, but {path} cannot be loaded");
            }
        }

        return null;
    }

    /// <summary>The kernels the in-process search runs on this CPU (what this build of the library was compiled for).</summary>
    public static DhArithmetic InProcessArithmetic =>
        Avx512F.IsSupported ? DhArithmetic.Avx512 : Avx2.IsSupported ? DhArithmetic.Avx2 : DhArithmetic.Scalar;

    /// <summary><see cref="DhParameterGenerator.Generate"/> in the library.</summary>
    public DhParameters Generate(DhGenerationOptions options, IProgress<DhGenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var seed = options.Seed;
        var prime = new byte[(options.Bits / 8) + 8];
        int length;
        int status;
        lock (Gate)
        {
            currentProgress = progress;
            currentCancellation = cancellationToken;
            try
            {
                fixed (byte* seedBytes = seed)
                fixed (byte* primeBytes = prime)
                {
                    status = generate(
                        options.Bits,
                        options.Generator,
                        options.MaxDegreeOfParallelism,
                        (int)options.Arithmetic,
                        seedBytes,
                        seed?.Length ?? -1,
                        &OnProgress,
                        primeBytes,
                        prime.Length,
                        &length);
                }
            }
            finally
            {
                currentProgress = null;
            }
        }

        return status switch
        {
            0 => new DhParameters(new BigInteger(prime.AsSpan(0, length), isUnsigned: true, isBigEndian: true), options.Generator),
            1 => throw new OperationCanceledException(cancellationToken),
            2 => throw new ArgumentOutOfRangeException(nameof(options), "DH generation options out of range"),
            _ => throw new InvalidOperationException($"the native DH library {Path} failed (status {status})"),
        };
    }

    [UnmanagedCallersOnly]
    private static int OnProgress(long* numbers)
    {
        currentProgress?.Report(new DhGenerationProgress(
            numbers[0], numbers[1], numbers[2], numbers[3], TimeSpan.FromTicks(numbers[4]), numbers[5] != 0));
        return currentCancellation.IsCancellationRequested ? 1 : 0;
    }
}
