using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Portico.Predicates;

/// <summary>How a <see cref="PatternSegment"/> matches.</summary>
internal enum SegmentKind
{
    /// <summary>Exact text.</summary>
    Literal,

    /// <summary>A lone <c>*</c>: any segment.</summary>
    Wildcard,

    /// <summary>Literals mixed with <c>*</c> and <c>?</c>, matched by <see cref="WildcardMatcher"/>.</summary>
    Glob,

    /// <summary>A lone <c>{name}</c>: any non-empty segment, captured.</summary>
    Capture,

    /// <summary>Variables with constraints or mixed with text (<c>{id:\d+}</c>, <c>{name}.{ext}</c>): a regular expression.</summary>
    Regex,
}

/// <summary>
/// One compiled element between separators of a path pattern (<c>/</c>) or a host pattern (<c>.</c>). Only segments
/// that capture with constraints or with surrounding text use a regular expression; literals and wildcards are
/// compared on spans.
/// </summary>
internal sealed class PatternSegment
{
    private static readonly SearchValues<char> VariableNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    private readonly string[] _groupNames;

    private PatternSegment(SegmentKind kind, string text, string[] variables, FullMatchRegex? regex)
    {
        Kind = kind;
        Text = text;
        Variables = variables;
        Regex = regex;
        _groupNames = new string[regex is null ? 0 : variables.Length];
        for (var i = 0; i < _groupNames.Length; i++)
        {
            _groupNames[i] = GroupName(i);
        }
    }

    public SegmentKind Kind { get; }

    /// <summary>The segment as written.</summary>
    public string Text { get; }

    /// <summary>Names of the variables captured, in order (group <c>v0</c>, <c>v1</c>... of <see cref="Regex"/>).</summary>
    public string[] Variables { get; }

    public FullMatchRegex? Regex { get; }

    /// <summary>
    /// Whether <paramref name="value"/> matches, ignoring the rules on empty segments that depend on the position
    /// (the caller applies those).
    /// </summary>
    public bool Matches(ReadOnlySpan<char> value, bool ignoreCase) => Kind switch
    {
        SegmentKind.Literal => ignoreCase ? value.Equals(Text, StringComparison.OrdinalIgnoreCase) : value.SequenceEqual(Text),
        SegmentKind.Glob => WildcardMatcher.IsMatch(Text, value, ignoreCase),
        SegmentKind.Regex => Regex!.IsMatch(value),
        _ => true,
    };

    /// <summary>Adds the variables captured from <paramref name="value"/> (a segment that matched) to <paramref name="into"/>.</summary>
    public void Capture(string value, Func<string, string> decode, IDictionary<string, string> into)
    {
        if (Kind == SegmentKind.Capture)
        {
            into[Variables[0]] = decode(value);
        }
        else if (Kind == SegmentKind.Regex && Regex!.Match(value) is { } match)
        {
            for (var i = 0; i < Variables.Length; i++)
            {
                into[Variables[i]] = decode(match.Groups[_groupNames[i]].Value);
            }
        }
    }

    /// <summary>
    /// Compiles one segment. <paramref name="variables"/> collects the names used so far in the whole pattern, so a
    /// name captured twice is reported.
    /// </summary>
    public static PatternSegment? Parse(string text, bool ignoreCase, HashSet<string> variables, out string? error)
    {
        error = null;
        var body = new StringBuilder();
        var literal = new StringBuilder();
        var names = new List<string>();
        var hasWildcard = false;
        var hasConstraint = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '{')
            {
                // Count nested braces so that quantifiers such as \d{3} stay inside the variable's regex.
                var depth = 1;
                var j = i + 1;
                while (j < text.Length && depth > 0)
                {
                    depth += text[j] switch { '{' => 1, '}' => -1, _ => 0 };
                    j++;
                }

                if (depth > 0)
                {
                    error = $"'{text}' has a '{{' without a matching '}}'.";
                    return null;
                }

                var inner = text.AsSpan(i + 1, j - i - 2);
                var colon = inner.IndexOf(':');
                var name = (colon < 0 ? inner : inner[..colon]).Trim().ToString();
                if (!IsValidVariableName(name, out error))
                {
                    return null;
                }

                if (!variables.Add(name))
                {
                    error = $"the variable '{name}' is captured twice.";
                    return null;
                }

                var constraint = colon < 0 ? null : inner[(colon + 1)..].ToString();
                if (constraint is not null)
                {
                    if (constraint.Length == 0)
                    {
                        error = $"the variable '{name}' has an empty regular expression after ':'.";
                        return null;
                    }

                    if (FullMatchRegex.TryCreate(constraint, RegexOptions.None, out var regexError) is null)
                    {
                        error = $"the regular expression '{constraint}' of variable '{name}' is invalid: {regexError}";
                        return null;
                    }

                    hasConstraint = true;
                }

                body.Append("(?<").Append(GroupName(names.Count)).Append('>').Append(constraint ?? ".*").Append(')');
                names.Add(name);
                i = j;
                continue;
            }

            if (c == '}')
            {
                error = $"'{text}' has a '}}' without a preceding '{{'.";
                return null;
            }

            if (c is '*' or '?')
            {
                hasWildcard = true;
                body.Append(c == '*' ? ".*" : ".");
            }
            else
            {
                literal.Append(c);
                body.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
            }

            i++;
        }

        if (names.Count == 0)
        {
            var kind = !hasWildcard ? SegmentKind.Literal : text == "*" ? SegmentKind.Wildcard : SegmentKind.Glob;
            return new PatternSegment(kind, text, [], null);
        }

        if (names.Count == 1 && !hasConstraint && !hasWildcard && literal.Length == 0)
        {
            return new PatternSegment(SegmentKind.Capture, text, [.. names], null);
        }

        var options = RegexOptions.ExplicitCapture | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        var regex = FullMatchRegex.TryCreate(text, options, out var compositeError, body.ToString());
        if (regex is null)
        {
            error = $"'{text}' cannot be compiled: {compositeError}";
            return null;
        }

        return new PatternSegment(SegmentKind.Regex, text, [.. names], regex);
    }

    // Variables become numbered groups rather than named after themselves, so any variable name is a valid group name.
    private static string GroupName(int index) => "v" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsValidVariableName(string name, out string? error)
    {
        error = null;
        if (name.Length == 0)
        {
            error = "a variable has no name; write {name} or {name:regex}.";
            return false;
        }

        if (name.AsSpan().IndexOfAnyExcept(VariableNameChars) is var bad and >= 0)
        {
            error = $"the variable name '{name}' contains '{name[bad]}'; names use letters, digits and '_'.";
            return false;
        }

        if (char.IsAsciiDigit(name[0]))
        {
            error = $"the variable name '{name}' starts with a digit.";
            return false;
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
