using Postfix.Config.Syntax;

namespace Postfix.Config.Tables.Typed;

/// <summary>
/// A <c>smtp_tls_policy_maps</c> value: a security level and <c>name=value</c> attributes, tokens separated by
/// whitespace or commas, names case-insensitive (<c>smtp/smtp_tls_policy.c</c>, Postfix 3.7). <c>match=</c> items are
/// separated by <c>|</c> at <c>fingerprint</c> (fingerprints contain <c>:</c>) and by <c>:</c> at <c>verify</c> and
/// <c>secure</c>; <see cref="Problems"/> lists what smtp would reject, in its words.
/// </summary>
public sealed class TlsPolicy
{
    private static readonly (string Name, TlsSecurityLevel Level)[] LevelNames =
    [
        ("none", TlsSecurityLevel.None), ("may", TlsSecurityLevel.May), ("encrypt", TlsSecurityLevel.Encrypt),
        ("dane", TlsSecurityLevel.Dane), ("dane-only", TlsSecurityLevel.DaneOnly), ("fingerprint", TlsSecurityLevel.Fingerprint),
        ("verify", TlsSecurityLevel.Verify), ("secure", TlsSecurityLevel.Secure),
    ];

    private static readonly string[] SingleAttributes = ["ciphers", "protocols", "servername", "exclude", "connection_reuse"];

    private TlsPolicy(string value, TlsSecurityLevel? level, List<KeyValuePair<string, string>> attributes, List<string> problems)
    {
        Value = value;
        Level = level;
        Attributes = attributes;
        Problems = problems;
    }

    /// <summary>The value as written.</summary>
    public string Value { get; }

    /// <summary>The security level, or null when the value has none or an invalid one.</summary>
    public TlsSecurityLevel? Level { get; }

    /// <summary>The attributes in order, names as written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; }

    /// <summary>What Postfix's smtp client would complain about (it then treats the destination as misconfigured).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Whether smtp accepts the policy.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>
    /// The <c>match=</c> items: fingerprints (split at <c>|</c>) at <c>fingerprint</c>, name patterns (split at
    /// <c>:</c>) at <c>verify</c>/<c>secure</c>.
    /// </summary>
    public IReadOnlyList<string> MatchItems => [.. Attributes
        .Where(a => a.Key.Equals("match", StringComparison.OrdinalIgnoreCase))
        .SelectMany(a => a.Value.Split(Level == TlsSecurityLevel.Fingerprint ? '|' : ':', StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>Parses a policy value.</summary>
    /// <param name="value">The value.</param>
    public static TlsPolicy Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var tokens = value.Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries);
        var problems = new List<string>();
        var attributes = new List<KeyValuePair<string, string>>();
        if (tokens.Length == 0)
        {
            problems.Add("invalid empty policy");
            return new TlsPolicy(value, null, attributes, problems);
        }

        TlsSecurityLevel? level = null;
        foreach (var (name, l) in LevelNames)
        {
            if (name.Equals(tokens[0], StringComparison.OrdinalIgnoreCase))
            {
                level = l;
            }
        }

        if (level is null)
        {
            problems.Add($"invalid security level \"{tokens[0]}\"");
            return new TlsPolicy(value, null, attributes, problems);
        }

        if (level == TlsSecurityLevel.None)
        {
            foreach (var t in tokens.Skip(1))
            {
                problems.Add($"ignoring attribute \"{t}\" with TLS disabled");
            }

            return new TlsPolicy(value, level, attributes, problems);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in tokens.Skip(1))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                problems.Add($"malformed attribute/value pair \"{token}\": " + (eq == 0 ? "missing attribute name" : "missing '=' after attribute name"));
                break;
            }

            var name = token[..eq];
            var val = token[(eq + 1)..];
            attributes.Add(new KeyValuePair<string, string>(name, val));
            var lower = name.ToLowerInvariant();
            if (SingleAttributes.Contains(lower) && !seen.Add(lower))
            {
                problems.Add($"attribute \"{name}\" is specified multiple times");
            }

            switch (lower)
            {
                case "ciphers" or "match" or "tafile" when val.Length == 0:
                    problems.Add($"attribute \"{name}\" has empty value");
                    break;
                case "match" when level is not (TlsSecurityLevel.Fingerprint or TlsSecurityLevel.Verify or TlsSecurityLevel.Secure):
                case "tafile" when level is not (TlsSecurityLevel.Verify or TlsSecurityLevel.Secure):
                    problems.Add($"attribute \"{name}\" invalid at security level \"{LevelName(level.Value)}\"");
                    break;
                case "connection_reuse" when !val.Equals("yes", StringComparison.OrdinalIgnoreCase) && !val.Equals("no", StringComparison.OrdinalIgnoreCase):
                    problems.Add($"attribute \"{name}\" has bad value: \"{val}\"");
                    break;
                case "ciphers" or "protocols" or "servername" or "match" or "exclude" or "tafile" or "connection_reuse":
                    break;
                default:
                    problems.Add($"invalid attribute name: \"{name}\"");
                    break;
            }
        }

        return new TlsPolicy(value, level, attributes, problems);
    }

    /// <summary>Builds <c>level name=value …</c> and checks it.</summary>
    /// <param name="level">The security level.</param>
    /// <param name="attributes">Attributes (values must not hold whitespace or commas).</param>
    /// <exception cref="ArgumentException">smtp would reject the policy (the message lists why).</exception>
    public static TlsPolicy Create(TlsSecurityLevel level, params KeyValuePair<string, string>[] attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        foreach (var (name, val) in attributes)
        {
            if (name.Length == 0 || val.Any(c => PostfixChars.IsSpace(c) || c == ',') || name.Any(c => PostfixChars.IsSpace(c) || c is ',' or '='))
            {
                throw new ArgumentException($"attribute {name}={val} cannot be written (no whitespace or commas in a TLS policy value)", nameof(attributes));
            }
        }

        var text = string.Join(' ', new[] { LevelName(level) }.Concat(attributes.Select(a => a.Key + "=" + a.Value)));
        var policy = Parse(text);
        if (!policy.IsValid)
        {
            throw new ArgumentException(string.Join("; ", policy.Problems), nameof(attributes));
        }

        // Postfix reads '|' only between fingerprints; a name pattern with it would silently never match.
        if (level != TlsSecurityLevel.Fingerprint && attributes.Any(a => a.Key.Equals("match", StringComparison.OrdinalIgnoreCase) && a.Value.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("'|' separates fingerprints; name patterns are separated by ':'", nameof(attributes));
        }

        // Postfix accepts any text as a fingerprint and then never matches it; a builder refuses to write one.
        if (level == TlsSecurityLevel.Fingerprint)
        {
            if (policy.MatchItems.Count == 0)
            {
                throw new ArgumentException("the \"fingerprint\" security level needs at least one fingerprint to match", nameof(attributes));
            }

            if (policy.MatchItems.FirstOrDefault(f => !IsFingerprint(f)) is { } bad)
            {
                throw new ArgumentException($"\"{bad}\" is not a fingerprint (hex bytes separated by ':' of an MD5, SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512 digest)", nameof(attributes));
            }
        }

        return policy;
    }

    /// <summary><c>encrypt</c>, optionally with <c>protocols=</c> (for example <c>&gt;=TLSv1.2</c>) and <c>ciphers=</c>.</summary>
    /// <param name="protocols">The protocols value, or null.</param>
    /// <param name="ciphers">The cipher grade, or null.</param>
    public static TlsPolicy Encrypt(string? protocols = null, string? ciphers = null)
    {
        var attributes = new List<KeyValuePair<string, string>>();
        if (protocols is not null)
        {
            attributes.Add(new("protocols", protocols));
        }

        if (ciphers is not null)
        {
            attributes.Add(new("ciphers", ciphers));
        }

        return Create(TlsSecurityLevel.Encrypt, [.. attributes]);
    }

    /// <summary><c>fingerprint match=fp1|fp2</c>: the peer must present a certificate or key with one of these digests.</summary>
    /// <param name="fingerprints">Digests such as <c>3D:95:34:…</c>.</param>
    public static TlsPolicy Fingerprint(params string[] fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (fingerprints.Length == 0 || fingerprints.Any(f => f.Length == 0 || f.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Give at least one fingerprint (without '|').", nameof(fingerprints));
        }

        return Create(TlsSecurityLevel.Fingerprint, new KeyValuePair<string, string>("match", string.Join('|', fingerprints)));
    }

    /// <summary><c>verify</c> or <c>secure</c> with <c>match=name1:name2</c>.</summary>
    /// <param name="level">Verify or Secure.</param>
    /// <param name="names">Match strategies or names (<c>nexthop</c>, <c>dot-nexthop</c>, <c>hostname</c>, <c>.example.net</c>).</param>
    public static TlsPolicy Verified(TlsSecurityLevel level, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (level is not (TlsSecurityLevel.Verify or TlsSecurityLevel.Secure))
        {
            throw new ArgumentException("match names need level verify or secure.", nameof(level));
        }

        return names.Length == 0 ? Create(level) : Create(level, new KeyValuePair<string, string>("match", string.Join(':', names)));
    }

    /// <summary>The level as Postfix spells it.</summary>
    /// <param name="level">The level.</param>
    public static string LevelName(TlsSecurityLevel level) => LevelNames.First(l => l.Level == level).Name;

    /// <summary>The value as written.</summary>
    public override string ToString() => Value;

    private static bool IsFingerprint(string text)
    {
        var hex = text.Replace(":", string.Empty, StringComparison.Ordinal);
        var colonForm = text.Length == (hex.Length / 2 * 3) - 1 && Enumerable.Range(0, hex.Length / 2 - 1).All(i => text[(i * 3) + 2] == ':');
        return (colonForm || !text.Contains(':', StringComparison.Ordinal))
            && hex.Length is 32 or 40 or 56 or 64 or 96 or 128
            && hex.All(char.IsAsciiHexDigit);
    }
}
