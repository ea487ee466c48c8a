using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portico.Discovery;
using Portico.Linkis;
using Portico.Linkis.Messages;

namespace Portico.Security.Linkis.Tokens;

/// <summary>
/// Linkis's token admin API, <c>/api/rest_j/v1/basedata-manager/gateway-auth-token</c> (Linkis serves it from the
/// public service; Portico owns the token table, so it answers itself and every other <c>basedata-manager</c> path
/// still goes to the public service). Same paths, parameters and <c>Message</c> shapes as Linkis, so the Linkis web
/// console works unchanged:
/// <list type="bullet">
/// <item><c>GET ?searchName=&amp;currentPage=&amp;pageSize=</c> - a page of tokens, <c>data.list</c> shaped as
/// PageHelper's <c>PageInfo</c> (<c>total</c>, <c>list</c>, <c>pageNum</c>, ...).</item>
/// <item><c>GET /{id}</c> - <c>data.item</c>; <c>POST</c> - add (<c>data.result</c>, and <c>data.item</c> with the
/// token in clear, the only time it is shown); <c>PUT</c> - update by <c>id</c>; <c>DELETE /{id}</c> (or <c>?id=</c>).</item>
/// <item><c>GET /check?token=&amp;checkName=</c> - whether the token is valid for the user (any logged-in user).</item>
/// <item><c>encrypt-token</c>, <c>decrypt-token</c> and their <c>-all</c> forms answer an error: tokens are kept as keyed
/// hashes, which cannot be decrypted (Linkis's RSA token mode is not supported).</item>
/// </list>
/// Reads show tokens masked (D10). Everything but <c>check</c> and <c>encrypt-token</c> is for the Linkis administrator.
/// </summary>
internal sealed class LinkisTokenRestEndpoint : ILinkisLocalEndpoint
{
    /// <summary>The API's path below the REST prefix.</summary>
    public const string BasePath = "basedata-manager/gateway-auth-token";

    /// <summary>Linkis's refusal of a non-administrator; {0} = the user.</summary>
    public const string NotAdminFormat = "User '{0}' is not admin user[非管理员用户]";

    /// <summary>The answer to the encrypt and decrypt variants.</summary>
    public const string CipherUnsupported =
        "Portico keeps only keyed hashes of tokens, which cannot be encrypted or decrypted; Linkis's RSA token mode (linkis.rsa.token.switch) is not supported.";

    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 1000;

    private static readonly CompositeFormat NotAdmin = CompositeFormat.Parse(NotAdminFormat);

    private readonly ILinkisSecuritySettings _settings;
    private readonly Lazy<ILinkisTokenStore> _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger<LinkisTokenRestEndpoint> _logger;

    // The store is opened on first use, as for the token authenticator: while Linkis authentication is off it is never
    // needed, and opening it needs the crypt key.
    public LinkisTokenRestEndpoint(ILinkisSecuritySettings settings, Lazy<ILinkisTokenStore> tokens, TimeProvider time, ILogger<LinkisTokenRestEndpoint> logger)
    {
        _settings = settings;
        _tokens = tokens;
        _time = time;
        _logger = logger;
    }

    /// <summary>Claims the API only while Linkis authentication is on; without it the public service answers, as in Linkis.</summary>
    public bool Matches(ReadOnlySpan<char> apiPath) =>
        apiPath.StartsWith(BasePath, StringComparison.Ordinal)
        && (apiPath.Length == BasePath.Length || apiPath[BasePath.Length] == '/')
        && _settings.Current.Enabled;

    private ILinkisTokenStore Store => _tokens.Value;

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Features.Get<LinkisRequestContext>()?.Path ?? context.Request.Path.Value ?? "";
        var at = path.IndexOf(BasePath, StringComparison.Ordinal);
        var rest = at < 0 ? "" : path[(at + BasePath.Length)..].TrimEnd('/');
        var method = context.Request.Method;
        var call = new Call(context, path);
        try
        {
            switch (rest)
            {
                case "":
                    await RootAsync(call, method);
                    return;
                case "/check":
                    await (HttpMethods.IsGet(method) ? CheckAsync(call) : call.MethodNotAllowedAsync());
                    return;
                case "/encrypt-token" or "/decrypt-token" or "/encrypt-token-all" or "/decrypt-token-all":
                    await (HttpMethods.IsGet(method) ? call.ErrorAsync(CipherUnsupported) : call.MethodNotAllowedAsync());
                    return;
            }

            if (rest.LastIndexOf('/') != 0)
            {
                await LinkisResponseWriter.WriteFrameworkErrorAsync(context, StatusCodes.Status404NotFound, path);
                return;
            }

            var idText = rest[1..];
            if (HttpMethods.IsGet(method))
            {
                await GetAsync(call, idText);
            }
            else if (HttpMethods.IsDelete(method))
            {
                await DeleteAsync(call, idText);
            }
            else
            {
                await call.MethodNotAllowedAsync();
            }
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested && ex is not OperationCanceledException)
        {
            LinkisTokenLog.WriteFailed(_logger, method, path, ex);
            await LinkisResponseWriter.WriteFrameworkErrorAsync(context, StatusCodes.Status500InternalServerError, path);
        }
    }

    private Task RootAsync(Call call, string method)
    {
        if (HttpMethods.IsGet(method))
        {
            return ListAsync(call);
        }

        if (HttpMethods.IsPost(method))
        {
            return AddAsync(call);
        }

        if (HttpMethods.IsPut(method))
        {
            return UpdateAsync(call);
        }

        // Linkis's older API removed by ?id=.
        return HttpMethods.IsDelete(method) ? DeleteAsync(call, call.Query("id") ?? "") : call.MethodNotAllowedAsync();
    }

    private async Task ListAsync(Call call)
    {
        if (!await call.RequireAdminAsync())
        {
            return;
        }

        if (!TryPageParameter(call.Query("currentPage"), 1, out var pageNum) || !TryPageParameter(call.Query("pageSize"), DefaultPageSize, out var pageSize))
        {
            await call.ErrorAsync("currentPage and pageSize must be positive whole numbers.");
            return;
        }

        pageSize = Math.Min(pageSize, MaxPageSize);
        var search = call.Query("searchName");
        var byValue = string.IsNullOrEmpty(search) ? null : Store.FindByValue(search);
        var matching = new List<LinkisToken>();
        foreach (var token in Store.Tokens)
        {
            // Tokens are kept hashed, so a search matches the name or the mask, or the whole token.
            if (string.IsNullOrEmpty(search)
                || token.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
                || token.Mask.StartsWith(search, StringComparison.Ordinal)
                || ReferenceEquals(token, byValue))
            {
                matching.Add(token);
            }
        }

        await call.OkAsync(LinkisMessage.Ok().WithData("list", PageInfo(matching, pageNum, pageSize)));
    }

    private async Task GetAsync(Call call, string idText)
    {
        if (!await call.RequireAdminAsync() || await call.IdAsync(idText) is not { } id)
        {
            return;
        }

        await call.OkAsync(LinkisMessage.Ok().WithData("item", Store.FindById(id) is { } token ? Entity(token, null) : null));
    }

    private async Task AddAsync(Call call)
    {
        if (!await call.RequireAdminAsync() || await call.ReadBodyAsync() is not { } request)
        {
            return;
        }

        var result = await Store.CreateAsync(request.Spec with { Name = null, Regenerate = false }, call.UserName, call.Context.RequestAborted);
        if (result.Error is { } error)
        {
            await call.ErrorAsync(Describe(error));
            return;
        }

        await call.OkAsync(LinkisMessage.Ok().WithData("result", true).WithData("item", Entity(result.Token!, result.Value)));
    }

    private async Task UpdateAsync(Call call)
    {
        if (!await call.RequireAdminAsync() || await call.ReadBodyAsync() is not { } request)
        {
            return;
        }

        if (request.Id is not { } id)
        {
            await call.ErrorAsync("id is required: the id of the token to change.");
            return;
        }

        var spec = request.Spec with { Name = null, Regenerate = false };

        // The web console sends the row it read back, token masked: that keeps the token as it is.
        if (spec.Value is not null && Store.FindById(id) is { } current && spec.Value == current.Mask)
        {
            spec = spec with { Value = null };
        }

        var result = await Store.UpdateAsync(id, spec, call.UserName, call.Context.RequestAborted);
        if (result.Error is { Kind: LinkisTokenErrorKind.NotFound })
        {
            // Linkis's updateById reports a missing row as result false.
            await call.OkAsync(LinkisMessage.Ok().WithData("result", false));
            return;
        }

        if (result.Error is { } error)
        {
            await call.ErrorAsync(Describe(error));
            return;
        }

        await call.OkAsync(LinkisMessage.Ok().WithData("result", true).WithData("item", Entity(result.Token!, result.Value)));
    }

    private async Task DeleteAsync(Call call, string idText)
    {
        if (!await call.RequireAdminAsync() || await call.IdAsync(idText) is not { } id)
        {
            return;
        }

        var removed = await Store.DeleteAsync(id, call.UserName, call.Context.RequestAborted);
        await call.OkAsync(LinkisMessage.Ok().WithData("result", removed));
    }

    private async Task CheckAsync(Call call)
    {
        if (!await call.RequireUserAsync())
        {
            return;
        }

        var value = call.Query("token");
        if (string.IsNullOrEmpty(value))
        {
            await call.ErrorAsync("token is required: the token to check.");
            return;
        }

        var checkName = call.Query("checkName");
        var token = Store.FindByValue(value);
        var valid = token is not null
            && !token.IsExpiredAt(_time.GetUtcNow())
            && (string.IsNullOrEmpty(checkName) || token.AllowsUser(checkName));
        await call.OkAsync(LinkisMessage.Ok().WithData("result", valid));
    }

    /// <summary>The token as Linkis's entity: <c>tokenName</c> masked unless <paramref name="value"/> (just created) is given.</summary>
    internal static KeyValuePair<string, object?>[] Entity(LinkisToken token, string? value) =>
    [
        new("id", token.Id),
        new("tokenName", value ?? token.Mask),
        new("legalUsers", token.LegalUsers),
        new("legalHosts", token.LegalHosts),
        new("businessOwner", token.BusinessOwner),
        new("createTime", token.CreateTime.ToUnixTimeMilliseconds()),
        new("updateTime", token.UpdateTime.ToUnixTimeMilliseconds()),
        new("elapseDay", token.ElapseDay),
        new("updateBy", token.UpdateBy),
    ];

    /// <summary>PageHelper's <c>PageInfo</c> of <paramref name="all"/> for page <paramref name="pageNum"/> (navigation of 8 pages).</summary>
    internal static KeyValuePair<string, object?>[] PageInfo(IReadOnlyList<LinkisToken> all, int pageNum, int pageSize)
    {
        const int NavigatePages = 8;
        var total = all.Count;
        var pages = (total + pageSize - 1) / pageSize;
        var start = (long)(pageNum - 1) * pageSize;
        var list = new List<object?>();
        for (var i = start; i < total && list.Count < pageSize; i++)
        {
            list.Add(Entity(all[(int)i], null));
        }

        int first, last;
        if (pages <= NavigatePages)
        {
            (first, last) = (1, pages);
        }
        else
        {
            first = pageNum - (NavigatePages / 2);
            last = pageNum + (NavigatePages / 2);
            if (first < 1)
            {
                (first, last) = (1, NavigatePages);
            }
            else if (last > pages)
            {
                (first, last) = (pages - NavigatePages + 1, pages);
            }
            else
            {
                last = first + NavigatePages - 1;
            }
        }

        var navigate = new List<object?>();
        for (var n = first; n <= last; n++)
        {
            navigate.Add(n);
        }

        var size = list.Count;
        var startRow = size == 0 ? 0 : start + 1;
        return
        [
            new("total", (long)total),
            new("list", list),
            new("pageNum", pageNum),
            new("pageSize", pageSize),
            new("size", size),
            new("startRow", startRow),
            new("endRow", size == 0 ? 0 : startRow + size - 1),
            new("pages", pages),
            new("prePage", pageNum > 1 ? pageNum - 1 : 0),
            new("nextPage", pageNum < pages ? pageNum + 1 : 0),
            new("isFirstPage", pageNum == 1),
            new("isLastPage", pageNum == pages || pages == 0),
            new("hasPreviousPage", pageNum > 1),
            new("hasNextPage", pageNum < pages),
            new("navigatePages", NavigatePages),
            new("navigatepageNums", navigate),
            new("navigateFirstPage", navigate.Count == 0 ? 0 : first),
            new("navigateLastPage", navigate.Count == 0 ? 0 : last),
        ];
    }

    private static bool TryPageParameter(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }

    // Linkis's API calls the token tokenName.
    private static string Describe(LinkisTokenError error) =>
        (error.Field == LinkisTokenFields.Token ? "tokenName" : error.Field) + " " + error.Message;

    /// <summary>One request: who calls, and how to answer in Linkis's shape (method = the path; HTTP status from the Linkis status).</summary>
    private sealed class Call(HttpContext context, string path)
    {
        public HttpContext Context => context;

        public string UserName => context.GetLinkisIdentity()?.UserName ?? "";

        public string? Query(string name) => context.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

        public async ValueTask<bool> RequireUserAsync()
        {
            if (context.GetLinkisIdentity() is { IsAuthenticated: true })
            {
                return true;
            }

            await WriteAsync(new LinkisMessage(path, LinkisMessageStatus.NotLoggedIn, LinkisUserMessages.NotLoggedIn));
            return false;
        }

        public async ValueTask<bool> RequireAdminAsync()
        {
            if (!await RequireUserAsync())
            {
                return false;
            }

            var identity = context.GetLinkisIdentity()!;
            if (identity.IsAdmin)
            {
                return true;
            }

            await ErrorAsync(string.Format(CultureInfo.InvariantCulture, NotAdmin, identity.UserName));
            return false;
        }

        public async ValueTask<long?> IdAsync(string text)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }

            await ErrorAsync($"id '{text}' is not a token id (a whole number).");
            return null;
        }

        public async ValueTask<TokenRequest?> ReadBodyAsync()
        {
            var body = await RegistryHttp.ReadBodyAsync(context);
            if (body is null)
            {
                await LinkisResponseWriter.WriteFrameworkErrorAsync(context, StatusCodes.Status413PayloadTooLarge, path);
                return null;
            }

            try
            {
                return TokenRequestBody.Read(body, linkis: true);
            }
            catch (TokenBodyException ex)
            {
                await ErrorAsync(ex.Message);
                return null;
            }
        }

        public async Task OkAsync(LinkisMessage message) => await WriteAsync(message);

        public async Task ErrorAsync(string text) => await WriteAsync(new LinkisMessage(path, LinkisMessageStatus.Error, text));

        public async Task MethodNotAllowedAsync() =>
            await LinkisResponseWriter.WriteFrameworkErrorAsync(context, StatusCodes.Status405MethodNotAllowed, path);

        // The public service's Spring aspect maps the Message status to the HTTP status (error 400, not logged in 401).
        private ValueTask<bool> WriteAsync(LinkisMessage message)
        {
            var withMethod = message.Method is null ? message.WithMethod(path) : message;
            return LinkisResponseWriter.WriteMessageAsync(context, withMethod, LinkisMessage.ToHttpStatus(withMethod.Status));
        }
    }
}
