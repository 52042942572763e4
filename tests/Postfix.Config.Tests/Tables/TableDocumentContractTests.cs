using System.IO.Abstractions.TestingHelpers;
using System.Text;
using Postfix.Config.IO;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Aliases;
using Postfix.Config.Tables.Regexp;

namespace Postfix.Config.Tests.Tables;

/// <summary>Every table document answers to the verbs of the document contract, through the file-system seam.</summary>
public sealed class TableDocumentContractTests
{
    [Fact]
    public Task Postmap_CreateSaveLoadEditSave_KeepsBytesAndRefusesChangedFile() =>
        AssertContractAsync<PostmapSource, PostmapSourceOptions>(
            new PostmapSourceOptions { Utf8 = true }, d => d.Add("a@example.com", "OK"), d => d.Set("A@Example.COM", "REJECT"), "a@example.com REJECT\n");

    [Fact]
    public Task Aliases_CreateSaveLoadEditSave_KeepsBytesAndRefusesChangedFile() =>
        AssertContractAsync<AliasSource, AliasSourceOptions>(
            new AliasSourceOptions(), d => d.Add("root", "admin"), d => d.Set("Root", "admin, backup"), "root: admin, backup\n");

    [Fact]
    public Task Cidr_CreateSaveLoadEditSave_KeepsBytesAndRefusesChangedFile() =>
        AssertContractAsync<CidrSource, CidrSourceOptions>(
            new CidrSourceOptions(), d => d.AddRule("192.0.2.0/24", "OK"), d => d.SetRule("192.0.2.0/24", "REJECT"), "192.0.2.0/24 REJECT\n");

    [Fact]
    public Task Regexp_CreateSaveLoadEditSave_KeepsBytesAndRefusesChangedFile() =>
        AssertContractAsync<PatternTableDocument, PatternTableOptions>(
            new PatternTableOptions { Dialect = PatternTableDialect.Pcre }, d => d.AddRule("/^a/", "OK"), d => d.SetRule("/^a/", "REJECT"), "/^a/ REJECT\n");

    [Fact]
    public void PatternTable_FromDocument_AnswersLikeThePatterns()
    {
        var doc = PatternTableDocument.Parse("/^(a)(b)/ X$2$1\n", new PatternTableOptions { SourceName = "t" });
        var table = doc.ToTable();
        Assert.Equal("regexp", table.Type);
        Assert.Equal("XBA", table.Lookup("ABc"));   // case-insensitive match, groups as in the key
        Assert.Equal("pcre", PatternTableDocument.Parse(doc.ToBytes(), new PatternTableOptions { Dialect = PatternTableDialect.Pcre }).ToTable().Type);
        Assert.Throws<FormatException>(() => doc.AddRule("/(/", "x"));
        Assert.Equal("/^(a)(b)/ X$2$1\n/b/ Y\n", doc.AddRule("/b/", "Y").ToString());
        Assert.Equal(string.Empty, doc.RemoveRule("/^(a)(b)/").ToString());
    }

    private static async Task AssertContractAsync<TDoc, TOptions>(TOptions options, Func<TDoc, TDoc> add, Func<TDoc, TDoc> set, string expected)
        where TDoc : class, IConfigDocument<TDoc, TOptions>
        where TOptions : DocumentOptions
    {
        var fs = new MockFileSystem();
        fs.AddDirectory("/etc/postfix");
        var created = TDoc.Create(options);
        Assert.Empty(created.ToBytes());
        Assert.Null(created.Path);
        var saved = await add(created).SaveAsync("/etc/postfix/t", fs);
        Assert.Equal("/etc/postfix/t", saved.Path);
        Assert.NotNull(saved.Stamp);

        var loaded = TDoc.Load("/etc/postfix/t", fs, options);
        Assert.Equal(fs.File.ReadAllBytes("/etc/postfix/t"), loaded.ToBytes());
        Assert.False(loaded.HasErrors);
        var edited = await set(loaded).SaveAsync();
        Assert.Equal(expected, fs.File.ReadAllText("/etc/postfix/t"));
        Assert.Equal(expected, Encoding.UTF8.GetString((await TDoc.LoadAsync("/etc/postfix/t", fs, options)).ToBytes()));

        using var stream = new MemoryStream();
        edited.Save(stream);
        Assert.Equal(expected, Encoding.UTF8.GetString(TDoc.Load(new MemoryStream(stream.ToArray()), options).ToBytes()));

        // Someone else changes the file: saving the document loaded before refuses.
        fs.File.WriteAllText("/etc/postfix/t", "changed\n");
        fs.File.SetLastWriteTimeUtc("/etc/postfix/t", DateTime.UtcNow.AddMinutes(1));
        await Assert.ThrowsAsync<FileChangedException>(() => set(edited).SaveAsync());
        Assert.Equal("changed\n", fs.File.ReadAllText("/etc/postfix/t"));
    }
}
