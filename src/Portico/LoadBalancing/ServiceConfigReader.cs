using Microsoft.Extensions.Configuration;
using Portico.Configuration;

namespace Portico.LoadBalancing;

/// <summary>
/// Reads the <c>services</c> map: each child section, keyed by service id, is bound over <c>service-defaults</c>, so
/// an entry states only what differs. Values that cannot be read become <see cref="ConfigError"/>s naming the field;
/// ranges and names are checked by <see cref="ServiceConfigValidator"/>.
/// </summary>
internal static class ServiceConfigReader
{
    public const string SectionName = "services";

    public static IReadOnlyDictionary<string, ServiceConfig> Read(IReadOnlyList<IConfigurationSection> sections, ServiceConfig defaults, List<ConfigError> errors)
    {
        // The first section that names a service wins, as for every other setting (Portico before Spring's alias).
        var byService = new Dictionary<string, List<IConfigurationSection>>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in sections)
        {
            var services = PorticoConfigReader.Child(section, SectionName);
            if (services is null)
            {
                continue;
            }

            foreach (var service in services.GetChildren())
            {
                if (!byService.TryGetValue(service.Key, out var list))
                {
                    byService[service.Key] = list = [];
                }

                list.Add(service);
            }
        }

        var result = new Dictionary<string, ServiceConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (serviceId, list) in byService)
        {
            if (list[0].Value is not null && !list[0].GetChildren().Any())
            {
                errors.Add(new ConfigError(null, $"{SectionName}.{serviceId}", "is a single value, not a settings block.", "Write the service's settings under it, e.g. 'load-balancer: RoundRobin'."));
                continue;
            }

            // The binder writes into the object it is given; a copy keeps the defaults intact.
            result[serviceId] = SettingsBinder.Bind(defaults with { }, list, $"{SectionName}.{serviceId}", errors);
        }

        return result;
    }
}
