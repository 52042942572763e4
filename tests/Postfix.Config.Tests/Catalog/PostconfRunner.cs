using System.Text;
using Postfix.Testing;

namespace Postfix.Config.Tests.Catalog;

/// <summary>Runs the real postconf on a private configuration directory (main.cf + master.cf), without a shell.</summary>
internal sealed class PostconfRunner : IDisposable
{
    public PostconfRunner(string mainCf, string masterCf = "")
    {
        RealPostfix.Require("postconf");
        Directory = Path.Combine(Path.GetTempPath(), "pfnet-exp-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "main.cf"), mainCf, Encoding.Latin1);
        File.WriteAllText(Path.Combine(Directory, "master.cf"), masterCf, Encoding.Latin1);
        RealPostfix.Age(Path.Combine(Directory, "main.cf"));
        RealPostfix.Age(Path.Combine(Directory, "master.cf"));
    }

    public string Directory { get; }

    public ToolResult Run(params string[] args) =>
        Tool.Run(RealPostfix.Postconf!, ["-c", Directory, .. args]);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>
    /// Replaces the process id (the one default that differs between any two processes) wherever it appears, as
    /// found on the listing's own <c>process_id</c> line.
    /// </summary>
    public static string MaskProcessId(string listing)
    {
        var line = listing.Split('\n').FirstOrDefault(l => l.StartsWith("process_id = ", StringComparison.Ordinal));
        if (line is null)
        {
            return listing;
        }

        var pid = line["process_id = ".Length..];
        return System.Text.RegularExpressions.Regex.Replace(listing, $@"\b{pid}\b", "<pid>");
    }
}
