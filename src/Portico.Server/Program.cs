var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddPortico();
var app = builder.Build();
app.MapPortico();
app.Run();
