// A program that uses the three Postfix.Net libraries exactly as a package consumer would.
using Postfix.Config.Syntax;

var mainCf = "myhostname = mail.example.com\n# comment\nmynetworks = 127.0.0.0/8\n    [::1]/128\n";
var source = SourceText.FromString(mainCf, "main.cf");
var groups = LogicalLineReader.Read(source);
var logical = groups.Count(g => g.Kind == LineGroupKind.Logical);
Console.WriteLine($"Postfix.Config: {source.Lines.Count} physical lines, {logical} logical lines, round trip {(source.ToArray().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(mainCf)) ? "exact" : "BROKEN")}");
Console.WriteLine($"Postfix.Queue: {System.Reflection.Assembly.Load("Postfix.Queue").GetName().Version} loaded");
Console.WriteLine($"Postfix.Crypto: {System.Reflection.Assembly.Load("Postfix.Crypto").GetName().Version} loaded");
return logical == 2 ? 0 : 1;
