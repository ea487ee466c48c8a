using Microsoft.Extensions.DependencyInjection;

namespace Portico.Predicates;

/// <summary>Registers the built-in route predicate factories.</summary>
internal static class PredicateRegistration
{
    public static void AddBuiltInPredicates(IServiceCollection services)
    {
        _ = services;
    }
}
