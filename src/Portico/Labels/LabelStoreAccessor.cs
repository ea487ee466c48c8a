using Microsoft.Extensions.DependencyInjection;

namespace Portico.Labels;

/// <summary>
/// Resolves the <see cref="ILabelStore"/> on first use. The store reads the gateway configuration (its data directory),
/// whose route table holds the global filters that reach the label step and the context-service router, so those
/// cannot take the store in their constructors without a construction cycle.
/// </summary>
internal sealed class LabelStoreAccessor
{
    private readonly Func<ILabelStore> _resolve;
    private ILabelStore? _store;

    public LabelStoreAccessor(IServiceProvider services)
        : this(services.GetRequiredService<ILabelStore>)
    {
    }

    private LabelStoreAccessor(Func<ILabelStore> resolve) => _resolve = resolve;

    /// <summary>An accessor over a store at hand (tests, or hosts that build the pieces themselves).</summary>
    public static LabelStoreAccessor For(ILabelStore store) => new(() => store);

    /// <summary>The store (a singleton, so a racing first use resolves the same one).</summary>
    public ILabelStore Store => Volatile.Read(ref _store) ?? Resolve();

    private ILabelStore Resolve()
    {
        var store = _resolve();
        Volatile.Write(ref _store, store);
        return store;
    }
}
