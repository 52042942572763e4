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

        var value = LookupByteText(ByteText.FromBytes(key), warn is null ? null : w => warn(ByteText.ToDisplay(PostfixText.PrintableByteText(w, Options.Utf8))));
        return value is null ? null : ByteText.ToBytes(value);
    }

    /// <summary>The lookup on byte text; <paramref name="warn"/> gets raw (unmasked) byte-text warnings.</summary>
    private protected abstract string? LookupByteText(string key, Action<string>? warn);

    /// <summary>Whether building stopped at a duplicate key (<see cref="DuplicateKeyMode.Fail"/>): the table then finds nothing.</summary>
    private protected bool Failed { get; private set; }

    private protected void AddWarning(TableWarning warning) => _warnings.Add(warning);

    /// <summary>
    /// Reports a duplicate key at build time as <paramref name="mode"/> says: a warning (<see cref="DuplicateKeyMode.Warn"/>)
    /// or an error that fails the table (<see cref="DuplicateKeyMode.Fail"/>); nothing for the other modes.
    /// </summary>
    /// <param name="mode">How duplicates are handled.</param>
    /// <param name="code">The diagnostic code.</param>
    /// <param name="message">The diagnostic's short text (byte text).</param>
    /// <param name="postfixText">The line as Postfix logs it after <c>warning: </c> (byte text).</param>
    /// <param name="at">The duplicate's location.</param>
    private protected void ReportDuplicate(DuplicateKeyMode mode, string code, string message, string postfixText, SourceLocation at)
    {
        if (mode is DuplicateKeyMode.Warn or DuplicateKeyMode.Fail)
        {
            AddWarning(TableWarning.Create(mode == DuplicateKeyMode.Warn ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, code, message, postfixText, at));
            Failed |= mode == DuplicateKeyMode.Fail;
        }
    }

    /// <summary>
    /// The checks before a lookup in a built table: nothing is found in a failed table, nor (with SMTPUTF8) a key that is
    /// not valid UTF-8, which Postfix reports as <c>type:name: non-UTF-8 key "…": malformed UTF-8 or invalid codepoint</c>.
    /// </summary>
    /// <param name="key">The key (byte text).</param>
    /// <param name="warn">Receives the warning; may be null.</param>
    /// <returns>True when the lookup finds nothing without looking.</returns>
    private protected bool RefusesKey(string key, Action<string>? warn)
    {
        if (Failed)
        {
            return true;
        }

        if (Options.Utf8 && !Utf8Check.IsAscii(key) && !Utf8Check.IsValid(key))
        {
            warn?.Invoke(Type + ":" + ByteText.FromDisplay(Name) + ": non-UTF-8 key \"" + key + "\": malformed UTF-8 or invalid codepoint");
            return true;
        }

        return false;
    }

    private protected IReadOnlyList<TableWarning> Warnings => _warnings;
}
