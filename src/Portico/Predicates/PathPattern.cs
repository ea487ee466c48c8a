namespace Portico.Predicates;

/// <summary>
/// A compiled Spring <c>PathPattern</c> (the syntax of Spring WebFlux and Spring Cloud Gateway's <c>Path</c>
/// predicate): <c>?</c> one character, <c>*</c> any characters within a segment, <c>**</c> any remaining segments,
/// <c>{name}</c> a captured segment, <c>{name:regex}</c> a constrained one and <c>{*name}</c> the captured rest of the
/// path. <c>**</c> and <c>{*name}</c> may only end a pattern. Matching is case-sensitive, ignores path parameters
/// (<c>;jsessionid=...</c>) as Spring does, walks the path span once and allocates only to hand out captured variables.
/// </summary>
internal sealed class PathPattern
{
    private readonly PatternSegment[] _segments;
    private readonly TailKind _tail;
    private readonly string? _tailVariable;

    private PathPattern(string text, PatternSegment[] segments, TailKind tail, string? tailVariable, bool matchTrailingSlash, bool hasVariables)
    {
        Text = text;
        _segments = segments;
        _tail = tail;
        _tailVariable = tailVariable;
        MatchTrailingSlash = matchTrailingSlash;
        HasVariables = hasVariables;
    }

    private enum TailKind
    {
        None,
        AnyRest,
        CaptureRest,
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Whether a path with one extra trailing slash also matches.</summary>
    public bool MatchTrailingSlash { get; }

    /// <summary>Whether the pattern captures variables.</summary>
    public bool HasVariables { get; }

    /// <summary>Compiles <paramref name="text"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static PathPattern? Parse(string text, bool matchTrailingSlash, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the pattern is blank.";
            return null;
        }

        if (text[0] != '/')
        {
            error = $"'{text}' does not start with '/'.";
            return null;
        }

        var parts = text[1..].Split('/');
        var segments = new List<PatternSegment>(parts.Length);
        var variables = new HashSet<string>(StringComparer.Ordinal);
        var tail = TailKind.None;
        string? tailVariable = null;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var isLast = i == parts.Length - 1;
            if (part == "**" || part.StartsWith("{*", StringComparison.Ordinal))
            {
                if (!isLast)
                {
                    error = $"'{part}' in '{text}' must be the last segment (nothing may follow '**' or '{{*name}}').";
                    return null;
                }

                if (part == "**")
                {
                    tail = TailKind.AnyRest;
                    break;
                }

                if (!part.EndsWith('}'))
                {
                    error = $"'{part}' in '{text}' must be a whole segment written as {{*name}}.";
                    return null;
                }

                tailVariable = part[2..^1];
                if (tailVariable.Length == 0 || PatternSegment.Parse("{" + tailVariable + "}", ignoreCase: false, variables, out error) is not { Kind: SegmentKind.Capture })
                {
                    error = $"'{part}' in '{text}' needs a variable name: {error ?? "write {*name}."}";
                    return null;
                }

                tail = TailKind.CaptureRest;
                break;
            }

            var segment = PatternSegment.Parse(part, ignoreCase: false, variables, out error);
            if (segment is null)
            {
                error = $"'{text}': {error}";
                return null;
            }

            segments.Add(segment);
        }

        return new PathPattern(text, [.. segments], tail, tailVariable, matchTrailingSlash, variables.Count > 0);
    }

    /// <summary>Whether <paramref name="path"/> (the decoded request path, <c>%2F</c> still encoded) matches.</summary>
    public bool Matches(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty)
        {
            path = "/";
        }

        if (path[0] != '/')
        {
            return false;
        }

        var segments = _segments;
        var pos = 0;
        var lastValueLength = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            // pos is at the '/' before the next segment; running out of path leaves a pattern segment unmatched.
            if (pos >= path.Length)
            {
                return false;
            }

            var start = pos + 1;
            var slash = path[start..].IndexOf('/');
            var end = slash < 0 ? path.Length : start + slash;
            var value = WithoutParameters(path[start..end]);
            var segment = segments[i];
            var lastPatternSegment = i == segments.Length - 1 && _tail == TailKind.None;
            if (value.IsEmpty)
            {
                // Spring: an empty segment matches an empty literal (from "//" in the pattern), or a trailing "*" that
                // ends the pattern; nothing else.
                var allowed = segment.Kind == SegmentKind.Literal
                    ? segment.Text.Length == 0
                    : segment.Kind == SegmentKind.Wildcard && lastPatternSegment;
                if (!allowed)
                {
                    return false;
                }
            }
            else if (!segment.Matches(value, ignoreCase: false))
            {
                return false;
            }

            lastValueLength = value.Length;
            pos = end;
        }

        if (_tail != TailKind.None || pos == path.Length)
        {
            return true;
        }

        // One trailing slash after a non-empty last segment is tolerated when asked for.
        return MatchTrailingSlash && pos == path.Length - 1 && segments.Length > 0 && lastValueLength > 0;
    }

    /// <summary>Adds the variables captured from <paramref name="path"/>, which must have matched, to <paramref name="into"/>.</summary>
    public void ExtractVariables(string path, IDictionary<string, string> into)
    {
        if (path.Length == 0)
        {
            path = "/";
        }

        var pos = 0;
        foreach (var segment in _segments)
        {
            var start = pos + 1;
            var slash = path.IndexOf('/', start);
            var end = slash < 0 ? path.Length : slash;
            if (segment.Variables.Length > 0)
            {
                segment.Capture(WithoutParameters(path.AsSpan(start, end - start)).ToString(), DecodeSlashes, into);
            }

            pos = end;
        }

        if (_tail == TailKind.CaptureRest)
        {
            into[_tailVariable!] = RestOf(path.AsSpan(pos));
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    // Spring matches on a segment's value without its path parameters: "/a;v=1/b" matches "/a/b".
    private static ReadOnlySpan<char> WithoutParameters(ReadOnlySpan<char> segment)
    {
        var semicolon = segment.IndexOf(';');
        return semicolon < 0 ? segment : segment[..semicolon];
    }

    // ASP.NET Core decodes the path except %2F; Spring hands out fully decoded variables.
    private static string DecodeSlashes(string value) =>
        value.Contains('%', StringComparison.Ordinal)
            ? value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase)
            : value;

    private static string RestOf(ReadOnlySpan<char> rest)
    {
        if (rest.IsEmpty)
        {
            return "";
        }

        var builder = new System.Text.StringBuilder(rest.Length);
        while (!rest.IsEmpty)
        {
            // rest starts at a '/'.
            builder.Append('/');
            rest = rest[1..];
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            builder.Append(WithoutParameters(segment));
            rest = slash < 0 ? default : rest[slash..];
        }

        return DecodeSlashes(builder.ToString());
    }
}
