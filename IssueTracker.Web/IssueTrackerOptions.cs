namespace IssueTracker.Web;

/// <summary>The <c>IssueTracker</c> section of appsettings.json (environment variables: <c>IssueTracker__Admin__Email</c>).</summary>
public sealed class IssueTrackerOptions
{
    public const string Section = "IssueTracker";

    /// <summary>Fill an empty database with a demo team. Default: true in Development, false otherwise.</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>
    /// The address of this app as people reach it, e.g. https://tracker.example.com: links in emails and Slack messages
    /// are built on it (never on the Host header a request brings). Falls back to <c>Webhooks:PublicUrl</c>.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary><see cref="PublicUrl"/>, else the older <c>Webhooks:PublicUrl</c>; null when neither is set.</summary>
    public string? PublicRoot => string.IsNullOrWhiteSpace(PublicUrl) ? string.IsNullOrWhiteSpace(Webhooks.PublicUrl) ? null : Webhooks.PublicUrl : PublicUrl;

    public AdminOptions Admin { get; set; } = new();
    public AuthOptions Auth { get; set; } = new();
    public ProxyOptions Proxy { get; set; } = new();
    public EventsOptions Events { get; set; } = new();
    public WebhookOptions Webhooks { get; set; } = new();
    public DatabaseOptions Database { get; set; } = new();
    public RateLimitOptions RateLimit { get; set; } = new();
    public MarkdownOptions Markdown { get; set; } = new();
    public ConnectorOptions Connectors { get; set; } = new();

    public sealed class ConnectorOptions
    {
        /// <summary>The largest upload a connector takes (dbt's run results and manifest together), in megabytes: larger is 413.</summary>
        public int MaxUploadMegabytes { get; set; } = 64;
    }

    public sealed class MarkdownOptions
    {
        /// <summary>
        /// Hosts whose images markdown shows inline (e.g. <c>i.imgur.com</c>, or <c>*.example.com</c> for its
        /// subdomains); an image anywhere else shows as a link, because loading it would tell that host every reader's
        /// address and when they read. Images on this app itself always show.
        /// </summary>
        public List<string> ImageHosts { get; set; } = [];
    }

    public sealed class AdminOptions
    {
        /// <summary>With <see cref="Password"/>: the first admin, created at start-up when no user exists.</summary>
        public string? Email { get; set; }
        public string? Password { get; set; }
        public string Name { get; set; } = "Administrator";
        /// <summary>When set, a personal access token with exactly this value is registered for the admin.</summary>
        public string? ApiToken { get; set; }
    }

    public sealed class AuthOptions
    {
        /// <summary>
        /// Let strangers create accounts at /Account/Register (they must confirm their email before signing in). Off by
        /// default: an instance admin adds people, and both registration pages answer 404.
        /// </summary>
        public bool AllowRegistration { get; set; }
    }

    public sealed class ProxyOptions
    {
        /// <summary>Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (e.g. 127.0.0.1).</summary>
        public List<string> KnownProxies { get; set; } = [];
        /// <summary>Networks of such proxies in CIDR form (e.g. 10.0.0.0/8).</summary>
        public List<string> KnownNetworks { get; set; } = [];
    }

    public sealed class EventsOptions
    {
        /// <summary>How often a quiet <c>GET /api/events</c> stream sends a keep-alive comment (the contract: at least every 15 s).</summary>
        public int KeepAliveSeconds { get; set; } = 15;
        /// <summary>Open <c>GET /api/events</c> streams one person may have on this instance; one more is 429.</summary>
        public int MaxStreamsPerUser { get; set; } = 10;
    }

    public sealed class WebhookOptions
    {
        /// <summary>
        /// Lets webhooks reach loopback, private, link-local and metadata addresses. Off: a space admin could otherwise
        /// make the server call its own internal services (SSRF). On only where every receiver is inside (or in tests).
        /// </summary>
        public bool AllowPrivateNetworks { get; set; }
        /// <summary>The wait before the first retry of a failed delivery; each next wait doubles, up to an hour.</summary>
        public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>How long a delivery is retried before it is marked failed.</summary>
        public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);
        /// <summary>A webhook whose every delivery failed for this long is turned off, with the reason, until an admin turns it on.</summary>
        public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromHours(24);
        /// <summary>Before <c>IssueTracker:PublicUrl</c> existed, the app's address for links in Slack messages; still read.</summary>
        public string? PublicUrl { get; set; }
    }

    public sealed class DatabaseOptions
    {
        /// <summary><c>sqlite</c> (the embedded default, a file under App_Data) or <c>postgres</c> (ConnectionStrings:IssueTracker is then an Npgsql connection string).</summary>
        public string Provider { get; set; } = "sqlite";

        /// <summary>SQLite <c>synchronous</c>: NORMAL (survives a process crash) or FULL (also a power loss).</summary>
        public string Synchronous { get; set; } = "NORMAL";
        public int BusyTimeoutMs { get; set; } = 10_000;

        /// <summary>
        /// SQLite <c>mmap_size</c> in MB: how much of the file reads see through memory-mapped I/O instead of a read call
        /// per page (0 turns it off). Shared by every connection through the OS page cache.
        /// </summary>
        public int MemoryMapMb { get; set; } = 1024;
    }

    public sealed class RateLimitOptions
    {
        /// <summary>API requests per user (or address) per minute.</summary>
        public int PermitsPerMinute { get; set; } = 1200;

        /// <summary>API requests per client address per minute, counted before authentication (bad tokens included).</summary>
        public int PermitsPerMinutePerAddress { get; set; } = 3000;

        /// <summary>Sign-in form posts per client address in 15 minutes.</summary>
        public int SignInAttemptsPerAddress { get; set; } = 30;

        /// <summary>Password sign-ins for one account from one address in 15 minutes.</summary>
        public int SignInAttemptsPerAccountAndAddress { get; set; } = 10;

        /// <summary>Password sign-ins for one account from all addresses in 15 minutes (a ceiling for guessing from many).</summary>
        public int SignInAttemptsPerAccount { get; set; } = 100;

        /// <summary>API writes one caller may have in progress or waiting at once, so one caller cannot fill the queue for all.</summary>
        public int WritesPerCaller { get; set; } = 50;

        /// <summary>
        /// API writes (POST, PUT, PATCH, DELETE) in progress at once on this instance; 0 means the processor count, right
        /// for SQLite, where writes take turns anyway. On PostgreSQL, whose writes wait on the network, allow more.
        /// More wait their turn in a queue that holds no thread.
        /// </summary>
        public int ConcurrentWrites { get; set; }

        /// <summary>Writes that may wait for a turn; beyond that a write gets 429 with Retry-After: 1.</summary>
        public int QueuedWrites { get; set; } = 1000;
    }
}
