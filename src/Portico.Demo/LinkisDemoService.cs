using System.Globalization;
using Portico.Linkis.Messages;
using Portico.Linkis.Parsing;

namespace Portico.Demo;

/// <summary>
/// A stand-in for one Linkis service instance: every request is answered with a Linkis <c>Message</c> that names the
/// application and the instance (<c>host:port</c>) that served it, so label routing and execID pinning can be seen.
/// An entrance answers a submit with an execID that names itself, as a real entrance does.
/// </summary>
internal static class LinkisDemoService
{
    private const string OwnerPrefix = "IDE_hadoop_";

    /// <summary>Maps the service of <paramref name="application"/>; <paramref name="routeLabel"/> is its <c>route</c> label, if any.</summary>
    public static Action<WebApplication> Map(string application, string? routeLabel)
    {
        var jobs = 0;
        return app => app.Run(async context =>
        {
            var request = context.Request;
            if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                // A real service reads the submitted job; the demo only drains it.
                await request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }

            var instance = string.Create(CultureInfo.InvariantCulture, $"{context.Connection.LocalIpAddress}:{context.Connection.LocalPort}");
            var path = request.Path.Value ?? "/";
            var message = new LinkisMessage(path, LinkisMessageStatus.Success, "OK")
                .WithData("application", application)
                .WithData("instance", instance)
                .WithData("routeLabel", routeLabel);
            if (path.EndsWith("/entrance/submit", StringComparison.Ordinal) || path.EndsWith("/entrance/execute", StringComparison.Ordinal))
            {
                var taskId = Interlocked.Increment(ref jobs);
                message = message
                    .WithData("execID", ExecId.Encode(application, [instance], OwnerPrefix + taskId.ToString(CultureInfo.InvariantCulture)))
                    .WithData("taskID", taskId);
            }
            else if (path.EndsWith("/status", StringComparison.Ordinal))
            {
                message = message.WithData("status", "Running");
            }

            context.Response.ContentType = "application/json;charset=UTF-8";
            await context.Response.Body.WriteAsync(message.ToUtf8Json(), context.RequestAborted);
        });
    }

    /// <summary>An execID as the entrance at <paramref name="instance"/> issues it for its first job.</summary>
    public static string ExecIdFor(string application, string instance) => ExecId.Encode(application, [instance], OwnerPrefix + "1");
}
