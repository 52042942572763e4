using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Database;

namespace Postfix.Config.Tests.Tables.Database;

public sealed class DatabaseTableDocumentTests
{
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Parse_ArbitraryBytes_WritesIdenticalBytes(byte[] bytes) =>
        DatabaseTableDocument.Parse(bytes, new DatabaseTableDocumentOptions { Type = DatabaseTableType.Mysql }).ToBytes().AsSpan().SequenceEqual(bytes);

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool SqliteQuoting_AnyKey_ReadsBackAsTheKey(string key)
    {
        // A quoted piece inside '...' must parse back to exactly the key: no way out of the literal.
        var k = (key ?? string.Empty).Replace("\0", string.Empty, StringComparison.Ordinal);
        var quoted = DbQuoting.DoubleSingleQuotes(k);
        var unquoted = new StringBuilder();
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\'')
            {
                if (i + 1 >= quoted.Length || quoted[i + 1] != '\'')
                {
                    return false;
                }

                i++;
            }

            unquoted.Append(quoted[i]);
        }

        return unquoted.ToString() == k;
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool LdapFilterQuoting_AnyKey_HasNoFilterSpecials(string key)
    {
        var quoted = DbQuoting.LdapFilter(key ?? string.Empty);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] is '*' or '(' or ')')
            {
                return false;
            }

            if (quoted[i] == '\\' && !(i + 2 < quoted.Length && Uri.IsHexDigit(quoted[i + 1]) && Uri.IsHexDigit(quoted[i + 2])))
            {
                return false;
            }
        }

        return true;
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool MysqlQuoting_AnyKey_HasNoBareQuote(string key)
    {
        var quoted = DbQuoting.Mysql((key ?? string.Empty).Replace("\0", string.Empty, StringComparison.Ordinal), noBackslashEscapes: false);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\')
            {
                i++;
            }
            else if (quoted[i] is '\'' or '"')
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Diagnostics_UnknownAndObsoleteNames_PostconfWordsAndNoPassword()
    {
        var doc = DatabaseTableDocument.Parse("hosts = x\npasword = s3cret\ntable = aliases\nQuery = x\n"u8, new DatabaseTableDocumentOptions { Type = DatabaseTableType.Mysql, SourceName = "/etc/postfix/m.cf" });
        Assert.Equal(
        [
            "mysql:/etc/postfix/m.cf: unused parameter: pasword=(hidden)",
            "mysql:/etc/postfix/m.cf: obsolete parameter: table (use query; ignored when query is set)",
            "mysql:/etc/postfix/m.cf: unused parameter: Query=x",
        ], doc.Diagnostics.Select(d => d.Message));
        Assert.Equal(2, doc.Diagnostics[0].Location.Line);
        Assert.DoesNotContain(doc.Diagnostics, d => d.ToString().Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Set_ExistingValue_ChangesOnlyTheValueBytes()
    {
        var doc = DatabaseTableDocument.Parse("# c\nquery   =  SELECT 1\n\tFROM x\nexpansion_limit = 0\n"u8);
        var edited = doc.Set("expansion_limit", "1");
        Assert.Equal("# c\nquery   =  SELECT 1\n\tFROM x\nexpansion_limit = 1\n", Encoding.UTF8.GetString(edited.ToBytes()));
    }

    [Fact]
    public void Open_BadValues_PostfixFatalWordsWithoutPassword()
    {
        static string Fatal(string text) => Assert.Throws<LookupTableOpenException>(() =>
            DatabaseTableConfiguration.Open(DatabaseTableType.Sqlite, DatabaseTableDocument.Parse(Encoding.UTF8.GetBytes(text)).ToSettings("/p.cf"))).Message;

        Assert.Equal("/p.cf: bad string length 0 < 1: dbpath = ", Fatal("query = SELECT 1\n"));
        Assert.Equal("/p.cf: bad numerical configuration: expansion_limit = 3x", Fatal("dbpath = /x\nquery = q\nexpansion_limit = 3x\n"));
        Assert.Equal("db_common_parse: /p.cf: Invalid query template: SELECT '%s' || '%'", Fatal("dbpath = /x\nquery = SELECT '%s' || '%'\n"));
        Assert.Equal("/p.cf: bad string length 0 < 1: where_field = ", Fatal("dbpath = /x\ntable = t\nselect_field = s\n"));
        var pg = Assert.Throws<LookupTableOpenException>(() => DatabaseTableConfiguration.Open(DatabaseTableType.Pgsql,
            DatabaseTableSettings.FromValues("/p.cf", [new("password", "s3cret"), new("dbname", "")]))).Message;
        Assert.Equal("/p.cf: bad string length 0 < 1: dbname = ", pg);
    }

    [Fact]
    public void Explain_DocsExample_QuotesAndDomainRestriction()
    {
        var config = DatabaseTableConfiguration.Open(DatabaseTableType.Pgsql,
            DatabaseTableSettings.FromValues("/etc/postfix/aliases.cf", new Dictionary<string, string>
            {
                ["dbname"] = "mail",
                ["query"] = "SELECT goto FROM alias WHERE address='%s' AND active = '1'",
                ["domain"] = "example.com",
            }));
        Assert.Equal("SELECT goto FROM alias WHERE address='o''brien@example.com' AND active = '1'", config.Explain("O'Brien@Example.COM").Query);
        var miss = config.Explain("someone@other.org");
        Assert.Equal(LookupExplanationOutcome.DomainMismatch, miss.Outcome);
        Assert.Null(miss.Query);
        Assert.Equal("pgsql:/etc/postfix/aliases.cf: the key \"someone@other.org\" has no local part, no domain, or a domain not in \"domain = example.com\"; not looked up", miss.Reason);
        Assert.DoesNotContain("password", config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_EveryTypeKnowsPostconfNames()
    {
        Assert.Equal(
            "hosts user password dbname query result_format domain expansion_limit table select_field where_field additional_conditions select_function",
            string.Join(' ', DatabaseParameterCatalog.For(DatabaseTableType.Pgsql).Select(p => p.Name)));
        Assert.Equal(38, DatabaseParameterCatalog.For(DatabaseTableType.Ldap).Count);
        Assert.True(DatabaseParameterCatalog.Find(DatabaseTableType.Sqlite, "where_field")!.IsObsolete);
        Assert.Null(DatabaseParameterCatalog.Find(DatabaseTableType.Sqlite, "hosts"));
    }
}
