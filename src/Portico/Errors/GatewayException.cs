namespace Portico.Errors;

/// <summary>
/// A failure the gateway reports to the client with a precise status and message. Thrown by filters; the
/// error-handling filter renders it as <c>application/problem+json</c>.
/// </summary>
public sealed class GatewayException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">HTTP status for the client.</param>
    /// <param name="message">What went wrong, naming the cause; shown to the client.</param>
    /// <param name="innerException">The underlying failure; logged, never shown.</param>
    public GatewayException(int statusCode, string message, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>Creates a 502 exception.</summary>
    public GatewayException()
        : this(502, "Bad gateway.")
    {
    }

    /// <summary>Creates a 502 exception with a message.</summary>
    public GatewayException(string message)
        : this(502, message)
    {
    }

    /// <summary>Creates a 502 exception with a message and cause.</summary>
    public GatewayException(string message, Exception innerException)
        : this(502, message, innerException)
    {
    }

    /// <summary>The HTTP status for the client.</summary>
    public int StatusCode { get; }
}
