using System.Text;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables.Aliases;

/// <summary>Builds alias databases with the real <c>postalias</c> in a private directory and queries them with <c>postalias -q -</c>.</summary>
internal sealed class PostaliasOracle : IDisposable
{
    private readonly string _dir;
    private int _files;

    public PostaliasOracle(bool smtputf8)
    {
        _dir = Path.Combine(Path.GetTempPath(), "pfnet-alias-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "cfg"));
        File.WriteAllText(Path.Combine(_dir, "cfg", "main.cf"), smtputf8 ? "smtputf8_enable = yes\n" : "compatibility_level = 0\n");
        RealPostfix.Age(Path.Combine(_dir, "cfg", "main.cf"));
    }

    public string ConfigDirectory => Path.Combine(_dir, "cfg");

    public string Write(byte[] content)
    {
        var path = Path.Combine(_dir, "aliases" + (++_files).ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllBytes(path, content);
        RealPostfix.Age(path);
        return path;
    }

    /// <summary>Runs <c>postalias [flags] hash:path</c>; returns the warnings (text after <c>postalias: warning: </c>).</summary>
    public async Task<string[]> BuildAsync(string path, string[] flags)
    {
        var result = await Tool.RunAsync(Tool.Find("postalias")!, ["-c", ConfigDirectory, .. flags, "hash:" + path], []);
        Assert.True(result.ExitCode == 0, "postalias failed: " + result);
        return [.. Encoding.UTF8.GetString(result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Replace("postalias: warning: ", string.Empty, StringComparison.Ordinal))];
    }

    /// <summary>Queries every key (no LF) in one <c>postalias -q -</c> run; the value per key, null when not found.</summary>
    public async Task<string?[]> QueryAsync(string path, string[] flags, IReadOnlyList<string> keys)
    {
        var stdin = Encoding.UTF8.GetBytes(string.Concat(keys.Select(k => k + "\n")));
        var result = await Tool.RunAsync(Tool.Find("postalias")!, ["-c", ConfigDirectory, .. flags, "-q", "-", "hash:" + path], stdin);
        var lines = Encoding.UTF8.GetString(result.Stdout).Split('\n');
        var values = new string?[keys.Count];
        var li = 0;
        for (var i = 0; i < keys.Count && li < lines.Length; i++)
        {
            var prefix = keys[i] + ":\t";
            if (lines[li].StartsWith(prefix, StringComparison.Ordinal))
            {
                values[i] = lines[li][prefix.Length..];
                li++;
            }
        }

        Assert.True(li == lines.Length - 1 || (li == 0 && lines.Length == 1), "unparsed postalias output: " + Encoding.UTF8.GetString(result.Stdout));
        return values;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
