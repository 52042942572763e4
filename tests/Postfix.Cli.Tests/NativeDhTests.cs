using System.IO.Abstractions.TestingHelpers;
using System.Runtime.Intrinsics.X86;
using System.Text;
using Postfix.Cli.Native;

namespace Postfix.Cli.Tests;

/// <summary>
/// The run-time choice of the native DH library. The native build itself (every level and kernel giving the same
/// prime) is checked by scripts/check-native-tool.sh in CI, on the installed tool.
/// </summary>
public sealed class NativeDhTests
{
    private static readonly string[] AllFlags =
        ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"];

    private static async Task<(int Code, string Out, string Err)> Run(Func<string, string?> environment, params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(), stdout, stderr, new MockFileSystem(), environment, TestContext.Current.CancellationToken);
        var code = await CliApplication.RunAsync(["dhparam", .. args], context);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public void Detect_WithoutTheKernelsWord_Baseline()
    {
        // Without /proc/cpuinfo the AVX state may be off: no library may be loaded, whatever CPUID says.
        Assert.Equal(CpuLevel.Baseline, CpuLevel.Detect(null));
        Assert.Equal(CpuLevel.Baseline, CpuLevel.Detect(new HashSet<string>()));
    }

    [Fact]
    public void Detect_KernelWithoutAvx512_AtMostV3()
    {
        var flags = AllFlags.Where(f => !f.StartsWith("avx512", StringComparison.Ordinal)).ToHashSet();
        Assert.True(CpuLevel.Detect(flags) <= CpuLevel.V3);
    }

    [Fact]
    public void Detect_EveryFlag_FollowsCpuid()
    {
        // With every flag enabled the answer is CPUID's: V4 exactly when this CPU has AVX-512 F/BW/CD/DQ/VL.
        var expected = Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported
            ? CpuLevel.V4
            : Avx2.IsSupported && Fma.IsSupported && Bmi2.IsSupported && Lzcnt.IsSupported ? CpuLevel.V3 : CpuLevel.Baseline;
        Assert.Equal(expected, CpuLevel.Detect(AllFlags.ToHashSet()));
    }

    [Fact]
    public void Select_JitBuildOrOff_InProcess()
    {
        Assert.Null(NativeDh.Select(_ => null));
        Assert.Null(NativeDh.Select(_ => "auto"));
        Assert.Null(NativeDh.Select(_ => "off"));
    }

    [Fact]
    public void Select_UnknownSetting_UsageError()
    {
        var e = Assert.Throws<UsageException>(() => NativeDh.Select(n => n == NativeDh.EnvironmentVariable ? "avx9000" : null));
        Assert.Equal("postfix-net dhparam: POSTFIX_NET_DH_NATIVE must be auto, off, x86-64-v3 or x86-64-v4, not 'avx9000'", e.Message);
    }

    [Fact]
    public void Select_ForcedLevelWithoutLibrary_UsageErrorNotCrash()
    {
        // The test host has no native libraries beside it: a forced level is refused with a message.
        var e = Assert.Throws<UsageException>(() => NativeDh.Select(n => n == NativeDh.EnvironmentVariable ? "x86-64-v3" : null));
        Assert.StartsWith("postfix-net dhparam: POSTFIX_NET_DH_NATIVE=x86-64-v3, but ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowKernels_JitBuild_InProcessBestKernel()
    {
        var (code, stdout, _) = await Run(_ => null, "--show-kernels");
        Assert.Equal(0, code);
        var best = Avx512F.IsSupported ? "avx512" : Avx2.IsSupported ? "avx2" : "scalar";
        Assert.Equal($"{best} (in process)\n", stdout);
    }

    [Fact]
    public async Task ShowKernels_ForcedScalar_Scalar()
    {
        var (code, stdout, _) = await Run(_ => null, "--show-kernels", "--arithmetic", "scalar");
        Assert.Equal(0, code);
        Assert.Equal("scalar (in process)\n", stdout);
    }
}
