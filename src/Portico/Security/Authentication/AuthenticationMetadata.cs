namespace Portico.Security.Authentication;

/// <summary>
/// The route metadata that asks for authentication. <c>auth: jwt</c> (or <c>api-key</c>, or <c>jwt, api-key</c> for
/// either) is the short form; the full form is a map:
/// <code>
/// metadata:
///   auth:
///     schemes: [jwt, api-key]   # the caller may use either; the credential it sends decides which
///     scopes: [orders.read]     # all required (403 when one is missing)
///     roles: [admin, support]   # any one required
/// </code>
/// The check runs at <see cref="SecurityFilterOrder.Authentication"/>, before every route filter. Routes without
/// <c>auth</c>, or with <c>auth: none</c>, are not authenticated.
/// </summary>
public static class AuthenticationMetadata
{
    /// <summary>The metadata key.</summary>
    public const string Key = "auth";

    /// <summary>The field listing the accepted schemes.</summary>
    public const string Schemes = "schemes";

    /// <summary>The field listing the scopes the caller must all hold.</summary>
    public const string Scopes = "scopes";

    /// <summary>The field listing the roles of which the caller must hold one.</summary>
    public const string Roles = "roles";
}
