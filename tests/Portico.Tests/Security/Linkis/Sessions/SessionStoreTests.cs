using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Sessions;
using Portico.Testing;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis.Sessions;

public sealed class SessionStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromHours(2);
    private readonly ManualTimeProvider _time = new();
    private readonly TempDirectory _dir = new();
    private readonly TestSecuritySettings _settings = new(new LinkisSecurityConfig { SessionTimeout = Timeout });

    public void Dispose() => _dir.Dispose();

    private SessionStore MemoryStore() => new(new MemorySessionPersistence(), _settings, _time, NullLogger<SessionStore>.Instance);

    private SessionStore SqliteStore() => new(new SqliteSessionPersistence(_dir.Path), _settings, _time, NullLogger<SessionStore>.Instance);

    [Fact]
    public async Task Check_AddedTicket_IsValidForItsUser()
    {
        using var store = MemoryStore();
        await store.AddAsync("ticket-1", "alice");

        var check = store.Check("ticket-1");

        Assert.Equal(SessionCheckStatus.Valid, check.Status);
        Assert.Equal("alice", check.UserName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("never-issued")]
    public void Check_UnknownTicket_IsUnknown(string? ticket)
    {
        using var store = MemoryStore();

        Assert.Equal(SessionCheckStatus.Unknown, store.Check(ticket).Status);
    }

    [Fact]
    public async Task Check_IdleExactlyTimeout_IsStillValid()
    {
        using var store = MemoryStore();
        await store.AddAsync("t", "alice");

        _time.Advance(Timeout);

        Assert.True(store.Check("t").IsValid);
    }

    [Fact]
    public async Task Check_IdleLongerThanTimeout_ExpiresAndRemoves()
    {
        using var store = MemoryStore();
        await store.AddAsync("t", "alice");

        _time.Advance(Timeout + TimeSpan.FromMilliseconds(1));

        Assert.Equal(SessionCheckStatus.Expired, store.Check("t").Status);
        Assert.Equal(SessionCheckStatus.Unknown, store.Check("t").Status);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task Check_BeforeHalfTimeout_DoesNotSlide()
    {
        using var store = MemoryStore();
        await store.AddAsync("t", "alice");

        // Used at 59 min (under half): not slid, so the session still ends 2 h after login.
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(store.Check("t").IsValid);
        _time.Advance(Timeout - TimeSpan.FromMinutes(59) + TimeSpan.FromMilliseconds(1));

        Assert.Equal(SessionCheckStatus.Expired, store.Check("t").Status);
    }

    [Fact]
    public async Task Check_AtHalfTimeout_SlidesLastAccess()
    {
        using var store = MemoryStore();
        await store.AddAsync("t", "alice");

        // Used at exactly 1 h (half): slid to 1 h, so it lives until 3 h after login.
        _time.Advance(TimeSpan.FromHours(1));
        Assert.True(store.Check("t").IsValid);
        _time.Advance(Timeout);
        Assert.True(store.Check("t").IsValid);
        _time.Advance(Timeout + TimeSpan.FromMilliseconds(1));

        Assert.Equal(SessionCheckStatus.Expired, store.Check("t").Status);
    }

    [Fact]
    public async Task Check_RegularUse_KeepsSessionAliveIndefinitely()
    {
        using var store = MemoryStore();
        await store.AddAsync("t", "alice");

        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(90));
            Assert.True(store.Check("t").IsValid, $"check {i}");
        }
    }

    [Fact]
    public async Task RemoveAsync_LoggedInTicket_RevokesAtOnce()
    {
        using var store = MemoryStore();
        await store.AddAsync("t", "alice");

        Assert.True(await store.RemoveAsync("t"));

        Assert.Equal(SessionCheckStatus.Unknown, store.Check("t").Status);
        Assert.False(await store.RemoveAsync("t"));
    }

    [Fact]
    public async Task RemoveAsync_TicketCheckedBefore_RevokesAtOnceAndOnlyThatTicket()
    {
        using var store = MemoryStore();
        await store.AddAsync("t", "alice");
        await store.AddAsync("u", "alice");

        // Checked twice, so that the second check answers from the remembered id.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("alice", store.Check("t").UserName);
            Assert.Equal("alice", store.Check("u").UserName);
        }

        Assert.True(await store.RemoveAsync("t"));

        Assert.Equal(SessionCheckStatus.Unknown, store.Check("t").Status);
        Assert.True(store.Check("u").IsValid);
    }

    [Fact]
    public async Task SweepAsync_TicketCheckedBefore_IsUnknownOnceSwept()
    {
        using var store = MemoryStore();
        await store.AddAsync("old", "alice");
        Assert.True(store.Check("old").IsValid);
        Assert.True(store.Check("old").IsValid);
        _time.Advance(Timeout + TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, await store.SweepAsync(CancellationToken.None));

        Assert.Equal(SessionCheckStatus.Unknown, store.Check("old").Status);
    }

    [Fact]
    public async Task SweepAsync_RemovesOnlyIdleSessions()
    {
        using var store = MemoryStore();
        await store.AddAsync("old", "alice");
        _time.Advance(TimeSpan.FromHours(1.5));
        await store.AddAsync("new", "bob");
        _time.Advance(TimeSpan.FromHours(1));

        var removed = await store.SweepAsync(CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Equal(1, store.Count);
        Assert.True(store.Check("new").IsValid);
    }

    [Fact]
    public async Task Check_ShorterTimeoutAfterReload_AppliesToExistingSessions()
    {
        using var store = MemoryStore();
        await store.AddAsync("t", "alice");
        _time.Advance(TimeSpan.FromMinutes(45));

        _settings.Current = _settings.Current with { SessionTimeout = TimeSpan.FromMinutes(30) };

        Assert.Equal(SessionCheckStatus.Expired, store.Check("t").Status);
    }

    [Fact]
    public async Task NewStore_SameSqliteFile_KeepsSessionsAcrossRestart()
    {
        using (var first = SqliteStore())
        {
            await first.AddAsync("kept", "alice");
            await first.AddAsync("logged-out", "bob");
            await first.RemoveAsync("logged-out");
        }

        using var second = SqliteStore();

        Assert.Equal(1, second.Count);
        Assert.Equal("alice", second.Check("kept").UserName);
        Assert.Equal(SessionCheckStatus.Unknown, second.Check("logged-out").Status);
    }

    [Fact]
    public async Task NewStore_SlidAccessFlushedBySweep_SurvivesRestart()
    {
        using (var first = SqliteStore())
        {
            await first.AddAsync("t", "alice");
            _time.Advance(TimeSpan.FromHours(1.5));
            Assert.True(first.Check("t").IsValid); // slides to 1.5 h, written behind
            await first.SweepAsync(CancellationToken.None);
        }

        // 3 h after login but 1.5 h after the slide: alive only if the slide was persisted.
        _time.Advance(TimeSpan.FromHours(1.5));
        using var second = SqliteStore();

        Assert.True(second.Check("t").IsValid);
    }

    [Fact]
    public async Task NewStore_SessionIdleAcrossRestart_IsNotLoaded()
    {
        using (var first = SqliteStore())
        {
            await first.AddAsync("t", "alice");
        }

        _time.Advance(Timeout + TimeSpan.FromSeconds(1));
        using var second = SqliteStore();

        Assert.Equal(0, second.Count);
    }

    [Fact]
    public async Task SqliteFile_HoldsDigestsNotTickets()
    {
        const string ticket = "AnVeryRecognisableTicketValue0123456789==";
        using (var store = SqliteStore())
        {
            await store.AddAsync(ticket, "alice");
        }

        using var connection = new SqliteConnection($"Data Source={_dir.File(SqliteSessionPersistence.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ticket_sha256, user_name FROM linkis_session";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var digest = (byte[])reader[0];
        Assert.Equal(32, digest.Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ticket)), digest);
        Assert.Equal("alice", reader.GetString(1));
        Assert.False(reader.Read());
        var bytes = File.ReadAllBytes(_dir.File(SqliteSessionPersistence.FileName));
        Assert.DoesNotContain(ticket, System.Text.Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void SqliteFile_IsPrivateToTheOwner()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var store = SqliteStore();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File(SqliteSessionPersistence.FileName)));
    }

    [Fact]
    public async Task RemoveAsync_StorageFails_RetriedBySweep()
    {
        var persistence = new FlakyPersistence();
        using var store = new SessionStore(persistence, _settings, _time, NullLogger<SessionStore>.Instance);
        await store.AddAsync("t", "alice");
        persistence.Fail = true;

        Assert.True(await store.RemoveAsync("t"));
        Assert.Equal(SessionCheckStatus.Unknown, store.Check("t").Status);
        Assert.Empty(persistence.Deleted);

        persistence.Fail = false;
        await store.SweepAsync(CancellationToken.None);

        Assert.Single(persistence.Deleted);
    }

    private sealed class FlakyPersistence : ISessionPersistence
    {
        public bool Fail { get; set; }

        public List<TicketId> Deleted { get; } = [];

        public string Description => "flaky";

        public IReadOnlyList<PersistedSession> LoadAll() => [];

        public ValueTask SaveAsync(IReadOnlyList<PersistedSession> sessions, CancellationToken cancellationToken) =>
            Fail ? throw new IOException("disk full") : ValueTask.CompletedTask;

        public ValueTask DeleteAsync(IReadOnlyList<TicketId> ids, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new IOException("disk full");
            }

            Deleted.AddRange(ids);
            return ValueTask.CompletedTask;
        }

        public ValueTask DeleteIdleAsync(long cutoff, CancellationToken cancellationToken) =>
            Fail ? throw new IOException("disk full") : ValueTask.CompletedTask;

        public void Dispose()
        {
        }
    }
}
