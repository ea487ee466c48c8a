using Microsoft.Extensions.Logging;

namespace Portico.Security.Linkis.Passwords;

/// <summary>Checks passwords against the local users file (<see cref="LinkisSecurityConfig.UsersFile"/>), re-read on change.</summary>
internal sealed class LocalUsersPasswordAuthenticator(ILinkisSecuritySettings settings, ILogger<LocalUsersPasswordAuthenticator> logger) : IPasswordAuthenticator, IDisposable
{
    // Checked for unknown users so that a miss costs as much as a wrong password and names cannot be probed by timing.
    private static readonly Lazy<LinkisPasswordHasher.ParsedHash> DummyHash = new(() =>
    {
        LinkisPasswordHasher.TryParse(LinkisPasswordHasher.Hash(Guid.NewGuid().ToString("N")), out var hash);
        return hash;
    });

    private readonly Lock _lock = new();
    private WatchedFile<LocalUsersFile>? _file;

    public string Name => "users-file";

    public ValueTask<PasswordAuthenticationResult> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var file = Watch(settings.Current.UsersFile);
        if (file is null)
        {
            return ValueTask.FromResult(PasswordAuthenticationResult.NotConfigured);
        }

        // A slow hash is hundreds of milliseconds of CPU: never on the thread that called, which may be a socket event
        // thread (the executable runs socket completions inline).
        file.Current.Users.TryGetValue(userName, out var user);
        return new ValueTask<PasswordAuthenticationResult>(Task.Run(() => Check(user, password), cancellationToken));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private static PasswordAuthenticationResult Check(LocalUser? user, string password)
    {
        if (user is null)
        {
            DummyHash.Value.Matches(password);
            return PasswordAuthenticationResult.Rejected;
        }

        return user.Hash.Matches(password) ? PasswordAuthenticationResult.Success(user.Name, user.IsAdmin) : PasswordAuthenticationResult.Rejected;
    }

    private WatchedFile<LocalUsersFile>? Watch(string? configuredPath)
    {
        var current = Volatile.Read(ref _file);
        if (string.IsNullOrWhiteSpace(configuredPath))
        {
            return null;
        }

        var fullPath = settings.ResolvePath(configuredPath);
        if (current is not null && current.Path == fullPath)
        {
            return current;
        }

        lock (_lock)
        {
            if (_file is null || _file.Path != fullPath)
            {
                _file?.Dispose();
                _file = new WatchedFile<LocalUsersFile>(
                    fullPath,
                    LocalUsersFile.Parse,
                    LocalUsersFile.Empty,
                    (path, ex) => LinkisSecurityLog.UsersFileInvalid(logger, path, ex.Message),
                    (path, users) => LinkisSecurityLog.UsersFileLoaded(logger, users.Users.Count, path));
            }

            return _file;
        }
    }
}
