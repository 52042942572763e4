using System.Buffers;
using System.Text.RegularExpressions;

namespace Postfix.Queue.Selection;

/// <summary>
/// A composable test on queue messages (sender, null sender, recipient, domain, reason, queue, age, size, status),
/// combined with <see cref="And"/>, <see cref="Or"/>, <see cref="Not"/> or the operators <c>&amp;</c>, <c>|</c>, <c>!</c>.
/// Address comparisons ignore ASCII case; a message matches a recipient test when any of its recipients does.
/// </summary>
public sealed class QueueSelection
{
    private readonly Func<QueueMessage, bool> _predicate;

    private QueueSelection(Func<QueueMessage, bool> predicate, string description, bool requiresRecipients = false, QueueContentNeed content = QueueContentNeed.None)
    {
        _predicate = predicate;
        Description = description;
        RequiresRecipients = requiresRecipients;
        Content = content;
    }

    /// <summary>
    /// What of the queue file the test reads (attributes, headers, body). Such tests need messages read from the queue
    /// directory (<see cref="QueueMessage.File"/>); a message without its file makes them throw
    /// <see cref="InvalidOperationException"/> rather than silently not match.
    /// </summary>
    public QueueContentNeed Content { get; }

    /// <summary>Every message.</summary>
    public static QueueSelection All { get; } = new(_ => true, "all");

    /// <summary>
    /// Whether the test looks at recipients or reasons (then a listing must be read in full; otherwise
    /// <see cref="Reading.MailqTextReader.ReadHeaders"/> is enough). True for <see cref="Where"/>, which cannot be inspected.
    /// </summary>
    public bool RequiresRecipients { get; }

    /// <summary>A readable form of the test, e.g. <c>(null-sender and queue=hold)</c>.</summary>
    public string Description { get; }

    /// <summary>Both must match.</summary>
    public static QueueSelection operator &(QueueSelection left, QueueSelection right) => And(left, right);

    /// <summary>Either must match.</summary>
    public static QueueSelection operator |(QueueSelection left, QueueSelection right) => Or(left, right);

    /// <summary>The opposite.</summary>
    public static QueueSelection operator !(QueueSelection selection) => Not(selection);

    /// <summary>Messages from the null sender (bounces, delay notices): <see cref="QueueMessage.IsNullSender"/>.</summary>
    public static QueueSelection NullSender() => new(m => m.IsNullSender, "null-sender");

    /// <summary>Messages whose sender is exactly <paramref name="address"/> (ASCII case ignored).</summary>
    public static QueueSelection Sender(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new(m => !m.IsNullSender && string.Equals(m.Sender, address, StringComparison.OrdinalIgnoreCase), $"sender={address}");
    }

    /// <summary>Messages whose sender domain is <paramref name="domain"/> or, when <paramref name="includeSubdomains"/>, below it.</summary>
    public static QueueSelection SenderDomain(string domain, bool includeSubdomains = false)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new(m => DomainMatches(m.SenderDomain, domain, includeSubdomains), $"sender-domain={domain}");
    }

    /// <summary>Messages with a recipient exactly <paramref name="address"/> (ASCII case ignored).</summary>
    public static QueueSelection Recipient(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new(m => m.Recipients.Any(r => string.Equals(r.Address, address, StringComparison.OrdinalIgnoreCase)), $"recipient={address}", true);
    }

    /// <summary>Messages with a recipient in <paramref name="domain"/> (or below it when <paramref name="includeSubdomains"/>).</summary>
    public static QueueSelection RecipientDomain(string domain, bool includeSubdomains = false)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return new(m => m.Recipients.Any(r => DomainMatches(r.Domain, domain, includeSubdomains)), $"recipient-domain={domain}", true);
    }

    /// <summary>Messages with a recipient whose reason contains <paramref name="text"/> (ordinal, ASCII case ignored).</summary>
    public static QueueSelection ReasonContains(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(m => m.Recipients.Any(r => r.Reason?.Contains(text, StringComparison.OrdinalIgnoreCase) == true), $"reason~\"{text}\"", true);
    }

    /// <summary>
    /// Messages with a recipient whose reason matches <paramref name="pattern"/> (.NET regex, culture-invariant). Each
    /// match may take at most <paramref name="timeout"/>; a match that takes longer throws <see cref="RegexMatchTimeoutException"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static QueueSelection ReasonMatches(string pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, timeout);
        return new(m => m.Recipients.Any(r => r.Reason is { } reason && regex.IsMatch(reason)), $"reason=~/{pattern}/", true);
    }

    /// <summary>Messages in <paramref name="queue"/>. From a text listing only active and hold are known; other messages have no queue and do not match.</summary>
    public static QueueSelection InQueue(QueueName queue) => new(m => m.Queue == queue, $"queue={queue.ToPostfixName()}");

    /// <summary>Messages forced to expire (<c>postsuper -e</c>; mark <c>#</c>).</summary>
    public static QueueSelection ForcedExpired() => new(m => m.ForcedExpire, "forced-expire");

    /// <summary>Messages that arrived before <paramref name="time"/>.</summary>
    public static QueueSelection ArrivedBefore(DateTimeOffset time) => new(m => m.ArrivalTime < time, $"arrived<{time:O}");

    /// <summary>Messages that arrived at or after <paramref name="time"/>.</summary>
    public static QueueSelection ArrivedAfter(DateTimeOffset time) => new(m => m.ArrivalTime >= time, $"arrived>={time:O}");

    /// <summary>Messages older than <paramref name="age"/> at <paramref name="now"/>.</summary>
    public static QueueSelection OlderThan(TimeSpan age, DateTimeOffset now) => new(m => now - m.ArrivalTime > age, $"age>{age}");

    /// <summary>Messages at most <paramref name="age"/> old at <paramref name="now"/>.</summary>
    public static QueueSelection YoungerThan(TimeSpan age, DateTimeOffset now) => new(m => now - m.ArrivalTime <= age, $"age<={age}");

    /// <summary>Messages larger than <paramref name="bytes"/>.</summary>
    public static QueueSelection LargerThan(long bytes) => new(m => m.Size > bytes, $"size>{bytes}");

    /// <summary>Messages of at most <paramref name="bytes"/>.</summary>
    public static QueueSelection NotLargerThan(long bytes) => new(m => m.Size <= bytes, $"size<={bytes}");

    /// <summary>The message with this ID.</summary>
    public static QueueSelection WithId(QueueId id) => new(m => m.Id == id, $"id={id}");

    /// <summary>
    /// Messages with a header <paramref name="name"/> (ASCII case ignored) whose unfolded value matches
    /// <paramref name="pattern"/> (.NET regex, culture-invariant, each match limited to <paramref name="timeout"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static QueueSelection Header(string name, string pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, timeout);
        return new(m => ContentOf(m).Headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase) && regex.IsMatch(h.Value)), $"header {name}=~/{pattern}/", false, QueueContentNeed.Headers);
    }

    /// <summary>Messages whose <c>Subject:</c> (unfolded, RFC 2047 words left encoded) matches <paramref name="pattern"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static QueueSelection Subject(string pattern, TimeSpan timeout) => Header("Subject", pattern, timeout);

    /// <summary>
    /// Messages whose body (streamed from the queue file, line by line, at most <paramref name="maxBytes"/> bytes
    /// examined) has a line matching <paramref name="pattern"/>. Lines are decoded as UTF-8 with other bytes kept as
    /// U+DC80–U+DCFF.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static QueueSelection Body(string pattern, TimeSpan timeout, long maxBytes = 10 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = new Regex(pattern, RegexOptions.CultureInvariant, timeout);
        return new(m => BodyMatches(m, regex, maxBytes), $"body=~/{pattern}/", false, QueueContentNeed.Body);
    }

    /// <summary>Messages submitted with SASL login <paramref name="user"/> (the <c>sasl_username</c> attribute, exact).</summary>
    public static QueueSelection SaslUsername(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(m => string.Equals(FileOf(m).SaslUsername, user, StringComparison.Ordinal), $"sasl-username={user}", false, QueueContentNeed.Envelope);
    }

    /// <summary>
    /// Messages from a client (what Postfix logs: <c>log_client_address</c>/<c>log_client_name</c>, which XFORWARD sets,
    /// else the real peer): an IP address, a CIDR block (<c>192.0.2.0/24</c>, <c>2001:db8::/32</c>) or a host name (ASCII case ignored).
    /// Addresses that smtpd stored with its <c>IPv6:</c> prefix (XFORWARD) compare as plain addresses.
    /// </summary>
    public static QueueSelection Client(string addressOrNetwork)
    {
        ArgumentNullException.ThrowIfNull(addressOrNetwork);
        Func<string?, string?, bool> test;
        if (System.Net.IPNetwork.TryParse(addressOrNetwork, out var network))
        {
            test = (addr, _) => ParseClientAddress(addr) is { } ip && network.Contains(ip);
        }
        else if (ParseClientAddress(addressOrNetwork) is { } single)
        {
            test = (addr, _) => ParseClientAddress(addr) is { } ip && ip.Equals(single);
        }
        else
        {
            test = (_, name) => string.Equals(name, addressOrNetwork, StringComparison.OrdinalIgnoreCase);
        }

        return new(m => test(FileOf(m).ClientAddress, FileOf(m).ClientName), $"client={addressOrNetwork}", false, QueueContentNeed.Envelope);
    }

    /// <summary>Messages whose HELO name (<c>log_helo_name</c>, else <c>helo_name</c>) is <paramref name="name"/> (ASCII case ignored).</summary>
    public static QueueSelection Helo(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new(m => string.Equals(FileOf(m).HeloName, name, StringComparison.OrdinalIgnoreCase), $"helo={name}", false, QueueContentNeed.Envelope);
    }

    /// <summary>Messages with a named attribute <paramref name="name"/> whose value is exactly <paramref name="value"/>.</summary>
    public static QueueSelection Attribute(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return new(m => FileOf(m).Attributes.Any(a => a.Name == name && a.Value == value), $"attribute {name}={value}", false, QueueContentNeed.Envelope);
    }

    /// <summary>Any test of your own.</summary>
    public static QueueSelection Where(Func<QueueMessage, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(description);
        return new(predicate, description, true);
    }

    /// <summary>Both must match.</summary>
    public static QueueSelection And(QueueSelection left, QueueSelection right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (ReferenceEquals(left, All))
        {
            return right;
        }

        return ReferenceEquals(right, All) ? left : new(m => left._predicate(m) && right._predicate(m), $"({left.Description} and {right.Description})", left.RequiresRecipients || right.RequiresRecipients, left.Content | right.Content);
    }

    /// <summary>Either must match.</summary>
    public static QueueSelection Or(QueueSelection left, QueueSelection right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(m => left._predicate(m) || right._predicate(m), $"({left.Description} or {right.Description})", left.RequiresRecipients || right.RequiresRecipients, left.Content | right.Content);
    }

    /// <summary>The opposite.</summary>
    public static QueueSelection Not(QueueSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return new(m => !selection._predicate(m), $"not {selection.Description}", selection.RequiresRecipients, selection.Content);
    }

    /// <summary>Both must match.</summary>
    public QueueSelection BitwiseAnd(QueueSelection other) => And(this, other);

    /// <summary>Either must match.</summary>
    public QueueSelection BitwiseOr(QueueSelection other) => Or(this, other);

    /// <summary>The opposite.</summary>
    public QueueSelection LogicalNot() => Not(this);

    /// <summary>Whether <paramref name="message"/> is selected.</summary>
    public bool Matches(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _predicate(message);
    }

    /// <summary>The selected messages, lazily.</summary>
    public IEnumerable<QueueMessage> Filter(IEnumerable<QueueMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Where(_predicate);
    }

    /// <summary>The selected messages, lazily.</summary>
    public async IAsyncEnumerable<QueueMessage> FilterAsync(IAsyncEnumerable<QueueMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await foreach (var message in messages.ConfigureAwait(false))
        {
            if (_predicate(message))
            {
                yield return message;
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    private static Files.QueueFile FileOf(QueueMessage m) =>
        m.File ?? throw new InvalidOperationException($"{m.Id}: the selection reads the queue file, but the message was not read from the queue directory");

    /// <summary>
    /// The queue file with its primary header read (and so its body offset known). A message read without headers
    /// (<see cref="Files.QueueSpoolOptions.ReadHeaders"/> off) has its file read again, never a silent non-match.
    /// </summary>
    private static Files.QueueFile ContentOf(QueueMessage m)
    {
        var file = FileOf(m);
        if (file.HeadersRead)
        {
            return file;
        }

        if (m.FilePath is null)
        {
            throw new InvalidOperationException($"{m.Id}: the selection reads the message content, but its header was not read and the queue file path is not known");
        }

        var fs = file.SourceFileSystem ?? new System.IO.Abstractions.FileSystem();
        using var stream = fs.FileStream.New(m.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var full = Files.QueueFile.Load(stream, new Files.QueueFileOptions { ReadHeaders = true, Path = file.Path });
        full.SourceFileSystem = fs;
        return full;
    }

    private static bool BodyMatches(QueueMessage m, Regex regex, long maxBytes)
    {
        var file = ContentOf(m);
        if (file.BodyOffset is null)
        {
            return false;
        }

        if (m.FilePath is null)
        {
            throw new InvalidOperationException($"{m.Id}: the queue file path is not known");
        }

        using var stream = file.OpenBody((file.SourceFileSystem ?? new System.IO.Abstractions.FileSystem()).FileStream.New(m.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1), leaveOpen: false);
        using var bounded = new BoundedStream(stream, maxBytes);
        var buffer = new byte[64 * 1024];
        var line = new System.Buffers.ArrayBufferWriter<byte>(256);
        int n;
        while ((n = bounded.Read(buffer, 0, buffer.Length)) > 0)
        {
            var chunk = buffer.AsSpan(0, n);
            int newline;
            while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
            {
                line.Write(chunk[..newline]);
                if (LineMatches(regex, line.WrittenSpan))
                {
                    return true;
                }

                line.ResetWrittenCount();
                chunk = chunk[(newline + 1)..];
            }

            line.Write(chunk);
        }

        return line.WrittenCount > 0 && LineMatches(regex, line.WrittenSpan);
    }

    /// <summary>One body line (without its LF; a CR before it dropped) decoded without losing a byte, then matched.</summary>
    private static bool LineMatches(Regex regex, ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return regex.IsMatch(Files.QueueText.Decode(line));
    }

    /// <summary>
    /// A client address as Postfix stores it: plain, or with the <c>IPv6:</c> prefix that smtpd keeps on an
    /// XFORWARD <c>ADDR=IPV6:…</c> (case ignored); IPv4-mapped IPv6 addresses compare as IPv4. Null when not an address.
    /// </summary>
    private static System.Net.IPAddress? ParseClientAddress(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var span = text.AsSpan();
        if (span.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            span = span[5..];
        }

        if (!System.Net.IPAddress.TryParse(span, out var ip))
        {
            return null;
        }

        return ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
    }

    private static bool DomainMatches(string actual, string wanted, bool includeSubdomains)
    {
        var w = wanted.TrimStart('@');
        if (string.Equals(actual, w, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return includeSubdomains && actual.Length > w.Length && actual.EndsWith(w, StringComparison.OrdinalIgnoreCase) && actual[actual.Length - w.Length - 1] == '.';
    }
}
