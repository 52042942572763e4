using System.Text;
using BenchmarkDotNet.Attributes;
using Postfix.Config.Tables;

namespace Postfix.Benchmarks.Tables;

/// <summary>
/// Load and lookup throughput of texthash tables: building the whole table from a generated source (MB/s), a single-key
/// scan without building it (MB/s), and lookups on a built table (lookups/s). Each benchmark checks its answer first.
/// </summary>
[MemoryDiagnoser]
[ThroughputColumn.Columns]
public class TexthashBenchmarks
{
    private byte[] _source = [];
    private TexthashTable? _table;
    private string[] _keys = [];
    private string _path = string.Empty;
    private readonly LookupTableFactory _factory = new();

    /// <summary>Lines in the generated source.</summary>
    [Params(100_000)]
    public int Lines { get; set; }

    /// <summary>Generates the source and checks the answers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _source = Generate(Lines);
        _path = Path.Combine(Path.GetTempPath(), $"postfix-net-texthash-bench-{Environment.ProcessId}.txt");
        File.WriteAllBytes(_path, _source);
        _table = PostmapSource.Parse(_source, new PostmapSourceOptions { SourceName = "bench.txt", Utf8 = false }).ToTable();
        _keys = [.. Enumerable.Range(0, 1024).Select(i => $"KEY{((i * 7919) % Lines) + 1:D7}@Example.COM")];
        var last = $"key{Lines:D7}@example.com";
        if (_table.Lookup(last) != $"value-{Lines}" || Scan() is null || _table.Lookup(_keys[1]) is null)
        {
            throw new InvalidOperationException("benchmark answers are wrong");
        }
    }

    /// <summary>The length in bytes of the generated source of <paramref name="lines"/> lines (for the MB/s column).</summary>
    public static int SourceLength(int lines) => Generate(lines).Length;

    private static byte[] Generate(int lines)
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= lines; i++)
        {
            sb.Append("key").Append(i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append("@example.com\tvalue-").Append(i).Append('\n');
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Parse the lossless source and build the table.</summary>
    [Benchmark]
    public int Load() => PostmapSource.Parse(_source, new PostmapSourceOptions { SourceName = "bench.txt", Utf8 = false }).ToTable().Count;

    /// <summary>One key by a single pass over the file (<see cref="LookupTableFactory.Query"/>, what postfix-net postmap -q does for texthash).</summary>
    [Benchmark]
    public byte[]? Scan() => _factory.Query("texthash:" + _path, Encoding.ASCII.GetBytes($"key{Lines:D7}@example.com"));

    /// <summary>Removes the generated file.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>1024 lookups (with case folding) on the built table.</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    public int Lookups()
    {
        var found = 0;
        foreach (var key in _keys)
        {
            if (_table!.Lookup(key) is not null)
            {
                found++;
            }
        }

        return found;
    }
}
