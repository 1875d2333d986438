using System.Net;
using System.Net.Sockets;

namespace OpenSlm.Tests.Support;

/// <summary>An HTTP endpoint on 127.0.0.1 that records what is posted to it, as a team's webhook receiver would.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly List<(string Body, string? Signature)> _received = [];

    private WebhookReceiver(HttpListener listener, Uri url)
    {
        _listener = listener;
        Url = url;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Where to post.</summary>
    public Uri Url { get; }

    /// <summary>Each body received and its X-OpenSLM-Signature header.</summary>
    public IReadOnlyList<(string Body, string? Signature)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Listens on a free port.</summary>
    public static Task<WebhookReceiver> StartAsync() =>
        StartAsync(new Uri($"http://127.0.0.1:{OpenSlm.TestSupport.ServerProcess.FreePort()}/hook/"));

    /// <summary>Listens at <paramref name="url"/> (a prefix ending in '/').</summary>
    public static Task<WebhookReceiver> StartAsync(Uri url)
    {
        var listener = new HttpListener();
        listener.Prefixes.Add(url.ToString());
        listener.Start();
        return Task.FromResult(new WebhookReceiver(listener, url));
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            lock (_received)
            {
                _received.Add((body, context.Request.Headers["X-OpenSLM-Signature"]));
            }
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
