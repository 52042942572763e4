using System.Text;
using Postfix.Queue.Files;

namespace Postfix.Queue.Tests.Files;

/// <summary>
/// PostcatWriter against every capture of the real postcat 3.7.11 (TestData/QueueFiles: 33 real queue files, 17
/// synthetic record streams, every flag set; 3 damaged files whose pointer records loop, which postcat follows 10,000
/// times, so their megabytes of output are kept as "SHA-256 length" in <c>.sha256</c> files): stdout bytes, warnings
/// and the fatal error must be identical.
/// </summary>
public sealed class PostcatCorpusTests
{
    public static TheoryData<string, string, string, string, string, int> Cases()
    {
        var data = new TheoryData<string, string, string, string, string, int>();
        foreach (var (manifest, inputDir, root) in new[] { ("postcat/MANIFEST.tsv", "messages", "."), ("synthetic-postcat/MANIFEST.tsv", "synthetic", "synthetic-postcat"), ("damaged-postcat/MANIFEST.tsv", "damaged", "damaged-postcat") })
        {
            foreach (var line in File.ReadAllLines(Path.Combine(Dir, manifest)).Skip(1))
            {
                var f = line.Split('\t');
                var stdout = root == "." ? f[2] : f[2].Replace("postcat/", string.Empty, StringComparison.Ordinal);
                var stderr = f[3].Length == 0 ? string.Empty : root == "." ? f[3] : f[3].Replace("postcat/", string.Empty, StringComparison.Ordinal);
                data.Add(f[0], inputDir, f[1], Path.Combine(root, stdout), stderr.Length == 0 ? string.Empty : Path.Combine(root, stderr), int.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return data;
    }

    private static string Dir => Path.Combine(AppContext.BaseDirectory, "TestData", "QueueFiles");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_CorpusCapture_IsByteIdentical(string flags, string inputDir, string input, string stdoutFile, string stderrFile, int exitCode)
    {
        var (stdout, stderr, code) = Postcat(flags, Path.Combine(Dir, inputDir, input), input);
        Assert.Equal(exitCode, code);
        if (stderrFile.EndsWith(".sha256", StringComparison.Ordinal))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(Dir, stderrFile)).Trim(), Digest(Encoding.UTF8.GetBytes(stderr)));
        }
        else
        {
            Assert.Equal(stderrFile.Length == 0 ? string.Empty : File.ReadAllText(Path.Combine(Dir, stderrFile)), stderr);
        }

        if (stdoutFile.EndsWith(".sha256", StringComparison.Ordinal))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(Dir, stdoutFile)).Trim(), Digest(stdout));
        }
        else
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir, stdoutFile)), stdout);
        }
    }

    /// <summary>A capture too large to keep: its SHA-256 in lower-case hex, a space, and its length in bytes.</summary>
    private static string Digest(byte[] bytes) =>
        $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))} {bytes.Length}";

    /// <summary>Runs the writer like the postcat command line: warnings and the fatal line as postcat prints them.</summary>
    internal static (byte[] Stdout, string Stderr, int ExitCode) Postcat(string flags, string file, string shownPath)
    {
        var output = new MemoryStream();
        var errors = new StringBuilder();
        var writer = new PostcatWriter(output, new PostcatOptions
        {
            Envelope = flags.Contains('e', StringComparison.Ordinal),
            Header = flags.Contains('h', StringComparison.Ordinal),
            Body = flags.Contains('b', StringComparison.Ordinal),
            Offsets = flags.Contains('o', StringComparison.Ordinal),
            DecimalTypes = flags.Contains('d', StringComparison.Ordinal),
            Raw = flags.Contains('r', StringComparison.Ordinal),
            Verbose = flags.Contains('v', StringComparison.Ordinal),
            TimeZone = TimeZoneInfo.Utc,
            Warning = w => errors.Append("postcat: warning: ").Append(w).Append('\n'),
        });
        using var stream = File.OpenRead(file);
        try
        {
            writer.Write(stream, shownPath);
            return (output.ToArray(), errors.ToString(), 0);
        }
        catch (QueueFormatException e)
        {
            errors.Append("postcat: fatal: ").Append(e.Message).Append('\n');
            return (output.ToArray(), errors.ToString(), 1);
        }
    }
}
