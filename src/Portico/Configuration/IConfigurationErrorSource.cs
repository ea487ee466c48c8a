using Microsoft.Extensions.Configuration;

namespace Portico.Configuration;

/// <summary>
/// A configuration provider that translates another format (such as Linkis properties files) and reports what it could
/// not translate. <see cref="PorticoConfigReader"/> adds these errors to its own, so that a bad foreign value stops
/// start-up, or is refused on reload, like any other configuration error.
/// </summary>
internal interface IConfigurationErrorSource
{
    /// <summary>The problems found by the provider's last load.</summary>
    IReadOnlyList<ConfigError> Errors { get; }
}

/// <summary>Finds the providers behind an <see cref="IConfiguration"/>.</summary>
internal static class ConfigurationProviders
{
    /// <summary>The providers of type <typeparamref name="T"/> behind <paramref name="configuration"/>, chained configurations included.</summary>
    public static IEnumerable<T> Find<T>(IConfiguration configuration)
        where T : class
    {
        if (configuration is not IConfigurationRoot root)
        {
            yield break;
        }

        foreach (var provider in root.Providers)
        {
            if (provider is T match)
            {
                yield return match;
            }
            else if (provider is ChainedConfigurationProvider { Configuration: { } inner })
            {
                foreach (var nested in Find<T>(inner))
                {
                    yield return nested;
                }
            }
        }
    }
}
