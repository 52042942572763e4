using System.Text;

namespace Postfix.Config.Catalog;

/// <summary>
/// postconf's output line format (<c>pcf_print_line()</c>): the text is split into words at SP, HT, CR and LF and the
/// words are joined with single blanks, so <c>name = value</c> never shows the value's own layout.
/// </summary>
public static class PostconfFormatter
{
    /// <summary>
    /// One output line, ending in LF: <c>name = value</c>, or only the value when <paramref name="name"/> is null
    /// (<c>-h</c>). An empty value prints as <c>name =</c>.
    /// </summary>
    /// <param name="name">The parameter name, or null to print the value alone.</param>
    /// <param name="value">The value (raw or expanded).</param>
    /// <returns>The normalized line with its LF.</returns>
    public static string FormatLine(string? name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Normalize(name is null ? value : name + " = " + value);
    }

    /// <summary>A line of text with its whitespace normalized as postconf prints it, ending in LF.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The words joined with single blanks, then LF.</returns>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 1);
        foreach (var word in text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(word);
        }

        return builder.Append('\n').ToString();
    }
}
