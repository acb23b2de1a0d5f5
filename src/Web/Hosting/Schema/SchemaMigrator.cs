using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace RiskWatch.Web.Hosting.Schema;

/// <summary>One numbered schema script of one provider.</summary>
public sealed record SchemaScript(int Version, string Name, string Sql);

/// <summary>
/// The versioned schema of the one database every module shares: numbered SQL scripts per provider
/// (<c>Schema/sqlite/NNN_name.sql</c>, <c>Schema/postgres/NNN_name.sql</c>, embedded in this assembly), applied in
/// order inside one transaction at start and recorded in <see cref="VersionTable"/>. A version that is recorded is
/// never run again; a script that fails rolls the whole start-up upgrade back. On PostgreSQL an advisory lock makes
/// several nodes starting at once apply each script once; on SQLite the IMMEDIATE transaction does the same.
/// </summary>
/// <remarks>
/// Not EF Core migrations: four DbContexts share one database over two providers, which would need eight migration
/// sets in provider-specific assemblies. Scripts keep both dialects reviewable side by side; <see cref="MissingFromDatabase"/>
/// checks them against the EF model (start-up and tests), so a model change without a script is caught.
/// </remarks>
public static class SchemaMigrator
{
    public const string VersionTable = "riskwatch_schema_version";

    // Any constant the other users of the database do not take: "RiskWatch" in ASCII.
    private const long AdvisoryLockKey = 0x5269736B5761;

    /// <summary>The scripts of a provider, in version order.</summary>
    public static IReadOnlyList<SchemaScript> Scripts(bool postgres)
    {
        var prefix = $"RiskWatch.Web.Schema.{(postgres ? "postgres" : "sqlite")}.";
        var asm = typeof(SchemaMigrator).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..^4];
            var cut = file.IndexOf('_', StringComparison.Ordinal);
            if (cut <= 0 || !int.TryParse(file[..cut], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                throw new InvalidOperationException($"schema script {resource} is not named NNN_name.sql");
            using var reader = new StreamReader(asm.GetManifestResourceStream(resource)!);
            scripts.Add(new SchemaScript(version, file[(cut + 1)..], reader.ReadToEnd()));
        }
        var dup = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"two {(postgres ? "postgres" : "sqlite")} schema scripts have version {dup.Key}");
        return scripts.OrderBy(s => s.Version).ToList();
    }

    /// <summary>Applies every script not yet recorded; returns the versions applied now (empty when up to date).</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(DbConnection connection, bool postgres, TimeProvider time, CancellationToken ct)
    {
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (postgres) await ExecAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
            await ExecAsync(connection, tx,
                $"CREATE TABLE IF NOT EXISTS {VersionTable} (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", ct);
            var done = new HashSet<int>();
            await using (var cmd = Command(connection, tx, $"SELECT version FROM {VersionTable}"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) done.Add(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture));
            var applied = new List<int>();
            foreach (var script in Scripts(postgres).Where(s => !done.Contains(s.Version)))
            {
                try { await ExecAsync(connection, tx, script.Sql, ct); }
                catch (DbException ex)
                {
                    throw new InvalidOperationException($"schema script {script.Version:000}_{script.Name} failed on {(postgres ? "PostgreSQL" : "SQLite")}: {ex.Message}", ex);
                }
                await using var record = Command(connection, tx, $"INSERT INTO {VersionTable} (version, name, applied_at) VALUES (@v, @n, @at)");
                Add(record, "@v", script.Version);
                Add(record, "@n", script.Name);
                Add(record, "@at", time.GetUtcNow().ToUnixTimeMilliseconds());
                await record.ExecuteNonQueryAsync(ct);
                applied.Add(script.Version);
            }
            await tx.CommitAsync(ct);
            return applied;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    /// <summary>The versions recorded in the database, in order.</summary>
    public static async Task<IReadOnlyList<int>> AppliedAsync(DbConnection connection, CancellationToken ct)
    {
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            var list = new List<int>();
            await using var cmd = Command(connection, null, $"SELECT version FROM {VersionTable} ORDER BY version");
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) list.Add(Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture));
            return list;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    /// <summary>
    /// The tables ("table") and columns ("table.column") of a context's EF model that the database lacks: what a model
    /// change needs a new numbered script for.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MissingFromDatabase(DbContext db, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var conn = db.Database.GetDbConnection();
        var opened = conn.State != ConnectionState.Open;
        if (opened) await conn.OpenAsync(ct);
        try
        {
            var columns = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            await using (var cmd = Command(conn, null, postgres
                ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                : "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    var table = r.GetString(0);
                    if (!columns.TryGetValue(table, out var set)) columns[table] = set = new HashSet<string>(StringComparer.Ordinal);
                    set.Add(r.GetString(1));
                }
            }
            var missing = new List<string>();
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var table = entity.GetTableName();
                if (table is null || entity.GetViewName() is not null) continue;
                if (!columns.TryGetValue(table, out var have))
                {
                    if (!missing.Contains(table)) missing.Add(table);
                    continue;
                }
                var id = StoreObjectIdentifier.Table(table, entity.GetSchema());
                foreach (var p in entity.GetProperties())
                {
                    var column = p.GetColumnName(id);
                    if (column is not null && !have.Contains(column) && !missing.Contains($"{table}.{column}")) missing.Add($"{table}.{column}");
                }
            }
            return missing;
        }
        finally
        {
            if (opened) await conn.CloseAsync();
        }
    }

    /// <summary>
    /// EF's DDL for some tables of a context on its provider (CREATE TABLE and CREATE INDEX statements naming them, with
    /// IF NOT EXISTS): the starting point of the numbered script a new table needs.
    /// </summary>
    public static string ModelDdl(DbContext db, IEnumerable<string> tables)
    {
        var names = tables.Select(t => t.Split('.')[0]).Distinct().ToList();
        var statements = db.Database.GenerateCreateScript().Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(st => names.Any(n => st.StartsWith($"CREATE TABLE \"{n}\"", StringComparison.Ordinal) || st.StartsWith($"CREATE TABLE {n} ", StringComparison.Ordinal)
                || st.Contains($" ON \"{n}\" ", StringComparison.Ordinal) || st.Contains($" ON {n} ", StringComparison.Ordinal)))
            .Select(st => System.Text.RegularExpressions.Regex.Replace(st, @"CREATE (UNIQUE )?(TABLE|INDEX) ", m => m.Value + "IF NOT EXISTS ") + ";");
        return string.Join("\n\n", statements);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = Command(connection, tx, sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
