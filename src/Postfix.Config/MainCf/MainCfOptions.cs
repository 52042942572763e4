namespace Postfix.Config.MainCf;

/// <summary>Options for <see cref="MainCfDocument"/>.</summary>
public sealed record MainCfOptions : DocumentOptions;
