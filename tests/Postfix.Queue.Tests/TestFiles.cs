namespace Postfix.Queue.Tests;

internal static class TestFiles
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string PathOf(string name) => Path.Combine(Dir, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>Listings captured on a machine in UTC on 2026-11-27 (Postfix 3.7.11).</summary>
    public static QueueReaderOptions CaptureOptions(QueueReadMode mode = QueueReadMode.Strict) => new()
    {
        Mode = mode,
        TimeZone = TimeZoneInfo.Utc,
        ReferenceTime = new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero),
    };

    /// <summary>The stdout blocks of <c>postqueue -p</c>/<c>-j</c> commands inside a postsuper transcript.</summary>
    public static IEnumerable<(string Command, string Stdout)> TranscriptListings(string name)
    {
        var lines = Text(name).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("$ postqueue", StringComparison.Ordinal) || lines[i].EndsWith(" -f", StringComparison.Ordinal))
            {
                continue;
            }

            var command = lines[i];
            while (i < lines.Length && lines[i] != "--- stdout:")
            {
                i++;
            }

            var block = new List<string>();
            for (i++; i < lines.Length && lines[i] != "--- stderr:"; i++)
            {
                block.Add(lines[i]);
            }

            yield return (command, string.Join('\n', block) + (block.Count > 0 ? "\n" : string.Empty));
        }
    }
}
