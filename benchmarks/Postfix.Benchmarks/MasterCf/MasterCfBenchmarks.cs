using Postfix.Config;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;

namespace Postfix.Benchmarks.MasterCf;

/// <summary>
/// master.cf parse + write of Postfix's shipped master.cf.dist and of a synthetic 2,000-service file, the
/// postconf-compatible <c>-M</c> display and <c>-Pe</c> edit on the big file, and <c>-Px</c> with main.cf. Each
/// benchmark checks its answer first.
/// </summary>
[MemoryDiagnoser]
public class MasterCfBenchmarks
{
    private byte[] _dist = [];
    private byte[] _big = [];
    private readonly byte[] _mainCf = Encoding.ASCII.GetBytes("myhostname = bench.example\nuser_param = x\n");

    /// <summary>Loads master.cf.dist from the repository's test data, generates the big file and checks the answers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dist = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "tests", "Postfix.Config.Tests", "TestData", "MasterCf", "master.cf.dist"));
        _big = Synthetic(2_000);
        var big = MasterCfDocument.Parse(_big);
        if (!ParseWriteDist().SequenceEqual(_dist) || !ParseWriteSynthetic().SequenceEqual(_big)
            || big.Services.Count != 2_001 || big.HasErrors
            || Encoding.ASCII.GetString(PostconfShowEntries().Output.Span).Split('\n').Length != 2_002
            || !Encoding.ASCII.GetString(PostconfSetParameter().ToBytes()).Contains("-o syslog_name=changed", StringComparison.Ordinal)
            || !Encoding.ASCII.GetString(PostconfShowParametersExpanded().Output.Span).Contains("svc01999/unix/syslog_name = postfix/svc01999", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("benchmark answers are wrong");
        }
    }

    /// <summary>
    /// A master.cf with smtp/inet plus <paramref name="count"/> unix services: every third one continued with
    /// <c>-o</c> lines, every tenth preceded by a comment, some with a brace argument.
    /// </summary>
    public static byte[] Synthetic(int count)
    {
        var sb = new StringBuilder("smtp      inet  n       -       y       -       -       smtpd\n");
        for (var i = 0; i < count; i++)
        {
            var name = "svc" + i.ToString("D5", CultureInfo.InvariantCulture);
            if (i % 10 == 0)
            {
                sb.Append("# service ").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            sb.Append(name).Append("  unix  -       -       n       -       -       smtp");
            if (i % 3 == 0)
            {
                sb.Append("\n  -o syslog_name=postfix/$service_name\n  -o smtp_helo_timeout=")
                    .Append((i % 60).ToString(CultureInfo.InvariantCulture)).Append("s\n");
            }
            else if (i % 7 == 0)
            {
                sb.Append(" -o { smtp_tls_security_level = may } -o syslog_name=postfix/$service_name\n");
            }
            else
            {
                sb.Append(" -o syslog_name=postfix/$service_name\n");
            }
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Parse master.cf.dist (≈ 6 KB) and write it back.</summary>
    [Benchmark]
    public byte[] ParseWriteDist() => MasterCfDocument.Parse(_dist).ToBytes();

    /// <summary>Parse the 2,000-service file and write it back.</summary>
    [Benchmark]
    public byte[] ParseWriteSynthetic() => MasterCfDocument.Parse(_big).ToBytes();

    /// <summary><c>postconf -M</c> on the 2,000-service file.</summary>
    [Benchmark]
    public PostconfShowResult PostconfShowEntries() =>
        PostconfMaster.Show(MasterCfDocument.Parse(_big), MainCfDocument.Create(), new PostconfMasterShowOptions(), []);

    /// <summary><c>postconf -Pe svc01000/unix/syslog_name=changed</c> on the 2,000-service file.</summary>
    [Benchmark]
    public MasterCfDocument PostconfSetParameter() =>
        MasterCfDocument.Parse(_big).PostconfSetParameter("svc01000/unix/syslog_name=changed").Document;

    /// <summary><c>postconf -Px</c> (reads main.cf, registers user parameters, expands every <c>-o</c> value).</summary>
    [Benchmark]
    public PostconfShowResult PostconfShowParametersExpanded() =>
        PostconfMaster.Show(MasterCfDocument.Parse(_big), MainCfDocument.Parse(_mainCf), new PostconfMasterShowOptions { Kind = PostconfMasterShowKind.Parameters, ExpandValues = true }, []);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Postfix.Net.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
