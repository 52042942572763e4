using System.IO.Abstractions;
using System.Text;

namespace Postfix.Cli.Tests;

/// <summary>Runs <c>postfix-net</c> in process with captured streams.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Stdout, string Stderr, byte[] StdoutBytes)> RunAsync(
        string[] args,
        byte[]? stdin = null,
        IFileSystem? fileSystem = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var input = new MemoryStream(stdin ?? []);
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        var context = new CliContext(
            input,
            output,
            error,
            fileSystem ?? new FileSystem(),
            name => environment is not null && environment.TryGetValue(name, out var v) ? v : null,
            CancellationToken.None);
        var code = await CliApplication.RunAsync(args, context);
        await context.Out.FlushAsync();
        await context.Error.FlushAsync();
        return (code, Encoding.UTF8.GetString(output.ToArray()), Encoding.UTF8.GetString(error.ToArray()), output.ToArray());
    }
}
