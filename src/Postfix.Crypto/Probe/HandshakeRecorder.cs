namespace Postfix.Crypto.Probe;

/// <summary>
/// A pass-through stream under the <see cref="System.Net.Security.SslStream"/> that keeps a copy of the first bytes
/// the server sends (its cleartext handshake records), so the probe can read what .NET does not expose (the
/// TLS 1.3 key-exchange group). Recording stops at <see cref="Stop"/> or after <see cref="Limit"/> bytes.
/// </summary>
internal sealed class HandshakeRecorder(Stream inner) : Stream
{
    public const int Limit = 256 * 1024;

    private readonly MemoryStream _recorded = new();
    private bool _stopped;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes read from the server so far (up to <see cref="Limit"/>).</summary>
    public ReadOnlySpan<byte> Recorded => _recorded.GetBuffer().AsSpan(0, (int)_recorded.Length);

    public void Stop() => _stopped = true;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        Keep(buffer.AsSpan(offset, n));
        return n;
    }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Keep(buffer[..n]);
        return n;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var n = await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
        Keep(buffer.AsSpan(offset, n));
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Keep(buffer.Span[..n]);
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopped = true;
            _recorded.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (_stopped || _recorded.Length >= Limit)
        {
            return;
        }

        _recorded.Write(data[..Math.Min(data.Length, Limit - (int)_recorded.Length)]);
    }
}
