namespace Postfix.Config.MasterCf;

/// <summary>What a postconf-compatible master.cf display or edit produced, exactly as <c>postconf</c> would.</summary>
public sealed class PostconfMasterResult
{
    private readonly IReadOnlyList<string> _rawWarnings;
    private readonly string? _rawFatal;

    internal PostconfMasterResult(byte[] output, byte[]? newContent, IReadOnlyList<string> rawWarnings, string? rawFatal)
    {
        Output = output;
        NewContent = newContent is null ? default(ReadOnlyMemory<byte>?) : new ReadOnlyMemory<byte>(newContent);
        _rawWarnings = rawWarnings;
        _rawFatal = rawFatal;
        Warnings = [.. rawWarnings.Select(Syntax.ByteText.ToDisplay)];
        Fatal = rawFatal is null ? null : Syntax.ByteText.ToDisplay(rawFatal);
    }

    /// <summary>Standard output bytes (the display; empty for edits).</summary>
    public ReadOnlyMemory<byte> Output { get; }

    /// <summary>The new master.cf bytes of an edit, or null (a display, or a fatal error: the file stays as it was).</summary>
    public ReadOnlyMemory<byte>? NewContent { get; }

    /// <summary>Warnings as postconf prints them after <c>postconf: warning: </c>, in order.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The message postconf prints after <c>postconf: fatal: </c>, or null.</summary>
    public string? Fatal { get; }

    /// <summary>postconf's exit status: 1 after a fatal error, else 0.</summary>
    public int ExitCode => Fatal is null ? 0 : 1;

    /// <summary>Standard error bytes as postconf writes them (warnings, then the fatal error).</summary>
    /// <param name="program">The program name at the start of each line.</param>
    public byte[] FormatErrorOutput(string program = "postconf")
    {
        ArgumentNullException.ThrowIfNull(program);
        var name = Syntax.ByteText.FromDisplay(program);
        var text = new System.Text.StringBuilder();
        foreach (var w in _rawWarnings)
        {
            text.Append(name).Append(": warning: ").Append(w).Append('\n');
        }

        if (_rawFatal is not null)
        {
            text.Append(name).Append(": fatal: ").Append(_rawFatal).Append('\n');
        }

        return Syntax.ByteText.ToBytes(text.ToString());
    }
}
