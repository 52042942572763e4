using System.Runtime.CompilerServices;

namespace Postfix.Queue.Reading;

/// <summary>
/// Reads either kind of listing from bytes, telling them apart by the first non-blank line: a line starting with
/// <c>{</c> means <c>postqueue -j</c> JSON, anything else <c>mailq</c> text.
/// </summary>
public static class QueueListingReader
{
    /// <summary>Reads a text or JSON listing from bytes.</summary>
    public static IEnumerable<QueueMessage> Read(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Iterate(stream, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    /// <summary>Reads a text or JSON listing from bytes, asynchronously.</summary>
    public static IAsyncEnumerable<QueueMessage> ReadAsync(Stream stream, QueueReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return IterateAsync(stream, options ?? QueueReaderOptions.Default, cancellationToken);
    }

    private static IEnumerable<QueueMessage> Iterate(Stream stream, QueueReaderOptions options, CancellationToken cancellationToken)
    {
        var lines = new ByteLineReader(stream);
        var decoder = new LineDecoder();
        MailqTextParser? text = null;
        PostqueueJsonParser? json = null;
        var sawAny = false;
        while (lines.ReadLine())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = Dispatch(lines, decoder, options, ref text, ref json, ref sawAny);
            if (message is not null)
            {
                yield return message;
            }
        }

        var last = text?.End(lines.LineNumber + 1);
        if (last is not null)
        {
            yield return last;
        }
    }

    private static async IAsyncEnumerable<QueueMessage> IterateAsync(Stream stream, QueueReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = new ByteLineReader(stream);
        var decoder = new LineDecoder();
        MailqTextParser? text = null;
        PostqueueJsonParser? json = null;
        var sawAny = false;
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            var message = Dispatch(lines, decoder, options, ref text, ref json, ref sawAny);
            if (message is not null)
            {
                yield return message;
            }
        }

        var last = text?.End(lines.LineNumber + 1);
        if (last is not null)
        {
            yield return last;
        }
    }

    private static QueueMessage? Dispatch(ByteLineReader lines, LineDecoder decoder, QueueReaderOptions options, ref MailqTextParser? text, ref PostqueueJsonParser? json, ref bool sawAny)
    {
        var line = lines.Line;
        if (!sawAny)
        {
            var trimmed = line.TrimStart(" \t"u8);
            if (trimmed.IsEmpty)
            {
                return null;
            }

            sawAny = true;
            if (trimmed[0] == (byte)'{')
            {
                json = new PostqueueJsonParser(options);
            }
            else
            {
                text = new MailqTextParser(options);
            }
        }

        return json is not null ? json.Line(line, lines.LineNumber) : text!.Line(decoder.Decode(line), lines.LineNumber);
    }
}
