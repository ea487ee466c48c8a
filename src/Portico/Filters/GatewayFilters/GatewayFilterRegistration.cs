using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portico.Filters.GatewayFilters;

/// <summary>Registers the built-in route filter factories.</summary>
internal static class GatewayFilterRegistration
{
    public static void AddBuiltInGatewayFilters(IServiceCollection services)
    {
        // Request side (pre phase).
        Add<AddRequestHeaderGatewayFilterFactory>(services);
        Add<AddRequestHeadersIfNotPresentGatewayFilterFactory>(services);
        Add<AddRequestParameterGatewayFilterFactory>(services);
        Add<MapRequestHeaderGatewayFilterFactory>(services);
        Add<PrefixPathGatewayFilterFactory>(services);
        Add<PreserveHostHeaderGatewayFilterFactory>(services);
        Add<RemoveRequestHeaderGatewayFilterFactory>(services);
        Add<RemoveRequestParameterGatewayFilterFactory>(services);
        Add<RewritePathGatewayFilterFactory>(services);
        Add<SetPathGatewayFilterFactory>(services);
        Add<SetRequestHeaderGatewayFilterFactory>(services);
        Add<SetRequestHostHeaderGatewayFilterFactory>(services);
        Add<StripPrefixGatewayFilterFactory>(services);

        // Answer without routing.
        Add<RedirectToGatewayFilterFactory>(services);
        Add<RequestHeaderSizeGatewayFilterFactory>(services);
        Add<RequestSizeGatewayFilterFactory>(services);

        // Response side (post phase).
        Add<AddResponseHeaderGatewayFilterFactory>(services);
        Add<DedupeResponseHeaderGatewayFilterFactory>(services);
        Add<RemoveResponseHeaderGatewayFilterFactory>(services);
        Add<RewriteLocationResponseHeaderGatewayFilterFactory>(services);
        Add<RewriteResponseHeaderGatewayFilterFactory>(services);
        Add<SecureHeadersGatewayFilterFactory>(services);
        Add<SetResponseHeaderGatewayFilterFactory>(services);
        Add<SetStatusGatewayFilterFactory>(services);
    }

    private static void Add<TFactory>(IServiceCollection services)
        where TFactory : class, IGatewayFilterFactory =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayFilterFactory, TFactory>());
}
