using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portico.Discovery;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// Portico's own token API, under <c>/portico/tokens</c>, guarded like the registry's writes (loopback or
/// <c>discovery.access.trusted-networks</c>, plus the configured credentials). JSON in and out; errors are
/// <c>application/problem+json</c> with a <c>field</c> member naming what was wrong, and leave the tokens unchanged.
/// <list type="bullet">
/// <item><c>GET /portico/tokens</c> - <c>{"tokens":[...]}</c>, tokens masked.</item>
/// <item><c>POST /portico/tokens</c> with <c>{"name","token","legalUsers","legalHosts","businessOwner","elapseDay"}</c>
/// (<c>legalUsers</c>, <c>legalHosts</c> and <c>elapseDay</c> required; without <c>token</c> one is generated) - 201 with
/// the token, its value in <c>token</c>: the only time it is shown.</item>
/// <item><c>GET /portico/tokens/{name}</c>; <c>PUT</c> with the properties to change (<c>"regenerate":true</c> replaces the
/// value with a generated one, shown in the answer); <c>DELETE</c> - 204.</item>
/// </list>
/// </summary>
internal sealed class TokenAdminEndpoints(
    ILinkisSecuritySettings settings,
    Lazy<ILinkisTokenStore> store,
    RegistryAccess access,
    TimeProvider time,
    ILogger<TokenAdminEndpoints> logger)
{
    public const string Prefix = "/portico/tokens";

    /// <summary>Who changed a token through this API when no credentials named the caller.</summary>
    public const string AnonymousUpdater = "portico-api";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var handler = endpoints.ServiceProvider.GetRequiredService<TokenAdminEndpoints>();
        var group = endpoints.MapGroup(Prefix);
        group.MapGet("", handler.ListAsync);
        group.MapPost("", handler.CreateAsync);
        group.MapGet("/{name}", handler.GetAsync);
        group.MapPut("/{name}", handler.UpdateAsync);
        group.MapDelete("/{name}", handler.DeleteAsync);
    }

    private async Task ListAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } tokens)
        {
            return;
        }

        var all = tokens.Tokens;
        var now = time.GetUtcNow();
        await RegistryHttp.WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("tokens");
            foreach (var token in all)
            {
                Write(json, token, null, now);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task GetAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } tokens || await FindAsync(context, tokens) is not { } token)
        {
            return;
        }

        await WriteTokenAsync(context, StatusCodes.Status200OK, token, null);
    }

    private async Task CreateAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } tokens || await ReadAsync(context) is not { } spec)
        {
            return;
        }

        if (spec.Regenerate)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "regenerate", "applies to changes only; leave token out to have one generated.");
            return;
        }

        var (done, result) = await WriteAsync(context, () => tokens.CreateAsync(spec, UpdateBy(context), CancellationToken.None));
        if (!done || await RefusedAsync(context, result))
        {
            return;
        }

        context.Response.Headers.Location = Prefix + "/" + Uri.EscapeDataString(result.Token!.Name);
        await WriteTokenAsync(context, StatusCodes.Status201Created, result.Token, result.Value);
    }

    private async Task UpdateAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } tokens || await FindAsync(context, tokens) is not { } token || await ReadAsync(context) is not { } spec)
        {
            return;
        }

        var (done, result) = await WriteAsync(context, () => tokens.UpdateAsync(token.Id, spec, UpdateBy(context), CancellationToken.None));
        if (!done || await RefusedAsync(context, result))
        {
            return;
        }

        await WriteTokenAsync(context, StatusCodes.Status200OK, result.Token!, result.Value);
    }

    private async Task DeleteAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context) is not { } tokens || await FindAsync(context, tokens) is not { } token)
        {
            return;
        }

        var (done, deleted) = await WriteAsync(context, () => tokens.DeleteAsync(token.Id, UpdateBy(context), CancellationToken.None));
        if (!done)
        {
            return;
        }

        if (!deleted)
        {
            await NotFoundAsync(context, token.Name);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>Runs a store write; when storage fails, logs it, answers 500 and returns not done (the tokens are unchanged).</summary>
    private async ValueTask<(bool Done, T Value)> WriteAsync<T>(HttpContext context, Func<ValueTask<T>> write)
    {
        try
        {
            return (true, await write());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LinkisTokenLog.WriteFailed(logger, context.Request.Method, context.Request.Path.Value ?? "", ex);
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status500InternalServerError, "The token could not be stored; the tokens are unchanged and the failure has been logged.", null);
            return (false, default!);
        }
    }

    /// <summary>The store, once the caller may use it; null after writing the refusal.</summary>
    private async ValueTask<ILinkisTokenStore?> AuthorizeAsync(HttpContext context)
    {
        // Even reads need the write privilege: the token list names who may act as whom.
        if (!await access.AuthorizeAsync(context, write: true))
        {
            return null;
        }

        if (!settings.Current.Enabled)
        {
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status404NotFound, "Linkis authentication is off, so there are no tokens; set linkis-security.enabled: true.", null);
            return null;
        }

        return store.Value;
    }

    private static async ValueTask<LinkisToken?> FindAsync(HttpContext context, ILinkisTokenStore tokens)
    {
        var name = RegistryHttp.Route(context, "name");
        if (tokens.FindByName(name) is { } token)
        {
            return token;
        }

        await NotFoundAsync(context, name);
        return null;
    }

    private static Task NotFoundAsync(HttpContext context, string name) =>
        RegistryHttp.WriteProblemAsync(context, StatusCodes.Status404NotFound, $"No token is named '{name}'.", null);

    private async ValueTask<LinkisTokenSpec?> ReadAsync(HttpContext context)
    {
        if (RegistryHttp.BodyKind(context.Request) != "json")
        {
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{context.Request.ContentType}' is not supported; send application/json.", null);
            return null;
        }

        var body = await RegistryHttp.ReadBodyAsync(context);
        if (body is null)
        {
            await RegistryHttp.WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {RegistryHttp.MaxBodyBytes / 1024} KiB.", null);
            return null;
        }

        try
        {
            return TokenRequestBody.Read(body, linkis: false).Spec;
        }
        catch (TokenBodyException ex)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, ex.Field, ex.Problem);
            return null;
        }
    }

    private async ValueTask<bool> RefusedAsync(HttpContext context, LinkisTokenWriteResult result)
    {
        if (result.Error is not { } error)
        {
            return false;
        }

        var status = error.Kind switch
        {
            LinkisTokenErrorKind.Duplicate => StatusCodes.Status409Conflict,
            LinkisTokenErrorKind.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        await RejectAsync(context, status, error.Field, error.Message);
        return true;
    }

    private Task RejectAsync(HttpContext context, int status, string field, string problem)
    {
        LinkisTokenLog.AdminRejected(logger, context.Request.Method, context.Request.Path.Value ?? "", field, problem);
        return RegistryHttp.WriteProblemAsync(context, status, field + " " + problem, field);
    }

    private Task WriteTokenAsync(HttpContext context, int status, LinkisToken token, string? value)
    {
        var now = time.GetUtcNow();
        return RegistryHttp.WriteJsonAsync(context, status, json => Write(json, token, value, now));
    }

    /// <summary>One token; <paramref name="value"/> (just created or replaced) is written only when given.</summary>
    internal static void Write(Utf8JsonWriter json, LinkisToken token, string? value, DateTimeOffset now)
    {
        json.WriteStartObject();
        json.WriteNumber("id", token.Id);
        json.WriteString("name", token.Name);
        if (value is not null)
        {
            json.WriteString("token", value);
        }

        json.WriteString("tokenMask", token.Mask);
        json.WriteString("legalUsers", token.LegalUsers);
        json.WriteString("legalHosts", token.LegalHosts);
        json.WriteString("businessOwner", token.BusinessOwner);
        json.WriteString("createTime", token.CreateTime);
        json.WriteString("updateTime", token.UpdateTime);
        json.WriteNumber("elapseDay", token.ElapseDay);
        if (token.ExpiresAt is { } expiresAt)
        {
            json.WriteString("expiresAt", expiresAt);
        }
        else
        {
            json.WriteNull("expiresAt");
        }

        json.WriteBoolean("expired", token.IsExpiredAt(now));
        json.WriteString("updateBy", token.UpdateBy);
        json.WriteEndObject();
    }

    // The name of the basic credentials when the caller gave some (RegistryAccess has checked them), else a fixed name.
    private static string UpdateBy(HttpContext context)
    {
        const string Basic = "Basic ";
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith(Basic, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[Basic.Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return decoded[..colon];
                }
            }
            catch (FormatException)
            {
            }
        }

        return AnonymousUpdater;
    }
}
