using System.Text;

namespace Postfix.Config.Tests.MainCf;

/// <summary>
/// Seeded generator of realistic main.cf files (as byte text, one char per byte): parameters with every spacing
/// around <c>=</c>, continuation lines with inner comment and blank lines, duplicates, <c>#</c> inside values, CR
/// bytes, <c>$</c> expressions, comments, blank lines, and optionally lines Postfix rejects or skips.
/// </summary>
internal sealed class MainCfGenerator(int seed)
{
    public static readonly string[] BuiltinNames =
    [
        "myhostname", "mydomain", "myorigin", "relayhost", "mynetworks", "smtp_helo_name", "smtpd_banner",
        "smtpd_recipient_restrictions", "alias_maps", "mydestination", "header_checks", "smtpd_tls_security_level",
    ];

    public static readonly string[] UserNames = ["foo", "bar_baz", "x1", "my.custom", "Upper"];

    private static readonly string[] Words =
    [
        "a", "example.com", "$mail_name", "${queue_directory}", "$(process_name)", "${relay_domains?{yes}:{no}}", "${foo:bar}",
        "hash:/etc/postfix/access", "permit_mynetworks,", "reject_unauth_destination", "#", "# not a comment", "x=y",
        "[::1]/128", "127.0.0.0/8", "caf\u00c3\u00a9", "\u00ff", "$$", "{", "}",
    ];

    private readonly Random _random = new(seed);

    public bool AllowInvalid { get; init; }

    public string Next()
    {
        var sb = new StringBuilder();
        var crlf = _random.Next(6) == 0;
        var count = _random.Next(0, 14);
        if (AllowInvalid && _random.Next(8) == 0)
        {
            sb.Append("  orphan = 1").Append(Eol(crlf));
        }

        for (var i = 0; i < count; i++)
        {
            switch (_random.Next(10))
            {
                case 0:
                    sb.Append(Pick(["#", "# comment", "#myhostname = old", "  # indented comment", "#\tx"])).Append(Eol(crlf));
                    break;
                case 1:
                    sb.Append(Pick(["", " ", "\t", "  \t "])).Append(Eol(crlf));
                    break;
                case 2 when AllowInvalid:
                    sb.Append(Pick(["noequals", "my hostname = x", "= value", "foo\tbar = 1"])).Append(Eol(crlf));
                    break;
                default:
                    AppendParameter(sb, crlf);
                    break;
            }
        }

        var text = sb.ToString();
        if (text.Length > 0 && _random.Next(5) == 0)
        {
            // No final newline.
            text = text.TrimEnd('\n');
        }

        return text;
    }

    public string NextName() => _random.Next(3) == 0 ? Pick(UserNames) : Pick(BuiltinNames);

    public string NextValue()
    {
        var n = _random.Next(0, 4);
        var parts = new List<string>();
        for (var i = 0; i < n; i++)
        {
            parts.Add(Pick(Words));
        }

        return string.Join(Pick([" ", ", ", "  "]), parts);
    }

    private void AppendParameter(StringBuilder sb, bool crlf)
    {
        sb.Append(NextName());
        sb.Append(Pick([" = ", "=", " =", "= ", "\t=\t", "  =  "]));
        sb.Append(NextValue());
        if (_random.Next(4) == 0)
        {
            sb.Append(Pick([" ", "\t", "  "]));
        }

        sb.Append(Eol(crlf));
        var continuations = _random.Next(4) == 0 ? _random.Next(1, 4) : 0;
        for (var c = 0; c < continuations; c++)
        {
            if (_random.Next(3) == 0)
            {
                sb.Append(Pick(["# inner comment", "", "  #x", " "])).Append(Eol(crlf));
            }

            sb.Append(Pick([" ", "\t", "    "])).Append(NextValue()).Append(Pick(["", ",", " "])).Append(Eol(crlf));
        }
    }

    private string Eol(bool crlf) => crlf && _random.Next(5) != 0 ? "\r\n" : "\n";

    private string Pick(string[] options) => options[_random.Next(options.Length)];
}
