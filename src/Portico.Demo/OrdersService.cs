using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace Portico.Demo;

/// <summary>A small orders API returning JSON: list, read and create orders held in memory.</summary>
internal sealed class OrdersService
{
    private readonly ConcurrentDictionary<int, Order> _orders = new();
    private int _lastId;

    public OrdersService()
    {
        Add("espresso", 2);
        Add("croissant", 1);
        Add("orange juice", 3);
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/orders", () => TypedResults.Json(_orders.Values.OrderBy(o => o.Id).ToArray(), DemoJsonContext.Default.OrderArray));
        app.MapGet("/orders/{id:int}", IResult (int id) => _orders.TryGetValue(id, out var order)
            ? TypedResults.Json(order, DemoJsonContext.Default.Order)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Order not found", detail: $"There is no order {id}."));
        app.MapPost("/orders", CreateAsync);
    }

    private async Task<IResult> CreateAsync(HttpRequest request)
    {
        NewOrder? input;
        try
        {
            input = await request.ReadFromJsonAsync(DemoJsonContext.Default.NewOrder, request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            input = null;
        }

        if (input is null || string.IsNullOrWhiteSpace(input.Item) || input.Quantity is < 1 or > 100)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid order",
                detail: "Send JSON such as {\"item\":\"espresso\",\"quantity\":2} with a quantity from 1 to 100.");
        }

        var order = Add(input.Item.Trim(), input.Quantity);
        return TypedResults.Json(order, DemoJsonContext.Default.Order, statusCode: StatusCodes.Status201Created);
    }

    private Order Add(string item, int quantity)
    {
        var order = new Order(Interlocked.Increment(ref _lastId), item, quantity, "placed");
        _orders[order.Id] = order;
        return order;
    }
}

/// <summary>An order as the demo API returns it.</summary>
internal sealed record Order(int Id, string Item, int Quantity, string Status);

/// <summary>The body of <c>POST /orders</c>.</summary>
internal sealed record NewOrder(string Item, int Quantity);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Order[]))]
[JsonSerializable(typeof(NewOrder))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
