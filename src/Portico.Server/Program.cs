using Portico.Server.Hosting;

return await ServerApp.RunAsync(args);
