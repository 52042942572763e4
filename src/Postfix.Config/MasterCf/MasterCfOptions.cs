namespace Postfix.Config.MasterCf;

/// <summary>Options for <see cref="MasterCfDocument"/>.</summary>
public sealed record MasterCfOptions : DocumentOptions;
