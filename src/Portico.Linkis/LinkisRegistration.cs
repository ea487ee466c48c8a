using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portico.Configuration;
using Portico.Filters;
using Portico.Linkis.Parsing;
using Portico.Linkis.Routing;
using Portico.Routing;

namespace Portico.Linkis;

/// <summary>
/// Registers Linkis compatibility: the built-in parsers and routers and the Linkis global filters, which act only on
/// the Linkis routes that <c>portico.linkis.enabled</c> adds. Users add their own <see cref="ILinkisRequestParser"/>
/// and <see cref="ILinkisRouter"/> to the service collection. The instance-label lookup comes from the label store.
/// </summary>
internal static class LinkisRegistration
{
    public static void AddLinkis(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPorticoConfigSection, LinkisConfigSection>());
        services.TryAddSingleton<LinkisSettingsCache>();
        services.TryAddSingleton<LinkisPipeline>();
        services.TryAddSingleton<ServiceResolver>();
        services.TryAddSingleton<LinkisLabelRouting>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Portico.Labels.IRequestLabelSource, LinkisLabelRouting>(sp => sp.GetRequiredService<LinkisLabelRouting>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Portico.Labels.ILabelRoutingErrors, LinkisLabelRouting>(sp => sp.GetRequiredService<LinkisLabelRouting>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILinkisLocalEndpoint, Portico.Labels.LinkisLabelEndpoint>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILinkisRequestParser, EntranceExecutionParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILinkisRequestParser, EntranceRequestParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILinkisRequestParser, EngineConnManagerRequestParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILinkisRequestParser, ResultSetCacheParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILinkisRouter, HaContextRouter>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, LinkisRequestBodyFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, LinkisRoutingFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGlobalFilter, LinkisRequestUrlFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INoRouteResponder, LinkisNoRouteResponder>());
        Portico.Linkis.WebSockets.LinkisWebSocketRegistration.AddLinkisWebSockets(services);

        // Says once what was taken from Linkis conf directories (AddLinkisProperties) and what was left out.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, Portico.Configuration.LinkisProperties.LinkisPropertiesStartupLog>());
    }
}
