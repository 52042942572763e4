using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// A <c>static:value</c> (or <c>static:{ value with spaces }</c>) table: every key finds the value
/// (<c>util/dict_static.c</c>).
/// </summary>
public sealed class StaticTable : LookupTable
{
    private readonly string _nameText;
    private readonly string? _value;

    private StaticTable(string nameText, LookupTableOptions options)
        : base("static", ByteText.ToDisplay(nameText), options)
    {
        _nameText = nameText;
        var cp = nameText;
        if (cp.StartsWith('{'))
        {
            var err = Braces.Extract(ref cp);
            if (err is not null)
            {
                var message = "bad static:name syntax: " + err;
                OpenError = ByteText.ToDisplay(message);
                AddWarning(TableWarning.Create(DiagnosticSeverity.Error, TableDiagnosticCodes.InlineSyntax, message, message, new SourceLocation("static:", 1, 1)));
                return;
            }
        }

        _value = cp;
    }

    /// <summary>The error Postfix reports when it cannot open the table, or null.</summary>
    public string? OpenError { get; }

    /// <summary>The value every lookup returns (null when the table could not be opened).</summary>
    public string? Value => _value is null ? null : ByteText.ToDisplay(_value);

    /// <summary>Parses the part after <c>static:</c>.</summary>
    /// <param name="name">The value, or <c>{ value }</c>.</param>
    /// <param name="options">Open options; null for the defaults.</param>
    public static StaticTable Parse(string name, LookupTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new StaticTable(ByteText.FromDisplay(name), options ?? LookupTableOptions.Default);
    }

    /// <summary>Writes <c>static:value</c>, or <c>static:{ value }</c> when the value holds whitespace or commas.</summary>
    /// <param name="value">The value.</param>
    public static string Format(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Any(c => PostfixChars.IsSpace(c) || c is ',' or '{' or '}') ? "static:{ " + value + " }" : "static:" + value;
    }

    /// <summary>The text after <c>static:</c>, exactly as given.</summary>
    public override string ToString() => ByteText.ToDisplay(_nameText);

    private protected override string? LookupByteText(string key, Action<string>? warn) => _value;
}
