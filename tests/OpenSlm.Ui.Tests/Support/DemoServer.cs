namespace OpenSlm.Ui.Tests.Support;

/// <summary>
/// One <c>slm serve --demo</c> shared by the journeys of a class that only read: started at the first journey that asks
/// (so a run without Chromium starts none), stopped when the class is done.
/// </summary>
public sealed class DemoServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SlmServe? _server;

    public async Task<SlmServe> StartedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _server ??= await SlmServe.StartAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _gate.Dispose();
    }
}
