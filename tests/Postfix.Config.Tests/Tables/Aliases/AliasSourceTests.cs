using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Config.Syntax;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Aliases;

namespace Postfix.Config.Tests.Tables.Aliases;

public sealed class AliasSourceTests
{
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Parse_ArbitraryBytes_WritesIdenticalBytes(byte[] bytes) =>
        AliasSource.Parse(bytes, new AliasSourceOptions { SourceName = "aliases", Utf8 = false }).ToBytes().AsSpan().SequenceEqual(bytes)
        && AliasSource.Parse(bytes, new AliasSourceOptions { SourceName = "aliases", Utf8 = true }).ToBytes().AsSpan().SequenceEqual(bytes);

    [Fact]
    public void Parse_AliasLikeBytes_WritesIdenticalBytes()
    {
        Prop.ForAll(Arb.From(AliasGen.Bytes()), bytes =>
            AliasSource.Parse(bytes, new AliasSourceOptions { SourceName = "aliases", Utf8 = true }).ToBytes().AsSpan().SequenceEqual(bytes)).QuickCheckThrowOnFailure();
        Prop.ForAll(Arb.From(AliasGen.File()), bytes =>
            AliasSource.Parse(bytes, new AliasSourceOptions { SourceName = "aliases", Utf8 = false }).ToBytes().AsSpan().SequenceEqual(bytes)).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Parse_ContinuationAndQuotes_NormalisesLikePostalias(string ending)
    {
        var text = "# c" + ending + "Root: admin@example.com," + ending + "\tother@example.com" + ending + "\"odd name\": x" + ending
            + "pipe: |\"/usr/bin/x arg\", /var/mail/f,:include:/etc/inc" + ending + "esc: a\\ b, \"q\\\"x\", [1.2.3.4], (c) d";
        var source = AliasSource.Parse(Encoding.UTF8.GetBytes(text), new AliasSourceOptions { SourceName = "aliases", Utf8 = false });
        Assert.Equal(text, Encoding.UTF8.GetString(source.ToBytes()));
        var table = source.ToTable();
        Assert.Equal("admin@example.com, other@example.com", table.Lookup("ROOT"));
        Assert.Equal("x", table.Lookup("odd name"));
        Assert.Equal("|\"/usr/bin/x arg\", /var/mail/f, :include:/etc/inc", table.Lookup("pipe"));
        Assert.Equal("\"a b\", \"q\\\"x\", [1.2.3.4], (c) d", table.Lookup("esc"));
        Assert.Equal("@", table.Lookup("@"));
        Assert.Empty(table.PostfixWarnings);
    }

    [Fact]
    public void Parse_BadLines_PostaliasWarningsWithPositions()
    {
        var source = AliasSource.Parse("ok: x\nbad\nuser@dom: y\na, b: c\n: x\nk:\n  indented\n"u8, new AliasSourceOptions { SourceName = "/etc/aliases", Utf8 = false });
        var table = source.ToTable();
        Assert.Equal(
        [
            "/etc/aliases, line 2: need name:value pair",
            "/etc/aliases, line 3: name must be local",
            "/etc/aliases, line 4: need name:value pair",
            "/etc/aliases, line 5: need name:value pair",
        ], table.PostfixWarnings);
        Assert.Equal("indented", table.Lookup("k"));
        Assert.Equal(
            ["/etc/aliases(2,1): warning PFC3201: need name:value pair", "/etc/aliases(3,5): warning PFC3202: name must be local", "/etc/aliases(4,2): warning PFC3201: need name:value pair"],
            source.Diagnostics.Take(3).Select(d => d.ToString()));
    }

    [Fact]
    public void ToTable_Duplicates_FirstWinsWithDatabaseWarning()
    {
        var source = AliasSource.Parse("foo: a\nFOO: b\n"u8, new AliasSourceOptions { SourceName = "aliases", Utf8 = false });
        Assert.Equal("a", source.ToTable().Lookup("Foo"));
        Assert.Equal(["aliases.db: duplicate entry: \"foo\""], source.ToTable().PostfixWarnings);
        Assert.Equal("b", source.ToTable(LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Replace }).Lookup("foo"));
        Assert.Null(source.ToTable(LookupTableOptions.Default with { FoldCase = false, DatabaseBuiltWithFolding = false }).Lookup("foo2"));
        Assert.Equal("b", source.ToTable(LookupTableOptions.Default with { FoldCase = false, DatabaseBuiltWithFolding = false }).Lookup("FOO"));
    }

    [Fact]
    public void ToTable_DuplicateModes_WarnReplaceIgnoreAndFailStopsTheBuild()
    {
        var source = AliasSource.Parse("foo: a\nFOO: b\nbar: c\n"u8, new AliasSourceOptions { SourceName = "aliases", Utf8 = false });
        var ignore = source.ToTable(LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Ignore });
        Assert.Equal("a", ignore.Lookup("foo"));
        Assert.Empty(ignore.Diagnostics);
        Assert.Equal(3, ignore.Count);

        // Fail: an error at the duplicate, the build stops there (no "@" entry) and the table finds nothing.
        var fail = source.ToTable(LookupTableOptions.Default with { Duplicates = DuplicateKeyMode.Fail });
        var error = Assert.Single(fail.Diagnostics);
        Assert.Equal(("PFC3203", DiagnosticSeverity.Error, 2), (error.Code, error.Severity, error.Location.Line));
        Assert.Equal(["aliases.db: duplicate entry: \"foo\""], fail.PostfixWarnings);
        Assert.Null(fail.Lookup("foo"));
        Assert.Null(fail.Lookup("@"));
        Assert.Empty(fail.SequenceBytes());
        Assert.Equal(1, fail.Count);
    }

    [Theory]
    [InlineData(NullTermination.Default, NullTermination.Default, true)]
    [InlineData(NullTermination.Default, NullTermination.Exclude, false)]
    [InlineData(NullTermination.Include, NullTermination.Include, true)]
    [InlineData(NullTermination.Exclude, NullTermination.Default, true)]
    [InlineData(NullTermination.Exclude, NullTermination.Include, false)]
    public void Lookup_NullTermination_FoundOnlyWhenFormsMeet(NullTermination build, NullTermination query, bool found)
    {
        var table = AliasSource.Parse("root: admin\n"u8, new AliasSourceOptions { SourceName = "aliases", Utf8 = false }).ToTable(LookupTableOptions.Default with { BuildNulls = build, QueryNulls = query });
        Assert.Equal(found, table.Lookup("root") is not null);
    }

    [Fact]
    public void Entry_Targets_ClassifiedLikeLocal()
    {
        var source = AliasSource.Parse("x: |\"/usr/bin/cmd arg\", /var/mail/x, :INCLUDE:/etc/list, Name <addr@x> (c), \"john smith\"@example.com\n"u8, new AliasSourceOptions { SourceName = "aliases", Utf8 = false });
        var entry = Assert.Single(source.Entries).Entry!;
        Assert.Equal("x", entry.Name);
        Assert.Equal(
            [(AliasTargetKind.Command, "/usr/bin/cmd arg"), (AliasTargetKind.File, "/var/mail/x"), (AliasTargetKind.Include, "/etc/list"), (AliasTargetKind.Address, "addr@x"), (AliasTargetKind.Address, "john smith@example.com")],
            entry.Targets.Select(t => (t.Kind, t.Target)));
    }

    [Fact]
    public void Create_GeneratedEntries_ReadBackUnchanged()
    {
        var text = Gen.Elements("a", "B", " ", "@", ":", ",", "\"", "\\", "(", ")", "<", ">", "[", "]", ";", "#", "|", "/", ".", "\u00e9", "%", "!");
        var word = text.NonEmptyListOf().Select(l => string.Concat(l));
        var target = Gen.OneOf(
            word.Select(w => AliasTarget.Command(w)),
            word.Select(w => AliasTarget.File("/" + w)),
            word.Select(w => AliasTarget.Include(w)),
            word.Where(w => w[0] is not ('|' or '/') && !w.StartsWith(":include:", StringComparison.OrdinalIgnoreCase)).Select(w => AliasTarget.Address(w)));
        var entries = from name in text.ListOf().Select(l => string.Concat(l))
                      from targets in target.NonEmptyListOf()
                      select AliasEntry.Create(name, targets);
        Prop.ForAll(Arb.From(entries), entry =>
        {
            var source = AliasSource.Parse([], new AliasSourceOptions { SourceName = "aliases", Utf8 = true }).Add(entry);
            var item = Assert.Single(source.Entries);
            Assert.Equal(entry.Name, item.Name);
            Assert.Equal(entry.Targets.Select(t => t.Text), item.Entry!.Targets.Select(t => t.Text));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SetAndRemove_KeepOtherLines()
    {
        var source = AliasSource.Parse("# head\r\nroot: a\r\nother: b"u8, new AliasSourceOptions { SourceName = "aliases", Utf8 = false });
        var set = source.Set(AliasEntry.Create("ROOT", AliasTarget.Address("admin@example.com"), AliasTarget.Command("/usr/bin/x y")));
        Assert.Equal("# head\r\nroot: admin@example.com, \"|/usr/bin/x y\"\r\nother: b", Encoding.UTF8.GetString(set.ToBytes()));
        var added = source.Add(AliasEntry.Create("new name", AliasTarget.File("/var/mail/n")));
        Assert.Equal("# head\r\nroot: a\r\nother: b\r\n\"new name\": /var/mail/n\r\n", Encoding.UTF8.GetString(added.ToBytes()));
        Assert.Equal("# head\r\nother: b", Encoding.UTF8.GetString(source.Remove("Root").ToBytes()));
    }

    [Fact]
    public async Task Recipe_ReadmeSnippet_WritesWhatPostaliasReads()
    {
        // The docs/tables.md README snippet, checked against the real postalias.
        var aliases = AliasSource.Parse("postmaster: root\nroot: admin@example.com\n"u8, new AliasSourceOptions { SourceName = "/etc/aliases", Utf8 = true })
            .Set(AliasEntry.Create("support", AliasTarget.Address("alice@example.com"), AliasTarget.Command("/usr/local/bin/ticket --queue support")));
        Assert.Equal("postmaster: root\nroot: admin@example.com\nsupport: alice@example.com, \"|/usr/local/bin/ticket --queue support\"\n", Encoding.UTF8.GetString(aliases.ToBytes()));
        var value = aliases.ToTable().Lookup("Support");
        Assert.Equal("alice@example.com, \"|/usr/local/bin/ticket --queue support\"", value);

        Postfix.Testing.RealPostfix.Require("postalias");
        using var oracle = new PostaliasOracle(smtputf8: true);
        var path = oracle.Write(aliases.ToBytes());
        Assert.Empty(await oracle.BuildAsync(path, []));
        Assert.Equal([value], await oracle.QueryAsync(path, [], ["Support"]));
    }
}
