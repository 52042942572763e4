// Native AOT smoke test: the three libraries compiled ahead of time, each doing real work. Exit code 0 when every
// check passes; each check prints one line.
using System.Runtime.CompilerServices;
using System.Text;
using Postfix.Config.Catalog;
using Postfix.Config.Expansion;
using Postfix.Config.MainCf;
using Postfix.Crypto.Dh;
using Postfix.Crypto.Fingerprints;
using Postfix.Queue.Reading;
using Postfix.Queue.Selection;

var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    failures += ok ? 0 : 1;
}

Check(!RuntimeFeature.IsDynamicCodeSupported, "running as native code (no JIT)");

// Postfix.Config: parse a main.cf, edit it like postconf -e, expand a value over the built-in defaults.
var mainCf = "# sample\r\nmyhostname = mail.example.com\nmydomain = example.com\nmynetworks = 127.0.0.0/8\n    [::1]/128\nmyorigin = $mydomain\n"u8.ToArray();
var doc = MainCfDocument.Parse(mainCf);
Check(!doc.HasErrors && doc.ToBytes().AsSpan().SequenceEqual(mainCf), "Postfix.Config: main.cf parsed and written back byte for byte");
var edited = doc.Set("inet_protocols", "all").ToBytes();
Check(Encoding.UTF8.GetString(edited).EndsWith("inet_protocols = all\n", StringComparison.Ordinal), "Postfix.Config: Set appends like postconf -e");
var values = new Dictionary<string, string> { ["mydomain"] = "example.com", ["myhostname"] = "mail.$mydomain" };
var evaluator = new ParameterEvaluator(n => values.GetValueOrDefault(n));
Check(evaluator.Expand("myorigin").Value == "mail.example.com", "Postfix.Config: myorigin expands over the Postfix 3.7 defaults");
var relational = MacroExpander.Expand("${{$myhostname} == {mail.example.com} ? {yes} : {no}}", n => n == "myhostname" ? "mail.example.com" : null);
Check(relational.Value == "yes" && relational.Diagnostics.Count == 0, "Postfix.Config: a relational macro evaluates");
Check(ParameterCatalog.Postfix37.Contains("smtpd_tls_dh1024_param_file"), "Postfix.Config: the embedded parameter catalog loads");

// Postfix.Queue: read a mailq listing and select the bounces.
const string listing = """
    -Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
    3F95CB20323     289 Fri Nov 27 17:52:46  henry@sender.test
                           (connect to 127.0.0.1[127.0.0.1]:9: Connection refused)
                                             h1@dead.test

    574D6B202E7     309 Fri Nov 27 17:52:37  MAILER-DAEMON
                           (connect to 127.0.0.1[127.0.0.1]:9: Connection refused)
                                             bounce@dead.test

    -- 1 Kbytes in 2 Requests.

    """;
var messages = MailqTextReader.Parse(listing);
var bounces = messages.Where(QueueSelection.NullSender().Matches).Select(m => m.Id.ToString()).ToList();
Check(messages.Count == 2 && bounces.SequenceEqual(["574D6B202E7"]), "Postfix.Queue: mailq listing read, the null-sender message selected");
var byReason = QueueSelection.ReasonMatches("Connection refused$", TimeSpan.FromSeconds(1));
Check(messages.All(byReason.Matches), "Postfix.Queue: a regular-expression selection matches");

// Postfix.Crypto: a fingerprint in Postfix's format, a small seeded DH search and its check.
var fingerprint = Fingerprint.Compute(FingerprintDigest.Sha256, "abc"u8);
Check(fingerprint.ToString().StartsWith("BA:78:16:BF:", StringComparison.Ordinal), "Postfix.Crypto: sha256 fingerprint in Postfix's format");
var dh = DhParameterGenerator.Generate(new DhGenerationOptions { Bits = 512, Seed = "aot-smoke"u8.ToArray(), MaxDegreeOfParallelism = 2 });
var report = DhParameterChecker.Check(dh);
Check(dh.PrimeBits == 512 && report.IsSafePrime, "Postfix.Crypto: a 512-bit safe prime generated and proven safe by the checker");
Check(DhParameters.ParsePem(dh.ToPem()).Equals(dh), "Postfix.Crypto: DH parameters round-trip through PEM");

Console.WriteLine(failures == 0 ? "AotSmoke: all checks passed" : $"AotSmoke: {failures} checks failed");
return failures == 0 ? 0 : 1;
