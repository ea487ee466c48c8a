namespace Portico.Linkis.Parsing;

/// <summary>
/// A request path split as Linkis's URL patterns see it: <c>/api/&lt;rest&gt;/&lt;version&gt;/&lt;remainder&gt;</c>, where
/// <c>rest</c> is <c>rest_[a-zA-Z][a-zA-Z_0-9]*</c> and <c>version</c> is <c>v\d+</c>. Parsed once per request with span
/// checks; the parts are exposed as spans so that matching allocates nothing.
/// </summary>
public readonly struct LinkisApiPath
{
    private const string ApiPrefix = "/api/";
    private readonly string _path;
    private readonly int _restStart;
    private readonly int _restLength;
    private readonly int _versionStart;
    private readonly int _versionLength;
    private readonly int _remainderStart;

    private LinkisApiPath(string path, int restStart, int restLength, int versionStart, int versionLength, int remainderStart, bool restLettersOnly)
    {
        _path = path;
        _restStart = restStart;
        _restLength = restLength;
        _versionStart = versionStart;
        _versionLength = versionLength;
        _remainderStart = remainderStart;
        IsMatch = true;
        RestIsLettersOnly = restLettersOnly;
    }

    /// <summary>Whether the path has the shape <c>/api/rest_x/vN/...</c>.</summary>
    public bool IsMatch { get; }

    /// <summary>
    /// Whether the rest segment is <c>rest_</c> followed by letters only, the stricter form the default rules
    /// (heartbeat and the common rule) require.
    /// </summary>
    public bool RestIsLettersOnly { get; }

    /// <summary>The rest segment, e.g. <c>rest_j</c>.</summary>
    public ReadOnlySpan<char> Rest => IsMatch ? _path.AsSpan(_restStart, _restLength) : default;

    /// <summary>The version segment, e.g. <c>v1</c>.</summary>
    public ReadOnlySpan<char> Version => IsMatch ? _path.AsSpan(_versionStart, _versionLength) : default;

    /// <summary>Everything after <c>/vN/</c>, e.g. <c>entrance/submit</c> (may be empty).</summary>
    public ReadOnlySpan<char> Remainder => IsMatch ? _path.AsSpan(_remainderStart) : default;

    /// <summary>Splits <paramref name="path"/>; the result's <see cref="IsMatch"/> is false when it does not have the shape.</summary>
    public static LinkisApiPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            return default;
        }

        var restStart = ApiPrefix.Length;
        var span = path.AsSpan(restStart);
        var slash = span.IndexOf('/');
        if (slash < 0)
        {
            return default;
        }

        var rest = span[..slash];
        if (!rest.StartsWith("rest_", StringComparison.Ordinal) || rest.Length < 6 || !char.IsAsciiLetter(rest[5]))
        {
            return default;
        }

        var lettersOnly = true;
        for (var i = 6; i < rest.Length; i++)
        {
            var c = rest[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || c == '_')
            {
                lettersOnly = false;
                continue;
            }

            return default;
        }

        var versionStart = restStart + slash + 1;
        var afterRest = path.AsSpan(versionStart);
        var versionEnd = afterRest.IndexOf('/');
        if (versionEnd < 2 || afterRest[0] != 'v')
        {
            return default;
        }

        for (var i = 1; i < versionEnd; i++)
        {
            if (!char.IsAsciiDigit(afterRest[i]))
            {
                return default;
            }
        }

        return new LinkisApiPath(path, restStart, rest.Length, versionStart, versionEnd, versionStart + versionEnd + 1, lettersOnly);
    }

    /// <summary>
    /// Whether <see cref="Remainder"/> is <c>&lt;segment&gt;/&lt;anything non-empty&gt;</c> (Linkis's <c>([^/]+)/.+</c>)
    /// after <paramref name="prefix"/>; <paramref name="segment"/> receives the first segment.
    /// </summary>
    public bool TryMatchSegmentAndMore(ReadOnlySpan<char> prefix, out ReadOnlySpan<char> segment)
    {
        segment = default;
        var remainder = Remainder;
        if (!IsMatch || !remainder.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = remainder[prefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        segment = rest[..slash];
        return true;
    }
}
