using Portico.Filters;
using Portico.Security;

namespace Portico.Tests.Security;

public class SecurityFilterOrderTests
{
    [Fact]
    public void Orders_CorsBeforeAuthentication_BothInsideErrorHandlingAndBeforeRouteFilters()
    {
        Assert.True(GlobalFilterOrder.ErrorHandling < SecurityFilterOrder.Cors);
        Assert.True(SecurityFilterOrder.Cors < SecurityFilterOrder.Authentication);

        // Route filters are numbered from 1 and the response body is written at WriteResponse: both come later.
        Assert.True(SecurityFilterOrder.Authentication < GlobalFilterOrder.WriteResponse);
        Assert.True(SecurityFilterOrder.Authentication < 1);
        Assert.Equal([SecurityFilterOrder.Cors, SecurityFilterOrder.Authentication], SecurityFilterOrder.All.Select(o => o.Value));
    }
}
