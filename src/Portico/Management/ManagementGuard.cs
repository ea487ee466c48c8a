using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Errors;

using Portico.Logging;

namespace Portico.Management;

/// <summary>How an endpoint may be reached.</summary>
internal enum ManagementAccess
{
    /// <summary>Allowed clients only.</summary>
    Read,

    /// <summary>Allowed clients with credentials, when credentials are configured.</summary>
    Write,

    /// <summary>Allowed clients, or anyone when health is exposed publicly.</summary>
    Health,
}

/// <summary>
/// Wraps each admin endpoint with the access rules of <see cref="ManagementAccessPolicy"/>: the management port, the
/// client's network and, for state-changing endpoints, credentials. Refusals are problem responses that name the
/// rule, never the configuration.
/// </summary>
internal sealed partial class ManagementGuard(ManagementAccessPolicy policy, ILogger<ManagementGuard> logger, TimeProvider? time = null)
{
    // A client can repeat a refused request at will: one line per kind of refusal per interval, saying how many were held back.
    private readonly LogRateLimiter _refusalLog = new(time ?? TimeProvider.System);

    public RequestDelegate Wrap(ManagementAccess access, RequestDelegate next) => context =>
    {
        // RequireHost matches the Host header, which the client chooses; the local port is what it connected to.
        if (!policy.IsOnManagementPort(context))
        {
            return Refuse(context, StatusCodes.Status404NotFound, $"No route matches {context.Request.Method} {context.Request.Path}.");
        }

        if (!policy.IsClientAllowed(context))
        {
            if (access != ManagementAccess.Health || !policy.Options.ExposeHealthPublicly)
            {
                if (_refusalLog.TryAcquire("network", out var heldBack))
                {
                    LogClientRefused(logger, context.Connection.RemoteIpAddress, context.Request.Path.Value, heldBack);
                }

                return Refuse(context, StatusCodes.Status403Forbidden, "The management endpoints do not answer clients from this network.");
            }
        }
        else if (access == ManagementAccess.Write && !policy.IsAuthorized(context.Request))
        {
            if (_refusalLog.TryAcquire("credentials", out var heldBack))
            {
                LogCredentialsRefused(logger, context.Connection.RemoteIpAddress, context.Request.Path.Value, heldBack);
            }

            // Set as the response starts: the problem writer clears the headers before writing.
            context.Response.OnStarting(
                static state =>
                {
                    var (response, challenges) = ((HttpResponse, string[]))state;
                    response.Headers.WWWAuthenticate = challenges;
                    return Task.CompletedTask;
                },
                (context.Response, policy.Challenges));
            return Refuse(context, StatusCodes.Status401Unauthorized, "This management endpoint changes the gateway's state and requires management credentials.");
        }

        return next(context);
    };

    public void LogMapped(string basePath) =>
        LogEndpointsMapped(
            logger,
            basePath,
            policy.Port is { } port ? $"port {port}" : "every port",
            policy.NetworkSummary,
            policy.RequiresCredentials ? "credentials" : "no credentials");

    private static async Task Refuse(HttpContext context, int status, string detail) =>
        await GatewayProblem.WriteAsync(context, status, detail, null);

    [LoggerMessage(EventId = Logging.EventIdRanges.Management + 1, Level = LogLevel.Information, Message = "Management endpoints under {BasePath} answer on {Port} to {Clients}; state-changing endpoints require {Credentials}")]
    private static partial void LogEndpointsMapped(ILogger logger, string basePath, string port, string clients, string credentials);

    [LoggerMessage(EventId = Logging.EventIdRanges.Management + 2, Level = LogLevel.Information, Message = "Refused management request from {RemoteAddress} to {Path}: client network not allowed ({HeldBack} more not logged since the last)")]
    private static partial void LogClientRefused(ILogger logger, System.Net.IPAddress? remoteAddress, string? path, long heldBack);

    [LoggerMessage(EventId = Logging.EventIdRanges.Management + 3, Level = LogLevel.Warning, Message = "Refused management request from {RemoteAddress} to {Path}: missing or wrong credentials ({HeldBack} more not logged since the last)")]
    private static partial void LogCredentialsRefused(ILogger logger, System.Net.IPAddress? remoteAddress, string? path, long heldBack);
}
