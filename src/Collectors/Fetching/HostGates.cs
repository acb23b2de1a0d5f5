using System.Collections.Concurrent;

namespace RiskWatch.Collectors.Fetching;

/// <summary>
/// Per-host politeness and protection shared by every fetch in the process: a minimum interval between requests to one host,
/// and a circuit breaker that refuses a host for a while after consecutive failures (then lets one trial through).
/// </summary>
internal sealed class HostGates(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.OrdinalIgnoreCase);

    public Gate For(string host) => _gates.GetOrAdd(host, _ => new Gate(time));

    internal sealed class Gate(TimeProvider time)
    {
        private readonly SemaphoreSlim _turn = new(1, 1);
        private readonly Lock _lock = new();
        private DateTimeOffset _next = DateTimeOffset.MinValue;
        private int _failures;
        private DateTimeOffset? _openUntil;

        /// <summary>Null when requests may go; else when the circuit closes again.</summary>
        public DateTimeOffset? OpenUntil()
        {
            lock (_lock)
            {
                if (_openUntil is { } until && until > time.GetUtcNow()) return until;
                return null;
            }
        }

        public int Failures { get { lock (_lock) return _failures; } }

        /// <summary>Waits until this host may be asked again, then reserves the slot.</summary>
        public async Task WaitTurnAsync(TimeSpan minInterval, CancellationToken ct)
        {
            if (minInterval <= TimeSpan.Zero) return;
            await _turn.WaitAsync(ct);
            try
            {
                var wait = _next - time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, ct);
                _next = time.GetUtcNow() + minInterval;
            }
            finally
            {
                _turn.Release();
            }
        }

        public void Success()
        {
            lock (_lock) { _failures = 0; _openUntil = null; }
        }

        /// <summary>Counts a failure; returns true when it opened the circuit.</summary>
        public bool Failure(int threshold, TimeSpan openFor)
        {
            lock (_lock)
            {
                _failures++;
                if (_failures < threshold || openFor <= TimeSpan.Zero) return false;
                _openUntil = time.GetUtcNow() + openFor;
                return true;
            }
        }
    }
}
