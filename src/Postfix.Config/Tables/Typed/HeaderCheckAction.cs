using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Typed;

/// <summary>
/// The value of a header_checks/body_checks rule: an action word (case-insensitive) and its text. The pattern side
/// belongs to the regexp/pcre tables.
/// </summary>
public sealed class HeaderCheckAction
{
    private HeaderCheckAction(HeaderCheckActionKind kind, string command, string text, string value)
    {
        Kind = kind;
        Command = command;
        Text = text;
        Value = value;
    }

    /// <summary>The action.</summary>
    public HeaderCheckActionKind Kind { get; }

    /// <summary>The action word as written.</summary>
    public string Command { get; }

    /// <summary>The text after the word (leading whitespace skipped).</summary>
    public string Text { get; }

    /// <summary>The value as written.</summary>
    public string Value { get; }

    /// <summary>Reads a value as cleanup does (word up to the first whitespace, case-insensitive).</summary>
    /// <param name="value">The value.</param>
    public static HeaderCheckAction Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var end = 0;
        while (end < value.Length && !PostfixChars.IsSpace(value[end]))
        {
            end++;
        }

        var command = value[..end];
        var text = value[end..].TrimStart(' ', '\t', '\n', '\v', '\f', '\r');
        var kind = Enum.TryParse<HeaderCheckActionKind>(command, ignoreCase: true, out var k) && k != HeaderCheckActionKind.Unknown && command.All(char.IsAsciiLetter)
            ? k
            : HeaderCheckActionKind.Unknown;
        return new HeaderCheckAction(kind, command, text, value);
    }

    /// <summary>Builds <c>ACTION [text]</c>.</summary>
    /// <param name="kind">The action.</param>
    /// <param name="text">The text, or null.</param>
    public static HeaderCheckAction Create(HeaderCheckActionKind kind, string? text = null)
    {
        if (kind == HeaderCheckActionKind.Unknown)
        {
            throw new ArgumentException("Pick a real action.", nameof(kind));
        }

        if (text is not null && (text.Any(c => c is '\n' or '\0') || (text.Length > 0 && (PostfixChars.IsSpace(text[0]) || PostfixChars.IsSpace(text[^1])))))
        {
            throw new ArgumentException("The text must not hold a line break or start or end with whitespace.", nameof(text));
        }

        var word = kind.ToString().ToUpperInvariant();
        return Parse(string.IsNullOrEmpty(text) ? word : word + " " + text);
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
