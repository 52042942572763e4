using System.Runtime.Intrinsics.X86;

namespace Postfix.Cli.Native;

/// <summary>
/// The x86-64 instruction-set level of this CPU, read at run time with CPUID (every x86-64 CPU has it) and confirmed
/// against the features Linux enabled (<c>/proc/cpuinfo</c>: the kernel drops AVX and AVX-512 there when it does not
/// save their registers). The native DH libraries are compiled for one level each and stop the process on a CPU
/// without it, so this check decides whether one may be loaded at all.
/// </summary>
internal static class CpuLevel
{
    /// <summary>No level above the baseline (or not x86-64).</summary>
    public const int Baseline = 1;

    /// <summary>x86-64-v3: AVX, AVX2, BMI1/2, F16C, FMA, LZCNT, MOVBE on top of v2.</summary>
    public const int V3 = 3;

    /// <summary>x86-64-v4: AVX-512 F, BW, CD, DQ and VL on top of v3.</summary>
    public const int V4 = 4;

    /// <summary>The highest level both the CPU and the operating system support.</summary>
    public static int Detect() => Detect(ReadLinuxFlags());

    /// <summary>The level from CPUID, limited to what <paramref name="osFlags"/> (null: unknown) lists.</summary>
    internal static int Detect(IReadOnlySet<string>? osFlags)
    {
        var cpu = FromCpuid();
        if (osFlags is null)
        {
            // Without the kernel's word the AVX state may be disabled: only the baseline is safe.
            return Baseline;
        }

        if (cpu >= V4 && Has(osFlags, "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl", "avx2", "avx"))
        {
            return V4;
        }

        return cpu >= V3 && Has(osFlags, "avx2", "avx", "fma", "bmi1", "bmi2", "f16c", "movbe") ? V3 : Baseline;
    }

    /// <summary>The name of a level as the compiler (and the library file) spells it.</summary>
    public static string Name(int level) => level switch
    {
        V4 => "x86-64-v4",
        V3 => "x86-64-v3",
        _ => "x86-64",
    };

    private static bool Has(IReadOnlySet<string> flags, params string[] names) => names.All(flags.Contains);

    private static int FromCpuid()
    {
        if (!X86Base.IsSupported)
        {
            return Baseline;
        }

        var (maxLeaf, _, _, _) = X86Base.CpuId(0, 0);
        if (maxLeaf < 7)
        {
            return Baseline;
        }

        var (_, _, ecx1, _) = X86Base.CpuId(1, 0);
        var (_, ebx7, _, _) = X86Base.CpuId(7, 0);
        var (maxExtended, _, _, _) = X86Base.CpuId(unchecked((int)0x80000000), 0);
        var ecx81 = maxExtended >= unchecked((int)0x80000001) ? X86Base.CpuId(unchecked((int)0x80000001), 0).Ecx : 0;

        static bool Bit(int register, int bit) => (register & (1 << bit)) != 0;

        var v2 = Bit(ecx1, 0) && Bit(ecx1, 9) && Bit(ecx1, 13) && Bit(ecx1, 19) && Bit(ecx1, 20) && Bit(ecx1, 23);
        var v3 = v2 && Bit(ecx1, 12) && Bit(ecx1, 22) && Bit(ecx1, 26) && Bit(ecx1, 27) && Bit(ecx1, 28) && Bit(ecx1, 29)
            && Bit(ebx7, 3) && Bit(ebx7, 5) && Bit(ebx7, 8) && Bit(ecx81, 5);
        var v4 = v3 && Bit(ebx7, 16) && Bit(ebx7, 17) && Bit(ebx7, 28) && Bit(ebx7, 30) && Bit(ebx7, 31);
        return v4 ? V4 : v3 ? V3 : Baseline;
    }

    /// <summary>The <c>flags</c> line of the first processor in <c>/proc/cpuinfo</c>, or null when there is none.</summary>
    private static HashSet<string>? ReadLinuxFlags()
    {
        try
        {
            using var reader = new StreamReader("/proc/cpuinfo");
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith("flags", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    return new HashSet<string>(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
