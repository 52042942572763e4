using Postfix.Crypto.Dh;

namespace Postfix.Crypto.Tests.Dh;

/// <summary>Calls with the test's cancellation token.</summary>
internal static class Dhx
{
    public static DhParameters Gen(DhGenerationOptions options, IProgress<DhGenerationProgress>? progress = null) =>
        DhParameterGenerator.Generate(options, progress, TestContext.Current.CancellationToken);

    public static DhCheckReport Check(DhParameters parameters) =>
        DhParameterChecker.Check(parameters, DhArithmetic.Auto, TestContext.Current.CancellationToken);
}
