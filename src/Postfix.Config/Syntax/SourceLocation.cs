namespace Postfix.Config.Syntax;

/// <summary>A position in a source file: its name and a 1-based line and column (columns count bytes).</summary>
/// <param name="Source">The file name shown in diagnostics (for example <c>main.cf</c> or a full path).</param>
/// <param name="Line">The 1-based physical line number.</param>
/// <param name="Column">The 1-based column, counted in bytes from the start of the physical line.</param>
public readonly record struct SourceLocation(string Source, int Line, int Column)
{
    /// <summary>Formats the location as <c>source(line,column)</c>.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Source}({Line},{Column})");
}
