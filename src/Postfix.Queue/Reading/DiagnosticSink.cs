namespace Postfix.Queue.Reading;

/// <summary>Reports a problem: through the callback, then (strict mode) by throwing.</summary>
internal sealed class DiagnosticSink
{
    private readonly QueueReaderOptions _options;

    public DiagnosticSink(QueueReaderOptions options) => _options = options;

    public bool IsStrict => _options.Mode == QueueReadMode.Strict;

    /// <summary>Reports; throws <see cref="QueueFormatException"/> in strict mode.</summary>
    public void Report(string code, string message, long lineNumber, ReadOnlySpan<char> rawLine)
    {
        var diagnostic = QueueDiagnostics.Create(code, message, lineNumber, rawLine, _options.SourceName);
        _options.Diagnostics?.Invoke(diagnostic);
        if (IsStrict)
        {
            throw new QueueFormatException(diagnostic);
        }
    }
}
