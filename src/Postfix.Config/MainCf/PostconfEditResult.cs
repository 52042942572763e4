namespace Postfix.Config.MainCf;

/// <summary>The outcome of a postconf-compatible edit: the new document and the warnings <c>postconf</c> prints.</summary>
/// <param name="Document">The edited document.</param>
/// <param name="Warnings">
/// Warnings in <c>postconf</c>'s words, without the <c>postconf: warning: </c> prefix (for example
/// <c>main.cf: multiple entries for "myhostname"</c>).
/// </param>
public sealed record PostconfEditResult(MainCfDocument Document, IReadOnlyList<string> Warnings);
