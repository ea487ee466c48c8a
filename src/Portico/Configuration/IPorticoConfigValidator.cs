namespace Portico.Configuration;

/// <summary>
/// Validates the parts of a configuration that depend on registered services, such as a load-balancing policy chosen
/// by name. Register implementations in DI; they run on every load and reload, and any error keeps the configuration
/// from taking effect.
/// </summary>
public interface IPorticoConfigValidator
{
    /// <summary>Adds a <see cref="ConfigError"/> to <paramref name="errors"/> for every problem in <paramref name="config"/>.</summary>
    void Validate(PorticoConfig config, List<ConfigError> errors);
}
