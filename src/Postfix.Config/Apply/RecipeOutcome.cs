namespace Postfix.Config.Apply;

/// <summary>What a recipe staged, and what its user should know (for example that a rule also matches bounces).</summary>
/// <param name="Summary">One line saying what the recipe does to the configuration.</param>
/// <param name="Warnings">Things to know before committing.</param>
public sealed record RecipeOutcome(string Summary, IReadOnlyList<string> Warnings);
