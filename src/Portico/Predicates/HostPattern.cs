namespace Portico.Predicates;

/// <summary>
/// A compiled Ant-style host pattern with <c>.</c> as the separator, as Spring Cloud Gateway's <c>Host</c> predicate
/// uses: <c>**</c> any number of labels (anywhere), <c>*</c> and <c>?</c> within a label, <c>{sub}</c> a captured label
/// and <c>{sub:regex}</c> a constrained one. Empty labels are ignored, as Ant does, so a trailing dot is harmless.
/// Labels compare case-insensitively, since host names are (RFC 4343). Matching allocates only to hand out variables.
/// </summary>
internal sealed class HostPattern
{
    /// <summary>A host name has at most 127 labels; longer input cannot be a host name and matches nothing.</summary>
    public const int MaxLabels = 128;

    // A null element stands for "**".
    private readonly PatternSegment?[] _elements;

    private HostPattern(string text, PatternSegment?[] elements, bool hasVariables)
    {
        Text = text;
        _elements = elements;
        HasVariables = hasVariables;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Whether the pattern captures variables.</summary>
    public bool HasVariables { get; }

    /// <summary>Compiles <paramref name="text"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static HostPattern? Parse(string text, out string? error)
    {
        error = null;
        var labels = text.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (labels.Length == 0)
        {
            error = $"'{text}' has no host labels.";
            return null;
        }

        var variables = new HashSet<string>(StringComparer.Ordinal);
        var elements = new PatternSegment?[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == "**")
            {
                continue;
            }

            elements[i] = PatternSegment.Parse(labels[i], ignoreCase: true, variables, out error);
            if (elements[i] is null)
            {
                error = $"'{text}': {error}";
                return null;
            }
        }

        return new HostPattern(text, elements, variables.Count > 0);
    }

    /// <summary>Whether <paramref name="host"/> matches.</summary>
    public bool Matches(ReadOnlySpan<char> host)
    {
        Span<Range> labels = stackalloc Range[MaxLabels];
        var count = Tokenize(host, labels);
        return count >= 0 && Matches(host, labels[..count]);
    }

    /// <summary>Whether <paramref name="host"/>, already split by <see cref="Tokenize"/>, matches.</summary>
    public bool Matches(ReadOnlySpan<char> host, ReadOnlySpan<Range> labels) => Match(host, labels, null);

    /// <summary>Adds the variables captured from <paramref name="host"/>, which must have matched, to <paramref name="into"/>.</summary>
    public void ExtractVariables(string host, IDictionary<string, string> into)
    {
        Span<Range> labels = stackalloc Range[MaxLabels];
        var count = Tokenize(host, labels);
        if (count >= 0)
        {
            Match(host, labels[..count], into);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>
    /// Splits <paramref name="host"/> into its non-empty labels; returns their number, or -1 when there are more than
    /// <paramref name="labels"/> can hold.
    /// </summary>
    public static int Tokenize(ReadOnlySpan<char> host, Span<Range> labels)
    {
        var count = 0;
        var start = 0;
        for (var i = 0; i <= host.Length; i++)
        {
            if (i == host.Length || host[i] == '.')
            {
                if (i > start)
                {
                    if (count == labels.Length)
                    {
                        return -1;
                    }

                    labels[count++] = new Range(start, i);
                }

                start = i + 1;
            }
        }

        return count;
    }

    // Greedy matching with a single back-off point, where "**" plays the role of a star over whole labels. Captures
    // are overwritten on each retry, so the values left are those of the alignment that succeeded.
    private bool Match(ReadOnlySpan<char> host, ReadOnlySpan<Range> labels, IDictionary<string, string>? captures)
    {
        var elements = _elements;
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < labels.Length)
        {
            if (p < elements.Length && elements[p] is null)
            {
                starP = p++;
                starT = t;
            }
            else if (p < elements.Length && elements[p]!.Matches(host[labels[t]], ignoreCase: true))
            {
                if (captures is not null && elements[p]!.Variables.Length > 0)
                {
                    elements[p]!.Capture(host[labels[t]].ToString(), static v => v, captures);
                }

                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < elements.Length && elements[p] is null)
        {
            p++;
        }

        return p == elements.Length;
    }
}
