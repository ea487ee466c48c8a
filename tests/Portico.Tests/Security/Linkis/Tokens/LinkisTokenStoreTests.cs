using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Portico.Security.Linkis.Tokens;
using Portico.Tests.Observability;
using Portico.Tests.TestSupport;
using static Portico.Tests.Security.Linkis.Tokens.TokenTestSupport;

namespace Portico.Tests.Security.Linkis.Tokens;

public sealed class LinkisTokenStoreTests : IDisposable
{
    private const string FirstGenerated = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE";
    private const string SecondGenerated = "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI";

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 8, 30, 15, 123, TimeSpan.Zero));
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private LinkisTokenStore Memory() => Store(new MemoryTokenPersistence(), _time);

    private LinkisTokenStore Sqlite(string key = CryptKey, ILogger<LinkisTokenStore>? logger = null) =>
        Store(new SqliteTokenPersistence(_dir.Path), _time, key, logger);

    [Fact]
    public async Task Create_GivenValue_IsFoundByValueIdAndName()
    {
        using var store = Memory();

        var result = await store.CreateAsync(Spec("LINKIS-AUTH", "linkis"), "hadoop", default);

        Assert.True(result.Succeeded);
        Assert.Equal("LINKIS-AUTH", result.Value);
        var token = result.Token!;
        Assert.Equal(new LinkisToken(1, "linkis", "LINK***", "*", "*", "BDP", _time.GetUtcNow(), _time.GetUtcNow(), -1, "hadoop"), token);
        Assert.Same(token, store.FindByValue("LINKIS-AUTH"));
        Assert.Same(token, store.FindById(1));
        Assert.Same(token, store.FindByName("LINKIS"));
        Assert.Equal([token], store.Tokens);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("linkis-auth")]
    [InlineData("LINKIS-AUTH ")]
    [InlineData("LINK***")]
    public async Task FindByValue_AnythingButTheExactToken_FindsNothing(string? probe)
    {
        using var store = Memory();
        await store.CreateAsync(Spec("LINKIS-AUTH"), "hadoop", default);

        Assert.Null(store.FindByValue(probe));
    }

    [Fact]
    public async Task FindByValue_LongerThanAnyToken_FindsNothing()
    {
        using var store = Memory();
        var value = new string('x', 128);
        await store.CreateAsync(Spec(value), "hadoop", default);

        Assert.NotNull(store.FindByValue(value));
        Assert.Null(store.FindByValue(value + "x"));
    }

    [Fact]
    public async Task Create_WithoutValueOrName_GeneratesBothAndShowsTheValueOnce()
    {
        using var store = Memory();

        var first = await store.CreateAsync(Spec(), "hadoop", default);
        var second = await store.CreateAsync(Spec(), "hadoop", default);

        Assert.Equal(FirstGenerated, first.Value);
        Assert.Equal("token-1", first.Token!.Name);
        Assert.Equal("AQEB***", first.Token.Mask);
        Assert.Equal(SecondGenerated, second.Value);
        Assert.Equal("token-2", second.Token!.Name);
        Assert.Same(second.Token, store.FindByValue(SecondGenerated));
    }

    [Fact]
    public async Task Create_DefaultNameTakenByAnother_GetsASuffix()
    {
        using var store = Memory();
        await store.CreateAsync(Spec("first-token-value", "token-2"), "hadoop", default);

        var result = await store.CreateAsync(Spec("second-token-value"), "hadoop", default);

        Assert.Equal("token-2-2", result.Token!.Name);
    }

    [Fact]
    public async Task Create_DuplicateName_IsRefusedCaseInsensitively()
    {
        using var store = Memory();
        await store.CreateAsync(Spec("first-token-value", "dss"), "hadoop", default);

        var result = await store.CreateAsync(Spec("second-token-value", "DSS"), "hadoop", default);

        Assert.Equal(new LinkisTokenError(LinkisTokenErrorKind.Duplicate, "name", "'DSS' is already in use; choose another name."), result.Error);
        Assert.Single(store.Tokens);
    }

    [Fact]
    public async Task Create_DuplicateValue_IsRefusedNamingTheHolder()
    {
        using var store = Memory();
        await store.CreateAsync(Spec("LINKIS-AUTH", "linkis"), "hadoop", default);

        var result = await store.CreateAsync(Spec("LINKIS-AUTH", "other"), "hadoop", default);

        Assert.Equal(LinkisTokenErrorKind.Duplicate, result.Error!.Kind);
        Assert.Equal("token", result.Error.Field);
        Assert.Equal("is already the value of token 'linkis'; choose another, or leave it out to have one generated.", result.Error.Message);
        Assert.Null(result.Token);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData("legalUsers", "is required; write * for any user, or a comma-separated list such as alice,bob.")]
    [InlineData("legalHosts", "is required; write * for any client address, or a comma-separated list such as 10.0.0.5,10.0.0.6.")]
    [InlineData("elapseDay", "is required; write the days the token stays valid (1 to 36500), or -1 for ever.")]
    public async Task Create_MissingRequiredField_IsRefusedNamingIt(string field, string message)
    {
        using var store = Memory();
        var spec = field switch
        {
            "legalUsers" => Spec() with { LegalUsers = null },
            "legalHosts" => Spec() with { LegalHosts = null },
            _ => Spec() with { ElapseDay = null },
        };

        var result = await store.CreateAsync(spec, "hadoop", default);

        Assert.Equal(new LinkisTokenError(LinkisTokenErrorKind.Invalid, field, message), result.Error);
        Assert.Empty(store.Tokens);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(36501)]
    public async Task Create_BadElapseDay_IsRefused(long days)
    {
        using var store = Memory();

        var result = await store.CreateAsync(Spec() with { ElapseDay = days }, "hadoop", default);

        Assert.Equal("elapseDay", result.Error!.Field);
        Assert.Equal($"is {days}; write 1 to 36500 days, or -1 for a token that never expires.", result.Error.Message);
    }

    [Fact]
    public async Task Create_RefusedAfterAGoodOne_LeavesIdsContiguous()
    {
        using var store = Memory();
        await store.CreateAsync(Spec("first-token-value"), "hadoop", default);
        await store.CreateAsync(Spec("first-token-value"), "hadoop", default);

        var third = await store.CreateAsync(Spec("third-token-value"), "hadoop", default);

        Assert.Equal(2, third.Token!.Id);
    }

    [Fact]
    public async Task Create_HostsAreStoredInCanonicalForm()
    {
        using var store = Memory();

        var result = await store.CreateAsync(Spec("some-token-value") with { LegalHosts = "10.0.0.5,0:0:0:0:0:0:0:1,::ffff:10.0.0.6" }, "hadoop", default);

        Assert.Equal("10.0.0.5,::1,10.0.0.6", result.Token!.LegalHosts);
    }

    [Fact]
    public async Task Create_StorageFails_LeavesTheStoreUnchanged()
    {
        var persistence = new FailingTokenPersistence();
        using var store = Store(persistence, _time);
        await store.CreateAsync(Spec("kept-token-value", "kept"), "hadoop", default);
        persistence.Fail = true;

        await Assert.ThrowsAsync<IOException>(() => store.CreateAsync(Spec("lost-token-value", "lost"), "hadoop", default).AsTask());

        Assert.Single(store.Tokens);
        Assert.Null(store.FindByValue("lost-token-value"));
        persistence.Fail = false;
        Assert.Equal(2, (await store.CreateAsync(Spec("next-token-value"), "hadoop", default)).Token!.Id);
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFieldsAndStampsTheChange()
    {
        using var store = Memory();
        var created = (await store.CreateAsync(Spec("some-token-value", "dss") with { BusinessOwner = "DSS" }, "hadoop", default)).Token!;
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await store.UpdateAsync(created.Id, new LinkisTokenSpec { LegalUsers = "alice,bob", ElapseDay = 30 }, "admin", default);

        Assert.Null(result.Value);
        Assert.Equal(created with { LegalUsers = "alice,bob", ElapseDay = 30, UpdateTime = _time.GetUtcNow(), UpdateBy = "admin" }, result.Token);
        Assert.Same(result.Token, store.FindByValue("some-token-value"));
    }

    [Fact]
    public async Task Update_NewValue_ReplacesTheOldOneAtOnce()
    {
        using var store = Memory();
        var created = (await store.CreateAsync(Spec("old-token-value"), "hadoop", default)).Token!;

        var result = await store.UpdateAsync(created.Id, new LinkisTokenSpec { Value = "new-token-value" }, "admin", default);

        Assert.Equal("new-token-value", result.Value);
        Assert.Equal("new-***", result.Token!.Mask);
        Assert.Null(store.FindByValue("old-token-value"));
        Assert.Same(result.Token, store.FindByValue("new-token-value"));
    }

    [Fact]
    public async Task Update_Regenerate_ReplacesTheValueWithAGeneratedOne()
    {
        using var store = Memory();
        var created = (await store.CreateAsync(Spec("old-token-value"), "hadoop", default)).Token!;

        var result = await store.UpdateAsync(created.Id, new LinkisTokenSpec { Regenerate = true }, "admin", default);

        Assert.Equal(FirstGenerated, result.Value);
        Assert.Null(store.FindByValue("old-token-value"));
        Assert.NotNull(store.FindByValue(FirstGenerated));
    }

    [Fact]
    public async Task Update_SameValueAgain_ShowsNoValue()
    {
        using var store = Memory();
        var created = (await store.CreateAsync(Spec("some-token-value"), "hadoop", default)).Token!;

        var result = await store.UpdateAsync(created.Id, new LinkisTokenSpec { Value = "some-token-value" }, "admin", default);

        Assert.True(result.Succeeded);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task Update_ValueOfAnotherToken_IsRefusedAndChangesNothing()
    {
        using var store = Memory();
        await store.CreateAsync(Spec("first-token-value", "first"), "hadoop", default);
        var second = (await store.CreateAsync(Spec("second-token-value", "second"), "hadoop", default)).Token!;

        var result = await store.UpdateAsync(second.Id, new LinkisTokenSpec { Value = "first-token-value", LegalUsers = "alice" }, "admin", default);

        Assert.Equal(LinkisTokenErrorKind.Duplicate, result.Error!.Kind);
        Assert.Same(second, store.FindById(second.Id));
        Assert.Equal("first", store.FindByValue("first-token-value")!.Name);
    }

    [Fact]
    public async Task Update_ValueAndRegenerate_IsRefused()
    {
        using var store = Memory();
        var created = (await store.CreateAsync(Spec("some-token-value"), "hadoop", default)).Token!;

        var result = await store.UpdateAsync(created.Id, new LinkisTokenSpec { Value = "other-token-value", Regenerate = true }, "admin", default);

        Assert.Equal("token", result.Error!.Field);
        Assert.NotNull(store.FindByValue("some-token-value"));
    }

    [Fact]
    public async Task Update_UnknownId_IsNotFound()
    {
        using var store = Memory();

        var result = await store.UpdateAsync(7, new LinkisTokenSpec { LegalUsers = "alice" }, "admin", default);

        Assert.Equal(new LinkisTokenError(LinkisTokenErrorKind.NotFound, "id", "7 names no token."), result.Error);
    }

    [Fact]
    public async Task Update_RenameToItsOwnNameInOtherCase_IsAllowed()
    {
        using var store = Memory();
        var created = (await store.CreateAsync(Spec("some-token-value", "dss"), "hadoop", default)).Token!;

        var result = await store.UpdateAsync(created.Id, new LinkisTokenSpec { Name = "DSS" }, "admin", default);

        Assert.Equal("DSS", result.Token!.Name);
        Assert.Same(result.Token, store.FindByName("dss"));
    }

    [Fact]
    public async Task Delete_RemovesAtOnceAndIdsAreNotReused()
    {
        using var store = Memory();
        await store.CreateAsync(Spec("first-token-value"), "hadoop", default);
        var second = (await store.CreateAsync(Spec("second-token-value"), "hadoop", default)).Token!;

        Assert.True(await store.DeleteAsync(second.Id, "admin", default));
        Assert.False(await store.DeleteAsync(second.Id, "admin", default));

        Assert.Null(store.FindByValue("second-token-value"));
        Assert.Equal(3, (await store.CreateAsync(Spec("third-token-value"), "hadoop", default)).Token!.Id);
    }

    [Fact]
    public async Task FindByValue_TokenFoundBefore_IsGoneAtOnceWhenReplacedOrDeleted()
    {
        using var store = Memory();
        var first = (await store.CreateAsync(Spec("first-token-value"), "hadoop", default)).Token!;
        var second = (await store.CreateAsync(Spec("second-token-value"), "hadoop", default)).Token!;

        // Found twice each, so that the second lookup answers from the remembered digest.
        for (var i = 0; i < 2; i++)
        {
            Assert.Same(first, store.FindByValue("first-token-value"));
            Assert.Same(second, store.FindByValue("second-token-value"));
        }

        var replaced = (await store.UpdateAsync(first.Id, new LinkisTokenSpec { Value = "replacement-value" }, "admin", default)).Token!;
        Assert.True(await store.DeleteAsync(second.Id, "admin", default));

        Assert.Null(store.FindByValue("first-token-value"));
        Assert.Null(store.FindByValue("second-token-value"));
        Assert.Same(replaced, store.FindByValue("replacement-value"));

        // Giving the old value back makes it valid again, at once.
        var restored = (await store.UpdateAsync(first.Id, new LinkisTokenSpec { Value = "first-token-value" }, "admin", default)).Token!;
        Assert.Same(restored, store.FindByValue("first-token-value"));
        Assert.Null(store.FindByValue("replacement-value"));
    }

    [Fact]
    public async Task FindByValue_TokenFoundBefore_SeesAChangedRuleAtOnce()
    {
        using var store = Memory();
        var created = (await store.CreateAsync(Spec("some-token-value"), "hadoop", default)).Token!;
        Assert.Same(created, store.FindByValue("some-token-value"));

        var changed = (await store.UpdateAsync(created.Id, new LinkisTokenSpec { LegalUsers = "alice" }, "admin", default)).Token!;

        Assert.Equal("alice", store.FindByValue("some-token-value")!.LegalUsers);
        Assert.Same(changed, store.FindByValue("some-token-value"));
    }

    [Fact]
    public async Task Sqlite_TokensSurviveARestart()
    {
        LinkisToken created;
        LinkisToken changed;
        using (var store = Sqlite())
        {
            created = (await store.CreateAsync(Spec("LINKIS-AUTH", "linkis") with { LegalUsers = "alice,bob", LegalHosts = "127.0.0.1", ElapseDay = 30 }, "hadoop", default)).Token!;
            var doomed = (await store.CreateAsync(Spec("doomed-token-value", "doomed"), "hadoop", default)).Token!;
            _time.Advance(TimeSpan.FromSeconds(1));
            changed = (await store.UpdateAsync(created.Id, new LinkisTokenSpec { BusinessOwner = "DSS" }, "admin", default)).Token!;
            await store.DeleteAsync(doomed.Id, "admin", default);
        }

        using var reopened = Sqlite();

        Assert.Equal([changed], reopened.Tokens);
        Assert.Equal(changed, reopened.FindByValue("LINKIS-AUTH"));
        Assert.Null(reopened.FindByValue("doomed-token-value"));
        Assert.Equal(3, (await reopened.CreateAsync(Spec("third-token-value"), "hadoop", default)).Token!.Id);
    }

    [Fact]
    public async Task Sqlite_FileHoldsNoTokenText()
    {
        const string Secret = "sEcReT-token-that-must-not-leak-0042";
        using (var store = Sqlite())
        {
            await store.CreateAsync(Spec(Secret, "leak-check"), "hadoop", default);
            await store.CreateAsync(Spec(null, "generated"), "hadoop", default);
        }

        SqliteConnection.ClearAllPools();
        var bytes = Concat(_dir.Path);

        Assert.Contains("leak-check", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret[4..], bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(FirstGenerated, bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(FirstGenerated[4..], bytes, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_FileIsPrivate()
    {
        using (Sqlite())
        {
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File(SqliteTokenPersistence.FileName)));
    }

    [Fact]
    public async Task Sqlite_AnotherCryptKey_MakesStoredTokensUnknownAndSaysSo()
    {
        using (var store = Sqlite())
        {
            await store.CreateAsync(Spec("LINKIS-AUTH", "linkis"), "hadoop", default);
        }

        var logs = new CapturingLoggerProvider();
        using var factory = new LoggerFactory([logs]);
        using var reopened = Sqlite("another-crypt-key-0123456789", new Logger<LinkisTokenStore>(factory));

        Assert.Null(reopened.FindByValue("LINKIS-AUTH"));
        Assert.NotNull(reopened.FindByName("linkis"));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 2271 && e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Memory_TokensAreLostOnRestart()
    {
        using (var store = Memory())
        {
            await store.CreateAsync(Spec("LINKIS-AUTH"), "hadoop", default);
        }

        using var reopened = Memory();

        Assert.Empty(reopened.Tokens);
    }

    // Every file of the database (main file and WAL), as text, to search for leaked tokens.
    private static string Concat(string directory)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(directory))
        {
            text.Append(Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        }

        return text.ToString();
    }
}
