using System.Diagnostics.Metrics;

namespace Portico.Health;

/// <summary>
/// Health instruments on the <c>Portico</c> meter: <c>portico.instance.healthy</c> (1 when an instance passes its
/// health checks, else 0) and <c>portico.instance.ejections</c>, both tagged <c>service</c> and <c>instance</c>.
/// </summary>
internal sealed class HealthMetrics
{
    private readonly Counter<long> _ejections;

    public HealthMetrics(IMeterFactory meterFactory, IInstanceHealthView view)
    {
        Meter = meterFactory.Create(Observability.PorticoMetrics.MeterName);
        Meter.CreateObservableGauge(
            "portico.instance.healthy",
            () => Observe(view),
            unit: "{instance}",
            description: "1 when the instance passes its active and passive health checks, else 0.");
        _ejections = Meter.CreateCounter<long>(
            "portico.instance.ejections",
            unit: "{ejection}",
            description: "Passive health ejections of an instance.");
    }

    public Meter Meter { get; }

    public void RecordEjection(string serviceId, string instanceId) =>
        _ejections.Add(1, new KeyValuePair<string, object?>("service", serviceId), new KeyValuePair<string, object?>("instance", instanceId));

    private static Measurement<int>[] Observe(IInstanceHealthView view)
    {
        var reports = view.GetReports();
        var measurements = new Measurement<int>[reports.Count];
        for (var i = 0; i < reports.Count; i++)
        {
            var report = reports[i];
            measurements[i] = new Measurement<int>(
                report.Healthy ? 1 : 0,
                new KeyValuePair<string, object?>("service", report.ServiceId),
                new KeyValuePair<string, object?>("instance", report.InstanceId));
        }

        return measurements;
    }
}
