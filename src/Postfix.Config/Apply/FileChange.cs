namespace Postfix.Config.Apply;

/// <summary>One file a change set writes, creates or removes.</summary>
/// <param name="Path">The absolute path.</param>
/// <param name="Before">The content when the change set read it, or null when the file did not exist.</param>
/// <param name="After">The new content, or null when the change removes the file.</param>
public sealed record FileChange(string Path, ReadOnlyMemory<byte>? Before, ReadOnlyMemory<byte>? After)
{
    /// <summary>The file does not exist yet.</summary>
    public bool IsNew => Before is null;

    /// <summary>The change removes the file.</summary>
    public bool IsRemoval => After is null;

    /// <summary>The change as a unified diff (<c>diff -u</c>), with <c>a/</c> and <c>b/</c> in front of the path.</summary>
    /// <returns>The diff text.</returns>
    public string ToUnifiedDiff() => UnifiedDiff.Format(Path, Before, After);
}
