using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portico.Filters;
using Portico.FunctionalTests.Infrastructure;
using Portico.Labels;
using Portico.Linkis;
using Portico.Security.Linkis;

namespace Portico.FunctionalTests.Labels;

/// <summary>
/// Sets the Linkis identity from the header <c>X-Test-User</c> (the administrator is <c>hadoop</c>), standing in for
/// the Linkis security filter at its position.
/// </summary>
internal sealed class TestIdentityFilter : IGlobalFilter
{
    public const string Header = "X-Test-User";
    public const string Admin = "hadoop";

    public int Order => LinkisFilterOrder.Security;

    public ValueTask FilterAsync(GatewayExchange exchange, GatewayFilterChain chain)
    {
        var user = exchange.Request.Headers[Header].ToString();
        if (user.Length > 0)
        {
            exchange.HttpContext.SetLinkisIdentity(new LinkisIdentity(user, LinkisAuthenticationMethod.Session, user == Admin, null));
        }

        return chain.FilterAsync(exchange);
    }
}

/// <summary>A gateway with the real registry and label store, and helpers to register instances through its native API.</summary>
internal static class LabelGateway
{
    public static Task<TestGateway> StartAsync(string yaml) =>
        TestGateway.StartAsync(yaml, services => services.AddSingleton<IGlobalFilter, TestIdentityFilter>());

    /// <summary>Registers <paramref name="upstream"/> as instance <paramref name="id"/> of <paramref name="app"/> with optional metadata.</summary>
    public static async Task RegisterAsync(this TestGateway gateway, string app, string id, TestUpstream upstream, Dictionary<string, string>? metadata = null)
    {
        var response = await gateway.Client.PutAsJsonAsync(
            $"/portico/registry/apps/{app}/{id}",
            new { host = upstream.BaseAddress.Host, port = upstream.Port, metadata = metadata ?? [] });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Deregisters an instance.</summary>
    public static async Task DeregisterAsync(this TestGateway gateway, string app, string id)
    {
        var response = await gateway.Client.DeleteAsync($"/portico/registry/apps/{app}/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }

    public static ILabelStore Labels(this TestGateway gateway) => gateway.Services.GetRequiredService<ILabelStore>();

    /// <summary>Waits (bounded) until the store's entry for the instance satisfies <paramref name="condition"/>.</summary>
    public static async Task WaitForLabelsAsync(this TestGateway gateway, string app, string instance, Func<InstanceLabels?, bool> condition)
    {
        var store = gateway.Labels();
        for (var i = 0; i < 500 && !condition(store.Current.Find(app, instance)); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(store.Current.Find(app, instance)), $"The labels of {app}/{instance} did not reach the expected state: {store.Current.Find(app, instance)}");
    }
}
