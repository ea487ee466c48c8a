using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Portico.FunctionalTests.Observability;

/// <summary>Captures the measurements of one instrument of meters created by one <see cref="IMeterFactory"/>.</summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, object?>> _tags = new();

    public MeasurementRecorder(IMeterFactory factory, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var copy = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy.Add(tag.Key, tag.Value);
            }

            _tags.Enqueue(copy);
        });
        _listener.Start();
    }

    /// <summary>The tags of every measurement so far.</summary>
    public IReadOnlyCollection<IReadOnlyDictionary<string, object?>> Tags => _tags;

    public void Dispose() => _listener.Dispose();
}
