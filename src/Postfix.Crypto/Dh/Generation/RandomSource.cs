using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Postfix.Crypto.Dh.Generation;

/// <summary>
/// Random bytes for candidates and Miller–Rabin bases: the operating system's CSPRNG, or (seeded mode) a
/// deterministic HMAC-SHA256 counter-mode generator keyed by SHA-256(seed) and a label, so that one seed always
/// gives the same parameters whatever the thread count.
/// </summary>
internal abstract class RandomSource
{
    public abstract void Fill(Span<byte> buffer);

    /// <summary>The system CSPRNG.</summary>
    public static RandomSource System { get; } = new SystemRandom();

    /// <summary>A deterministic stream for (<paramref name="seedKey"/>, <paramref name="label"/>).</summary>
    public static RandomSource Seeded(byte[] seedKey, string label) => new SeededRandom(seedKey, label);

    /// <summary>SHA-256 of the user's seed: the key of every seeded stream.</summary>
    public static byte[] SeedKey(ReadOnlySpan<byte> seed) => SHA256.HashData(seed);

    /// <summary>A uniform integer in [<paramref name="low"/>, <paramref name="high"/>] (inclusive).</summary>
    public BigInteger Between(BigInteger low, BigInteger high)
    {
        var range = high - low;
        if (range.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(high));
        }

        var bits = (int)range.GetBitLength();
        var bytes = new byte[(bits + 7) / 8];
        var topMask = (byte)(bits % 8 == 0 ? 0xFF : (1 << (bits % 8)) - 1);
        while (true)
        {
            Fill(bytes);
            if (bytes.Length > 0)
            {
                bytes[^1] &= topMask;
            }

            var v = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
            if (v <= range)
            {
                return low + v;
            }
        }
    }

    private sealed class SystemRandom : RandomSource
    {
        public override void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
    }

    private sealed class SeededRandom : RandomSource
    {
        private readonly byte[] _key;
        private readonly byte[] _input;
        private readonly byte[] _block = new byte[32];
        private ulong _counter;
        private int _used = 32;

        public SeededRandom(byte[] key, string label)
        {
            _key = key;
            var l = Encoding.UTF8.GetBytes(label);
            _input = new byte[l.Length + 8];
            l.CopyTo(_input, 0);
        }

        public override void Fill(Span<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                if (_used == _block.Length)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(_input.AsSpan(_input.Length - 8), _counter++);
                    HMACSHA256.HashData(_key, _input, _block);
                    _used = 0;
                }

                var n = Math.Min(buffer.Length, _block.Length - _used);
                _block.AsSpan(_used, n).CopyTo(buffer);
                _used += n;
                buffer = buffer[n..];
            }
        }
    }
}
