using BenchmarkDotNet.Running;
using OpenSlm.Benchmarks;

// `ingest [rows] [postgres]`, `w1 DATA_DIR [--db …] [--runs N] [--out FILE]` `w2 PAIRS CALENDAR` and `tickets [N] [runs]` and `alerts [N]` and `reports [A]` and `mixed URL [readers] [batches]` run whole-process harnesses; anything else goes to BenchmarkDotNet.
if (args is ["ingest", ..])
{
    return await IngestHarness.RunAsync(args[1..]);
}
if (args is ["w1", ..])
{
    return await W1Harness.RunAsync(args[1..]);
}
if (args is ["alerts", ..])
{
    return await AlertHarness.RunAsync(args[1..]);
}
if (args is ["mixed", ..])
{
    return await MixedHarness.RunAsync(args[1..]);
}
if (args is ["reports", ..])
{
    return await ReportHarness.RunAsync(args[1..]);
}
if (args is ["tickets", ..])
{
    return TicketHarness.Run(args[1..]);
}
if (args is ["w2", ..])
{
    return W2Harness.Run(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(EvaluateBenchmarks).Assembly).Run(args);
return 0;
