using System.Globalization;
using System.Text;

namespace Portico.Discovery.Eureka;

/// <summary>One application in an <c>applications</c> document, with each instance's delta action.</summary>
internal sealed record EurekaApplication(string Name, IReadOnlyList<(ServiceInstance Instance, DeltaAction Action)> Instances);

/// <summary>An <c>applications</c> document: the full registry or a delta.</summary>
internal sealed record EurekaApplications(long Version, string HashCode, IReadOnlyList<EurekaApplication> Apps);

/// <summary>How registry instances look to Eureka clients, shared by the JSON and XML writers.</summary>
internal static class EurekaFormat
{
    public const string DataCenterClass = "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo";
    public const string DataCenterName = "MyOwn";

    /// <summary>Eureka upper-cases application names (InstanceInfo.setAppName), and its clients look them up that way.</summary>
    public static string AppName(string name) => name.ToUpperInvariant();

    public static string OverriddenStatus(ServiceInstance i) =>
        i.OverriddenStatus is { } o ? InstanceValidator.StatusName(o) : "UNKNOWN";

    /// <summary>The plain and secure ports as Eureka shows them: as registered, else derived from the scheme.</summary>
    public static (int Port, bool PortEnabled, int SecurePort, bool SecurePortEnabled) Ports(ServiceInstance i)
    {
        var d = i.Details;
        var port = d.NonSecurePort ?? (i.IsSecure ? 80 : i.Port);
        var portEnabled = d.NonSecurePort is not null ? d.NonSecurePortEnabled : !i.IsSecure;
        var securePort = d.SecurePort ?? (i.IsSecure ? i.Port : 443);
        var securePortEnabled = d.SecurePort is not null ? d.SecurePortEnabled : i.IsSecure;
        return (port, portEnabled, securePort, securePortEnabled);
    }

    public static string VipAddress(ServiceInstance i) => i.Details.VipAddress ?? i.AppName.ToLowerInvariant();

    public static string SecureVipAddress(ServiceInstance i) => i.Details.SecureVipAddress ?? i.AppName.ToLowerInvariant();

    public static long LastDirty(ServiceInstance i) => i.Details.LastDirtyTimestamp ?? i.LastUpdated.ToUnixTimeMilliseconds();

    public static string ActionType(DeltaAction action) => action switch
    {
        DeltaAction.Modified => "MODIFIED",
        DeltaAction.Deleted => "DELETED",
        _ => "ADDED",
    };

    /// <summary>
    /// Eureka's reconcile hash code: each status with its instance count, in status-name order
    /// (<c>DOWN_1_UP_3_</c>). Clients compare it after applying a delta and fetch everything on a mismatch.
    /// </summary>
    public static string HashCode(IEnumerable<ServiceInstance> instances)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            var status = InstanceValidator.StatusName(instance.Status);
            counts[status] = counts.GetValueOrDefault(status) + 1;
        }

        var sb = new StringBuilder();
        foreach (var (status, count) in counts)
        {
            sb.Append(status).Append('_').Append(count.ToString(CultureInfo.InvariantCulture)).Append('_');
        }

        return sb.ToString();
    }

    /// <summary>The whole registry, applications and instances in name order.</summary>
    public static EurekaApplications Full(RegistrySnapshot snapshot)
    {
        var names = new List<string>(snapshot.Applications);
        names.Sort(StringComparer.OrdinalIgnoreCase);
        var apps = new List<EurekaApplication>(names.Count);
        foreach (var name in names)
        {
            var instances = snapshot.GetInstances(name);
            var entries = new (ServiceInstance, DeltaAction)[instances.Count];
            for (var i = 0; i < instances.Count; i++)
            {
                entries[i] = (instances[i], DeltaAction.Added);
            }

            apps.Add(new EurekaApplication(name, entries));
        }

        return new EurekaApplications(snapshot.Version, HashCode(snapshot.All), apps);
    }

    /// <summary>The recent changes grouped by application (in the order they happened) and the hash code after them.</summary>
    public static EurekaApplications Delta(RegistryDelta delta)
    {
        var apps = new List<EurekaApplication>();
        var byName = new Dictionary<string, List<(ServiceInstance, DeltaAction)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in delta.Entries)
        {
            if (!byName.TryGetValue(entry.Instance.AppName, out var list))
            {
                list = [];
                byName[entry.Instance.AppName] = list;
                apps.Add(new EurekaApplication(entry.Instance.AppName, list));
            }

            list.Add((entry.Instance, entry.Action));
        }

        return new EurekaApplications(delta.Snapshot.Version, HashCode(delta.Snapshot.All), apps);
    }
}
