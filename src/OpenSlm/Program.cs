using OpenSlm.Cli;

return await Commands.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
