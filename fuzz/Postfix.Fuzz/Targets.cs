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
using Postfix.Queue.Files;
using Postfix.Queue.Reading;
using Postfix.Queue.Summary;

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
        ["queuefile"] = QueueFileTarget,
        ["deferlog"] = DeferLogTarget,
        ["qshape"] = QshapeTarget,
    };

    /// <summary>
    /// Options objects live here, not in <see cref="Targets"/>' own statics: the libraries are instrumented, and
    /// instrumented code must not run before SharpFuzz has set up the coverage map (that is, before the first input).
    /// </summary>
    private static class Options
    {
        public static readonly DateTimeOffset Reference = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

        public static readonly string QshapeDirectory = Directory.CreateTempSubdirectory("postfix-fuzz-qshape-").FullName;

        public static readonly PostcatOptions[] PostcatViews =
        [
            new() { TimeZone = TimeZoneInfo.Utc },
            new() { Envelope = true, Header = true, Body = true, Offsets = true, TimeZone = TimeZoneInfo.Utc },
            new() { Verbose = true, Raw = true, DecimalTypes = true, TimeZone = TimeZoneInfo.Utc },
            new() { Verbose = true, Offsets = true, StartOffset = 7, TimeZone = TimeZoneInfo.Utc },

            // The views that skip content through the size record (-e, -eh): a size record pointing back made postcat
            // (and the writer, before it stopped such loops) print forever; found by the damaged-file property.
            new() { Envelope = true, TimeZone = TimeZoneInfo.Utc },
            new() { Envelope = true, Header = true, TimeZone = TimeZoneInfo.Utc },
        ];

        public static readonly PatternTableOptions PatternOptions = new()
        {
            // Short enough that a catastrophic pattern ends long before afl's hang timeout. Both bounds: the POSIX
            // submatch search of a rule with $n counts steps, not time, and its default (5,000,000 steps per key) let
            // one input with a dozen keys run 4.8 s uninstrumented, past the 5-s hang timeout once instrumented
            // (fuzz run 2026-12-08; the library stopped every key at its budget, as documented).
            MatchTimeout = TimeSpan.FromMilliseconds(200),
            SubmatchStepBudget = 200_000,
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

    /// <summary>
    /// Queue files: the record reader (rec_get and raw), the typed model (which reports damage as diagnostics), the
    /// streamed body, and postcat's every view. The only documented exception for bad content is
    /// <see cref="QueueFormatException"/> (InvalidOperationException from OpenBody only when the body offset is unknown).
    /// </summary>
    private static void QueueFileTarget(byte[] bytes)
    {
        foreach (var options in new[] { QueueRecordReaderOptions.Default, QueueRecordReaderOptions.Raw })
        {
            try
            {
                using var reader = new QueueRecordReader(new MemoryStream(bytes, false), options);
                var count = 0;
                while (reader.TryRead(out var record))
                {
                    _ = record.Text;
                    _ = record.CString.Length;
                    _ = record.ToString();
                    // Pointer records may send the reader back up to 10,000 times (Postfix's limit), each time over
                    // records it has read before: that bounds the count, not the input length alone.
                    if (++count > 2L * 10_001 * (bytes.Length + 1))
                    {
                        throw new InvariantException("the record reader returned more records than 10,000 backward jumps over the input allow");
                    }
                }
            }
            catch (QueueFormatException)
            {
                // Documented.
            }
        }

        var file = QueueFile.Parse(bytes, new QueueFileOptions { ReadHeaders = true, Path = "fuzz" });
        _ = file.Sender;
        _ = file.Diagnostics.Count;
        foreach (var r in file.Recipients)
        {
            _ = r.ToString();
        }

        foreach (var a in file.Attributes)
        {
            _ = a.ToString();
        }

        foreach (var h in file.Headers)
        {
            _ = h.ToString();
            _ = h.Raw.Length;
        }

        _ = file.Subject;
        _ = file.SaslUsername;
        _ = file.ClientAddress;
        if (file.BodyOffset is not null)
        {
            try
            {
                using var body = file.OpenBody(new MemoryStream(bytes, false), leaveOpen: false);
                body.CopyTo(Stream.Null);
            }
            catch (QueueFormatException)
            {
                // Documented.
            }
        }

        foreach (var options in Options.PostcatViews)
        {
            try
            {
                new PostcatWriter(Stream.Null, options).Write(new MemoryStream(bytes, false), "fuzz");
            }
            catch (QueueFormatException)
            {
                // Documented: postcat would stop with a fatal error.
            }
        }
    }

    /// <summary>defer/bounce logs: every entry and its fields.</summary>
    private static void DeferLogTarget(byte[] bytes)
    {
        foreach (var smtputf8 in new[] { true, false })
        {
            foreach (var entry in DeferLog.Parse(bytes, smtputf8))
            {
                _ = entry.Recipient;
                _ = entry.Reason;
                _ = entry.Status;
            }
        }
    }

    /// <summary>
    /// qshape's own queue-file reading (QueueShape): the input as one queue file (and as a maildrop file) in a
    /// directory, shaped by recipient and sender with parent domains. No exception is documented for content.
    /// </summary>
    private static void QshapeTarget(byte[] bytes)
    {
        var dir = Options.QshapeDirectory;
        var path = Path.Combine(dir, "FUZZ00000");
        File.WriteAllBytes(path, bytes);
#pragma warning disable CA1416 // Postfix queues exist on Unix only.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
#pragma warning restore CA1416
        var problems = 0;
        foreach (var (sender, parents, linear) in new[] { (false, true, false), (true, true, true) })
        {
            var shape = QueueShape.Compute(dir, new QueueShapeOptions
            {
                Queues = [dir],
                BySender = sender,
                ParentDomains = parents,
                MinSubdomains = 1,
                Linear = linear,
                BucketMinutes = 0.5,
                Now = Options.Reference,
                Problems = _ => problems++,
            });
            if (shape.Rows.Count == 0 || shape.Total.Count != shape.Total.Buckets.Sum())
            {
                throw new InvariantException("the total row must exist and its buckets must add up to its count");
            }

            foreach (var row in shape.Rows.Where(r => !r.IsParent))
            {
                if (row.Count > shape.Total.Count)
                {
                    throw new InvariantException("a domain counted more addresses than the total");
                }
            }
        }
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
