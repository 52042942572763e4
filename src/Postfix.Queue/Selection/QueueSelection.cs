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

    private QueueSelection(Func<QueueMessage, bool> predicate, string description, bool requiresRecipients = false)
    {
        _predicate = predicate;
        Description = description;
        RequiresRecipients = requiresRecipients;
    }

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

        return ReferenceEquals(right, All) ? left : new(m => left._predicate(m) && right._predicate(m), $"({left.Description} and {right.Description})", left.RequiresRecipients || right.RequiresRecipients);
    }

    /// <summary>Either must match.</summary>
    public static QueueSelection Or(QueueSelection left, QueueSelection right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(m => left._predicate(m) || right._predicate(m), $"({left.Description} or {right.Description})", left.RequiresRecipients || right.RequiresRecipients);
    }

    /// <summary>The opposite.</summary>
    public static QueueSelection Not(QueueSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return new(m => !selection._predicate(m), $"not {selection.Description}", selection.RequiresRecipients);
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
