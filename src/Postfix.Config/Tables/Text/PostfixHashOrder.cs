namespace Postfix.Config.Tables.Text;

/// <summary>
/// The order in which Postfix's in-memory hash table (<c>util/htable.c</c>, the store behind <c>texthash:</c>,
/// <c>inline:</c> and friends) lists its entries for <c>postmap -s</c>: buckets in index order, each bucket newest
/// first, with the table growing from 13 buckets to <c>2n+1</c> when full and the modified FNV-1a hash of
/// <c>util/hash_fnv.c</c>. Postfix seeds that hash at random per process unless <c>NORANDOMIZE</c> is set in the
/// environment; this reproduces the unseeded (NORANDOMIZE) order.
/// </summary>
internal static class PostfixHashOrder
{
    private const ulong OffsetBasis = 0xcbf29ce484222325UL;
    private const ulong Prime = 0x00000100000001B3UL;

    /// <summary>Postfix's <c>hash_fnv()</c> without the random seed (each byte plus one, FNV-1a, 64 bits).</summary>
    public static ulong Hash(string byteText)
    {
        var hash = OffsetBasis;
        foreach (var c in byteText)
        {
            hash ^= 1UL + (byte)c;
            hash *= Prime;
        }

        return hash;
    }

    /// <summary>
    /// Lists <paramref name="keys"/> (distinct, in the order they were first entered) in the order htable_list() gives.
    /// </summary>
    public static int[] Order(IReadOnlyList<string> keys)
    {
        var hashes = new ulong[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            hashes[i] = Hash(keys[i]);
        }

        // Chains as arrays of "next" links; head[bucket] = entry index or -1.
        var size = 13UL;
        var head = NewBuckets(size);
        var next = new int[keys.Count];
        ulong used = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            if (used >= size)
            {
                var oldHead = head;
                var oldSize = size;
                size = (2 * oldSize) | 1;
                head = NewBuckets(size);
                used = 0;
                for (ulong b = 0; b < oldSize; b++)
                {
                    for (var e = oldHead[b]; e >= 0;)
                    {
                        var n = next[e];
                        Link(e);
                        e = n;
                    }
                }
            }

            Link(i);
        }

        var order = new int[keys.Count];
        var k = 0;
        for (ulong b = 0; b < size; b++)
        {
            for (var e = head[b]; e >= 0; e = next[e])
            {
                order[k++] = e;
            }
        }

        return order;

        void Link(int e)
        {
            var bucket = hashes[e] % size;
            next[e] = head[bucket];
            head[bucket] = e;
            used++;
        }
    }

    private static int[] NewBuckets(ulong size)
    {
        var a = new int[size];
        Array.Fill(a, -1);
        return a;
    }
}
