// A program that uses the three Postfix.Net libraries exactly as a package consumer would (CI restores them from a
// local feed made by `dotnet pack`, never from project references).
using System.Text;
using Postfix.Config.MainCf;
using Postfix.Crypto.Fingerprints;
using Postfix.Queue.Reading;

var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    failures += ok ? 0 : 1;
}

// Postfix.Config: lossless parse, a postconf -e style edit that touches only its line.
const string mainCf = "# sample\r\nmyhostname = mail.example.com\nmynetworks = 127.0.0.0/8\n    [::1]/128\n";
var doc = MainCfDocument.Parse(mainCf);
Check(Encoding.UTF8.GetString(doc.ToBytes()) == mainCf, "Postfix.Config: unchanged document writes back identical bytes");
var edited = Encoding.UTF8.GetString(doc.Set("inet_protocols", "all").ToBytes());
Check(edited == mainCf + "inet_protocols = all\n", "Postfix.Config: Set appends like postconf -e");

// Postfix.Queue: one postqueue -j line with a null sender.
const string json = """{"queue_name": "deferred", "queue_id": "757FFB20218", "arrival_time": 1764265921, "message_size": 2204, "forced_expire": false, "sender": "MAILER-DAEMON", "recipients": [{"address": "bob@dead.test", "delay_reason": "connect to 127.0.0.1[127.0.0.1]:9: Connection refused"}]}""";
var message = PostqueueJsonReader.Parse(json + "\n").Single();
Check(message.IsNullSender && message.Recipients.Count == 1, "Postfix.Queue: postqueue -j line parsed, null sender recognised");

// Postfix.Crypto: a fingerprint formatted the way Postfix prints it.
var fp = Fingerprint.Compute(FingerprintDigest.Sha256, Encoding.ASCII.GetBytes("abc"));
Check(fp.ToString().StartsWith("BA:78:16:BF:", StringComparison.Ordinal), "Postfix.Crypto: sha256 fingerprint in Postfix's format");

return failures == 0 ? 0 : 1;
