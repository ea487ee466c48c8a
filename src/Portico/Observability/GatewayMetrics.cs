using System.Diagnostics.Metrics;

namespace Portico.Observability;

/// <summary>
/// The gateway's own instruments, created once from the host's <see cref="IMeterFactory"/> so that each host (and
/// each test server) has its own meter and the factory disposes it with the host.
/// </summary>
internal sealed class GatewayMetrics
{
    /// <summary>
    /// Bucket boundaries of the request histogram in seconds: ASP.NET Core's recommendation for HTTP durations,
    /// dense below a second where gateway latencies live.
    /// </summary>
    internal static readonly double[] RequestDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(PorticoMetrics.MeterName);
        Requests = Meter.CreateHistogram(
            PorticoMetrics.RequestsInstrument,
            unit: "s",
            description: "Duration of exchanges through the gateway, from route match to the last byte of the response.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestDurationBuckets });
    }

    /// <summary>The gateway's meter, named <see cref="PorticoMetrics.MeterName"/>.</summary>
    public Meter Meter { get; }

    /// <summary><see cref="PorticoMetrics.RequestsInstrument"/>.</summary>
    public Histogram<double> Requests { get; }
}
