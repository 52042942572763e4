using System.Text;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Regexp;

/// <summary>Runs the compiled rules of a table on a key exactly like <c>dict_regexp_lookup()</c>/<c>dict_pcre_lookup()</c>.</summary>
internal static class PatternTableEvaluator
{
    public static string? Lookup(IReadOnlyList<CompiledRule> rules, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = ByteText.FromDisplay(key);
        var nul = bytes.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            // Postfix sees a C string: the key ends at the first NUL byte.
            bytes = bytes[..nul];
        }

        var text = RegexText.FromByteText(bytes);
        var result = LookupBytes(rules, bytes, text);
        return result is null ? null : ByteText.ToDisplay(result);
    }

    private static string? LookupBytes(IReadOnlyList<CompiledRule> rules, string bytes, string text)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Unsupported is not null && rule.Operation != RuleOperation.EndIf)
            {
                throw new NotSupportedException(
                    $"line {rule.LineNumber}: this expression cannot be evaluated like Postfix does: {rule.Unsupported}");
            }

            switch (rule.Operation)
            {
                case RuleOperation.Match:
                    (int Start, int End)[]? spans = null;
                    bool hit;
                    if (rule.MaxSubstitution > 0)
                    {
                        spans = rule.First!.Groups(bytes, text);
                        hit = spans is not null;
                    }
                    else
                    {
                        hit = rule.First!.IsMatch(bytes, text);
                    }

                    if (hit != rule.FirstMatch)
                    {
                        continue;
                    }

                    if (rule.Second is not null && rule.Second.IsMatch(bytes, text) != rule.SecondMatch)
                    {
                        continue;
                    }

                    if (rule.MaxSubstitution == 0)
                    {
                        return rule.Literal;
                    }

                    return Expand(rule.Template!, spans!, bytes);
                case RuleOperation.If:
                    if (rule.First!.IsMatch(bytes, text) == rule.FirstMatch)
                    {
                        continue;
                    }

                    if (rule.EndIfIndex < 0)
                    {
                        return null;
                    }

                    i = rule.EndIfIndex;
                    continue;
                default:
                    continue;
            }
        }

        return null;
    }

    private static string Expand(MacroTemplate template, (int Start, int End)[] spans, string bytes)
    {
        var sb = new StringBuilder();
        foreach (var (isReference, textPart) in template.Parts)
        {
            if (!isReference)
            {
                sb.Append(textPart);
                continue;
            }

            var n = int.Parse(textPart, System.Globalization.CultureInfo.InvariantCulture);
            if (n >= spans.Length)
            {
                continue;
            }

            var (start, end) = spans[n];
            if (start < 0 || end <= start)
            {
                continue;
            }

            sb.Append(bytes, start, end - start);
        }

        return sb.ToString();
    }
}
