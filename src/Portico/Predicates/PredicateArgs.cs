using System.Text.RegularExpressions;
using Portico.Configuration;

namespace Portico.Predicates;

/// <summary>Typed readers for predicate arguments that record precise errors on <see cref="ComponentArgs"/>.</summary>
internal static class PredicateArgs
{
    /// <summary>
    /// The field as a regular expression that must match whole values (Java's <c>String.matches</c>); null when absent
    /// or blank (and then an error if <paramref name="required"/>) or invalid (error recorded).
    /// </summary>
    public static FullMatchRegex? GetFullMatchRegex(this ComponentArgs args, string name, bool required, RegexOptions options = RegexOptions.None)
    {
        var text = required ? args.GetRequiredString(name) : args.GetString(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var regex = FullMatchRegex.TryCreate(text, options, out var error);
        if (regex is null)
        {
            args.AddError(name, $"'{text}' is not a valid regular expression: {error}", "Fix the pattern (.NET regular expression syntax, which accepts Java's common constructs); it must match the whole value.");
        }

        return regex;
    }

    /// <summary>The field as a date-time (see <see cref="ZonedDateTimeParser"/>); null with an error when absent or invalid.</summary>
    public static DateTimeOffset? GetZonedDateTime(this ComponentArgs args, string name, out string display)
    {
        display = "";
        var text = args.GetRequiredString(name);
        if (text.Length == 0)
        {
            return null;
        }

        if (!ZonedDateTimeParser.TryParse(text, out var value, out display, out var problem))
        {
            args.AddError(name, $"'{text}' is not a date-time: {problem}", ZonedDateTimeParser.Fix);
            return null;
        }

        return value;
    }

    /// <summary>The field as a non-empty list whose entries are not blank; errors recorded otherwise.</summary>
    public static IReadOnlyList<string> GetNonBlankList(this ComponentArgs args, string name, string example)
    {
        var values = args.GetList(name, required: false);
        if (values.Count == 0)
        {
            args.AddError(name, "needs at least one value.", $"List one or more values, e.g. '{args.ComponentName}={example}'.");
            return [];
        }

        var result = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                args.AddError(name, "has a blank entry.", $"Remove the blank entry or write a value, e.g. '{args.ComponentName}={example}'.");
            }
            else
            {
                result.Add(value.Trim());
            }
        }

        return result;
    }

    /// <summary>Formats values as Java prints a list (<c>[a, b]</c>), the form Spring's predicate descriptions use.</summary>
    public static string FormatList(IEnumerable<string> values) => "[" + string.Join(", ", values) + "]";
}
