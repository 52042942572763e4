namespace Postfix.Config.Tables.Regexp;

/// <summary>A parsed POSIX expression: its tree, its number of subexpressions (<c>re_nsub</c>) and its node count.</summary>
internal sealed record PosixRegexSyntax(PosixNode Root, int SubexpressionCount, bool HasBackReferences, int NodeCount);
