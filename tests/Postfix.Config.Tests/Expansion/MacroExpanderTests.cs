using Postfix.Config.Expansion;

namespace Postfix.Config.Tests.Expansion;

public sealed class MacroExpanderTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["mydomain"] = "example.com",
        ["myhostname"] = "mail.$mydomain",
        ["relayhost"] = "",
        ["compatibility_level"] = "3.6",
        ["dollars"] = "$$b",
        ["self"] = "$self.x",
        ["big"] = "99999999999999999999",
    };

    private static ExpansionResult Expand(string value, ExpansionOptions? options = null) =>
        MacroExpander.Expand(value, name => Values.GetValueOrDefault(name), options);

    [Theory]
    [InlineData("$mydomain", "example.com")]
    [InlineData("${mydomain}", "example.com")]
    [InlineData("$(mydomain)", "example.com")]
    [InlineData("$mydomain.x", "example.com.x")]
    [InlineData("$mydomain-z", "example.com-z")]
    [InlineData("$myhostname", "mail.example.com")]
    [InlineData("$nosuch", "")]
    [InlineData("a $$ b", "a $ b")]
    [InlineData("$$$mydomain", "$example.com")]
    [InlineData("$dollars", "$b")]
    [InlineData("${relayhost?{yes}:no more}", "no more")]
    [InlineData("${ mydomain ? { yes } : { no } }", " yes ")]
    [InlineData("${mydomain?a:b}", "a:b")]
    [InlineData("${relayhost:a:b}", "a:b")]
    [InlineData("${mydomain??foo:{b}ar}", "?foo:{b}ar")]
    [InlineData("${mydomain? a}", " a")]
    [InlineData("${mydomain?a}b}", "ab}")]
    [InlineData("$(mydomain?x(y)z)", "x(y)z")]
    [InlineData("${{10} < {9}?{lt}:{ge}}", "ge")]
    [InlineData("${{abc} < {b}?{lt}:{ge}}", "lt")]
    [InlineData("${{a}=={a}}", "true")]
    [InlineData("${{a}=={b}}", "")]
    [InlineData("${{a}=={a}?x}y", "xy")]
    [InlineData("${{$compatibility_level} <level {3.6} ? {old} : {new}}", "new")]
    [InlineData("${{$compatibility_level} <level {3.10} ? {old} : {new}}", "old")]
    [InlineData("${{ 3.6} ==level {3.6.0}}", "true")]
    [InlineData("${nosuch?{$mydomain}:{x}} tail", "x tail")]
    public void Expand_PostfixExamples_MatchPostconf(string value, string expected)
    {
        var result = Expand(value);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("a$", "PFC1502", "empty macro name: \"a$\"")]
    [InlineData("${mydomain", "PFC1501", "truncated macro reference: \"${mydomain\"")]
    [InlineData("${my-domain}", "PFC1503", "attribute name syntax error at: \"...my>>>-domain\"")]
    [InlineData("${a b}", "PFC1503", "attribute name syntax error at: \"...a>>> b\"")]
    [InlineData("${{a} =~ {b}}", "PFC1505", "\"==\" or \"!=\"\" or \"<\"\" or \"<=\"\" or \">=\"\" or \">\" expected at: \"...a}>>>=~ {b}\"")]
    [InlineData("${{a} == b}", "PFC1507", "\"{expression}\" expected at: \"...{a} ==>>> b\"")]
    [InlineData("${{1} <foo {2}}", "PFC1506", "bad operator suffix at: \"...<>>>foo\"")]
    [InlineData("${{1} <level {b}}", "PFC1513", "malformed compatibility level syntax: \"b\"")]
    [InlineData("${mydomain?{a} junk}", "PFC1509", "\":\" expected at: \"...a}>>>junk\"")]
    [InlineData("${mydomain?{a}:{b} junk}", "PFC1510", "unexpected input at: \"...b}>>>junk\"")]
    [InlineData("${{a}=={b} x}", "PFC1508", "\"?\" or \":\" expected at: \"...}>>>x\"")]
    [InlineData("${mydomain?{a}", "PFC1501", "truncated macro reference: \"${mydomain?{a}\"")]
    [InlineData("$(mydomain?{{a})", "PFC1504", "unbalanced {} in attribute expression: \"{{a}\"")]
    [InlineData("$self", "PFC1511", "unreasonable macro call nesting: \"self\"")]
    [InlineData("${{$big} < {1}}", "PFC1512", "mac_exp_eval: bad conversion: 99999999999999999999")]
    public void Expand_Malformed_ReportsPostfixWording(string value, string code, string message)
    {
        var result = Expand(value);
        Assert.True(result.HasErrors);
        Assert.Contains(result.Diagnostics, d => d.Code == code && d.Message == message);
        Assert.Equal(code, result.Diagnostics[0].Code);
    }

    [Fact]
    public void Expand_ErrorInNestedValue_OuterScanContinues()
    {
        var values = new Dictionary<string, string> { ["a"] = "$b$" };
        var result = MacroExpander.Expand("$a$", n => values.GetValueOrDefault(n));
        Assert.Equal(["empty macro name: \"$b$\"", "empty macro name: \"$a$\""], result.Diagnostics.Select(d => d.Message));
    }

    [Fact]
    public void Expand_SelfComparison_StopsWithNestingError()
    {
        var values = new Dictionary<string, string> { ["a"] = "${{$a}=={x}}" };
        var result = MacroExpander.Expand("$a", n => values.GetValueOrDefault(n));
        Assert.True(result.HasErrors);
        Assert.Equal(ExpansionDiagnosticCodes.NestingTooDeep, result.Diagnostics[0].Code);
    }

    [Fact]
    public void Expand_NotRecursive_InsertsValueVerbatim()
    {
        var result = Expand("$myhostname", new ExpansionOptions { Recursive = false });
        Assert.Equal("mail.$mydomain", result.Value);
    }

    [Fact]
    public void Expand_WithoutLevelOperators_SuffixIsSyntaxError()
    {
        var result = Expand("${{1} <level {2}}", new ExpansionOptions { CompatibilityLevelOperators = false });
        Assert.Equal("\"{expression}\" expected at: \"...{1} <>>>level {2}\"", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Expand_Undefined_SetsFlagAndListsName()
    {
        var result = Expand("x$nosuch${mydomain?y}");
        Assert.True(result.HasUndefined);
        Assert.Equal(["nosuch", "mydomain"], result.ReferencedNames);
    }

    [Fact]
    public void Expand_UnselectedOperandWithError_IsNotNoticed()
    {
        var result = Expand("${relayhost?{$}:{ok}}");
        Assert.Empty(result.Diagnostics);
        Assert.Equal("ok", result.Value);
    }

    [Fact]
    public void Scan_BothOperands_ReportsAllNamesAndErrors()
    {
        var result = MacroExpander.Scan("${a?{$b}:{$c}} ${{$d} == {$e}} ${f?$}");
        Assert.Equal(["a", "b", "c", "d", "e", "f"], result.ReferencedNames);
        Assert.Equal("empty macro name: \"$\"", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Expand_NonAsciiText_PassesThrough()
    {
        var values = new Dictionary<string, string> { ["greeting"] = "grüße ✓" };
        var result = MacroExpander.Expand("<$greeting>", n => values.GetValueOrDefault(n));
        Assert.Equal("<grüße ✓>", result.Value);
    }

    [Fact]
    public void Expand_DeepBraces_DoesNotOverflow()
    {
        var deep = "${x?" + new string('{', 100_000) + "}";
        var result = Expand(deep);
        Assert.True(result.HasErrors);
    }
}
