namespace Postfix.Config.Tables.Database;

/// <summary>One parameter a database table type reads from its configuration.</summary>
/// <param name="Name">The name as written in the file (case-sensitive).</param>
/// <param name="Kind">How the value is read.</param>
/// <param name="Default">The default Postfix uses when the parameter is absent; null when there is none (absent means "not set").</param>
/// <param name="IsObsolete">Whether the parameter belongs to the legacy query form (or is ignored by Postfix 3.7).</param>
/// <param name="Minimum">For strings: the minimum length (1 = must not be empty); for integers: the minimum value (0 = none).</param>
public sealed record DatabaseParameterInfo(string Name, DatabaseParameterKind Kind, string? Default, bool IsObsolete = false, int Minimum = 0);
