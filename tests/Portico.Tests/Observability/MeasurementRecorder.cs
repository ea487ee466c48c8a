using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Portico.Tests.Observability;

/// <summary>Captures the measurements of one instrument of meters created by one <see cref="IMeterFactory"/>.</summary>
public sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    public MeasurementRecorder(IMeterFactory factory, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy.Add(tag.Key, tag.Value);
            }

            _measurements.Enqueue(new RecordedMeasurement(value, copy));
        });
        _listener.Start();
    }

    public IReadOnlyCollection<RecordedMeasurement> Measurements => _measurements;

    public void Dispose() => _listener.Dispose();
}

/// <summary>One measurement and its tags.</summary>
public sealed record RecordedMeasurement(double Value, IReadOnlyDictionary<string, object?> Tags);
