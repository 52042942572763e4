using BenchmarkDotNet.Running;

namespace Postfix.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project benchmarks/Postfix.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected on the command line (or <c>dh-gen …</c>, see <see cref="Dh.DhGenerationRunner"/>).</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "dh-gen")
        {
            return Dh.DhGenerationRunner.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
