using System.IO.Abstractions;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postmap;

/// <summary>A scratch directory with a config dir (main.cf) where the real postmap and ours run on the same files.</summary>
internal sealed class PostmapWorkspace : IDisposable
{
    private int _counter;

    public PostmapWorkspace(bool smtputf8 = false)
    {
        Root = Directory.CreateTempSubdirectory("postmap-diff-").FullName;
        ConfigDirectory = Path.Combine(Root, "etc");
        Directory.CreateDirectory(ConfigDirectory);
        File.WriteAllText(Path.Combine(ConfigDirectory, "main.cf"), smtputf8 ? "smtputf8_enable = yes\n" : "compatibility_level = 0\n");
    }

    public string Root { get; }

    public string ConfigDirectory { get; }

    /// <summary>Writes a file and ages it (Postfix re-reads files younger than a second or two).</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, $"{_counter++}-{name}");
        File.WriteAllBytes(path, bytes);
        RealPostfix.Age(path);
        return path;
    }

    public static async Task<ToolResult> RunRealAsync(IEnumerable<string> args, byte[]? stdin = null) =>
        await Tool.RunAsync(Tool.Find("postmap")!, args, stdin ?? [], new Dictionary<string, string> { ["NORANDOMIZE"] = "1" });

    public static async Task<ToolResult> RunOursAsync(IEnumerable<string> args, byte[]? stdin = null)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(stdin ?? []), stdout, stderr, new FileSystem(), _ => null, CancellationToken.None);
        var code = await CliApplication.RunAsync(["postmap", .. args], context);
        await context.Out.FlushAsync();
        await context.Error.FlushAsync();
        return new ToolResult(code, stdout.ToArray(), stderr.ToArray());
    }

    /// <summary>Runs both and asserts identical exit code, stdout and stderr bytes.</summary>
    public static async Task AssertSameAsync(IEnumerable<string> args, byte[]? stdin = null, string? context = null, bool looseErrno = false)
    {
        var list = args.ToList();
        var real = await RunRealAsync(list, stdin);
        var ours = await RunOursAsync(list, stdin);
        if (looseErrno)
        {
            // The text after "query error: " is whatever errno the C client library left behind; not stable.
            real = real with { Stderr = LooseErrno(real.Stderr) };
            ours = ours with { Stderr = LooseErrno(ours.Stderr) };
        }

        if (real.ExitCode != ours.ExitCode || !real.Stdout.SequenceEqual(ours.Stdout) || !real.Stderr.SequenceEqual(ours.Stderr))
        {
            var message = new StringBuilder()
                .AppendLine($"postmap {string.Join(' ', list)} differs{(context is null ? string.Empty : " for:\n" + context)}")
                .AppendLine("--- real:").AppendLine(real.ToString())
                .AppendLine("--- ours:").AppendLine(ours.ToString());
            Assert.Fail(message.ToString());
        }
    }

    private static byte[] LooseErrno(byte[] stderr) =>
        Encoding.Latin1.GetBytes(System.Text.RegularExpressions.Regex.Replace(Encoding.Latin1.GetString(stderr), "(: query error: )[^\n]*", "$1(errno)"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
