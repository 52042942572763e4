namespace Postfix.Config.Tables.Regexp;

/// <summary>The operation of a compiled rule, as in dict_regexp.c and dict_pcre.c.</summary>
internal enum RuleOperation
{
    Match,
    If,
    EndIf,
}

/// <summary>One rule Postfix keeps after loading a table (skipped lines have none).</summary>
internal sealed class CompiledRule
{
    public required RuleOperation Operation { get; init; }

    public required int LineNumber { get; init; }

    public CompiledPattern? First { get; init; }

    public bool FirstMatch { get; init; } = true;

    public CompiledPattern? Second { get; init; }

    public bool SecondMatch { get; init; } = true;

    /// <summary>The replacement: literal text (byte text) when <see cref="MaxSubstitution"/> is 0.</summary>
    public string Literal { get; init; } = string.Empty;

    public MacroTemplate? Template { get; init; }

    public int MaxSubstitution { get; init; }

    /// <summary>For an IF: index of its ENDIF in the rule list, or -1 when it has none.</summary>
    public int EndIfIndex { get; set; } = -1;

    /// <summary>Set when the rule uses a construct that cannot be translated: evaluating it throws.</summary>
    public string? Unsupported { get; init; }
}
