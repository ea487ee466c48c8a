namespace Portico.Security.Authentication;

/// <summary>The names of the authentication schemes, as written in route metadata.</summary>
public static class AuthenticationSchemeNames
{
    /// <summary>JWT bearer tokens.</summary>
    public const string Jwt = "jwt";

    /// <summary>API keys.</summary>
    public const string ApiKey = "api-key";

    /// <summary>No authentication.</summary>
    public const string None = "none";
}
