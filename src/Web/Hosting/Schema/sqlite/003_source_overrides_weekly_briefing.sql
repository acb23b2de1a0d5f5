-- RiskWatch schema version 3 on SQLite: admins' source choices (Collectors) and the weekly briefing's recipients (Web).
-- (Version 2 is PostgreSQL's Quartz tables: SQLite keeps schedules in memory.)

CREATE TABLE IF NOT EXISTS "collector_source_overrides" (
    "SourceId" TEXT NOT NULL CONSTRAINT "PK_collector_source_overrides" PRIMARY KEY,
    "Enabled" INTEGER NULL,
    "Definition" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NULL,
    "LastSkipped" TEXT NULL,
    "Skips" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "WebWeeklyBriefing" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WebWeeklyBriefing" PRIMARY KEY AUTOINCREMENT,
    "Recipients" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NULL
);
