namespace Postfix.Config.Syntax;

/// <summary>
/// Where a diagnostic points: the file, the 1-based line and column, and the byte span (<see cref="Offset"/>,
/// <see cref="Length"/>), all counted from the start of the file. Columns count bytes, as Postfix does.
/// </summary>
/// <param name="Path">The file's path, or the name given to the parser (e.g. <c>main.cf</c>, <c>inline:</c>).</param>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Column">The 1-based byte column.</param>
/// <param name="Offset">The 0-based byte offset of the span's start from the start of the file.</param>
/// <param name="Length">The span's length in bytes (0 when the diagnostic points at a position).</param>
public readonly record struct SourceLocation(string Path, int Line, int Column, int Offset = 0, int Length = 0)
{
    /// <summary>Formats as <c>path(line,column)</c>, the form compilers use.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Path}({Line},{Column})");
}
