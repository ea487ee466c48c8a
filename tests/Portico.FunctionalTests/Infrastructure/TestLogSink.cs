using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portico.FunctionalTests.Infrastructure;

/// <summary>Captures log entries in memory so tests can assert on them.</summary>
public sealed class TestLogSink : ILoggerProvider
{
    private ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Entries so far.</summary>
    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    internal void CopyFrom(TestLogSink other) => _entries = other._entries;

    private sealed class SinkLogger(TestLogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception,
                state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}

/// <summary>One captured log entry.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State);
