using System.IO.Abstractions;
using System.Text;
using Postfix.Testing;

namespace Postfix.Cli.Tests.Postconf;

/// <summary>
/// <c>postfix-net postconf</c> against the real postconf 3.7.11 on generated main.cf + master.cf pairs
/// (<see cref="PostconfConfigGenerator"/>, several seeds): <c>-h</c>, <c>-x</c>, <c>-xh</c>, <c>-hx</c>, <c>-n -h</c>
/// with names given and omitted, and the master.cf displays with <c>-x</c> (<c>-Mx</c>, <c>-Fx</c>, <c>-Px</c>, …).
/// Stdout and the exit code must be identical bytes; stderr must hold the same lines in the same order, except that
/// lines postconf prints from one randomly seeded hash table (the <c>unused</c>/<c>undefined parameter</c> warnings of
/// one file in one phase) may come in any order among themselves.
/// </summary>
public sealed class PostconfGeneratedDifferentialTests
{
    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Postconf_GeneratedMainCfDisplays_MatchRealPostconf(int seed)
    {
        RealPostfix.Require("postconf");
        var g = PostconfConfigGenerator.Create(seed);
        using var dir = new ConfigDir(g);
        var names = g.Names.ToArray();
        string[][] cases =
        [
            ["-n"],
            ["-nh"],
            ["-n", "-h"],
            ["-nx"],
            ["-nxh"],
            ["-h", .. names],
            ["-xh", .. names],
            ["-hx", .. names],
            ["-x", .. names],
            ["-H"],
            ["-xH"],
            ["-h", "-n", "-x"],
            [.. names],
        ];
        foreach (var args in cases)
        {
            await AssertSameAsync(dir, g, args);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Postconf_GeneratedMasterCfDisplays_MatchRealPostconf(int seed)
    {
        RealPostfix.Require("postconf");
        var g = PostconfConfigGenerator.Create(seed);
        using var dir = new ConfigDir(g);
        string[][] cases =
        [
            ["-M"],
            ["-Mx"],
            ["-Mxf"],
            ["-xM", "smtp", "svc0/unix", "nosuch"],
            ["-F"],
            ["-Fx"],
            ["-Fx", "svc1/unix/command", "smtp/inet"],
            ["-Fxh", "*/*/command"],
            ["-P"],
            ["-Px"],
            ["-Pxh"],
            ["-PxH"],
            ["-Px", "svc0/unix/syslog_name", "smtp/inet", "*/*/relay_extra"],
            ["-xPf"],
        ];
        foreach (var args in cases)
        {
            await AssertSameAsync(dir, g, args);
        }
    }

    internal static async Task AssertSameAsync(ConfigDir dir, PostconfConfigGenerator g, string[] args)
    {
        var real = await Tool.RunAsync(RealPostfix.Postconf!, ["-c", dir.Real, .. args]);
        var ours = await RunOursAsync(["postconf", "-c", dir.Ours, .. args]);
        var label = $"postconf {string.Join(' ', args)}\n--- main.cf\n{g.MainCf}--- master.cf\n{g.MasterCf}--- real stderr\n{real.StderrText}--- our stderr\n{Encoding.Latin1.GetString(ours.Stderr)}";
        Assert.True(real.ExitCode == ours.ExitCode, $"exit {real.ExitCode} vs {ours.ExitCode}: {label}");
        Assert.True(
            Encoding.Latin1.GetString(real.Stdout).Replace(dir.Real, "DIR", StringComparison.Ordinal)
                == Encoding.Latin1.GetString(ours.Stdout).Replace(dir.Ours, "DIR", StringComparison.Ordinal),
            $"stdout differs: {label}\n--- real stdout\n{real.StdoutText}--- our stdout\n{Encoding.Latin1.GetString(ours.Stdout)}");
        Assert.Equal(
            Canonical(Encoding.Latin1.GetString(real.Stderr), RealPostfix.Postconf!, dir.Real),
            Canonical(Encoding.Latin1.GetString(ours.Stderr), "postconf", dir.Ours));
    }

    internal static async Task<ToolResult> RunOursAsync(string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var context = new CliContext(new MemoryStream(), stdout, stderr, new FileSystem(), _ => null, CancellationToken.None);
        var code = await CliApplication.RunAsync(args, context);
        return new ToolResult(code, stdout.ToArray(), stderr.ToArray());
    }

    /// <summary>
    /// stderr lines with the program and directory names replaced, each run of lines from one hash-table walk (same
    /// file, same kind: undefined/read-only while scanning, or unused at the end) sorted.
    /// </summary>
    internal static List<string> Canonical(string stderr, string program, string dir)
    {
        var lines = stderr.Replace(dir, "DIR", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.StartsWith(program + ":", StringComparison.Ordinal) ? "postconf" + l[program.Length..] : l)
            .ToList();
        var result = new List<string>();
        var run = new List<string>();
        string? runKey = null;
        foreach (var line in lines)
        {
            var key = Key(line);
            if (key is null || key != runKey)
            {
                result.AddRange(run.Order(StringComparer.Ordinal));
                run.Clear();
            }

            runKey = key;
            if (key is null)
            {
                result.Add(line);
            }
            else
            {
                run.Add(line);
            }
        }

        result.AddRange(run.Order(StringComparer.Ordinal));
        return result;
    }

    private static string? Key(string line)
    {
        foreach (var file in new[] { "DIR/main.cf: ", "DIR/master.cf: " })
        {
            if (line.Contains(file + "unused parameter: ", StringComparison.Ordinal))
            {
                return file + "unused";
            }

            if (line.Contains(file + "undefined parameter: ", StringComparison.Ordinal) || line.Contains(file + "read-only parameter assignment: ", StringComparison.Ordinal))
            {
                return file + "scan";
            }
        }

        return null;
    }

    /// <summary>Two copies of the same generated configuration: one for the real postconf, one for ours.</summary>
    internal sealed class ConfigDir : IDisposable
    {
        public ConfigDir(PostconfConfigGenerator g)
        {
            Real = Create(g);
            Ours = Create(g);
        }

        public string Real { get; }

        public string Ours { get; }

        public void Dispose()
        {
            Directory.Delete(Real, recursive: true);
            Directory.Delete(Ours, recursive: true);
        }

        private static string Create(PostconfConfigGenerator g)
        {
            var dir = Path.Combine(Path.GetTempPath(), "pfnet-gen-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(dir);
            foreach (var (file, text) in new[] { ("main.cf", g.MainCf), ("master.cf", g.MasterCf) })
            {
                var path = Path.Combine(dir, file);
                File.WriteAllText(path, text, Encoding.Latin1);
                RealPostfix.Age(path);
            }

            return dir;
        }
    }
}
