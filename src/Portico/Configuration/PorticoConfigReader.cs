using Microsoft.Extensions.Configuration;

namespace Portico.Configuration;

/// <summary>
/// Reads a <see cref="PorticoConfig"/> from <see cref="IConfiguration"/>: the <c>Portico</c> section, and Spring
/// Cloud Gateway's <c>spring:cloud:gateway</c> (or <c>spring:cloud:gateway:server:webflux</c>) as an alias, so a
/// pasted <c>application.yml</c> works. Keys match case-insensitively and ignore dashes.
/// </summary>
public static class PorticoConfigReader
{
    /// <summary>The Portico section name.</summary>
    public const string SectionName = "Portico";

    /// <summary>Sections under <c>Portico</c> that other readers own (<c>management</c>: the admin endpoints' access).</summary>
    private static readonly string[] OtherReaders = ["management"];

    private static readonly string[] AliasSections = ["spring:cloud:gateway:server:webflux", "spring:cloud:gateway"];

    /// <summary>Reads the core configuration; problems found while reading are added to <paramref name="errors"/>.</summary>
    public static PorticoConfig Read(IConfiguration configuration, List<ConfigError> errors) => Read(configuration, errors, []);

    /// <summary>
    /// Reads the configuration with the sections of the modules in <paramref name="moduleSections"/>; problems found
    /// while reading, the modules' included, are added to <paramref name="errors"/>.
    /// </summary>
    public static PorticoConfig Read(IConfiguration configuration, List<ConfigError> errors, IEnumerable<IPorticoConfigSection> moduleSections)
    {
        ArgumentNullException.ThrowIfNull(moduleSections);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);

        // Sources that translate another format (Linkis properties files) report the values they could not translate.
        foreach (var source in ConfigurationProviders.Find<IConfigurationErrorSource>(configuration))
        {
            errors.AddRange(source.Errors);
        }

        var sections = new List<IConfigurationSection>();
        var portico = configuration.GetSection(SectionName);
        if (portico.Exists())
        {
            sections.Add(portico);
        }

        foreach (var alias in AliasSections)
        {
            var s = configuration.GetSection(alias);
            if (s.Exists())
            {
                sections.Add(s);
            }
        }

        var routes = new List<RouteConfig>();
        var defaultFilters = new List<ComponentConfig>();
        foreach (var section in sections)
        {
            var routesSection = Child(section, "routes");
            if (routesSection is not null)
            {
                foreach (var child in OrderedChildren(routesSection))
                {
                    routes.Add(ReadRoute(child, routes.Count, errors));
                }
            }

            var df = Child(section, "default-filters");
            if (df is not null)
            {
                defaultFilters.AddRange(ReadComponents(df, "default-filters", null, errors));
            }
        }

        // Sections holds what modules read themselves; no configuration key binds it. A module's own keys are not the
        // core's to bind, and not unknown either.
        var modules = moduleSections as IReadOnlyList<IPorticoConfigSection> ?? [.. moduleSections];
        var config = SettingsBinder.Bind(new PorticoConfig(), sections, "", errors, skip: ["routes", "default-filters", "discovery", "services", "sections", .. OtherReaders, .. modules.SelectMany(m => m.Keys)]);
        foreach (var module in modules)
        {
            config = module.Read(config, sections, errors);
        }

        var services = Portico.LoadBalancing.ServiceConfigReader.Read(sections, config.ServiceDefaults, errors);
        config = config with { Routes = routes, DefaultFilters = defaultFilters, Discovery = Discovery.DiscoveryConfigReader.Read(sections, errors), Services = services };

        // Modules complete the whole configuration last (Linkis mode adds its own routes after the configured ones).
        foreach (var module in modules)
        {
            config = module.Complete(config, errors);
        }

        return config;
    }

    /// <summary>Finds a child section by normalized name (<c>default-filters</c> = <c>defaultFilters</c>).</summary>
    internal static IConfigurationSection? Child(IConfiguration section, string name)
    {
        var wanted = ComponentArgs.Normalize(name);
        foreach (var child in section.GetChildren())
        {
            if (ComponentArgs.Normalize(child.Key) == wanted)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>Children of a list section in index order (configuration keys sort as strings, so 10 precedes 2).</summary>
    internal static IEnumerable<IConfigurationSection> OrderedChildren(IConfigurationSection section) =>
        section.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).ThenBy(c => c.Key, StringComparer.Ordinal);

    private static readonly string[] RouteKeys = ["id", "uri", "order", "predicates", "filters", "metadata"];
    private static readonly string[] ExpandedComponentKeys = ["name", "args"];

    private static RouteConfig ReadRoute(IConfigurationSection section, int index, List<ConfigError> errors)
    {
        var id = Child(section, "id")?.Value ?? "";
        var label = string.IsNullOrWhiteSpace(id) ? $"routes[{index}]" : id;

        // A route's keys are checked in Spring's section too: a misspelt 'filters' would otherwise drop every filter.
        UnknownKeys.Check(section, RouteKeys, label, "", errors, always: true);
        var orderText = Child(section, "order")?.Value;
        var order = 0;
        if (orderText is not null && !int.TryParse(orderText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out order))
        {
            errors.Add(new ConfigError(label, "order", $"'{orderText}' is not an integer.", "Write a whole number; lower orders are tried first."));
        }

        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var metaSection = Child(section, "metadata");
        if (metaSection is not null)
        {
            Flatten(metaSection, "", metadata);
        }

        var predicates = Child(section, "predicates");
        var filters = Child(section, "filters");
        return new RouteConfig
        {
            Id = id,
            Uri = Child(section, "uri")?.Value ?? "",
            Order = order,
            Predicates = predicates is null ? [] : ReadComponents(predicates, "predicates", label, errors),
            Filters = filters is null ? [] : ReadComponents(filters, "filters", label, errors),
            Metadata = metadata,
        };
    }

    private static List<ComponentConfig> ReadComponents(IConfigurationSection list, string field, string? routeId, List<ConfigError> errors)
    {
        var result = new List<ComponentConfig>();
        var i = 0;
        foreach (var item in OrderedChildren(list))
        {
            if (item.Value is not null && !item.GetChildren().Any())
            {
                result.Add(ComponentConfig.Parse(item.Value));
            }
            else
            {
                UnknownKeys.Check(item, ExpandedComponentKeys, routeId, $"{field}[{i}]", errors, always: true);
                var name = Child(item, "name")?.Value;
                if (string.IsNullOrWhiteSpace(name))
                {
                    errors.Add(new ConfigError(routeId, $"{field}[{i}]", "has no 'name'.", "Write 'Name=args' or give the expanded form a 'name' and 'args'."));
                    i++;
                    continue;
                }

                var args = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
                var argsSection = Child(item, "args");
                if (argsSection is not null)
                {
                    foreach (var arg in argsSection.GetChildren())
                    {
                        var children = OrderedChildren(arg).ToList();
                        args[arg.Key] = children.Count > 0
                            ? children.Where(c => c.Value is not null).Select(c => c.Value!).ToList()
                            : [arg.Value ?? ""];
                    }
                }

                result.Add(new ComponentConfig(name.Trim(), [], args));
            }

            i++;
        }

        return result;
    }

    private static void Flatten(IConfigurationSection section, string prefix, Dictionary<string, string> into)
    {
        foreach (var child in section.GetChildren())
        {
            var key = prefix.Length == 0 ? child.Key : prefix + "." + child.Key;
            if (child.Value is not null)
            {
                into[key] = child.Value;
            }

            Flatten(child, key, into);
        }
    }
}
