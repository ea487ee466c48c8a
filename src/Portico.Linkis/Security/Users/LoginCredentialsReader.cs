using System.Text.Json;
using Portico.Linkis;

namespace Portico.Security.Linkis.Users;

/// <summary>The user name and password of a login request as sent (the password possibly RSA-encrypted).</summary>
internal readonly record struct LoginCredentials(string? UserName, string? Password);

/// <summary>
/// Reads the credentials of <c>/user/login</c> as Linkis does: from the query (<c>userName</c> with <c>password</c>, or
/// <c>passwdEncrypt</c> when <c>password</c> is blank) when both are there, else from a JSON body with the same keys
/// (<c>passwdEncrypt</c> when <c>password</c> is absent or null). Where Linkis fails with a parser exception (a body that
/// is not a JSON object, a value of the wrong type) or would read a value it was not given (a key sent twice), the
/// reader names the problem instead; it never echoes the body.
/// </summary>
internal static class LoginCredentialsReader
{
    /// <summary>The largest login body read; credentials need far less.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const string UserNameKey = "userName";
    private const string PasswordKey = "password";
    private const string EncryptedPasswordKey = "passwdEncrypt";

    /// <summary>Reads the credentials; on a body that cannot be read returns false with the reason in <paramref name="error"/>.</summary>
    public static bool TryRead(LinkisRequestContext context, out LoginCredentials credentials, out string? error)
    {
        var query = context.Query;
        var userNames = query[UserNameKey];
        var passwords = query[PasswordKey];
        if (passwords.Count == 0 || string.IsNullOrWhiteSpace(passwords[0]))
        {
            passwords = query[EncryptedPasswordKey];
        }

        if (userNames.Count > 0 && passwords.Count > 0)
        {
            credentials = new LoginCredentials(userNames[0], passwords[0]);
            error = null;
            return true;
        }

        credentials = default;
        var body = context.Body;
        if (body is null || body.IsEmpty)
        {
            error = null;
            return true;
        }

        if (body.Bytes.Length > MaxBodyBytes)
        {
            error = $"the login request body has {body.Bytes.Length} bytes, more than the {MaxBodyBytes} allowed.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(body.Text))
        {
            error = null;
            return true;
        }

        if (!body.TryGetJson(out var root, out var jsonError))
        {
            error = jsonError;
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"the request body is a JSON {KindName(root.ValueKind)}; send an object such as {{\"userName\":\"...\",\"password\":\"...\"}}.";
            return false;
        }

        JsonElement? userName = null, password = null, encrypted = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case UserNameKey when userName is null:
                    userName = property.Value;
                    break;
                case PasswordKey when password is null:
                    password = property.Value;
                    break;
                case EncryptedPasswordKey when encrypted is null:
                    encrypted = property.Value;
                    break;
                case UserNameKey or PasswordKey or EncryptedPasswordKey:
                    // JSON parsers disagree on which copy wins; taking either could log in with a value the client did not mean.
                    error = $"the request body has the key {property.Name} more than once.";
                    return false;
            }
        }

        if (!TryString(UserNameKey, userName, out var userNameText, out error))
        {
            return false;
        }

        string? passwordText;
        if (password is { ValueKind: not JsonValueKind.Null })
        {
            if (!TryString(PasswordKey, password, out passwordText, out error))
            {
                return false;
            }
        }
        else if (!TryString(EncryptedPasswordKey, encrypted, out passwordText, out error))
        {
            return false;
        }

        credentials = new LoginCredentials(userNameText, passwordText);
        return true;
    }

    private static bool TryString(string key, JsonElement? value, out string? text, out string? error)
    {
        text = null;
        error = null;
        switch (value?.ValueKind)
        {
            case null or JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                text = value.Value.GetString();
                return true;
            default:
                error = $"{key} must be a JSON string, not a {KindName(value.Value.ValueKind)}.";
                return false;
        }
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
