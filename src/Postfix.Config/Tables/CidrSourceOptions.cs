namespace Postfix.Config.Tables;

/// <summary>Options for <see cref="CidrSource"/> (only what every document has: the source name).</summary>
public sealed record CidrSourceOptions : DocumentOptions;
