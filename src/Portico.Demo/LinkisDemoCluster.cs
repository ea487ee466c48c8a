using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portico.Demo;

/// <summary>
/// A small Apache Linkis installation on loopback for the demo: three entrances (the third labelled <c>route=et1</c>),
/// a public service and a manager, registered with the gateway as Linkis registers them, and the gateway's Linkis mode
/// and Linkis security in front of them with a crypt key and an administrator password generated for this run.
/// </summary>
internal sealed class LinkisDemoCluster : IAsyncDisposable
{
    /// <summary>The entrance application, as Linkis names it.</summary>
    public const string Entrance = "linkis-cg-entrance";

    /// <summary>The public-service application.</summary>
    public const string PublicService = "linkis-ps-publicservice";

    /// <summary>The manager application.</summary>
    public const string Manager = "linkis-cg-linkismanager";

    /// <summary>The route label of the third entrance.</summary>
    public const string RouteLabel = "et1";

    /// <summary>The demo administrator (Linkis's default administrator name).</summary>
    public const string AdminUser = "hadoop";

    /// <summary>The file the printed curl commands keep the session ticket cookie in.</summary>
    public const string CookieJar = "portico-demo.cookies";

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private readonly LinkisDemoInstance[] _instances;

    private LinkisDemoCluster(LinkisDemoInstance[] instances, string cryptKey, string adminPassword)
    {
        _instances = instances;
        CryptKey = cryptKey;
        AdminPassword = adminPassword;
    }

    /// <summary>The service instances, entrances first.</summary>
    public IReadOnlyList<LinkisDemoInstance> Instances => _instances;

    /// <summary>The ticket key generated for this run.</summary>
    public string CryptKey { get; }

    /// <summary>The administrator password generated for this run (Portico has no default password).</summary>
    public string AdminPassword { get; }

    public static async Task<LinkisDemoCluster> StartAsync(CancellationToken cancellationToken)
    {
        (string Application, string? Label)[] layout =
        [
            (Entrance, null), (Entrance, null), (Entrance, RouteLabel), (PublicService, null), (Manager, null),
        ];

        // Started side by side: each is a small Kestrel app, and the demo should come up quickly.
        var starts = layout
            .Select(s => DemoUpstream.StartAsync(s.Application, LinkisDemoService.Map(s.Application, s.Label), cancellationToken))
            .ToArray();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var start in starts)
            {
                if (start.IsCompletedSuccessfully)
                {
                    await (await start).DisposeAsync();
                }
            }

            throw;
        }

        var instances = new LinkisDemoInstance[layout.Length];
        for (var i = 0; i < layout.Length; i++)
        {
            instances[i] = new LinkisDemoInstance(layout[i].Application, layout[i].Label, await starts[i]);
        }

        return new LinkisDemoCluster(instances, RandomNumberGenerator.GetString(Alphabet, 32), RandomNumberGenerator.GetString(Alphabet, 16));
    }

    /// <summary>
    /// The Linkis part of the demo configuration, indented to sit under <c>portico:</c>. Without
    /// <paramref name="withSecrets"/> the crypt key and the password are left out, for printing.
    /// </summary>
    public string RenderConfig(bool withSecrets)
    {
        var text = new StringBuilder()
            .AppendLine("  # Linkis mode: the gateway stands in for linkis-mg-gateway in front of the Linkis services below.")
            .AppendLine("  linkis:")
            .AppendLine("    enabled: true")
            .AppendLine("  linkis-security:")
            .AppendLine("    enabled: true")
            .Append("    admin-user: ").AppendLine(AdminUser);
        if (withSecrets)
        {
            text.Append("    admin-password: ").AppendLine(AdminPassword)
                .Append("    crypt-key: ").AppendLine(CryptKey);
        }
        else
        {
            text.AppendLine("    # admin-password and crypt-key are generated for each run (the password is printed below).");
        }

        text.AppendLine("    session-persistence: memory   # the demo leaves no files behind")
            .AppendLine("    tokens: { persistence: memory }")
            .AppendLine("  labels: { persistence: memory }")
            .AppendLine("  # The Linkis services, as they would register through the Eureka API; 'route' metadata becomes a route label.")
            .AppendLine("  discovery:")
            .AppendLine("    static:");
        foreach (var application in _instances.Select(i => i.Application).Distinct(StringComparer.Ordinal))
        {
            text.Append("      ").Append(application).AppendLine(":");
            foreach (var instance in _instances.Where(i => i.Application == application))
            {
                text.Append(CultureInfo.InvariantCulture, $"        - {{ host: 127.0.0.1, port: {instance.Upstream.BaseAddress.Port}");
                if (instance.Label is not null)
                {
                    text.Append(", metadata: { route: ").Append(instance.Label).Append(" }");
                }

                text.AppendLine(" }");
            }
        }

        return text.ToString();
    }

    /// <summary>The entrance an execID in the printed commands is pinned to: the second, unlabelled one.</summary>
    public LinkisDemoInstance PinnedEntrance => _instances[1];

    /// <summary>Commands that show login, label routing, execID pinning and Linkis's errors through the gateway at <paramref name="origin"/>.</summary>
    public IReadOnlyList<DemoCommand> Commands(string origin)
    {
        const string Job = "\"executionContent\":{\"code\":\"show tables\",\"runType\":\"sql\"}";
        const string Labels = "\"engineType\":\"spark-3.2.1\",\"userCreator\":\"hadoop-IDE\"";
        var api = origin + "/api/rest_j/v1";
        var json = "-H 'Content-Type: application/json'";
        var session = "-b " + CookieJar;
        var execId = LinkisDemoService.ExecIdFor(Entrance, PinnedEntrance.Authority);
        return
        [
            new("Linkis: log in as the demo administrator; the session ticket cookie is kept in " + CookieJar,
                $"curl -i -c {CookieJar} {json} -d '{{\"userName\":\"{AdminUser}\",\"password\":\"{AdminPassword}\"}}' {api}/user/login"),
            new("Linkis: without the ticket the Linkis routes refuse the request",
                $"curl -i {api}/jobhistory/list"),
            new("Linkis: a job without a route label goes to one of the two unlabelled entrances (see data.instance)",
                $"curl -s {session} {json} -d '{{{Job},\"labels\":{{{Labels}}}}}' {api}/entrance/submit"),
            new($"Linkis: labels.route={RouteLabel} in the body routes to the labelled entrance",
                $"curl -s {session} {json} -d '{{{Job},\"labels\":{{{Labels},\"route\":\"{RouteLabel}\"}}}}' {api}/entrance/submit"),
            new($"Linkis: the same label from the query string (?labels={RouteLabel})",
                $"curl -s {session} {json} -d '{{{Job},\"labels\":{{{Labels}}}}}' '{api}/entrance/submit?labels={RouteLabel}'"),
            new($"Linkis: the execID names the entrance that owns the job ({PinnedEntrance.Authority}); its status comes from there",
                $"curl -s {session} {api}/entrance/{execId}/status"),
            new("Linkis: a route label no instance carries gives Linkis's error 11011 (HTTP 200, status 1)",
                $"curl -s {session} {json} -d '{{{Job},\"labels\":{{{Labels},\"route\":\"nowhere\"}}}}' {api}/entrance/submit"),
            new("Linkis: jobhistory is one of the public service's APIs",
                $"curl -s {session} '{api}/jobhistory/list?pageSize=10'"),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.Upstream.DisposeAsync();
        }
    }
}

/// <summary>One Linkis service instance of the demo.</summary>
/// <param name="Application">Its application name.</param>
/// <param name="Label">Its <c>route</c> label, or null.</param>
/// <param name="Upstream">The running service.</param>
internal sealed record LinkisDemoInstance(string Application, string? Label, DemoUpstream Upstream)
{
    /// <summary>host:port, as the registry and execIDs name it.</summary>
    public string Authority => Upstream.Authority;
}
