using System.Security.Cryptography;
using System.Text;

namespace Postfix.SaveChild;

/// <summary>The contents the child writes: a header line with the version and a deterministic body of varying size.</summary>
public static class Versions
{
    public static byte[] Content(long version)
    {
        var size = 64 * 1024 + (int)(version * 7919 % (768 * 1024));
        var body = new byte[size];
        var seed = SHA256.HashData(BitConverter.GetBytes(version));
        for (var i = 0; i < size; i++)
        {
            // Printable, never a newline, so a torn file cannot pass for another version.
            body[i] = (byte)('a' + ((seed[i % seed.Length] + i) % 26));
        }

        var header = Encoding.ASCII.GetBytes($"# version {version} size {size}\n");
        return [.. header, .. body, (byte)'\n'];
    }

    public static long? Parse(ReadOnlySpan<byte> content)
    {
        var end = content.IndexOf((byte)'\n');
        if (end < 0)
        {
            return null;
        }

        var words = Encoding.ASCII.GetString(content[..end]).Split(' ');
        return words.Length == 5 && words[0] == "#" && words[1] == "version" && long.TryParse(words[2], out var v) ? v : null;
    }
}
