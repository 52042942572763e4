using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Database;

namespace Postfix.Config.Tests.Tables.Database;

/// <summary>
/// The query builder against real Postfix: for every recorded postmap run, <see cref="DatabaseTableConfiguration.Explain"/>
/// must give exactly the statement the server received, or no statement when Postfix sent none.
/// </summary>
public sealed class DatabaseQueryCorpusTests
{
    public static TheoryData<string> SqlRows()
    {
        var data = new TheoryData<string>();
        foreach (var r in CorpusRow.Read("postmap-sql.tsv"))
        {
            if (Usable(r))
            {
                data.Add(r.Id);
            }
        }

        return data;
    }

    private static bool Usable(CorpusRow r) =>
        r.Key.Length > 0 && !(r.Key.Length == 1 && r.Key[0] == '-') && !r.Config.Contains(',', StringComparison.Ordinal) && !r.Config.StartsWith('@')
        && r.Etc is "etc" or "etc-utf8" && File.Exists(ConfigPath(r.Config));

    private static string ConfigPath(string config) => Path.Combine(CorpusRow.Root, "configs", config + ".cf");

    internal static DatabaseTableConfiguration OpenCorpusConfig(string type, string config)
    {
        var bytes = File.ReadAllBytes(ConfigPath(config));
        var text = Encoding.Latin1.GetString(bytes).Replace("/srv/pftest/dbt/cf/", Path.Combine(CorpusRow.Root, "configs") + "/", StringComparison.Ordinal);
        Assert.True(DatabaseTableTypes.TryParse(type, out var t));
        var doc = DatabaseTableDocument.Parse(Encoding.Latin1.GetBytes(text), new DatabaseTableDocumentOptions { Type = t });
        var factory = new LookupTableFactory();
        return DatabaseTableConfiguration.Open(t, doc.ToSettings("/srv/pftest/dbt/cf/" + config + ".cf"), name => factory.Open(name));
    }

    [Theory]
    [MemberData(nameof(SqlRows))]
    public void Explain_CorpusRow_GivesTheStatementTheServerReceived(string id)
    {
        var row = CorpusRow.Read("postmap-sql.tsv").Single(r => r.Id == id);
        DatabaseTableConfiguration config;
        try
        {
            config = OpenCorpusConfig(row.Type, row.Config);
        }
        catch (LookupTableOpenException e)
        {
            Assert.Contains("postmap: fatal: " + e.Message, Encoding.UTF8.GetString(row.Stderr), StringComparison.Ordinal);
            return;
        }

        var explanation = config.ExplainBytes(row.Key, new ExplainOptions { FoldCase = row.Flags != "-f", Utf8 = row.Etc == "etc-utf8" });
        var sent = Encoding.Latin1.GetString(row.SentQuery);
        var first = sent.Split(" ;; ")[0];
        if (first.Length > 0)
        {
            Assert.True(explanation.SendsQuery, explanation.Reason);
            Assert.Equal(first, Encoding.Latin1.GetString([.. explanation.QueryBytes!]));
        }
        else if (row.Stderr.Length == 0 || !Encoding.UTF8.GetString(row.Stderr).Contains("connect", StringComparison.Ordinal))
        {
            Assert.False(explanation.SendsQuery, explanation.ToString());
        }
    }
}
