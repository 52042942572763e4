using System.IO.Abstractions.TestingHelpers;
using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using Postfix.Config.IO;

namespace Postfix.Config.Tests.Contract;

/// <summary>
/// The one document contract, checked on every type that declares it (found by reflection, so a document type added
/// later is checked without being listed here), and a guard that no document-like type stays outside it.
/// </summary>
public sealed class DocumentContractTests
{
    private static readonly byte[][] Samples =
    [
        [],
        "a = 1\n"u8.ToArray(),
        "# comment\r\n\n  indented\tvalue\n#x"u8.ToArray(),
        [0x00, 0xFF, 0x0A, 0xE9, 0x20, 0x3D, 0xC3, 0xA9],
        "/^x/ OK\n10.0.0.0/8 REJECT\nkey value\nalias: a, b\nsmtp inet n - y - - smtpd\n  -o x=y\n"u8.ToArray(),
    ];

    public static TheoryData<Type> DocumentTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in ContractTypes())
        {
            data.Add(type);
        }

        return data;
    }

    [Fact]
    public void DocumentTypes_AreFound()
    {
        var names = ContractTypes().Select(t => t.Name).ToList();
        Assert.Contains("MainCfDocument", names);
        Assert.Contains("MasterCfDocument", names);
        Assert.Contains("PostmapSource", names);
        Assert.Contains("AliasSource", names);
        Assert.Contains("CidrSource", names);
        Assert.Contains("PatternTableDocument", names);
    }

    /// <summary>A public type that parses a whole file (a static Parse of bytes returning itself) follows the contract.</summary>
    [Fact]
    public void EveryFileParser_ImplementsTheContract()
    {
        var outside = typeof(IConfigDocument).Assembly.GetExportedTypes()
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Any(m => m.Name == "Parse" && m.ReturnType == t && m.GetParameters().FirstOrDefault()?.ParameterType == typeof(ReadOnlySpan<byte>)))
            .Where(t => !typeof(IConfigDocument).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(outside);
    }

    [Theory]
    [MemberData(nameof(DocumentTypes))]
    public async Task Contract_Holds(Type type)
    {
        var method = typeof(DocumentContractTests).GetMethod(nameof(CheckAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        var options = type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConfigDocument<,>)).GetGenericArguments()[1];
        await (Task)method.MakeGenericMethod(type, options).Invoke(null, null)!;
    }

    [Theory]
    [MemberData(nameof(DocumentTypes))]
    public void Parse_ArbitraryBytes_NeverThrowsAndWritesSameBytes(Type type)
    {
        var method = typeof(DocumentContractTests).GetMethod(nameof(RoundTripProperty), BindingFlags.NonPublic | BindingFlags.Static)!;
        var options = type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConfigDocument<,>)).GetGenericArguments()[1];
        method.MakeGenericMethod(type, options).Invoke(null, null);
    }

    private static IEnumerable<Type> ContractTypes() =>
        typeof(IConfigDocument).Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && !t.IsInterface && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConfigDocument<,>)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static void RoundTripProperty<T, TOptions>()
        where T : class, IConfigDocument<T, TOptions>
        where TOptions : DocumentOptions =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            var document = T.Parse(bytes);
            Assert.Equal(bytes, document.ToBytes());
        }).QuickCheckThrowOnFailure();

    private static async Task CheckAsync<T, TOptions>()
        where T : class, IConfigDocument<T, TOptions>
        where TOptions : DocumentOptions
    {
        var ct = TestContext.Current.CancellationToken;

        // Parse never throws on content and gives back the bytes; Load(Stream) is the same; Save(Stream) writes them.
        foreach (var bytes in Samples)
        {
            var parsed = T.Parse(bytes);
            Assert.Equal(bytes, parsed.ToBytes());
            Assert.Null(parsed.Path);
            Assert.Null(parsed.Stamp);
            Assert.Equal(parsed.Diagnostics.Any(d => d.Severity == Postfix.Config.Syntax.DiagnosticSeverity.Error), parsed.HasErrors);
            Assert.All(parsed.Diagnostics, d => Assert.InRange(d.Location.Offset, 0, bytes.Length));
            using var input = new MemoryStream(bytes);
            Assert.Equal(bytes, T.Load(input).ToBytes());
            using var output = new MemoryStream();
            parsed.Save(output);
            Assert.Equal(bytes, output.ToArray());
        }

        // Create is an empty file.
        Assert.Empty(T.Create().ToBytes());

        // Load through a file system remembers the path; SaveAsync writes back there and stamps the result.
        var fs = new MockFileSystem();
        fs.AddFile("/etc/postfix/file", new MockFileData(Samples[2]));
        var loaded = T.Load("/etc/postfix/file", fs);
        Assert.Equal("/etc/postfix/file", loaded.Path);
        Assert.NotNull(loaded.Stamp);
        Assert.All(loaded.Diagnostics, d => Assert.Equal("/etc/postfix/file", d.Location.Path));
        var loadedAsync = await T.LoadAsync("/etc/postfix/file", fs, cancellationToken: ct);
        Assert.Equal(Samples[2], loadedAsync.ToBytes());
        var saved = await loaded.SaveAsync(ct);
        Assert.Equal(Samples[2], fs.File.ReadAllBytes("/etc/postfix/file"));
        Assert.Equal("/etc/postfix/file", saved.Path);

        // Saving elsewhere leaves the original alone.
        var copy = await loaded.SaveAsync("/etc/postfix/copy", fs, ct);
        Assert.Equal("/etc/postfix/copy", copy.Path);
        Assert.Equal(Samples[2], fs.File.ReadAllBytes("/etc/postfix/copy"));

        // A file changed since it was loaded is not overwritten, unless forced.
        fs.File.WriteAllBytes("/etc/postfix/file", "changed meanwhile\n"u8.ToArray());
        await Assert.ThrowsAsync<FileChangedException>(() => loaded.SaveAsync(ct));
        Assert.Equal("changed meanwhile\n"u8.ToArray(), fs.File.ReadAllBytes("/etc/postfix/file"));
        await loaded.SaveAsync(new SaveOptions { Force = true }, ct);
        Assert.Equal(Samples[2], fs.File.ReadAllBytes("/etc/postfix/file"));

        // A document parsed from memory has no path to save to.
        await Assert.ThrowsAsync<InvalidOperationException>(() => T.Parse(Samples[1]).SaveAsync(ct));
    }
}
