using FsCheck;
using FsCheck.Fluent;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Aliases;
using Postfix.Testing;

namespace Postfix.Config.Tests.Tables.Aliases;

/// <summary>
/// The library's alias tables against the real postalias: generated aliases files are built into a hash database by
/// postalias with some flags and queried by postalias with (possibly other) flags; our table built from the source
/// file with the same options must give the same answer for every key and the same build warnings.
/// </summary>
public sealed class AliasDifferentialTests
{
    private static readonly string[] FixedKeys = ["root", "ROOT", "odd name", "with:colon", "a.b", "a . b", "k", "@", "no space", "\u00e9t\u00e9", "\u00c9T\u00c9", "strasse", "", "yp_master_name", "YP_MASTER_NAME", "nosuch"];

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var (build, query) in new[] { ("", ""), ("-f", "-f"), ("-f", ""), ("", "-f"), ("-N", "-n"), ("-n", ""), ("-n", "-N"), ("-r", ""), ("-w", "") })
        {
            data.Add(build, query, false);
            data.Add(build, query, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Lookup_GeneratedAliasFiles_SameAsPostalias(string build, string query, bool smtputf8)
    {
        RealPostfix.Require("postalias");
        using var oracle = new PostaliasOracle(smtputf8);
        byte[][] files = [.. AliasGen.File().Sample(10 + build.Length + query.Length + (smtputf8 ? 3 : 0), 6)];
        var options = LookupTableOptions.Default with
        {
            Utf8 = smtputf8,
            DatabaseBuiltWithFolding = build != "-f",
            FoldCase = query != "-f",
            BuildNulls = Nulls(build),
            QueryNulls = Nulls(query),
            Duplicates = build == "-r" ? DuplicateKeyMode.Replace : build == "-w" ? DuplicateKeyMode.Ignore : DuplicateKeyMode.Warn,
        };
        foreach (var bytes in files)
        {
            var path = oracle.Write(bytes);
            var warnings = await oracle.BuildAsync(path, Flags(build));
            var source = AliasSource.Parse(bytes, new AliasSourceOptions { SourceName = path, Utf8 = smtputf8 });
            var table = source.ToTable(options);
            var keys = FixedKeys.Concat(source.Entries.SelectMany(e => new[] { e.Name!, e.Name!.ToUpperInvariant() })).Where(k => !k.Contains('\n', StringComparison.Ordinal)).Distinct().ToList();
            var expected = await oracle.QueryAsync(path, Flags(query), keys);
            var show = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.True(warnings.SequenceEqual(table.PostfixWarnings), $"build warnings differ for:\n{show}\nreal: {string.Join(" | ", warnings)}\nours: {string.Join(" | ", table.PostfixWarnings)}");
            for (var i = 0; i < keys.Count; i++)
            {
                Assert.True(expected[i] == table.Lookup(keys[i]), $"key '{keys[i]}' for:\n{show}\nreal: {expected[i] ?? "(not found)"}\nours: {table.Lookup(keys[i]) ?? "(not found)"}");
            }
        }
    }

    private static string[] Flags(string flag) => flag.Length == 0 ? [] : [flag];

    private static NullTermination Nulls(string flag) => flag switch
    {
        "-N" => NullTermination.Include,
        "-n" => NullTermination.Exclude,
        _ => NullTermination.Default,
    };
}
