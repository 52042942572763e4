using Postfix.Config.Syntax;

namespace Postfix.Config.MainCf;

/// <content>Postconf-identical edits: the bytes <c>postconf -e</c>, <c>-X</c> and <c>-#</c> write.</content>
public sealed partial class MainCfDocument
{
    /// <summary>
    /// Sets a parameter exactly as <c>postconf -e name=value</c> does: every definition becomes <c>name = value</c>
    /// on one line (continuation lines dropped, inner comment lines kept), or the line is appended when the name is
    /// absent. The value is trimmed of surrounding whitespace, as postconf does. See
    /// <see cref="PostconfSet(IEnumerable{string})"/> for the deliberate differences from Postfix 3.7.11.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The raw value (no line breaks).</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">The name is empty or holds whitespace or <c>=</c>, or postconf rejects the value.</exception>
    public PostconfEditResult<MainCfDocument> PostconfSet(string name, string value)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(value);
        return PostconfSet([name + "=" + value]);
    }

    /// <summary>
    /// Edits the document exactly as <c>postconf -e</c> does with these command-line arguments (<c>name=value</c>
    /// each, split and trimmed as postconf does; a later duplicate name wins with postconf's <c>ignoring earlier
    /// request</c> warning). The bytes are postconf's, except that a last line without a newline gets one and several
    /// new names are appended in byte order (as later Postfix releases do), and lines with a NUL byte are kept whole.
    /// </summary>
    /// <param name="assignments">The arguments, as postconf takes them after <c>-e</c>.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">An argument postconf rejects; the message is postconf's fatal message.</exception>
    public PostconfEditResult<MainCfDocument> PostconfSet(IEnumerable<string> assignments) =>
        PostconfEdit(PostconfMainEditor.Mode.Set, assignments);

    /// <summary>Removes every definition of each name exactly as <c>postconf -X</c> does (inner comment lines are kept).</summary>
    /// <param name="names">The parameter names, as postconf takes them after <c>-X</c>.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">A name postconf rejects; the message is postconf's fatal message.</exception>
    public PostconfEditResult<MainCfDocument> PostconfRemove(params IEnumerable<string> names) =>
        PostconfEdit(PostconfMainEditor.Mode.Remove, names);

    /// <summary>Comments out every definition of each name exactly as <c>postconf -#</c> does.</summary>
    /// <param name="names">The parameter names, as postconf takes them after <c>-#</c>.</param>
    /// <returns>The new document and postconf's warnings.</returns>
    /// <exception cref="ArgumentException">A name postconf rejects; the message is postconf's fatal message.</exception>
    public PostconfEditResult<MainCfDocument> PostconfCommentOut(params IEnumerable<string> names) =>
        PostconfEdit(PostconfMainEditor.Mode.CommentOut, names);

    private PostconfEditResult<MainCfDocument> PostconfEdit(PostconfMainEditor.Mode mode, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var (requests, warnings) = PostconfMainEditor.ParseArguments(mode, arguments);
        if (requests.Count == 0)
        {
            throw new ArgumentException(mode == PostconfMainEditor.Mode.Set ? "-e requires name=value argument" : "missing service argument");
        }

        var diagnostics = warnings.Select(w => PostconfWarning(w, 1)).ToList();
        var (text, more) = PostconfMainEditor.Apply(_source, mode, requests);
        diagnostics.AddRange(more.Select(w => PostconfWarning(w.Message, w.Line)));
        return new PostconfEditResult<MainCfDocument>(WithRawText(text), diagnostics);
    }

    private Diagnostic PostconfWarning(string message, int line) =>
        new(DiagnosticSeverity.Warning, MainCfDiagnosticCodes.PostconfWarning, message, _source.LocationOfLine(line));

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
