using Portico.Demo;

return await DemoApp.RunAsync(args);
