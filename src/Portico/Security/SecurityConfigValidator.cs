using Portico.Configuration;

namespace Portico.Security;

/// <summary>Compiles the security settings of every configuration as it loads, so their problems stop it from taking effect.</summary>
internal sealed class SecurityConfigValidator(SecurityPolicyCache policies) : IPorticoConfigValidator
{
    public void Validate(PorticoConfig config, List<ConfigError> errors) => policies.Validate(config, errors);
}
