using Portico.Labels;

namespace Portico.Linkis.Routing;

/// <summary>The label keys Linkis's label API and routers use.</summary>
public static class LinkisLabelKeys
{
    /// <summary>The route label (<see cref="LabelKeys.Route"/>): instances labelled <c>route=x</c> serve requests that ask for route <c>x</c>.</summary>
    public const string Route = LabelKeys.Route;
}
