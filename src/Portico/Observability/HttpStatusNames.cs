using System.Globalization;

namespace Portico.Observability;

/// <summary>
/// Spring's <c>HttpStatus</c> constant names and series for status codes, precomputed so that metric tags cost no
/// allocation. A code Spring has no constant for is <c>CUSTOM</c>, as in Spring Cloud Gateway's tags provider.
/// </summary>
internal static class HttpStatusNames
{
    /// <summary>The outcome of a status code Spring does not name.</summary>
    public const string Custom = "CUSTOM";

    private const int First = 100;
    private const int Count = 500;

    // The names HttpStatus.resolve(code).name() returns in current Spring (deprecated aliases resolve to these).
    private static readonly (int Code, string Name)[] Known =
    [
        (100, "CONTINUE"), (101, "SWITCHING_PROTOCOLS"), (102, "PROCESSING"), (103, "EARLY_HINTS"),
        (200, "OK"), (201, "CREATED"), (202, "ACCEPTED"), (203, "NON_AUTHORITATIVE_INFORMATION"), (204, "NO_CONTENT"),
        (205, "RESET_CONTENT"), (206, "PARTIAL_CONTENT"), (207, "MULTI_STATUS"), (208, "ALREADY_REPORTED"), (226, "IM_USED"),
        (300, "MULTIPLE_CHOICES"), (301, "MOVED_PERMANENTLY"), (302, "FOUND"), (303, "SEE_OTHER"), (304, "NOT_MODIFIED"),
        (305, "USE_PROXY"), (307, "TEMPORARY_REDIRECT"), (308, "PERMANENT_REDIRECT"),
        (400, "BAD_REQUEST"), (401, "UNAUTHORIZED"), (402, "PAYMENT_REQUIRED"), (403, "FORBIDDEN"), (404, "NOT_FOUND"),
        (405, "METHOD_NOT_ALLOWED"), (406, "NOT_ACCEPTABLE"), (407, "PROXY_AUTHENTICATION_REQUIRED"), (408, "REQUEST_TIMEOUT"),
        (409, "CONFLICT"), (410, "GONE"), (411, "LENGTH_REQUIRED"), (412, "PRECONDITION_FAILED"), (413, "CONTENT_TOO_LARGE"),
        (414, "URI_TOO_LONG"), (415, "UNSUPPORTED_MEDIA_TYPE"), (416, "REQUESTED_RANGE_NOT_SATISFIABLE"),
        (417, "EXPECTATION_FAILED"), (418, "I_AM_A_TEAPOT"), (419, "INSUFFICIENT_SPACE_ON_RESOURCE"), (420, "METHOD_FAILURE"),
        (421, "DESTINATION_LOCKED"), (422, "UNPROCESSABLE_CONTENT"), (423, "LOCKED"), (424, "FAILED_DEPENDENCY"),
        (425, "TOO_EARLY"), (426, "UPGRADE_REQUIRED"), (428, "PRECONDITION_REQUIRED"), (429, "TOO_MANY_REQUESTS"),
        (431, "REQUEST_HEADER_FIELDS_TOO_LARGE"), (451, "UNAVAILABLE_FOR_LEGAL_REASONS"),
        (500, "INTERNAL_SERVER_ERROR"), (501, "NOT_IMPLEMENTED"), (502, "BAD_GATEWAY"), (503, "SERVICE_UNAVAILABLE"),
        (504, "GATEWAY_TIMEOUT"), (505, "HTTP_VERSION_NOT_SUPPORTED"), (506, "VARIANT_ALSO_NEGOTIATES"),
        (507, "INSUFFICIENT_STORAGE"), (508, "LOOP_DETECTED"), (509, "BANDWIDTH_LIMIT_EXCEEDED"), (510, "NOT_EXTENDED"),
        (511, "NETWORK_AUTHENTICATION_REQUIRED"),
    ];

    private static readonly string[] SeriesNames = ["INFORMATIONAL", "SUCCESSFUL", "REDIRECTION", "CLIENT_ERROR", "SERVER_ERROR"];

    private static readonly string?[] Names = BuildNames();

    private static readonly string[] CodeTexts = BuildCodeTexts();

    /// <summary>Spring's constant name for <paramref name="code"/> (<c>NOT_FOUND</c>), or null when it has none.</summary>
    public static string? Name(int code) => (uint)(code - First) < Count ? Names[code - First] : null;

    /// <summary>The <c>status</c> tag: the constant name, or the number for a code Spring does not name.</summary>
    public static string Status(int code) => Name(code) ?? CodeText(code);

    /// <summary>The <c>outcome</c> tag: the series name (<c>CLIENT_ERROR</c>), or <c>CUSTOM</c> for an unnamed code.</summary>
    public static string Outcome(int code) => Name(code) is null ? Custom : SeriesNames[(code / 100) - 1];

    /// <summary>The code as text (<c>"404"</c>), cached for 100-599.</summary>
    public static string CodeText(int code) =>
        (uint)(code - First) < Count ? CodeTexts[code - First] : code.ToString(CultureInfo.InvariantCulture);

    private static string?[] BuildNames()
    {
        var names = new string?[Count];
        foreach (var (code, name) in Known)
        {
            names[code - First] = name;
        }

        return names;
    }

    private static string[] BuildCodeTexts()
    {
        var texts = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            texts[i] = (i + First).ToString(CultureInfo.InvariantCulture);
        }

        return texts;
    }
}
