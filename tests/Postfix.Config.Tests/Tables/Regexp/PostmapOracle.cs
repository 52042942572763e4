using System.Text;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables.Regexp;

/// <summary>Runs the real <c>postmap -q -</c> on table files in a private directory (empty main.cf: compatibility level 0).</summary>
internal sealed class PostmapOracle : IDisposable
{
    private readonly string _dir;
    private int _files;

    public PostmapOracle()
    {
        _dir = Path.Combine(Path.GetTempPath(), "pfnet-rx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "cfg"));
        File.WriteAllBytes(Path.Combine(_dir, "cfg", "main.cf"), []);
        RealPostfix.Age(Path.Combine(_dir, "cfg", "main.cf"));
    }

    public string Directory1 => _dir;

    /// <summary>Writes a table file and returns its absolute path.</summary>
    public string WriteTable(byte[] content, string extension)
    {
        var path = Path.Combine(_dir, "t" + (++_files).ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + extension);
        File.WriteAllBytes(path, content);
        RealPostfix.Age(path);
        return path;
    }

    /// <summary>
    /// Queries every key (no LF in keys) against <paramref name="map"/> in one <c>postmap -q -</c> call; returns the value
    /// per key (null = not found) and the stderr lines.
    /// </summary>
    public async Task<(string?[] Values, string[] Stderr)> QueryAsync(string map, IReadOnlyList<string> keys)
    {
        var stdin = new MemoryStream();
        foreach (var k in keys)
        {
            var b = Encoding.Latin1.GetBytes(k);
            stdin.Write(b);
            stdin.WriteByte((byte)'\n');
        }

        var result = await Tool.RunAsync(RealPostfix.Postmap!, ["-c", Path.Combine(_dir, "cfg"), "-q", "-", map], stdin.ToArray(), timeout: TimeSpan.FromSeconds(100));
        var stdout = Encoding.Latin1.GetString(result.Stdout);
        var lines = stdout.Split('\n');
        var values = new string?[keys.Count];
        var li = 0;
        for (var i = 0; i < keys.Count && li < lines.Length; i++)
        {
            var prefix = keys[i] + "\t";
            if (lines[li].StartsWith(prefix, StringComparison.Ordinal))
            {
                values[i] = lines[li][prefix.Length..];
                li++;
            }
        }

        Assert.True(li == lines.Length - 1 || (li == lines.Length && stdout.Length == 0), "unparsed postmap output: " + stdout);
        var stderr = Encoding.Latin1.GetString(result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (values, stderr);
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
