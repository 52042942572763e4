using System.Globalization;
using System.Text;
using Postfix.Config.Syntax;
using Postfix.Config.Tables.Text;

namespace Postfix.Config.Tables;

/// <summary>
/// One <c>postmap -q KEY texthash:FILE</c> query answered by a single pass over the source bytes, without building
/// the table: same answer (first entry wins, or the last with <see cref="DuplicateKeyMode.Replace"/>; keys folded as
/// Postfix folds them) and the same warnings in the same order (line problems and every duplicate key, found with a
/// compact set of key hashes instead of a dictionary of strings). This is what makes a single query on a big
/// texthash file several times faster and smaller than loading it.
/// </summary>
/// <remarks>
/// It groups physical lines exactly as <see cref="Syntax.LogicalLineReader"/> does, directly on the bytes; a property
/// test checks that it answers and warns exactly like <see cref="PostmapSource"/> + <see cref="TexthashTable"/>.
/// </remarks>
internal static class TexthashScan
{
    /// <summary>Looks up <paramref name="key"/> in texthash source bytes.</summary>
    /// <param name="source">The whole source file.</param>
    /// <param name="name">The table name (the path as given; used in warnings).</param>
    /// <param name="key">The query key as bytes (a NUL ends it, as in C).</param>
    /// <param name="options">Folding, duplicates and SMTPUTF8.</param>
    /// <param name="warn">Receives each warning Postfix would print, in order (text after <c>warning: </c>).</param>
    /// <returns>The value's bytes, or null when the key is not found.</returns>
    public static byte[]? Lookup(ReadOnlySpan<byte> source, string name, ReadOnlySpan<byte> key, LookupTableOptions options, Action<string>? warn)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        var scanner = new Scanner(name, options, warn);
        return scanner.Run(source, key);
    }

    internal sealed class Scanner
    {
        private readonly LookupTableOptions _options;
        private readonly Action<string>? _warn;
        private readonly string _path;
        private readonly bool _utf8;
        private readonly bool _fold;
        private readonly bool _trackDuplicates;
        private KeySet _seen;
        private byte[] _join = new byte[256];
        private byte[] _foldBuffer = new byte[256];

        public Scanner(string name, LookupTableOptions options, Action<string>? warn)
        {
            _options = options;
            _warn = warn;
            _path = ByteText.FromDisplay(name);
            _utf8 = options.Utf8;
            _fold = options.FoldCase;
            _trackDuplicates = options.Duplicates is DuplicateKeyMode.Warn or DuplicateKeyMode.Fail;
        }

        public byte[]? Run(ReadOnlySpan<byte> source, ReadOnlySpan<byte> rawKey)
        {
            var nul = rawKey.IndexOf((byte)0);
            if (nul >= 0)
            {
                rawKey = rawKey[..nul];
            }

            if (_trackDuplicates)
            {
                // At most one key per line: size the set once, so it never grows (no copies, a known peak).
                _seen = new KeySet(source.Count((byte)'\n') + 1);
            }

            byte[]? targetKey = null;
            if (!_utf8 || Utf8Check.IsAscii(rawKey) || Utf8Check.IsValid(rawKey))
            {
                targetKey = FoldKey(rawKey).ToArray();
            }

            byte[]? result = null;
            var found = false;
            var failed = false;
            var pos = 0;
            var lineNo = 0;
            var n = source.Length;
            while (pos < n && !failed)
            {
                var end = NextLineEnd(source, pos);
                lineNo++;
                var kind = Classify(source[pos..end]);
                if (kind == LineKind.Ignorable)
                {
                    pos = end + 1;
                    continue;
                }

                var firstLine = lineNo;
                var orphan = kind == LineKind.Continuation;
                var segStart = pos;
                var segEnd = end;
                var joined = 0;
                var multi = false;
                pos = end + 1;
                while (pos < n)
                {
                    var b = source[pos];
                    if (b != (byte)'#' && !PostmapLineParser.IsSpace(b))
                    {
                        break;
                    }

                    var e2 = NextLineEnd(source, pos);
                    lineNo++;
                    if (Classify(source[pos..e2]) == LineKind.Continuation)
                    {
                        if (!multi)
                        {
                            multi = true;
                            joined = Append(0, source[segStart..segEnd]);
                        }

                        joined = Append(joined, source[pos..e2]);
                    }

                    pos = e2 + 1;
                }

                var text = multi ? _join.AsSpan(0, joined) : source[segStart..segEnd];
                if (orphan)
                {
                    Orphan(text);
                    continue;
                }

                var outcome = PostmapLineParser.Split(text, _utf8, out var keyEnd, out var valueStart, out var valueEnd);
                var line = firstLine.ToString(CultureInfo.InvariantCulture);
                switch (outcome)
                {
                    case PostmapLineParser.Outcome.NonUtf8:
                        Warn(_path + ", line " + line + ": non-UTF-8 input \"" + CString(text) + "\" -- ignoring this line");
                        continue;
                    case PostmapLineParser.Outcome.Unbalanced:
                        Warn(_path + ", line " + line + ": unbalanced '\"' in '" + CString(text) + "' -- ignoring this line");
                        continue;
                    case PostmapLineParser.Outcome.Expected:
                        Warn(_path + ", line " + line + ": expected format: key whitespace value -- ignoring this line");
                        continue;
                }

                var keySpan = text[..keyEnd];
                if (keySpan[^1] == (byte)':')
                {
                    Warn(_path + ", line " + line + ": record is in \"key: value\" format; is this an alias file?");
                }

                var folded = FoldKey(keySpan);
                var isTarget = targetKey is not null && folded.SequenceEqual(targetKey);
                if (_trackDuplicates)
                {
                    var rawStart = multi ? -1 : segStart;
                    if (!_seen.Add(folded, source, rawStart, keyEnd, keySpan, this))
                    {
                        Warn(_path + ", line " + line + ": duplicate entry: \"" + ByteText.FromBytes(keySpan) + "\"");
                        if (_options.Duplicates == DuplicateKeyMode.Fail)
                        {
                            failed = true;
                            result = null;
                            found = false;
                        }

                        continue;
                    }
                }

                if (isTarget && (!found || _options.Duplicates == DuplicateKeyMode.Replace))
                {
                    result = text[valueStart..valueEnd].ToArray();
                    found = true;
                }
            }

            if (targetKey is null)
            {
                Warn("texthash:" + _path + ": non-UTF-8 key \"" + ByteText.FromBytes(rawKey) + "\": malformed UTF-8 or invalid codepoint");
            }

            return failed ? null : result;
        }

        private static int NextLineEnd(ReadOnlySpan<byte> source, int pos)
        {
            var lf = source[pos..].IndexOf((byte)'\n');
            return lf < 0 ? source.Length : pos + lf;
        }

        private static LineKind Classify(ReadOnlySpan<byte> line)
        {
            var i = 0;
            while (i < line.Length && PostmapLineParser.IsSpace(line[i]))
            {
                i++;
            }

            if (i == line.Length || line[i] == (byte)'#')
            {
                return LineKind.Ignorable;
            }

            return i == 0 ? LineKind.Start : LineKind.Continuation;
        }

        private static string CString(ReadOnlySpan<byte> text)
        {
            var nul = text.IndexOf((byte)0);
            return ByteText.FromBytes(nul >= 0 ? text[..nul] : text);
        }

        private void Orphan(ReadOnlySpan<byte> text)
        {
            var c = CString(text);
            var shown = (c.Length > 30 ? c[..30] : c) + (text.Length > 30 ? "..." : string.Empty);
            Warn(_path + ": logical line must not start with whitespace: \"" + shown + "\"");
        }

        private int Append(int at, ReadOnlySpan<byte> bytes)
        {
            if (at + bytes.Length > _join.Length)
            {
                Array.Resize(ref _join, Math.Max(_join.Length * 2, at + bytes.Length));
            }

            bytes.CopyTo(_join.AsSpan(at));
            return at + bytes.Length;
        }

        private ReadOnlySpan<byte> FoldKey(ReadOnlySpan<byte> key)
        {
            if (!_fold)
            {
                return key;
            }

            if (Utf8Check.IsAscii(key) || !_utf8)
            {
                if (key.IndexOfAnyInRange((byte)'A', (byte)'Z') < 0)
                {
                    return key;
                }

                if (_foldBuffer.Length < key.Length)
                {
                    _foldBuffer = new byte[key.Length * 2];
                }

                var dest = _foldBuffer.AsSpan(0, key.Length);
                key.CopyTo(dest);
                KeyFolding.LowerAsciiInPlace(dest);
                return dest;
            }

            return Encoding.Latin1.GetBytes(KeyFolding.Fold(ByteText.FromBytes(key), true));
        }

        /// <summary>Whether a stored (unfolded) key folds to <paramref name="folded"/>.</summary>
        internal bool FoldedEquals(ReadOnlySpan<byte> storedRaw, ReadOnlySpan<byte> folded)
        {
            if (!_fold)
            {
                return storedRaw.SequenceEqual(folded);
            }

            if (!_utf8 || Utf8Check.IsAscii(storedRaw))
            {
                if (storedRaw.Length != folded.Length)
                {
                    return false;
                }

                for (var i = 0; i < storedRaw.Length; i++)
                {
                    var b = storedRaw[i];
                    if (b is >= (byte)'A' and <= (byte)'Z')
                    {
                        b = (byte)(b + 32);
                    }

                    if (b != folded[i])
                    {
                        return false;
                    }
                }

                return true;
            }

            return Encoding.Latin1.GetBytes(KeyFolding.Fold(ByteText.FromBytes(storedRaw), true)).AsSpan().SequenceEqual(folded);
        }

        private void Warn(string byteText) => _warn?.Invoke(ByteText.ToDisplay(PostfixText.PrintableByteText(byteText, _utf8)));
    }

    private enum LineKind
    {
        Ignorable,
        Start,
        Continuation,
    }

    /// <summary>
    /// The keys seen so far, as 64-bit hashes of the folded key plus where the key's bytes are: an offset into the
    /// source (keys are not copied), or into a side buffer for the rare key that spans joined lines. Equal hashes are
    /// confirmed by comparing the folded keys, so the answer is exact. Open addressing, sized once from the line count.
    /// </summary>
    private struct KeySet
    {
        private const ulong SideFlag = 1UL << 63;
        private readonly ulong[] _hashes;
        private readonly ulong[] _where;
        private byte[] _side;
        private int _sideUsed;

        public KeySet(int maxKeys)
        {
            var size = 16;
            while (size < maxKeys + (maxKeys / 3) + 1)
            {
                size *= 2;
            }

            _hashes = new ulong[size];
            _where = new ulong[size];
            _side = [];
            _sideUsed = 0;
        }

        /// <summary>Adds the folded key; false when an equal key was there already.</summary>
        public bool Add(ReadOnlySpan<byte> folded, ReadOnlySpan<byte> source, int rawStart, int rawLength, ReadOnlySpan<byte> raw, Scanner scanner)
        {
            var h = Hash(folded) | 1UL;
            var mask = _hashes.Length - 1;
            var i = (int)(h & (ulong)mask);
            while (_hashes[i] != 0)
            {
                if (_hashes[i] == h && scanner.FoldedEquals(Stored(i, source), folded))
                {
                    return false;
                }

                i = (i + 1) & mask;
            }

            _hashes[i] = h;
            if (rawStart >= 0)
            {
                _where[i] = ((ulong)(uint)rawStart << 31) | (uint)rawLength;
            }
            else
            {
                if (_sideUsed + raw.Length > _side.Length)
                {
                    Array.Resize(ref _side, Math.Max(256, (_side.Length * 2) + raw.Length));
                }

                raw.CopyTo(_side.AsSpan(_sideUsed));
                _where[i] = SideFlag | ((ulong)(uint)_sideUsed << 31) | (uint)raw.Length;
                _sideUsed += raw.Length;
            }

            return true;
        }

        private readonly ReadOnlySpan<byte> Stored(int i, ReadOnlySpan<byte> source)
        {
            var w = _where[i];
            var start = (int)((w & ~SideFlag) >> 31);
            var length = (int)(w & 0x7fffffff);
            return (w & SideFlag) != 0 ? _side.AsSpan(start, length) : source.Slice(start, length);
        }

        private static ulong Hash(ReadOnlySpan<byte> key)
        {
            var h = 0xcbf29ce484222325UL;
            foreach (var b in key)
            {
                h = (h ^ b) * 0x100000001B3UL;
            }

            return h ^ (h >> 29);
        }
    }
}
