using System.Text;
using System.Text.RegularExpressions;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Database;

namespace Postfix.Config.Tests.Tables.Database;

/// <summary>
/// The LDAP search and memcache key built by <see cref="DatabaseTableConfiguration.Explain(string, ExplainOptions?)"/>
/// against the arguments real Postfix passed to <c>ldap_search_ext</c> and the commands memcached received.
/// </summary>
public sealed partial class LdapMemcacheQueryCorpusTests
{
    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (var r in CorpusRow.Read("postmap-ldap-memcache.tsv"))
        {
            if (r.Key.Length > 0 && !(r.Key.Length == 1 && r.Key[0] == '-') && r.Etc is "etc" or "etc-utf8" && !r.Config.Contains(',', StringComparison.Ordinal)
                && File.Exists(Path.Combine(CorpusRow.Root, "configs", r.Config + ".cf")))
            {
                data.Add(r.Id);
            }
        }

        return data;
    }

    [GeneratedRegex("^search base=\"(.*)\" scope=([0-9]) filter=\"(.*)\"((?: attr=[^ ]+)*)$")]
    private static partial Regex SearchOp();

    [Theory]
    [MemberData(nameof(Rows))]
    public void Explain_CorpusRow_GivesTheSearchOrKeyPostfixSent(string id)
    {
        var row = CorpusRow.Read("postmap-ldap-memcache.tsv").Single(r => r.Id == id);
        DatabaseTableConfiguration config;
        try
        {
            config = DatabaseQueryCorpusTests.OpenCorpusConfig(row.Type, row.Config);
        }
        catch (LookupTableOpenException e)
        {
            Assert.Contains("postmap: fatal: " + e.Message, Encoding.UTF8.GetString(row.Stderr), StringComparison.Ordinal);
            return;
        }

        var explanation = config.ExplainBytes(row.Key, new ExplainOptions { FoldCase = row.Flags != "-f", Utf8 = row.Etc == "etc-utf8" });
        var ops = Encoding.Latin1.GetString(row.SentQuery).Split(" ;; ").Where(o => !o.StartsWith("bind ", StringComparison.Ordinal)).ToList();
        var first = ops.FirstOrDefault() ?? string.Empty;
        foreach (var w in config.Warnings)
        {
            Assert.Contains("postmap: warning: " + w, Encoding.UTF8.GetString(row.Stderr), StringComparison.Ordinal);
        }

        if (first.Length == 0)
        {
            if (!Encoding.UTF8.GetString(row.Stderr).Contains("query error", StringComparison.Ordinal))
            {
                Assert.False(explanation.SendsQuery, explanation.ToString());
            }

            return;
        }

        Assert.True(explanation.SendsQuery, explanation.Reason);
        if (row.Type == "memcache")
        {
            Assert.Equal(first, Encoding.Latin1.GetString([.. explanation.QueryBytes!]));
            return;
        }

        var m = SearchOp().Match(first);
        Assert.True(m.Success, first);
        var search = explanation.LdapSearch!;
        Assert.Equal(m.Groups[1].Value, Latin1(search.SearchBase));
        Assert.Equal(m.Groups[2].Value, search.Scope.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(m.Groups[3].Value, Encoding.Latin1.GetString([.. explanation.QueryBytes!]));
        Assert.Equal(m.Groups[4].Value, string.Concat(search.Attributes.Select(a => " attr=" + a)));
    }

    private static string Latin1(string display) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(display));
}
