using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// Base of the tables this library loads itself (texthash family, cidr, inline, static): the <see cref="ILookupTable"/>
/// contract plus byte-exact lookups and the warnings exactly as Postfix prints them.
/// </summary>
public abstract class LookupTable : ILookupTable
{
    private readonly List<TableWarning> _warnings = [];

    private protected LookupTable(string type, string name, LookupTableOptions options)
    {
        Type = type;
        Name = name;
        Options = options;
    }

    /// <inheritdoc/>
    public string Type { get; }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The options the table was opened with.</summary>
    public LookupTableOptions Options { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Diagnostic> Diagnostics => [.. _warnings.Select(w => w.Diagnostic)];

    /// <summary>
    /// The warnings Postfix logs while opening this table, each exactly as it appears after <c>postmap: warning: </c>
    /// (with Postfix's masking of unprintable bytes).
    /// </summary>
    public IReadOnlyList<string> PostfixWarnings => [.. _warnings.Select(w => w.PostfixText(Options.Utf8))];

    /// <summary>
    /// Whether <c>postmap -q</c> prints <see cref="PostfixWarnings"/> when it opens the table. False for database types
    /// (<c>hash:</c> …), whose source warnings were printed when the database was built.
    /// </summary>
    public virtual bool WarnsOnOpen => true;

    /// <inheritdoc/>
    public string? Lookup(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var value = LookupByteText(ByteText.FromDisplay(key), null);
        return value is null ? null : ByteText.ToDisplay(value);
    }

    /// <summary>
    /// Looks up a key given as bytes and returns the value's exact bytes (null when not found), reporting lookup-time
    /// warnings (such as a key that is not UTF-8) in Postfix's words.
    /// </summary>
    /// <param name="key">The key's bytes (a NUL byte ends the key, as in Postfix).</param>
    /// <param name="warn">Receives each warning Postfix would print (text after <c>warning: </c>); may be null.</param>
    public byte[]? LookupBytes(ReadOnlySpan<byte> key, Action<string>? warn = null)
    {
        // Postfix handles keys as C strings: a NUL byte ends the key.
        var nul = key.IndexOf((byte)0);
        if (nul >= 0)
        {
            key = key[..nul];
        }

        var value = LookupByteText(ByteText.FromBytes(key), warn is null ? null : w => warn(ByteText.ToDisplay(Printable.Apply(w, Options.Utf8))));
        return value is null ? null : ByteText.ToBytes(value);
    }

    /// <summary>The lookup on byte text; <paramref name="warn"/> gets raw (unmasked) byte-text warnings.</summary>
    private protected abstract string? LookupByteText(string key, Action<string>? warn);

    private protected void AddWarning(TableWarning warning) => _warnings.Add(warning);

    private protected IReadOnlyList<TableWarning> Warnings => _warnings;
}
