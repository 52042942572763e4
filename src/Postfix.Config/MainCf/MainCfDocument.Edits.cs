using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <content>postconf-compatible edits.</content>
public sealed partial class MainCfDocument
{
    /// <summary>
    /// Edits the document exactly as <c>postconf -e</c>, <c>-X</c> or <c>-#</c> edits main.cf, with the same
    /// arguments (<c>name=value</c> for <see cref="PostconfEditMode.Set"/>, names otherwise). The result is
    /// byte-identical to what Postfix writes, except that a last line without a newline gets one and several new names
    /// are appended in byte order (as later Postfix releases do), and lines with a NUL byte are kept whole.
    /// </summary>
    /// <param name="mode">Which edit.</param>
    /// <param name="arguments">The command-line arguments after the flag.</param>
    /// <returns>The new document and the warnings postconf would print.</returns>
    /// <exception cref="ArgumentException">An argument postconf rejects; the message is postconf's fatal message.</exception>
    public PostconfEditResult EditLikePostconf(PostconfEditMode mode, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var (requests, warnings) = PostconfMainEditor.ParseArguments(mode, arguments);
        if (requests.Count == 0)
        {
            throw new ArgumentException(mode == PostconfEditMode.Set ? "-e requires name=value argument" : "missing service argument");
        }

        var (text, more) = PostconfMainEditor.Apply(_source, mode, requests);
        warnings.AddRange(more);
        return new PostconfEditResult(WithRawText(text), warnings);
    }

    /// <summary>
    /// Sets a parameter like <c>postconf -e name=value</c>: every definition becomes <c>name = value</c> on one line
    /// (continuation lines dropped, inner comment lines kept), or the line is appended when the name is absent. The
    /// value is trimmed of surrounding whitespace, as postconf does.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The raw value (no line breaks).</param>
    /// <exception cref="ArgumentException">The name is empty or holds whitespace or <c>=</c>, or the value holds a line break.</exception>
    public MainCfDocument Set(string name, string value) => Set([new KeyValuePair<string, string>(name, value)]);

    /// <summary>Sets several parameters at once, like <c>postconf -e n1=v1 n2=v2 …</c> (see <see cref="Set(string, string)"/>).</summary>
    /// <param name="settings">Names and raw values; a later duplicate name wins.</param>
    /// <exception cref="ArgumentException">A name or value postconf would reject.</exception>
    public MainCfDocument Set(IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = new List<string>();
        foreach (var (name, value) in settings)
        {
            CheckName(name);
            ArgumentNullException.ThrowIfNull(value);
            arguments.Add(name + "=" + value);
        }

        return EditLikePostconf(PostconfEditMode.Set, arguments).Document;
    }

    /// <summary>Removes every definition of each name, like <c>postconf -X</c> (inner comment lines are kept).</summary>
    /// <param name="names">The parameter names.</param>
    /// <exception cref="ArgumentException">A name postconf would reject.</exception>
    public MainCfDocument Remove(params IEnumerable<string> names) => EditNames(PostconfEditMode.Remove, names);

    /// <summary>Comments out every definition of each name, like <c>postconf -#</c>.</summary>
    /// <param name="names">The parameter names.</param>
    /// <exception cref="ArgumentException">A name postconf would reject.</exception>
    public MainCfDocument CommentOut(params IEnumerable<string> names) => EditNames(PostconfEditMode.CommentOut, names);

    private MainCfDocument EditNames(PostconfEditMode mode, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToList();
        foreach (var name in list)
        {
            CheckName(name);
        }

        return list.Count == 0 ? this : EditLikePostconf(mode, list).Document;
    }

    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (c == '=' || c == '\0' || (c < 0x80 && PostfixChars.IsSpace(c)))
            {
                throw new ArgumentException($"invalid parameter name: \"{name}\"", nameof(name));
            }
        }
    }
}
