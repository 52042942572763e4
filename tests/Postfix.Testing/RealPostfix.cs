namespace Postfix.Testing;

/// <summary>
/// Gate for tests that need the real Postfix programs. When they are missing, a test is skipped with the reason
/// printed — except under <c>CI=true</c>, where a missing Postfix fails the test (CI must never pass without it).
/// </summary>
public static class RealPostfix
{
    /// <summary>Whether this run is CI (<c>CI=true</c>).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Path of the real postconf, or null.</summary>
    public static string? Postconf => Tool.Find("postconf");

    /// <summary>Path of the real postmap, or null.</summary>
    public static string? Postmap => Tool.Find("postmap");

    /// <summary>
    /// Makes sure every named program exists (default: postconf, postmap, postfix). Skips the current test when one is
    /// missing outside CI; fails it under CI.
    /// </summary>
    public static void Require(params string[] programs)
    {
        if (programs.Length == 0)
        {
            programs = ["postconf", "postmap", "postfix"];
        }

        var missing = programs.Where(p => Tool.Find(p) is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var reason = $"real Postfix programs not installed: {string.Join(", ", missing)} (apt-get install postfix postfix-pcre)";
        if (IsCi)
        {
            Assert.Fail(reason + " — required under CI=true");
        }

        Assert.Skip(reason);
    }

    /// <summary>Require("postmap") plus the pcre map type (package postfix-pcre).</summary>
    public static void RequirePcre()
    {
        Require("postconf", "postmap");
        var dynamicMaps = "/etc/postfix/dynamicmaps.cf";
        var hasPcre = File.Exists(dynamicMaps) && File.ReadAllText(dynamicMaps).Contains("\npcre", StringComparison.Ordinal)
            || File.Exists("/usr/lib/postfix/postfix-pcre.so");
        if (hasPcre)
        {
            return;
        }

        const string reason = "postfix-pcre is not installed (apt-get install postfix-pcre)";
        if (IsCi)
        {
            Assert.Fail(reason + " — required under CI=true");
        }

        Assert.Skip(reason);
    }

    /// <summary>
    /// Sets a file's modification time 10 s into the past. Postfix re-reads main.cf and texthash tables whose mtime is
    /// within the last second or two (300 ms sleeps), so tests that just wrote a file call this first.
    /// </summary>
    public static void Age(string path) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(-10));
}
