using Postfix.Testing;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>Runs the real postconf on a scratch configuration directory holding a given master.cf.</summary>
internal sealed class RealPostconf : IDisposable
{
    private RealPostconf(string directory) => Directory = directory;

    public string Directory { get; }

    public string MasterCfPath => Path.Combine(Directory, "master.cf");

    public static RealPostconf Create(byte[] masterCf)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pfnet-mastercf-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "main.cf"), []);
        File.WriteAllBytes(Path.Combine(dir, "master.cf"), masterCf);
        return new RealPostconf(dir);
    }

    public void Write(byte[] masterCf) => File.WriteAllBytes(MasterCfPath, masterCf);

    public byte[] Read() => File.ReadAllBytes(MasterCfPath);

    public Task<ToolResult> RunAsync(params string[] args) =>
        Tool.RunAsync(RealPostfix.Postconf!, ["-c", Directory, .. args]);

    /// <summary>stderr without the "unused parameter" lines (they depend on the parameter catalog, checked elsewhere).</summary>
    public static string StderrWithoutUnused(ToolResult result) => string.Concat(
        System.Text.Encoding.Latin1.GetString(result.Stderr).Split('\n')
            .Where(l => l.Length > 0 && !l.Contains(": unused parameter: ", StringComparison.Ordinal) && !l.Contains(": undefined parameter: ", StringComparison.Ordinal))
            .Select(l => (l.StartsWith(RealPostfix.Postconf + ":", StringComparison.Ordinal) ? "postconf" + l[RealPostfix.Postconf!.Length..] : l) + "\n"));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
