using System.Globalization;
using Postfix.Config.Catalog;
using Postfix.Config.MainCf;
using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Database;

/// <summary>
/// Where a database table's parameters come from, as Postfix's <c>cfg_parser</c> reads them: a configuration file
/// (the table name starts with <c>/</c> or <c>.</c>; values taken literally, the last definition wins) or main.cf
/// parameters named <c>NAME_parameter</c> (values <c>$</c>-expanded like any main.cf value).
/// </summary>
public sealed class DatabaseTableSettings
{
    private readonly Dictionary<string, string> _values;
    private readonly Func<string, string?>? _mainCf;
    private readonly ParameterEvaluator? _evaluator;

    private DatabaseTableSettings(string name, Dictionary<string, string> values, Func<string, string?>? mainCf, IReadOnlyList<string> warnings)
    {
        Name = name;
        _values = values;
        _mainCf = mainCf;
        if (mainCf is not null)
        {
            _evaluator = new ParameterEvaluator(mainCf);
        }

        RawWarnings = warnings;
    }

    /// <summary>The name Postfix uses for the table's parameters (the path, or the main.cf prefix).</summary>
    public string Name { get; }

    /// <summary>Whether the parameters are main.cf parameters (<c>Name_hosts</c>, …).</summary>
    public bool IsMainCf => _mainCf is not null;

    /// <summary>The warnings Postfix prints when it reads the file (duplicates with different values), after <c>warning: </c>.</summary>
    public IReadOnlyList<string> Warnings => [.. RawWarnings.Select(ByteText.ToDisplay)];

    internal IReadOnlyList<string> RawWarnings { get; }

    /// <summary>
    /// The settings of a configuration file document. Lines Postfix skips are reported in <see cref="Warnings"/>; a line
    /// Postfix cannot read (no <c>=</c>) throws, as Postfix stops there.
    /// </summary>
    /// <param name="document">The document.</param>
    /// <param name="tableName">The table name (the path as given after <c>type:</c>).</param>
    /// <exception cref="LookupTableOpenException">Postfix would stop reading the file (its message).</exception>
    public static DatabaseTableSettings FromDocument(DatabaseTableDocument document, string tableName)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(tableName);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var raw = ByteText.FromDisplay(tableName);
        foreach (var d in document.Syntax.Diagnostics)
        {
            var message = document.Syntax.RawMessage(d);
            if (d.Severity == DiagnosticSeverity.Error)
            {
                throw Fatal(string.Create(CultureInfo.InvariantCulture, $"{raw}, line {d.Location.Line}: {message}"));
            }

            if (d.Code == MainCf.MainCfDiagnosticCodes.LeadingWhitespace)
            {
                warnings.Add($"{raw}: {message}");
            }
        }

        foreach (var p in document.Definitions)
        {
            var name = p.RawName;
            var value = p.RawValue;
            if (values.TryGetValue(name, out var earlier) && !string.Equals(earlier, value, StringComparison.Ordinal))
            {
                var shown = LooksSecret(ByteText.ToDisplay(name)) ? "(hidden)" : earlier;
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{raw}, line {p.Location.Line}: overriding earlier entry: {name}={shown}"));
            }

            values[name] = value;
        }

        return new DatabaseTableSettings(tableName, values, null, warnings);
    }

    /// <summary>The settings of a main.cf-embedded table <c>TYPE:prefix</c> (parameters <c>prefix_hosts</c>, …).</summary>
    /// <param name="mainCf">main.cf.</param>
    /// <param name="prefix">The table name after <c>TYPE:</c>.</param>
    public static DatabaseTableSettings FromMainCf(MainCfDocument mainCf, string prefix)
    {
        ArgumentNullException.ThrowIfNull(mainCf);
        ArgumentNullException.ThrowIfNull(prefix);
        return new DatabaseTableSettings(prefix, [], mainCf.GetValue, []);
    }

    /// <summary>Settings from plain name/value pairs, read like a configuration file named <paramref name="tableName"/>.</summary>
    /// <param name="tableName">The table name.</param>
    /// <param name="values">Names and values.</param>
    public static DatabaseTableSettings FromValues(string tableName, IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        ArgumentNullException.ThrowIfNull(values);
        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in values)
        {
            dict[ByteText.FromDisplay(k)] = ByteText.FromDisplay(v);
        }

        return new DatabaseTableSettings(tableName, dict, null, []);
    }

    /// <summary>The value that counts for <paramref name="name"/> (main.cf form: expanded), or null when not set.</summary>
    /// <param name="name">The parameter name without prefix.</param>
    public string? GetValue(string name)
    {
        var raw = Lookup(ByteText.FromDisplay(name));
        return raw is null ? null : ByteText.ToDisplay(raw);
    }

    /// <summary>Whether a parameter name holds a secret (values never shown).</summary>
    internal static bool LooksSecret(string name) =>
        name.Contains("pas", StringComparison.OrdinalIgnoreCase) || name.Contains("pw", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full name Postfix shows in messages: <c>name</c> (file) or <c>prefix_name</c> (main.cf).</summary>
    private string Shown(string name) => IsMainCf ? ByteText.FromDisplay(Name) + "_" + name : name;

    private string Where => IsMainCf ? string.Empty : ByteText.FromDisplay(Name) + ": ";

    /// <summary>The raw (byte text) value or null.</summary>
    internal string? Lookup(string name)
    {
        if (_mainCf is null)
        {
            return _values.GetValueOrDefault(name);
        }

        var full = ByteText.ToDisplay(ByteText.FromDisplay(Name) + "_" + name);
        var raw = _mainCf(full);
        return raw is null ? null : ByteText.FromDisplay(_evaluator!.ExpandText(raw).Value);
    }

    /// <summary><c>cfg_get_str</c>: null default and empty value give null.</summary>
    internal string? Str(string name, string? defval, int min = 0, int max = 0)
    {
        var value = Lookup(name) ?? defval ?? string.Empty;
        if (min > 0 && value.Length < min)
        {
            throw Fatal(string.Create(CultureInfo.InvariantCulture, $"{Where}bad string length {value.Length} < {min}: {Shown(name)} = {Mask(name, value)}"));
        }

        if (max > 0 && value.Length > max)
        {
            throw Fatal(string.Create(CultureInfo.InvariantCulture, $"{Where}bad string length {value.Length} > {max}: {Shown(name)} = {Mask(name, value)}"));
        }

        return defval is null && value.Length == 0 ? null : value;
    }

    /// <summary><c>cfg_get_int</c>.</summary>
    internal int Int(string name, int defval, int min = 0, int max = 0)
    {
        var raw = Lookup(name);
        int value;
        if (raw is null)
        {
            value = defval;
        }
        else if (!TryParseInt(raw, out value))
        {
            throw Fatal($"{Where}bad numerical configuration: {Shown(name)} = {raw}");
        }

        if (min != 0 && value < min)
        {
            throw Fatal(string.Create(CultureInfo.InvariantCulture, $"{Where}invalid {Shown(name)} parameter value {value} < {min}"));
        }

        if (max != 0 && value > max)
        {
            throw Fatal(string.Create(CultureInfo.InvariantCulture, $"{Where}invalid {Shown(name)} parameter value {value} > {max}"));
        }

        return value;
    }

    /// <summary><c>cfg_get_bool</c>: -1 when absent and <paramref name="defval"/> is -1.</summary>
    internal int Bool(string name, int defval)
    {
        var raw = Lookup(name);
        if (raw is null)
        {
            return defval;
        }

        if (raw.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        if (raw.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        throw Fatal($"{Where}bad boolean configuration: {Shown(name)} = {raw}");
    }

    internal static LookupTableOpenException Fatal(string byteText) => new(ByteText.ToDisplay(byteText));

    private static string Mask(string name, string value) => LooksSecret(name) && value.Length > 0 ? "(hidden)" : value;

    private static bool TryParseInt(string s, out int value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        // strtol (file form) accepts leading whitespace and a sign; main.cf's sscanf("%d%c") the same, minus trailing junk.
        var i = 0;
        while (i < s.Length && PostfixChars.IsSpace(s[i]))
        {
            i++;
        }

        var start = i;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        var digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == digits)
        {
            return false;
        }

        if (i != s.Length)
        {
            return false;
        }

        return int.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
