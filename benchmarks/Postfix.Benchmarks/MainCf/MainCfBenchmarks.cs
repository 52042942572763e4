using Postfix.Config;
using System.Text;
using BenchmarkDotNet.Attributes;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;

namespace Postfix.Benchmarks.MainCf;

/// <summary>
/// main.cf parse + write of Postfix's shipped main.cf.dist and of a synthetic 10,000-parameter file, plus a
/// postconf-compatible edit and a minimal list edit on the big file. Each benchmark checks its answer first.
/// </summary>
[MemoryDiagnoser]
public class MainCfBenchmarks
{
    private byte[] _dist = [];
    private byte[] _big = [];
    private MainCfDocument? _bigDocument;

    /// <summary>Loads main.cf.dist from the repository's test data, generates the big file and checks the answers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dist = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "tests", "Postfix.Config.Tests", "TestData", "MainCf", "main.cf.dist"));
        _big = Synthetic(10_000);
        _bigDocument = MainCfDocument.Parse(_big);
        if (!ParseWriteDist().SequenceEqual(_dist) || !ParseWriteSynthetic().SequenceEqual(_big)
            || _bigDocument.GetValue("param09999") != "value-9999, $myhostname"
            || PostconfSet().GetValue("param05000") != "changed"
            || !AddListItem().GetValue("list_param")!.Contains("check_sender_access", StringComparison.Ordinal)
            || PostconfNonDefault().Diagnostics.Count != 10_000 + 100 || PostconfNonDefault().Output.Length < 20)
        {
            throw new InvalidOperationException("benchmark answers are wrong");
        }
    }

    /// <summary>A main.cf with <paramref name="count"/> parameters, comments every 10 lines, a continued list every 100.</summary>
    public static byte[] Synthetic(int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i % 10 == 0)
            {
                sb.Append("# comment before parameter ").Append(i).Append('\n');
            }

            sb.Append("param").Append(i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).Append(" = value-").Append(i).Append(", $myhostname\n");
            if (i % 100 == 0)
            {
                sb.Append("list_param").Append(i == 0 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append(" =\n    permit_mynetworks,\n    # inner\n    reject_unauth_destination\n");
            }
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Parse main.cf.dist (27 KB) and write it back.</summary>
    [Benchmark]
    public byte[] ParseWriteDist() => MainCfDocument.Parse(_dist).ToBytes();

    /// <summary>Parse the 10,000-parameter file and write it back.</summary>
    [Benchmark]
    public byte[] ParseWriteSynthetic() => MainCfDocument.Parse(_big).ToBytes();

    /// <summary>postconf -e on the 10,000-parameter file (one replaced, one appended).</summary>
    [Benchmark]
    public MainCfDocument PostconfSet() => _bigDocument!.PostconfSet(["param05000=changed", "zz_new=1"]).Document;

    /// <summary>
    /// <c>postconf -n</c> on the 10,000-parameter file (all of them unknown names: the user-parameter scan over every
    /// value and default, then 10,100 "unused parameter" warnings).
    /// </summary>
    [Benchmark]
    public PostconfShowResult PostconfNonDefault() =>
        PostconfMain.Show(MainCfDocument.Parse(_big), MasterCfDocument.Parse("smtp inet n - y - - smtpd\n"u8), new PostconfMainShowOptions { NonDefault = true });

    /// <summary>Minimal list edit on the 10,000-parameter file.</summary>
    [Benchmark]
    public MainCfDocument AddListItem() =>
        _bigDocument!.AddListItem("list_param", "check_sender_access hash:/etc/postfix/access", before: "reject_unauth_destination");

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
