using Portico.Discovery;
using Portico.Errors;
using Portico.Forwarding;
using Portico.Health;

namespace Portico.LoadBalancing;

/// <summary>
/// Reports a request to passive health once its response body has been relayed, since an upstream can fail after
/// sending its headers (a reset mid-body): a whole body is a success, a body the upstream broke off a failure of the
/// instance, and a client that stopped reading says nothing about the instance, so it is not reported.
/// </summary>
internal sealed class ResponseBodyHealthReport(InstanceHealthStore health, string serviceId, ServiceInstance instance, PassiveHealthCheckConfig config)
    : IResponseBodyObserver
{
    public void OnResponseBodyRelayed(GatewayExchange exchange, Exception? error)
    {
        if (error is null)
        {
            health.ReportRequest(serviceId, instance, failed: false, null, config);
        }
        else if (error is GatewayException && !exchange.HttpContext.RequestAborted.IsCancellationRequested && UpstreamFailure.Classify(error) != UpstreamFailureKind.None)
        {
            health.ReportRequest(serviceId, instance, failed: true, UpstreamFailure.ResponseBodyFailed, config);
        }
    }
}
