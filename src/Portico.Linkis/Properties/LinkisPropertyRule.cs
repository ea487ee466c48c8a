namespace Portico.Configuration.LinkisProperties;

/// <summary>How a Linkis property value is read, and what Portico setting text it becomes.</summary>
internal enum LinkisValueKind
{
    /// <summary>A string, surrounding whitespace removed.</summary>
    Text,

    /// <summary>A string kept exactly as written (keys and passwords: Linkis keeps trailing spaces too).</summary>
    Secret,

    /// <summary><c>true</c> or <c>false</c> in any case, as Scala's <c>toBoolean</c> reads them.</summary>
    Bool,

    /// <summary>A whole number within the rule's bounds.</summary>
    Integer,

    /// <summary>Bytes, or a Linkis byte size such as <c>128m</c>, <c>64kb</c>, <c>1g</c> (binary multiples).</summary>
    Size,

    /// <summary>A Linkis time value: an integer with <c>us</c>, <c>ms</c>, <c>s</c>, <c>m</c>/<c>min</c>, <c>h</c> or <c>d</c>, or a plain number in the rule's unit.</summary>
    Duration,

    /// <summary>A comma-separated list; items are trimmed and empty ones dropped.</summary>
    List,

    /// <summary>A file that Linkis finds on its class path, which includes the conf directory: relative paths are taken from there.</summary>
    ConfFile,

    /// <summary>The port Linkis's gateway listens on; it becomes the listen URL <c>http://*:&lt;port&gt;</c>.</summary>
    ListenPort,

    /// <summary>A switch Portico supports in one position only (the rule's required value); any other value is an error.</summary>
    Required,

    /// <summary>Read by Linkis but not by Portico, for the rule's reason.</summary>
    Ignored,
}

/// <summary>
/// One row of the Linkis property table: a Linkis key, how its value is read, and the Portico configuration path it
/// sets (a path below the configuration root, <c>:</c>-separated, as an <c>IConfiguration</c> key).
/// </summary>
internal sealed record LinkisPropertyRule(string Key, LinkisValueKind Kind, string? Target)
{
    /// <summary>Why Portico does not read the key (<see cref="LinkisValueKind.Ignored"/>), or why a value is refused (<see cref="LinkisValueKind.Required"/>).</summary>
    public string? Reason { get; init; }

    /// <summary>The smallest value an <see cref="LinkisValueKind.Integer"/>, <see cref="LinkisValueKind.Size"/> or <see cref="LinkisValueKind.ListenPort"/> takes.</summary>
    public long Min { get; init; } = long.MinValue;

    /// <summary>The largest value an <see cref="LinkisValueKind.Integer"/>, <see cref="LinkisValueKind.Size"/> or <see cref="LinkisValueKind.ListenPort"/> takes.</summary>
    public long Max { get; init; } = long.MaxValue;

    /// <summary>The unit of a plain number for a <see cref="LinkisValueKind.Duration"/> (Linkis's <c>TimeType</c>: milliseconds).</summary>
    public TimeSpan PlainUnit { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>The only value Portico supports for a <see cref="LinkisValueKind.Required"/> switch.</summary>
    public string? RequiredValue { get; init; }

    /// <summary>
    /// Read only when no other key sets <see cref="Target"/> (Linkis's fallback keys, such as the old Eureka name of the
    /// registry refresh wait).
    /// </summary>
    public bool IsFallback { get; init; }

    /// <summary>
    /// For a key that ends in a variable part (<c>linkis.client.access.control.user.&lt;user&gt;</c>), the rule matches
    /// every key that starts with <see cref="Key"/>, and the rest of the key is appended to <see cref="Target"/> as a
    /// dictionary key.
    /// </summary>
    public bool IsPrefix { get; init; }
}
