using BenchmarkDotNet.Running;
using OpenSlm.Benchmarks;

// `ingest [rows] [postgres-connection]` runs the whole-process ingest harness; anything else goes to BenchmarkDotNet.
if (args is ["ingest", ..])
{
    return await IngestHarness.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
