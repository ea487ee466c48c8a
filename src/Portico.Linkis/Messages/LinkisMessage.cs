namespace Portico.Linkis.Messages;

/// <summary>
/// Linkis's <c>Message</c> envelope: the JSON object <c>{"method","status","message","data"}</c> (in that order, nulls
/// written) with which the Linkis gateway answers by itself. Immutable; the <c>With</c> methods return copies.
/// </summary>
public sealed class LinkisMessage
{
    private static readonly KeyValuePair<string, object?>[] NoData = [];

    /// <summary>Creates a message.</summary>
    /// <param name="method">Usually the request path (no query string); null for messages not tied to a path.</param>
    /// <param name="status">A <see cref="LinkisMessageStatus"/> value.</param>
    /// <param name="message">Human-readable text.</param>
    /// <param name="data">
    /// Entries of the <c>data</c> object. Values may be null, strings, booleans, numbers, sequences of those, or nested
    /// entry lists (<see cref="IEnumerable{T}"/> of <see cref="KeyValuePair{TKey,TValue}"/> of string and object).
    /// </param>
    public LinkisMessage(string? method, int status, string? message, IReadOnlyList<KeyValuePair<string, object?>>? data = null)
    {
        Method = method;
        Status = status;
        Message = message;
        Data = data ?? NoData;
    }

    /// <summary>The <c>method</c> key: the request path, or null.</summary>
    public string? Method { get; }

    /// <summary>The Linkis status (see <see cref="LinkisMessageStatus"/>).</summary>
    public int Status { get; }

    /// <summary>The <c>message</c> key.</summary>
    public string? Message { get; }

    /// <summary>The entries of the <c>data</c> object, in insertion order (written in Java <c>HashMap</c> order).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Data { get; }

    /// <summary>A success message (<c>status 0</c>); blank text becomes <c>OK</c>, as <c>Message.ok</c> does.</summary>
    public static LinkisMessage Ok(string? message = null) =>
        new(null, LinkisMessageStatus.Success, string.IsNullOrWhiteSpace(message) ? "OK" : message);

    /// <summary>
    /// An error message (<c>status 1</c>). Its <c>data</c> is an empty object: where Linkis puts the Java stack trace
    /// (<c>data.stack</c>) or echoes the request body (<c>data.data</c>), Portico sends neither; the failure is logged.
    /// </summary>
    public static LinkisMessage Error(string message) => new(null, LinkisMessageStatus.Error, message);

    /// <summary>A copy with <see cref="Method"/> set.</summary>
    public LinkisMessage WithMethod(string? method) => new(method, Status, Message, Data);

    /// <summary>A copy with the data entry <paramref name="key"/> set (replaced when present, else appended).</summary>
    public LinkisMessage WithData(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var data = new List<KeyValuePair<string, object?>>(Data.Count + 1);
        var replaced = false;
        foreach (var entry in Data)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                data.Add(new(key, value));
                replaced = true;
            }
            else
            {
                data.Add(entry);
            }
        }

        if (!replaced)
        {
            data.Add(new(key, value));
        }

        return new LinkisMessage(Method, Status, Message, data);
    }

    /// <summary>The message as UTF-8 JSON, byte for byte as Linkis's Gson writes it.</summary>
    public byte[] ToUtf8Json() => LinkisJson.WriteMessage(this);

    /// <summary>
    /// The HTTP status Linkis's security layer and <c>/user/*</c> endpoints pair with a Linkis status
    /// (<c>Message.messageToHttpStatus</c>). Parser and router errors do not use it: they are always HTTP 200.
    /// </summary>
    public static int ToHttpStatus(int status) => status switch
    {
        LinkisMessageStatus.NotLoggedIn => 401,
        LinkisMessageStatus.Success => 200,
        LinkisMessageStatus.Error => 400,
        LinkisMessageStatus.ValidationFailed => 412,
        LinkisMessageStatus.AuthFailed => 403,
        LinkisMessageStatus.Warning => 206,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a Linkis message status."),
    };

    /// <inheritdoc />
    public override string ToString() => $"Message({Method}, {Status}, {Message})";
}

/// <summary>The values of the <c>status</c> key of a <see cref="LinkisMessage"/>.</summary>
public static class LinkisMessageStatus
{
    /// <summary>Not logged in.</summary>
    public const int NotLoggedIn = -1;

    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>Error.</summary>
    public const int Error = 1;

    /// <summary>Validation failed.</summary>
    public const int ValidationFailed = 2;

    /// <summary>Authentication or authorisation failed.</summary>
    public const int AuthFailed = 3;

    /// <summary>Warning.</summary>
    public const int Warning = 4;
}
