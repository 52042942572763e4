using System.Text;
using System.Text.RegularExpressions;
using Postfix.Config.Expansion;
using Postfix.Config.MainCf;
using Postfix.Config.MasterCf;
using Postfix.Config.Syntax;
using Postfix.Config.Tables;
using Postfix.Config.Tables.Aliases;
using Postfix.Config.Tables.Database;
using Postfix.Config.Tables.Regexp;
using Postfix.Crypto.Dh;
using Postfix.Crypto.Fingerprints;
using Postfix.Queue;
using Postfix.Queue.Reading;

namespace Postfix.Fuzz;

/// <summary>
/// One fuzz target per reader. A target feeds the input to the reader's public API, walks the result, and checks the
/// reader's documented promises (lossless round trip, streaming). It catches only the exceptions the API documents for
/// bad input; anything else escapes and afl++ records it as a crash. A broken promise throws
/// <see cref="InvariantException"/>.
/// </summary>
internal static class Targets
{
    /// <summary>Keys every table target looks up, besides keys taken from the input.</summary>
    private static readonly string[] FixedKeys =
    [
        "user@example.com", "example.com", "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "MAILER-DAEMON", "",
        "Subject: hello", "root",
    ];

    /// <summary>The targets by name; <c>scripts/fuzz.sh</c> and the seed folders use the same names.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new SortedDictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["maincf"] = MainCf,
        ["mastercf"] = MasterCf,
        ["postmap"] = Postmap,
        ["aliases"] = Aliases,
        ["regexp"] = bytes => Pattern(bytes, PatternTableDialect.Regexp),
        ["pcre"] = bytes => Pattern(bytes, PatternTableDialect.Pcre),
        ["cidr"] = Cidr,
        ["mailq"] = Mailq,
        ["postqueue-json"] = PostqueueJson,
        ["tls-material"] = TlsMaterial,
        ["dh"] = Dh,
        ["expand"] = Expand,
        ["dbtable"] = DbTable,
        // Hooks for the readers that other branches are adding (queue files): see fuzz/README.md, "Adding a target".
    };

    /// <summary>
    /// Options objects live here, not in <see cref="Targets"/>' own statics: the libraries are instrumented, and
    /// instrumented code must not run before SharpFuzz has set up the coverage map (that is, before the first input).
    /// </summary>
    private static class Options
    {
        public static readonly PatternTableOptions PatternOptions = new()
        {
            // Short enough that a catastrophic pattern ends long before afl's hang timeout.
            MatchTimeout = TimeSpan.FromMilliseconds(200),
        };

        public static readonly QueueReaderOptions Lenient = new()
        {
            Mode = QueueReadMode.Lenient,
            TimeZone = TimeZoneInfo.Utc,
            ReferenceTime = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero),
        };

        public static readonly QueueReaderOptions Strict = new()
        {
            Mode = QueueReadMode.Strict,
            TimeZone = TimeZoneInfo.Utc,
            ReferenceTime = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero),
        };
    }

    /// <summary>main.cf: parse, byte-exact round trip, and <c>postconf -n</c> over the result.</summary>
    private static void MainCf(byte[] bytes)
    {
        var doc = MainCfDocument.Parse(bytes);
        Require(doc.ToBytes().AsSpan().SequenceEqual(bytes), "main.cf: ToBytes() differs from the input");
        foreach (var d in doc.Diagnostics)
        {
            CheckLocation(d, bytes.Length);
        }

        foreach (var name in doc.Names.Take(64))
        {
            _ = doc.Find(name)?.Value;
        }

        _ = doc.ToDictionary();
        _ = PostconfMain.Show(doc, null, new PostconfMainShowOptions { NonDefault = true });
    }

    /// <summary>master.cf: parse, byte-exact round trip, effective services, and <c>postconf -M</c>.</summary>
    private static void MasterCf(byte[] bytes)
    {
        var doc = MasterCfDocument.Parse(bytes);
        Require(doc.ToBytes().AsSpan().SequenceEqual(bytes), "master.cf: ToBytes() differs from the input");
        foreach (var d in doc.Diagnostics)
        {
            CheckLocation(d, bytes.Length);
        }

        _ = doc.EffectiveServices.Count;
        foreach (var s in doc.Services.Take(64))
        {
            _ = s.ToString();
        }
    }

    /// <summary>postmap / texthash source: parse both ways (utf8 off and on), round trip, build and query the table.</summary>
    private static void Postmap(byte[] bytes)
    {
        foreach (var utf8 in (bool[])[false, true])
        {
            var source = PostmapSource.Parse(bytes, new PostmapSourceOptions { Utf8 = utf8 });
            Require(source.ToBytes().AsSpan().SequenceEqual(bytes), "postmap source: ToBytes() differs from the input");
            var table = source.ToTable();
            LookupAll(table, bytes);
            _ = table.PostfixWarnings.Count;
        }
    }

    /// <summary>aliases: parse, round trip, build the alias table, query it.</summary>
    private static void Aliases(byte[] bytes)
    {
        foreach (var utf8 in (bool[])[false, true])
        {
            var source = AliasSource.Parse(bytes, new AliasSourceOptions { Utf8 = utf8 });
            Require(source.ToBytes().AsSpan().SequenceEqual(bytes), "aliases: ToBytes() differs from the input");
            var table = source.ToTable();
            LookupAll(table, bytes);
            _ = table.PostfixWarnings.Count;
        }
    }

    /// <summary>regexp / pcre: load (translating every pattern), round trip, and run lookups under a short time limit.</summary>
    private static void Pattern(byte[] bytes, PatternTableDialect dialect)
    {
        var doc = PatternTableDocument.Parse(bytes, Options.PatternOptions with { Dialect = dialect });
        Require(doc.ToBytes().AsSpan().SequenceEqual(bytes), "pattern table: source bytes differ from the input");
        var table = doc.ToTable();
        foreach (var key in Keys(bytes))
        {
            try
            {
                _ = table.Lookup(key);
            }
            catch (RegexMatchTimeoutException)
            {
                // Documented: a lookup that goes past PatternTableOptions.MatchTimeout.
            }
            catch (NotSupportedException)
            {
                // Documented: a rule whose expression cannot be translated.
            }
        }
    }

    /// <summary>cidr: parse, round trip, build, query with addresses.</summary>
    private static void Cidr(byte[] bytes)
    {
        var source = CidrSource.Parse(bytes);
        Require(source.ToBytes().AsSpan().SequenceEqual(bytes), "cidr: ToBytes() differs from the input");
        LookupAll(source.ToTable(), bytes);
    }

    /// <summary>mailq / postqueue -p text: lenient full read, strict read and the header fast path.</summary>
    private static void Mailq(byte[] bytes)
    {
        Drain(() => MailqTextReader.Read(new MemoryStream(bytes, false), Options.Lenient), lenient: true);
        Drain(() => MailqTextReader.Read(new MemoryStream(bytes, false), Options.Strict), lenient: false);
        Drain(() => MailqTextReader.ReadHeaders(new MemoryStream(bytes, false), Options.Strict), lenient: false);
        Drain(() => QueueListingReader.Read(new MemoryStream(bytes, false), Options.Lenient), lenient: true);
    }

    /// <summary><c>postqueue -j</c>: lenient and strict.</summary>
    private static void PostqueueJson(byte[] bytes)
    {
        Drain(() => PostqueueJsonReader.Read(new MemoryStream(bytes, false), Options.Lenient), lenient: true);
        Drain(() => PostqueueJsonReader.Read(new MemoryStream(bytes, false), Options.Strict), lenient: false);
    }

    /// <summary>PEM/DER certificates and keys: read every object and compute every fingerprint.</summary>
    private static void TlsMaterial(byte[] bytes)
    {
        IReadOnlyList<TlsMaterial> materials;
        try
        {
            materials = TlsMaterialReader.Read(bytes, "fuzz");
        }
        catch (TlsMaterialFormatException)
        {
            return; // Documented: the only exception for bad input.
        }

        foreach (var m in materials)
        {
            _ = m.Subject;
            _ = m.Issuer;
            _ = m.SubjectCommonName;
            _ = m.IssuerCommonName;
            _ = m.KeyDescription;
            foreach (var digest in (FingerprintDigest[])[FingerprintDigest.Sha256, FingerprintDigest.Sha1, FingerprintDigest.Md5])
            {
                _ = m.CertificateFingerprint(digest);
                _ = m.PublicKeyFingerprint(digest);
            }
        }
    }

    /// <summary>DH parameter files: PEM (and the input as DER), re-encode, and check small groups.</summary>
    private static void Dh(byte[] bytes)
    {
        foreach (var parse in (Func<byte[], DhParameters>[])[b => DhParameters.ParsePem(b), b => DhParameters.FromDer(b)])
        {
            DhParameters p;
            try
            {
                p = parse(bytes);
            }
            catch (FormatException)
            {
                continue; // Documented for both ParsePem and FromDer.
            }

            var again = DhParameters.FromDer(p.ToDer());
            Require(again.Equals(p), "DH: FromDer(ToDer()) differs");
            _ = p.ToPem();
            if (p.PrimeBits <= 256)
            {
                // Checking is exponentiation and primality testing; keep it to sizes that run in milliseconds.
                _ = DhParameterChecker.Check(p);
            }
        }
    }

    /// <summary>
    /// <c>$</c> expansion: the input as main.cf, expanded the way <c>postconf -nx</c> does (recursion through
    /// parameters), and each line expanded and scanned on its own against the same parameters.
    /// </summary>
    private static void Expand(byte[] bytes)
    {
        var doc = MainCfDocument.Parse(bytes);
        var values = doc.ToDictionary();
        _ = PostconfMain.Show(doc, null, new PostconfMainShowOptions { NonDefault = true, Expand = true });
        var text = doc.ToString();
        foreach (var line in text.Split('\n').Take(32))
        {
            var result = MacroExpander.Expand(line, n => values.GetValueOrDefault(n));
            foreach (var d in result.Diagnostics)
            {
                _ = d.ToString();
            }

            _ = MacroExpander.Expand(line, n => values.GetValueOrDefault(n), new ExpansionOptions { Recursive = false });
            _ = MacroExpander.Scan(line);
        }
    }

    /// <summary>
    /// Database table configuration file (mysql, pgsql, sqlite, ldap, memcache; file form): parse with each type's
    /// catalog and without, byte-exact round trip, then open the configuration as Postfix would and explain lookups
    /// (nothing is contacted). <see cref="LookupTableOpenException"/> (Postfix's fatal at open) and
    /// <see cref="DatabaseLookupException"/> (a failing <c>domain</c> table) are documented.
    /// </summary>
    private static void DbTable(byte[] bytes)
    {
        DatabaseTableType?[] types = [null, DatabaseTableType.Mysql, DatabaseTableType.Pgsql, DatabaseTableType.Sqlite, DatabaseTableType.Ldap, DatabaseTableType.Memcache];
        foreach (var type in types)
        {
            var doc = DatabaseTableDocument.Parse(bytes, new DatabaseTableDocumentOptions { Type = type });
            Require(doc.ToBytes().AsSpan().SequenceEqual(bytes), "database table: ToBytes() differs from the input");
            foreach (var d in doc.Diagnostics)
            {
                CheckLocation(d, bytes.Length);
                _ = d.ToString();
            }

            if (type is not { } t)
            {
                continue;
            }

            DatabaseTableConfiguration config;
            try
            {
                config = DatabaseTableConfiguration.Open(t, doc.ToSettings("/fuzz/table.cf"), readFile: _ => "example.com\n"u8.ToArray());
            }
            catch (LookupTableOpenException)
            {
                continue;
            }

            _ = config.Warnings.Count;
            _ = config.ToString();
            foreach (var key in Keys(bytes))
            {
                foreach (var utf8 in (bool[])[false, true])
                {
                    try
                    {
                        var e = config.Explain(key, new ExplainOptions { Utf8 = utf8 });
                        _ = e.Reason;
                        _ = config.ExplainBytes(Encoding.Latin1.GetBytes(key), new ExplainOptions { Utf8 = utf8, FoldCase = false }).Query;
                    }
                    catch (DatabaseLookupException)
                    {
                    }
                }
            }
        }
    }

    private static void LookupAll(ILookupTable table, byte[] bytes)
    {
        foreach (var key in Keys(bytes))
        {
            _ = table.Lookup(key);
        }
    }

    /// <summary>The fixed keys plus the first word of the first few lines of the input.</summary>
    private static IEnumerable<string> Keys(byte[] bytes)
    {
        foreach (var k in FixedKeys)
        {
            yield return k;
        }

        var text = Encoding.Latin1.GetString(bytes);
        foreach (var line in text.Split('\n').Take(8))
        {
            var word = line.Trim().Split(' ', '\t', ':')[0];
            if (word.Length > 0)
            {
                yield return word;
            }
        }
    }

    private static void Drain(Func<IEnumerable<QueueMessage>> read, bool lenient)
    {
        try
        {
            foreach (var m in read())
            {
                _ = m.Id.ToString();
                _ = m.Recipients?.Count;
            }
        }
        catch (QueueFormatException) when (!lenient)
        {
            // Documented in strict mode.
        }
    }

    private static void CheckLocation(Diagnostic d, int length)
    {
        Require(d.Location.Line >= 1 && d.Location.Column >= 1, $"diagnostic {d.Code} has a location before 1:1");
        _ = length;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantException(message);
        }
    }
}

/// <summary>A reader broke one of its documented promises (for example a lossless round trip).</summary>
internal sealed class InvariantException(string message) : Exception(message);
