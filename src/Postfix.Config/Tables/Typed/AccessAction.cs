using System.Globalization;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Typed;

/// <summary>
/// The value of an access(5) table entry: an action word (matched case-insensitively, split from its text at the first
/// space or tab) and optional text, read as smtpd does. Builders write values Postfix reads back as meant.
/// </summary>
public sealed class AccessAction
{
    private static readonly (string Word, AccessActionKind Kind)[] Words =
    [
        ("OK", AccessActionKind.Ok), ("RELAY", AccessActionKind.Relay), ("REJECT", AccessActionKind.Reject),
        ("DEFER", AccessActionKind.Defer), ("DEFER_IF_REJECT", AccessActionKind.DeferIfReject),
        ("DEFER_IF_PERMIT", AccessActionKind.DeferIfPermit), ("DUNNO", AccessActionKind.Dunno),
        ("DISCARD", AccessActionKind.Discard), ("HOLD", AccessActionKind.Hold), ("FILTER", AccessActionKind.Filter),
        ("REDIRECT", AccessActionKind.Redirect), ("BCC", AccessActionKind.Bcc), ("PREPEND", AccessActionKind.Prepend),
        ("INFO", AccessActionKind.Info), ("WARN", AccessActionKind.Warn), ("HANGUP", AccessActionKind.Hangup),
    ];

    private AccessAction(AccessActionKind kind, string value, string command, string text)
    {
        Kind = kind;
        Value = value;
        Command = command;
        Text = text;
    }

    /// <summary>The action.</summary>
    public AccessActionKind Kind { get; }

    /// <summary>The whole value as written.</summary>
    public string Value { get; }

    /// <summary>The action word as written (up to the first space or tab).</summary>
    public string Command { get; }

    /// <summary>The text after the action word (leading whitespace skipped), possibly empty.</summary>
    public string Text { get; }

    /// <summary>The SMTP reply code of a <see cref="AccessActionKind.SmtpCode"/> action, else null.</summary>
    public int? SmtpCode => Kind == AccessActionKind.SmtpCode ? int.Parse(Command, CultureInfo.InvariantCulture) : null;

    /// <summary>Whether smtpd accepts on this action (OK, RELAY, or a digits-only value).</summary>
    public bool IsPermit => Kind is AccessActionKind.Ok or AccessActionKind.Relay or AccessActionKind.AllDigits;

    /// <summary>Whether smtpd rejects (or defers) on this action.</summary>
    public bool IsReject => Kind is AccessActionKind.SmtpCode or AccessActionKind.Reject or AccessActionKind.Defer
        or AccessActionKind.DeferIfReject or AccessActionKind.DeferIfPermit;

    /// <summary>Reads an access table value as smtpd does.</summary>
    /// <param name="value">The value (as a table lookup returns it).</param>
    public static AccessAction Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var split = value.IndexOfAny([' ', '\t']);
        var command = split < 0 ? value : value[..split];
        var text = split < 0 ? string.Empty : value[split..].TrimStart(' ', '\t', '\n', '\v', '\f', '\r');
        foreach (var (word, kind) in Words)
        {
            if (string.Equals(command, word, StringComparison.OrdinalIgnoreCase))
            {
                return new AccessAction(kind, value, command, text);
            }
        }

        if (value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            return new AccessAction(AccessActionKind.AllDigits, value, command, text);
        }

        if (command.Length == 3 && text.Length > 0 && command[0] is '4' or '5' && char.IsAsciiDigit(command[1]) && char.IsAsciiDigit(command[2]))
        {
            return new AccessAction(AccessActionKind.SmtpCode, value, command, text);
        }

        return new AccessAction(AccessActionKind.Restrictions, value, command, text);
    }

    /// <summary><c>OK</c>.</summary>
    public static AccessAction Ok() => Parse("OK");

    /// <summary><c>DUNNO</c>.</summary>
    public static AccessAction Dunno() => Parse("DUNNO");

    /// <summary><c>REJECT</c> or <c>REJECT text</c>.</summary>
    /// <param name="text">Optional text for the client.</param>
    public static AccessAction Reject(string? text = null) => WithText("REJECT", text);

    /// <summary><c>DEFER</c> or <c>DEFER text</c>.</summary>
    /// <param name="text">Optional text.</param>
    public static AccessAction Defer(string? text = null) => WithText("DEFER", text);

    /// <summary><c>DISCARD</c> or <c>DISCARD text</c>.</summary>
    /// <param name="text">Optional text for the log.</param>
    public static AccessAction Discard(string? text = null) => WithText("DISCARD", text);

    /// <summary><c>HOLD</c> or <c>HOLD text</c>.</summary>
    /// <param name="text">Optional text for the log.</param>
    public static AccessAction Hold(string? text = null) => WithText("HOLD", text);

    /// <summary><c>WARN text</c>.</summary>
    /// <param name="text">Optional text for the log.</param>
    public static AccessAction Warn(string? text = null) => WithText("WARN", text);

    /// <summary><c>INFO text</c>.</summary>
    /// <param name="text">Optional text for the log.</param>
    public static AccessAction Info(string? text = null) => WithText("INFO", text);

    /// <summary>
    /// <c>4NN text</c> / <c>5NN text</c>: reject with this code. The text is required (a bare number would be read as OK),
    /// and may start with an enhanced status code such as <c>5.7.1</c>.
    /// </summary>
    /// <param name="code">A 4xx or 5xx code.</param>
    /// <param name="text">The text for the client (not empty).</param>
    public static AccessAction SmtpReject(int code, string text)
    {
        if (code is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "An access map reply code must be 4xx or 5xx.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return WithText(code.ToString(CultureInfo.InvariantCulture), text);
    }

    /// <summary><c>FILTER transport:destination</c>.</summary>
    /// <param name="transport">The master.cf transport name.</param>
    /// <param name="destination">The next hop (may be empty).</param>
    public static AccessAction Filter(string transport, string destination)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transport);
        ArgumentNullException.ThrowIfNull(destination);
        return WithText("FILTER", transport + ":" + destination);
    }

    /// <summary><c>REDIRECT user@domain</c>.</summary>
    /// <param name="address">The address.</param>
    public static AccessAction Redirect(string address) => WithText("REDIRECT", RequireAddress(address));

    /// <summary><c>BCC user@domain</c>.</summary>
    /// <param name="address">The address.</param>
    public static AccessAction Bcc(string address) => WithText("BCC", RequireAddress(address));

    /// <summary><c>PREPEND name: value</c>.</summary>
    /// <param name="headerName">The header name.</param>
    /// <param name="headerValue">The header value.</param>
    public static AccessAction Prepend(string headerName, string headerValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(headerName);
        ArgumentNullException.ThrowIfNull(headerValue);
        if (headerName.Any(c => c <= ' ' || c == ':' || c >= 0x7f))
        {
            throw new ArgumentException("A header name is printable ASCII without spaces or ':'.", nameof(headerName));
        }

        return WithText("PREPEND", headerName + ": " + headerValue);
    }

    /// <summary>A list of restrictions (or a restriction class name), for example <c>permit_mynetworks, reject</c>.</summary>
    /// <param name="restrictions">The restriction names.</param>
    public static AccessAction Restrictions(params string[] restrictions)
    {
        ArgumentNullException.ThrowIfNull(restrictions);
        if (restrictions.Length == 0 || restrictions.Any(r => string.IsNullOrWhiteSpace(r) || r.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Give at least one restriction; lookup tables (with ':') are not allowed in access maps.", nameof(restrictions));
        }

        return Parse(string.Join(", ", restrictions));
    }

    /// <summary>The value as it is written in the table.</summary>
    public override string ToString() => Value;

    private static AccessAction WithText(string command, string? text)
    {
        if (text is null || text.Length == 0)
        {
            return Parse(command);
        }

        if (text.Any(c => c is '\n' or '\0') || PostfixChars.IsSpace(text[0]) || PostfixChars.IsSpace(text[^1]))
        {
            throw new ArgumentException("The text must not hold a line break or start or end with whitespace.", nameof(text));
        }

        return Parse(command + " " + text);
    }

    private static string RequireAddress(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (!address.Contains('@', StringComparison.Ordinal) || address.Any(PostfixChars.IsSpace))
        {
            throw new ArgumentException("Expected user@domain.", nameof(address));
        }

        return address;
    }
}
