using Portico.Security.Linkis;
using Portico.Security.Linkis.Passwords;

namespace Portico.Tests.Security.Linkis.Passwords;

public class AdminPasswordAuthenticatorTests
{
    [Fact]
    public async Task Authenticate_ConfiguredAdmin_IsAdmin()
    {
        var auth = new AdminPasswordAuthenticator(new TestSecuritySettings(new LinkisSecurityConfig { AdminUser = "hadoop", AdminPassword = "s3cret!" }));

        Assert.Equal(PasswordAuthenticationResult.Success("hadoop", isAdmin: true), await auth.AuthenticateAsync("hadoop", "s3cret!", default));
    }

    [Theory]
    [InlineData("hadoop", "s3cret")]
    [InlineData("Hadoop", "s3cret!")]
    [InlineData("other", "s3cret!")]
    public async Task Authenticate_WrongUserOrPassword_IsRejected(string user, string password)
    {
        var auth = new AdminPasswordAuthenticator(new TestSecuritySettings(new LinkisSecurityConfig { AdminUser = "hadoop", AdminPassword = "s3cret!" }));

        Assert.Equal(PasswordAuthenticationStatus.Rejected, (await auth.AuthenticateAsync(user, password, default)).Status);
    }

    [Fact]
    public async Task Authenticate_NoPasswordConfigured_IsDisabledEvenForUserNameAsPassword()
    {
        var auth = new AdminPasswordAuthenticator(new TestSecuritySettings(new LinkisSecurityConfig { AdminUser = "hadoop" }));

        Assert.Equal(PasswordAuthenticationStatus.NotConfigured, (await auth.AuthenticateAsync("hadoop", "hadoop", default)).Status);
    }
}
