using System.Globalization;
using System.IO.Abstractions;
using System.Net;
using System.Net.Sockets;

namespace Postfix.Config.MasterCf;

/// <summary>
/// The name of an <c>inet</c> service: <c>port</c>, <c>host:port</c>, <c>[host]:port</c>, <c>[ipv6addr]:port</c>,
/// <c>ipv6addr:port</c> (split at the last colon, as <c>host_port()</c> does), and its canonical form as the master
/// daemon computes it so that <c>smtp</c> and <c>25</c> are one service.
/// </summary>
public static class InetServiceName
{
    /// <summary>The system's services database, read once (through the real file system).</summary>
    internal const string ServicesPath = "/etc/services";

    private static readonly Lazy<Dictionary<string, int>> SystemServices = new(() => LoadServices(new FileSystem(), ServicesPath));

    /// <summary>Splits a name into host (empty when none) and port; returns Postfix's error text or null.</summary>
    /// <param name="name">The service name field.</param>
    /// <param name="host">The host part, without brackets (empty for none).</param>
    /// <param name="port">The port or service part.</param>
    public static string? TrySplit(string name, out string host, out string port)
    {
        ArgumentNullException.ThrowIfNull(name);
        host = string.Empty;
        port = string.Empty;
        string? h;
        string? p;
        var explicitHost = false;
        if (name.StartsWith('['))
        {
            var cp = 1;
            var ipv6 = name.Length >= 6 && string.Equals(name.Substring(1, 5), "ipv6:", StringComparison.OrdinalIgnoreCase);
            if (ipv6)
            {
                cp += 5;
            }

            var close = name.IndexOf(']', cp);
            if (close < 0)
            {
                return "missing \"]\"";
            }

            h = name[cp..close];
            var rest = name[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                return "garbage after \"]\"";
            }

            if (rest.Length > 0)
            {
                rest = rest[1..];
            }

            if (ipv6 && !IsIPv6(h))
            {
                return "malformed IPv6 address";
            }

            p = rest.Length > 0 ? rest : null;
            explicitHost = true;
        }
        else
        {
            var colon = name.LastIndexOf(':');
            if (colon >= 0)
            {
                h = name[..colon];
                explicitHost = h.Length > 0;
                p = colon + 1 < name.Length ? name[(colon + 1)..] : null;
            }
            else
            {
                h = string.Empty;
                p = name.Length > 0 ? name : null;
            }
        }

        if (p is null)
        {
            return "missing service information";
        }

        if (explicitHost && !IsHostName(h) && !IsHostAddress(h))
        {
            return "valid hostname or network address required";
        }

        if (p[0] is >= '0' and <= '9' && !p.All(char.IsAsciiDigit))
        {
            return "garbage after numerical service";
        }

        host = h;
        port = p;
        return null;
    }

    /// <summary>
    /// The master daemon's internal name: <c>[address]:port</c> or <c>port</c> with a numeric port; a host name is
    /// kept as written in brackets; a name whose port cannot be resolved stays as written.
    /// </summary>
    /// <param name="name">The service name field.</param>
    public static string Canonicalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TrySplit(name, out var host, out var port) is not null)
        {
            return name;
        }

        var portNumber = ResolvePort(port);
        if (portNumber is null)
        {
            return name;
        }

        var portText = portNumber.Value.ToString(CultureInfo.InvariantCulture);
        if (host.Length == 0)
        {
            return portText;
        }

        return IsHostAddress(host) && IPAddress.TryParse(host, out var address)
            ? "[" + address + "]:" + portText
            : "[" + host + "]:" + portText;
    }

    /// <summary>A numeric port, or a service name from the system services database (with a built-in fallback).</summary>
    /// <param name="port">The port or service name.</param>
    public static int? ResolvePort(string port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (port.Length > 0 && port.All(char.IsAsciiDigit))
        {
            return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 65535 ? n : null;
        }

        return SystemServices.Value.TryGetValue(port, out var number) ? number : null;
    }

    /// <summary>Whether the text is a numeric IPv4 (dotted quad) or IPv6 address.</summary>
    /// <param name="host">The host text.</param>
    public static bool IsHostAddress(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return IsIPv4(host) || IsIPv6(host);
    }

    private static bool IsIPv4(string host)
    {
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)
            && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsIPv6(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.Contains('%', StringComparison.Ordinal)
        && IPAddress.TryParse(host, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>Postfix's <c>valid_hostname()</c> in short: dot-separated labels of letters, digits, '-' and '_'.</summary>
    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 255)
        {
            return false;
        }

        var labels = host.Split('.');
        var nonNumeric = false;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
                {
                    return false;
                }

                if (!char.IsAsciiDigit(c))
                {
                    nonNumeric = true;
                }
            }
        }

        return nonNumeric;
    }

    /// <summary>The TCP services of a services(5) file read through <paramref name="fileSystem"/>, plus the built-in mail ports.</summary>
    internal static Dictionary<string, int> LoadServices(IFileSystem fileSystem, string path)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            if (!fileSystem.File.Exists(path))
            {
                return AddBuiltIn(result);
            }

            foreach (var raw in fileSystem.File.ReadLines(path))
            {
                var line = raw;
                var hash = line.IndexOf('#', StringComparison.Ordinal);
                if (hash >= 0)
                {
                    line = line[..hash];
                }

                var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (words.Length < 2 || !words[1].EndsWith("/tcp", StringComparison.Ordinal)
                    || !int.TryParse(words[1].AsSpan(0, words[1].Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    continue;
                }

                foreach (var alias in words.Where((_, i) => i != 1))
                {
                    result.TryAdd(alias, number);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return AddBuiltIn(result);
    }

    /// <summary>The usual mail ports, for systems without a services database.</summary>
    private static Dictionary<string, int> AddBuiltIn(Dictionary<string, int> result)
    {
        (string Name, int Port)[] builtIn =
        [
            ("smtp", 25), ("submission", 587), ("submissions", 465), ("smtps", 465), ("lmtp", 24), ("qmqp", 628),
            ("domain", 53), ("http", 80), ("https", 443), ("pop3", 110), ("imap", 143), ("imaps", 993), ("pop3s", 995),
        ];
        foreach (var (name, port) in builtIn)
        {
            result.TryAdd(name, port);
        }

        return result;
    }
}
