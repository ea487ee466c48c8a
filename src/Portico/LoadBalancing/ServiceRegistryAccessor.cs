using Microsoft.Extensions.DependencyInjection;
using Portico.Discovery;

namespace Portico.LoadBalancing;

/// <summary>
/// Resolves the <see cref="IServiceRegistry"/> on first use. The registry reads the gateway configuration, whose route
/// table holds the load-balancer filter, so the filter and its collaborators cannot take the registry in their
/// constructors without a cycle. Subscribers to <see cref="Changed"/> are attached when the registry is resolved.
/// </summary>
internal sealed class ServiceRegistryAccessor
{
    private readonly Func<IServiceRegistry?> _resolve;
    private readonly Lock _lock = new();
    private readonly List<Action<RegistrySnapshot>> _handlers = [];
    private IServiceRegistry? _registry;
    private volatile bool _resolved;

    public ServiceRegistryAccessor(IServiceProvider services)
        : this(services.GetService<IServiceRegistry>)
    {
    }

    private ServiceRegistryAccessor(Func<IServiceRegistry?> resolve) => _resolve = resolve;

    /// <summary>An accessor over a registry at hand (tests, or hosts that build the pieces themselves).</summary>
    public static ServiceRegistryAccessor For(IServiceRegistry? registry) => new(() => registry);

    /// <summary>The registry, or null when none is registered (then <c>lb://</c> routes have no instances).</summary>
    public IServiceRegistry? Registry => _resolved ? _registry : Resolve();

    /// <summary>Raised after the registry publishes a snapshot, once the registry has been resolved.</summary>
    public event Action<RegistrySnapshot> Changed
    {
        add
        {
            lock (_lock)
            {
                _handlers.Add(value);
                if (_resolved && _registry is not null)
                {
                    _registry.Changed += value;
                }
            }
        }

        remove
        {
            lock (_lock)
            {
                _handlers.Remove(value);
                if (_resolved && _registry is not null)
                {
                    _registry.Changed -= value;
                }
            }
        }
    }

    private IServiceRegistry? Resolve()
    {
        lock (_lock)
        {
            if (!_resolved)
            {
                _registry = _resolve();
                if (_registry is not null)
                {
                    foreach (var handler in _handlers)
                    {
                        _registry.Changed += handler;
                    }
                }

                _resolved = true;
            }

            return _registry;
        }
    }
}
