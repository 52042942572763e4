namespace Postfix.Queue;

/// <summary>One recipient of a queued message that is still to be delivered, with its own reason.</summary>
public sealed class QueueRecipient : IEquatable<QueueRecipient>
{
    /// <summary>Creates a recipient.</summary>
    /// <param name="address">The recipient address as Postfix shows it (RFC 5321 external form).</param>
    /// <param name="delayReason">Why delivery was deferred (from the defer log), or null.</param>
    /// <param name="originalAddress">The original recipient (<c>orig_address</c>, Postfix 3.11+ JSON), or null.</param>
    /// <param name="bounceReason">Why the recipient bounced, before the bounce notice exists (3.11+ JSON), or null.</param>
    /// <param name="otherReason">A reason of an unknown log class (3.11+ JSON <c>other_reason</c>), or null.</param>
    public QueueRecipient(string address, string? delayReason = null, string? originalAddress = null, string? bounceReason = null, string? otherReason = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        DelayReason = delayReason;
        OriginalAddress = originalAddress;
        BounceReason = bounceReason;
        OtherReason = otherReason;
    }

    /// <summary>The recipient address as Postfix shows it.</summary>
    public string Address { get; }

    /// <summary>The deferral reason (<c>delay_reason</c>; a text listing cannot tell it from a bounce reason), or null.</summary>
    public string? DelayReason { get; }

    /// <summary>The original recipient address (<c>orig_address</c>, JSON from Postfix 3.11 on), or null.</summary>
    public string? OriginalAddress { get; }

    /// <summary>The bounce reason (<c>bounce_reason</c>, JSON from Postfix 3.11 on), or null.</summary>
    public string? BounceReason { get; }

    /// <summary>A reason of an unknown class (<c>other_reason</c>, JSON from Postfix 3.11 on), or null.</summary>
    public string? OtherReason { get; }

    /// <summary>The first reason present: delay, then bounce, then other; null when there is none.</summary>
    public string? Reason => DelayReason ?? BounceReason ?? OtherReason;

    /// <summary>The domain part of <see cref="Address"/> (after the last <c>@</c>), lower-cased; empty when there is none.</summary>
    public string Domain => AddressParts.Domain(Address);

    /// <inheritdoc/>
    public bool Equals(QueueRecipient? other) =>
        other is not null
        && string.Equals(Address, other.Address, StringComparison.Ordinal)
        && string.Equals(DelayReason, other.DelayReason, StringComparison.Ordinal)
        && string.Equals(OriginalAddress, other.OriginalAddress, StringComparison.Ordinal)
        && string.Equals(BounceReason, other.BounceReason, StringComparison.Ordinal)
        && string.Equals(OtherReason, other.OtherReason, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as QueueRecipient);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Address, DelayReason, OriginalAddress, BounceReason, OtherReason);

    /// <summary>The address, and the reason in parentheses when there is one.</summary>
    public override string ToString() => Reason is null ? Address : $"{Address} ({Reason})";
}
