namespace Postfix.Docs.Tests;

/// <summary>
/// The directory a documentation example runs in: a fresh copy of a stock Postfix configuration (TestData/etc), so
/// an example that reads and writes /etc/postfix/main.cf does exactly that, in a place of its own. The generated
/// snippets call <see cref="Path"/> for every absolute /etc/ or /var/ path literal.
/// </summary>
public sealed class DocSandbox : IDisposable
{
    private static readonly AsyncLocal<string?> Current = new();
    private readonly string _root;

    private DocSandbox(string root) => _root = root;

    /// <summary>Creates a sandbox for the calling test and makes it the current one.</summary>
    public static DocSandbox Enter()
    {
        var root = Directory.CreateTempSubdirectory("postfix-docs-").FullName;
        CopyTree(System.IO.Path.Combine(AppContext.BaseDirectory, "TestData"), root);
        Directory.CreateDirectory(System.IO.Path.Combine(root, "var", "spool", "postfix"));
        Current.Value = root;
        return new DocSandbox(root);
    }

    /// <summary>An absolute path of the example, inside the current sandbox.</summary>
    /// <param name="absolutePath">The path as the example writes it, e.g. <c>/etc/postfix/main.cf</c>.</param>
    public static string Path(string absolutePath)
    {
        var root = Current.Value ?? throw new InvalidOperationException("no documentation sandbox is active");
        var full = System.IO.Path.Combine(root, absolutePath.TrimStart('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Current.Value = null;
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temporary-file cleanup; the test result does not depend on it.
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file)));
        }
    }
}
