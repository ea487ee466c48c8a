namespace Portico.Predicates;

/// <summary>A compiled route predicate. Implementations are immutable and thread-safe.</summary>
public interface IRoutePredicate
{
    /// <summary>Whether the exchange's request satisfies the predicate. May record captured variables on the exchange.</summary>
    bool Test(GatewayExchange exchange);
}
