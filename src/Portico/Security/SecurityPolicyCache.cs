using System.Runtime.CompilerServices;
using Portico.Configuration;
using Portico.Security.Authentication;
using Portico.Security.Cors;

namespace Portico.Security;

/// <summary>
/// The compiled <see cref="SecurityPolicies"/> of each configuration. The validator compiles a configuration when it
/// is loaded (reporting every problem); requests then find the result by reference, usually in the one-entry fast
/// path, so the per-request cost is a reference comparison. Entries live as long as their configuration.
/// </summary>
internal sealed class SecurityPolicyCache(JwksFileStore jwksFiles, TimeProvider time, IEnumerable<IRouteCorsSource>? corsSources = null)
{
    private readonly IRouteCorsSource[] _corsSources = corsSources is null ? [] : [.. corsSources];
    private readonly ConditionalWeakTable<PorticoConfig, SecurityPolicies> _compiled = [];
    private readonly Lock _lock = new();
    private Entry? _last;

    /// <summary>The policies of <paramref name="config"/>, compiling them if no load has.</summary>
    public SecurityPolicies Get(PorticoConfig config)
    {
        var last = Volatile.Read(ref _last);
        return last is not null && ReferenceEquals(last.Config, config) ? last.Policies : GetSlow(config);
    }

    /// <summary>Compiles <paramref name="config"/> at load time, adding its problems to <paramref name="errors"/>; keeps the result when there are none.</summary>
    public void Validate(PorticoConfig config, List<ConfigError> errors)
    {
        var found = new List<ConfigError>();
        var policies = SecurityPolicies.Compile(config, jwksFiles, time, _corsSources, found);
        if (found.Count == 0)
        {
            _compiled.AddOrUpdate(config, policies);
        }

        errors.AddRange(found);
    }

    private SecurityPolicies GetSlow(PorticoConfig config)
    {
        lock (_lock)
        {
            if (!_compiled.TryGetValue(config, out var policies))
            {
                var errors = new List<ConfigError>();
                policies = SecurityPolicies.Compile(config, jwksFiles, time, _corsSources, errors);
                if (errors.Count > 0)
                {
                    // Only a configuration that skipped validation gets here. Refuse it rather than run a route whose
                    // requirements could not be compiled without them.
                    throw new PorticoConfigException(errors);
                }

                _compiled.AddOrUpdate(config, policies);
            }

            Volatile.Write(ref _last, new Entry(config, policies));
            return policies;
        }
    }

    private sealed record Entry(PorticoConfig Config, SecurityPolicies Policies);
}
