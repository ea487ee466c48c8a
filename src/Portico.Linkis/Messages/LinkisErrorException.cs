using System.Globalization;

namespace Portico.Linkis.Messages;

/// <summary>
/// A coded Linkis error (Java's <c>LinkisException</c> family). The gateway answers it with HTTP 200 and a
/// <see cref="LinkisMessage"/> of status 1 whose text is Linkis's root-cause rendering:
/// <c>&lt;ExceptionName&gt;: errCode: &lt;code&gt; ,desc: &lt;desc&gt; ,ip: &lt;host&gt; ,port: &lt;port&gt; ,serviceKind: &lt;app&gt;</c>.
/// Thrown by the Linkis parsing and routing steps, including steps that run later in the chain (such as label routing
/// in the load balancer): the Linkis routing filter catches it for every request on a Linkis route.
/// </summary>
public sealed class LinkisErrorException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The Linkis error code, e.g. <see cref="LinkisErrors.NoApplicationCode"/>.</param>
    /// <param name="description">The description (<c>desc</c>), already formatted.</param>
    /// <param name="exceptionName">The Java class name Linkis reports, e.g. <see cref="LinkisErrors.GatewayErrorException"/>.</param>
    public LinkisErrorException(int errorCode, string description, string exceptionName)
        : base(string.Create(CultureInfo.InvariantCulture, $"errCode: {errorCode} ,desc: {description}"))
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentException.ThrowIfNullOrWhiteSpace(exceptionName);
        ErrorCode = errorCode;
        Description = description;
        ExceptionName = exceptionName;
    }

    /// <summary>Creates a <see cref="LinkisErrors.GatewayErrorException"/> with code 11011.</summary>
    public LinkisErrorException()
        : this(LinkisErrors.CannotRouteCode, "Cannot route the request.", LinkisErrors.GatewayErrorException)
    {
    }

    /// <summary>Creates a <see cref="LinkisErrors.GatewayErrorException"/> with code 11011 and a description.</summary>
    public LinkisErrorException(string message)
        : this(LinkisErrors.CannotRouteCode, message, LinkisErrors.GatewayErrorException)
    {
    }

    /// <summary>Creates a <see cref="LinkisErrors.GatewayErrorException"/> with code 11011, a description and a cause (logged only).</summary>
    public LinkisErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = LinkisErrors.CannotRouteCode;
        Description = message;
        ExceptionName = LinkisErrors.GatewayErrorException;
    }

    /// <summary>The Linkis error code.</summary>
    public int ErrorCode { get; }

    /// <summary>The description (<c>desc</c>).</summary>
    public string Description { get; }

    /// <summary>The Java exception class name shown before the colon.</summary>
    public string ExceptionName { get; }

    /// <summary>
    /// The text Linkis shows for this error when raised on the node <paramref name="host"/>:<paramref name="port"/> of
    /// the application <paramref name="serviceKind"/> (Apache Commons' <c>getRootCauseMessage</c> of the exception).
    /// </summary>
    public string ToRootCauseMessage(string host, int port, string serviceKind) =>
        string.Create(CultureInfo.InvariantCulture, $"{ExceptionName}: errCode: {ErrorCode} ,desc: {Description} ,ip: {host} ,port: {port} ,serviceKind: {serviceKind}");
}
