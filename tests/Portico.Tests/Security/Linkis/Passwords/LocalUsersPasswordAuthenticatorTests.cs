using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portico.Security.Linkis;
using Portico.Security.Linkis.Passwords;
using Portico.Tests.Observability;
using Portico.Tests.TestSupport;

namespace Portico.Tests.Security.Linkis.Passwords;

public sealed class LocalUsersPasswordAuthenticatorTests : IDisposable
{
    private static readonly string AliceHash = LinkisPasswordHasher.Hash("alice-pw", LinkisPasswordHasher.MinIterations);
    private static readonly string BobHash = LinkisPasswordHasher.Hash("bob-pw", LinkisPasswordHasher.MinIterations);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private LocalUsersPasswordAuthenticator Create(string fileName, ILogger<LocalUsersPasswordAuthenticator>? logger = null) =>
        new(new TestSecuritySettings(new LinkisSecurityConfig { UsersFile = _dir.File(fileName) }), logger ?? NullLogger<LocalUsersPasswordAuthenticator>.Instance);

    [Fact]
    public async Task Authenticate_YamlFile_AcceptsRightPasswordWithAdminFlag()
    {
        File.WriteAllText(_dir.File("users.yml"), $"users:\n  - name: alice\n    password: {AliceHash}\n    admin: true\n  - name: bob\n    password: {BobHash}\n");
        using var auth = Create("users.yml");

        var alice = await auth.AuthenticateAsync("alice", "alice-pw", default);
        var bob = await auth.AuthenticateAsync("bob", "bob-pw", default);

        Assert.Equal(PasswordAuthenticationResult.Success("alice", isAdmin: true), alice);
        Assert.Equal(PasswordAuthenticationResult.Success("bob", isAdmin: false), bob);
    }

    [Fact]
    public async Task Authenticate_JsonFile_IsRead()
    {
        File.WriteAllText(_dir.File("users.json"), $$"""{"users":[{"name":"alice","password":"{{AliceHash}}"}]}""");
        using var auth = Create("users.json");

        Assert.True((await auth.AuthenticateAsync("alice", "alice-pw", default)).IsAuthenticated);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("Alice", "alice-pw")]
    [InlineData("nobody", "alice-pw")]
    [InlineData("' OR '1'='1", "' OR '1'='1")]
    public async Task Authenticate_WrongNameOrPassword_IsRejected(string user, string password)
    {
        File.WriteAllText(_dir.File("users.yml"), $"users:\n  - name: alice\n    password: {AliceHash}\n");
        using var auth = Create("users.yml");

        Assert.Equal(PasswordAuthenticationStatus.Rejected, (await auth.AuthenticateAsync(user, password, default)).Status);
    }

    [Fact]
    public async Task Authenticate_NoFileConfigured_IsNotConfigured()
    {
        using var auth = new LocalUsersPasswordAuthenticator(new TestSecuritySettings(new LinkisSecurityConfig()), NullLogger<LocalUsersPasswordAuthenticator>.Instance);

        Assert.Equal(PasswordAuthenticationStatus.NotConfigured, (await auth.AuthenticateAsync("alice", "x", default)).Status);
    }

    [Fact]
    public async Task Authenticate_FileEdited_PicksUpNewUserAndKeepsLastGoodOnBadEdit()
    {
        var path = _dir.File("users.yml");
        File.WriteAllText(path, $"users:\n  - name: alice\n    password: {AliceHash}\n");
        var logs = new CapturingLoggerProvider(LogLevel.Warning);
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var auth = Create("users.yml", loggers.CreateLogger<LocalUsersPasswordAuthenticator>());
        Assert.True((await auth.AuthenticateAsync("alice", "alice-pw", default)).IsAuthenticated);

        await TempDirectory.ReplaceAsync(path, $"users:\n  - name: bob\n    password: {BobHash}\n");
        await WaitUntilAsync(async () => (await auth.AuthenticateAsync("bob", "bob-pw", default)).IsAuthenticated);
        Assert.False((await auth.AuthenticateAsync("alice", "alice-pw", default)).IsAuthenticated);

        // A plain-text password is refused, and reported; bob stays.
        var failuresBefore = InvalidFileReports(logs, path);
        await TempDirectory.ReplaceAsync(path, "users:\n  - name: eve\n    password: hunter2\n");
        await WaitUntilAsync(() => Task.FromResult(InvalidFileReports(logs, path) > failuresBefore));
        Assert.True((await auth.AuthenticateAsync("bob", "bob-pw", default)).IsAuthenticated);
        Assert.False((await auth.AuthenticateAsync("eve", "hunter2", default)).IsAuthenticated);
    }

    [Theory]
    [InlineData("users: [")]
    [InlineData("people: []")]
    [InlineData("users:\n  - name: a\n    password: plain")]
    [InlineData("users:\n  - password: x")]
    public void Parse_BadFile_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => LocalUsersFile.Parse(text));
    }

    [Fact]
    public void Parse_DuplicateName_ThrowsFormatException()
    {
        var ex = Assert.Throws<FormatException>(() => LocalUsersFile.Parse($"users:\n  - name: a\n    password: {AliceHash}\n  - name: a\n    password: {BobHash}\n"));

        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    private static int InvalidFileReports(CapturingLoggerProvider logs, string path) =>
        logs.Entries.Count(e => e.Message.Contains(path, StringComparison.Ordinal) && e.Message.Contains("the last good version stays in force", StringComparison.Ordinal));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
