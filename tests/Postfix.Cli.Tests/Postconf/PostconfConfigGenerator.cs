using System.Globalization;
using System.Text;

namespace Postfix.Cli.Tests.Postconf;

/// <summary>
/// Seeded generator of main.cf + master.cf pairs that exercise postconf's parameter bookkeeping: built-in values that
/// use user-defined names, unused names and typos, <c>smtpd_restriction_classes</c>, legacy and read-only names,
/// <c>$name</c> references across main.cf and master.cf <c>-o</c> values (used, unused, undefined), per-service
/// parameters and <c>$service_name</c>/<c>$process_name</c>.
/// </summary>
internal sealed class PostconfConfigGenerator
{
    private static readonly string[] Typos = ["mydomian", "relay_host", "smtpd_bannr", "inet_protocol", "myorigen", "smtp_tls_securty_level", "alias_map"];
    private static readonly string[] Commands = ["smtp", "lmtp", "pipe", "local", "error", "virtual", "cleanup", "spawn"];

    private readonly Random random;
    private readonly StringBuilder main = new();
    private readonly StringBuilder master = new();

    private PostconfConfigGenerator(int seed) => random = new Random(seed);

    public string MainCf => main.ToString();

    public string MasterCf => master.ToString();

    /// <summary>Names worth asking postconf about (built-in, user-defined, unknown, per-service).</summary>
    public List<string> Names { get; } = [];

    public static PostconfConfigGenerator Create(int seed)
    {
        var g = new PostconfConfigGenerator(seed);
        g.Generate();
        return g;
    }

    private bool Chance(int percent) => random.Next(100) < percent;

    private string Pick(params string[] items) => items[random.Next(items.Length)];

    private string Ref(string name) => random.Next(4) switch
    {
        0 => "$" + name,
        1 => "${" + name + "}",
        2 => "$(" + name + ")",
        _ => Pick("${" + name + "?yes}", "${" + name + ":no}", "${" + name + "?{a b}:{c}}"),
    };

    private void Generate()
    {
        var users = Enumerable.Range(0, random.Next(3, 9)).Select(i => "usr" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var services = Enumerable.Range(0, random.Next(2, 6)).Select(i => "svc" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var masterOnly = "mparam" + random.Next(10).ToString(CultureInfo.InvariantCulture);

        // main.cf
        main.Append("# generated\n");
        Line("myhostname", $"host{random.Next(100)}.example.test");
        if (Chance(70))
        {
            Line("mydomain", "example.test");
        }

        Line("myorigin", Pick("$mydomain", "$myhostname", "${mydomain}"));
        Line("relayhost", "[127.0.0.1]:9");
        Line("smtpd_banner", "$myhostname ESMTP " + Ref(users[0]));
        Line("smtpd_recipient_restrictions", "permit_mynetworks,\n    # inner comment\n    " + Ref(users[1]) + ",\n    reject_unauth_destination");
        if (Chance(50))
        {
            Line("inet_protocols", Pick("ipv4", "all", "ipv4, ipv6"));
        }

        if (Chance(60))
        {
            Line("smtpd_restriction_classes", "cls1, " + Pick("cls2", "$classes"));
            Line("cls1", "permit");
            if (Chance(50))
            {
                Line("cls2", "reject");
            }

            if (Chance(50))
            {
                Line("classes", "cls3");
                Line("cls3", "permit_mynetworks");
            }
        }

        foreach (var user in users)
        {
            if (Chance(85))
            {
                var value = random.Next(3) switch
                {
                    0 => "value-" + user,
                    1 => Ref(users[random.Next(users.Count)]) + " tail",
                    _ => "a " + Ref(Pick(users.ToArray())) + " " + Ref("mail_name"),
                };
                Line(user, value);
            }
        }

        foreach (var typo in Typos.Where(_ => Chance(30)))
        {
            Line(typo, "typo value");
        }

        if (Chance(40))
        {
            Line("virtual_alias_domains", Ref("nosuch_main" + random.Next(3).ToString(CultureInfo.InvariantCulture)));
        }

        if (Chance(40))
        {
            Line("smtp_helo_name", Ref(masterOnly));
        }

        if (Chance(25))
        {
            Line("virtual_maps", "hash:/etc/postfix/virtual");
        }

        if (Chance(20))
        {
            Line("process_id", "12");
        }

        if (Chance(30))
        {
            Line(users[0], "redefined");
        }

        // master.cf
        master.Append("# service type  private unpriv  chroot  wakeup  maxproc command + args\n");
        master.Append("smtp      inet  n       -       y       -       -       smtpd");
        if (Chance(60))
        {
            master.Append("\n  -o syslog_name=postfix/$service_name\n  -o smtpd_helo_restrictions=" + Ref(users[random.Next(users.Count)]));
        }

        master.Append('\n');
        foreach (var service in services)
        {
            var command = Pick(Commands);
            master.Append(CultureInfo.InvariantCulture, $"{service}  unix  -       -       n       -       -       {command}");
            if (command == "pipe")
            {
                master.Append(" flags=R user=nobody argv=/bin/true");
            }

            var options = new List<string>();
            if (Chance(50))
            {
                options.Add("syslog_name=postfix/" + Pick("$service_name", "$process_name", "${service_name}"));
            }

            if (Chance(50))
            {
                var local = "lp_" + service;
                options.Add(local + "=local-" + service);
                if (Chance(60))
                {
                    options.Add("smtp_bind_address=" + Ref(local));
                }
            }

            if (Chance(40))
            {
                options.Add("extra_" + service + "=" + Ref(Pick([.. users, "nosuch_master" + random.Next(3).ToString(CultureInfo.InvariantCulture)])));
            }

            if (Chance(40))
            {
                options.Add("relay_extra=" + Ref(service + "_destination_concurrency_limit"));
            }

            if (Chance(40))
            {
                options.Add(masterOnly + "=from-master");
            }

            if (Chance(30))
            {
                options.Add("smtp_tls_security_level=" + Pick("may", "encrypt", "$" + users[0]));
            }

            foreach (var option in options)
            {
                master.Append(Chance(70) ? "\n  -o " + option : " -o " + option);
            }

            master.Append('\n');
        }

        Names.AddRange(["myhostname", "mydomain", "myorigin", "smtpd_banner", "smtpd_recipient_restrictions", "cls1", "cls3", "virtual_maps", masterOnly]);
        Names.AddRange(users);
        Names.AddRange(Typos.Take(3));
        Names.Add(services[0] + "_destination_concurrency_limit");
        Names.Add("nosuch_name");
    }

    private void Line(string name, string value)
    {
        main.Append(name).Append(Chance(80) ? " = " : "=").Append(value).Append('\n');
    }
}
