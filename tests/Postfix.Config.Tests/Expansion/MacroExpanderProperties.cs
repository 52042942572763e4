using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Postfix.Config.Expansion;

namespace Postfix.Config.Tests.Expansion;

public sealed class MacroExpanderProperties
{
    private static readonly string[] Names = ["a", "b", "c", "mydomain", "compatibility_level"];

    /// <summary>Strings that survive UTF-16 → UTF-8 → UTF-16 (no lone surrogates), as main.cf text always does.</summary>
    private static string Clean(string? s) => new((s ?? string.Empty).Where(c => !char.IsSurrogate(c)).ToArray());

    /// <summary>Text built mostly from the characters that matter to the grammar, so garbage is also near-syntax.</summary>
    private static Arbitrary<string> SyntaxSoup() =>
        Gen.Elements("$", "$$", "{", "}", "(", ")", "?", ":", " ", "a", "b", "mydomain", "==", "<", "<level", "3.6", "1", "x", "\t", "é")
            .ListOf()
            .Select(parts => string.Concat(parts))
            .ToArbitrary();

    [Fact]
    public void Lex_SyntaxSoup_SameTokensAsTheSpracheGrammar()
    {
        Prop.ForAll(SyntaxSoup(), value =>
            MacroGrammar.Lex(value).SequenceEqual(MacroGrammar.TokenizeWithGrammar(value))).QuickCheckThrowOnFailure();
    }

    [Property(MaxTest = 300)]
    public void Lex_AnyText_SameTokensAsTheSpracheGrammar(string? value)
    {
        var text = Clean(value);
        Assert.Equal(MacroGrammar.TokenizeWithGrammar(text), MacroGrammar.Lex(text));
    }

    [Property(MaxTest = 300)]
    public void Expand_AnyText_NeverThrows(string? value, string? a, string? b)
    {
        var values = new Dictionary<string, string> { ["a"] = Clean(a), ["b"] = Clean(b), ["c"] = "$a$b" };
        var result = MacroExpander.Expand(Clean(value), n => values.GetValueOrDefault(n));
        Assert.NotNull(result.Value);
        Assert.All(result.Diagnostics, d => Assert.StartsWith("PFC15", d.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void Expand_SyntaxSoup_NeverThrows()
    {
        Prop.ForAll(SyntaxSoup(), SyntaxSoup(), (value, other) =>
        {
            var values = new Dictionary<string, string> { ["a"] = other, ["b"] = value, ["mydomain"] = "$a" };
            var result = MacroExpander.Expand(value, n => values.GetValueOrDefault(n));
            var scan = MacroExpander.Scan(value);
            return result.Value is not null && scan.Value.Length == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Property(MaxTest = 500)]
    public void Expand_EscapedDollars_RoundTripsText(string? text)
    {
        var s = Clean(text);
        var result = MacroExpander.Expand(s.Replace("$", "$$", StringComparison.Ordinal), _ => "unused");
        Assert.Empty(result.Diagnostics);
        Assert.Equal(s, result.Value);
    }

    [Property(MaxTest = 500)]
    public void Expand_NotRecursive_InsertsValueAsIs(string? text)
    {
        var s = Clean(text);
        var result = MacroExpander.Expand("<${a}>", n => n == "a" ? s : null, new ExpansionOptions { Recursive = false });
        Assert.Equal("<" + s + ">", result.Value);
    }

    [Property(MaxTest = 300)]
    public void Expand_Ternary_SelectsByEmptiness(bool defined, bool empty, NonNegativeInt x, NonNegativeInt y)
    {
        string? value = defined ? (empty ? string.Empty : "v") : null;
        var result = MacroExpander.Expand($"${{a?{{{x.Get}}}:{{{y.Get}}}}}", n => n == "a" ? value : null);
        Assert.Equal(string.IsNullOrEmpty(value) ? y.Get.ToString() : x.Get.ToString(), result.Value);
    }

    [Property(MaxTest = 300)]
    public void Expand_NumericComparison_MatchesIntegers(NonNegativeInt i, NonNegativeInt j)
    {
        var result = MacroExpander.Expand($"${{{{{i.Get}}} < {{{j.Get}}} ? {{lt}} : {{ge}}}}", _ => null);
        Assert.Equal(i.Get < j.Get ? "lt" : "ge", result.Value);
    }

    [Property(MaxTest = 300)]
    public void Expand_LevelComparison_MatchesVersionOrder(byte major1, byte minor1, byte major2, byte minor2)
    {
        var result = MacroExpander.Expand($"${{{{{major1}.{minor1}}} <=level {{{major2}.{minor2}}}}}", _ => null);
        var expected = (major1, minor1).CompareTo((major2, minor2)) <= 0;
        Assert.Equal(expected ? "true" : string.Empty, result.Value);
    }

    [Property(MaxTest = 300)]
    public void Scan_ReferencesAreLookups(string? value)
    {
        // Every name Scan reports is a name that some expansion path could look up, and never a name with blanks.
        var scan = MacroExpander.Scan(Clean(value));
        Assert.All(scan.ReferencedNames, n => Assert.True(n.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')));
    }
}
