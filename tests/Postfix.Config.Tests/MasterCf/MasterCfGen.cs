using FsCheck;
using FsCheck.Fluent;

namespace Postfix.Config.Tests.MasterCf;

/// <summary>Generators of master.cf text: random services with every field form, both -o forms, brace arguments, inner comments and IPv6 names.</summary>
internal static class MasterCfGen
{
    private static readonly string[] InetNames =
        ["smtp", "25", "127.0.0.1:2525", "[::1]:smtp", "::1:2526", "[ipv6:::1]:26", "localhost:submission", "[127.0.0.1]:628", "submissions", "0.0.0.0:10025"];

    private static readonly string[] UnixNames = ["smtp", "relay", "smtp-ipv4", "pickup", "a", "my.service", "x-1", "policy_2"];
    private static readonly string[] Types = ["unix", "unix", "inet", "unix-dgram", "pass", "fifo"];
    private static readonly string[] Booleans = ["y", "n", "-"];
    private static readonly string[] Wakeups = ["-", "0", "60", "300", "1000?", "5?"];
    private static readonly string[] Limits = ["-", "0", "1", "100", "2"];
    private static readonly string[] Commands = ["smtpd", "smtp", "pipe", "local", "postlogd", "/usr/lib/postfix/sbin/x", "trivial-rewrite"];
    private static readonly string[] Params = ["syslog_name", "smtpd_tls_security_level", "inet_protocols", "smtp_helo_name", "milter_macro_daemon_name", "smtpd_client_restrictions"];
    private static readonly string[] Values = ["postfix/$service_name", "may", "ipv4", "ipv6", "mx.example.com", "permit_mynetworks,reject", string.Empty, "a b", "${x?{y}:z}", "$$1"];
    private static readonly string[] Separators = [" ", " ", "  ", "\t", "\n  ", "\n\t", "\n  # inner comment\n  ", "\n\n  ", "\n#\n    "];
    private static readonly string[] PlainArgs = ["flags=R", "user=vmail", "argv=/bin/true", "${nexthop}", "-v", "-D", "x", "{ a b }", "{}", "{ }", "{a}", "--", "z=1"];

    public static Gen<string> Option() =>
        from p in Gen.Elements(Params)
        from v in Gen.Elements(Values)
        from form in Gen.Choose(0, 3)
        select form switch
        {
            0 when !v.Contains(' ', StringComparison.Ordinal) => "-o " + p + "=" + v,
            1 => "-o { " + p + " = " + v + " }",
            2 => "-o {" + p + "=" + v + "}",
            _ => "-o { " + p + "=" + v + "}",
        };

    public static Gen<string> Service() =>
        from type in Gen.Elements(Types)
        from name in type == "inet" ? Gen.Elements(InetNames) : Gen.Elements(UnixNames)
        from priv in type == "inet" ? Gen.Elements("n", "-") : Gen.Elements(Booleans)
        from unpriv in Gen.Elements(Booleans)
        from chroot in Gen.Elements(Booleans)
        from wakeup in Gen.Elements(Wakeups)
        from limit in Gen.Elements(Limits)
        from command in Gen.Elements(Commands)
        from options in Option().ListOf().Select(l => l.Take(4).ToList())
        from args in Gen.Elements(PlainArgs).ListOf().Select(l => l.Take(4).ToList())
        from seps in Gen.Elements(Separators).ArrayOf(32)
        from fieldSeps in Gen.Elements(" ", "  ", "\t", "   ").ArrayOf(8)
        select Build([name, type, priv, unpriv, chroot, wakeup, limit, command], fieldSeps, [.. options, .. args], seps);

    public static Gen<string> File() =>
        from services in Service().NonEmptyListOf().Select(l => l.Take(8).ToList())
        from comments in Gen.Elements(string.Empty, "# comment\n", "\n", "#smtp inet n - y - - smtpd\n").ArrayOf(9)
        from crlf in Gen.Elements(false, false, false, true)
        from finalNewline in Gen.Elements(true, true, false)
        select Assemble(services, comments, crlf, finalNewline);

    private static string Build(string[] fields, string[] fieldSeps, List<string> rest, string[] seps)
    {
        var sb = new System.Text.StringBuilder(fields[0]);
        for (var i = 1; i < fields.Length; i++)
        {
            sb.Append(fieldSeps[i]).Append(fields[i]);
        }

        for (var i = 0; i < rest.Count; i++)
        {
            sb.Append(seps[i % seps.Length]).Append(rest[i]);
        }

        return sb.ToString();
    }

    private static string Assemble(List<string> services, string[] comments, bool crlf, bool finalNewline)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < services.Count; i++)
        {
            sb.Append(comments[i % comments.Length]).Append(services[i]).Append('\n');
        }

        var text = sb.ToString();
        if (!finalNewline)
        {
            text = text[..^1];
        }

        return crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text;
    }
}
