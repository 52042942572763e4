namespace Postfix.Config.Catalog;

/// <summary>Why a parameter is obsolete, and what to use instead.</summary>
/// <param name="Replacement">The parameter (or feature) to use instead, or null when there is none.</param>
/// <param name="Note">A short explanation taken from Postfix's own documentation (postconf(5)).</param>
public sealed record ObsoleteParameterInfo(string? Replacement, string Note);
