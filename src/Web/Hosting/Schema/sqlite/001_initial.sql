-- RiskWatch schema version 1 on SQLite: every module's tables as EF Core 10 creates them from the model.
-- IF NOT EXISTS: a database made before versioning (tables created at start from the model) adopts this version as it is.
-- Numbered scripts are applied in order once each (SchemaMigrator); change the schema with a new script, never by editing this one.

-- WebDbContext (ASP.NET Core Identity, API keys)
CREATE TABLE IF NOT EXISTS "ApiKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ApiKeys" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "KeyHash" TEXT NOT NULL,
    "Roles" TEXT NOT NULL,
    "Created" TEXT NOT NULL,
    "Revoked" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE IF NOT EXISTS "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX IF NOT EXISTS "IX_ApiKeys_KeyHash" ON "ApiKeys" ("KeyHash");

CREATE INDEX IF NOT EXISTS "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX IF NOT EXISTS "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX IF NOT EXISTS "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX IF NOT EXISTS "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX IF NOT EXISTS "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX IF NOT EXISTS "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX IF NOT EXISTS "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

-- CollectorsDbContext
CREATE TABLE IF NOT EXISTS "collector_source_states" (
    "SourceId" TEXT NOT NULL CONSTRAINT "PK_collector_source_states" PRIMARY KEY,
    "Enabled" INTEGER NOT NULL,
    "LastRun" TEXT NULL,
    "LastSuccess" TEXT NULL,
    "LastFailure" TEXT NULL,
    "LastError" TEXT NULL,
    "ConsecutiveFailures" INTEGER NOT NULL,
    "ItemsSeen" INTEGER NOT NULL,
    "LastAdded" INTEGER NOT NULL,
    "LastUpdated" INTEGER NOT NULL,
    "LastLevelChanges" INTEGER NOT NULL,
    "TotalItems" INTEGER NOT NULL,
    "Runs" INTEGER NOT NULL,
    "Failures" INTEGER NOT NULL,
    "Bytes" INTEGER NOT NULL,
    "DurationMs" INTEGER NOT NULL,
    "Validators" TEXT NOT NULL
);

-- ScoringDbContext
CREATE TABLE IF NOT EXISTS "country_indicators" (
    "Country" TEXT NOT NULL,
    "Indicator" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "Value" REAL NOT NULL,
    CONSTRAINT "PK_country_indicators" PRIMARY KEY ("Country", "Indicator")
);

CREATE TABLE IF NOT EXISTS "country_level_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_country_level_events" PRIMARY KEY AUTOINCREMENT,
    "Country" TEXT NOT NULL,
    "OldLevel" INTEGER NOT NULL,
    "NewLevel" INTEGER NOT NULL,
    "OldScore" REAL NOT NULL,
    "NewScore" REAL NOT NULL,
    "AtUtc" TEXT NOT NULL,
    "Summary" TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS "country_risk_snapshots" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_country_risk_snapshots" PRIMARY KEY AUTOINCREMENT,
    "Country" TEXT NOT NULL,
    "Day" TEXT NOT NULL,
    "Score" REAL NOT NULL,
    "Level" INTEGER NOT NULL,
    "SubScoresJson" TEXT NOT NULL,
    "DriversJson" TEXT NOT NULL,
    "Method" TEXT NOT NULL,
    "ComputedUtc" TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS "IX_country_level_events_AtUtc" ON "country_level_events" ("AtUtc");

CREATE INDEX IF NOT EXISTS "IX_country_level_events_Country_AtUtc" ON "country_level_events" ("Country", "AtUtc");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_country_risk_snapshots_Country_Day" ON "country_risk_snapshots" ("Country", "Day");

-- AlertsDbContext
CREATE TABLE IF NOT EXISTS "AlertsAdvisories" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AlertsAdvisories" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "BodyMarkdown" TEXT NOT NULL,
    "Countries" TEXT NOT NULL,
    "Categories" TEXT NOT NULL,
    "ItemIds" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Author" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "PublishedAt" INTEGER NULL,
    "Recipients" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "AlertsDigestEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AlertsDigestEntries" PRIMARY KEY AUTOINCREMENT,
    "SubscriptionId" INTEGER NOT NULL,
    "Country" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "Category" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "Sources" TEXT NOT NULL,
    "ItemId" TEXT NOT NULL,
    "OccurredAt" INTEGER NOT NULL,
    "DigestedAt" INTEGER NULL
);

CREATE TABLE IF NOT EXISTS "AlertsFeedback" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AlertsFeedback" PRIMARY KEY AUTOINCREMENT,
    "ItemId" TEXT NOT NULL,
    "Relevant" INTEGER NOT NULL,
    "SubscriptionId" INTEGER NOT NULL,
    "At" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "AlertsLog" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AlertsLog" PRIMARY KEY AUTOINCREMENT,
    "SubscriptionId" INTEGER NOT NULL,
    "EventKey" TEXT NOT NULL,
    "ClusterKey" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Folded" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "AlertsOutbox" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AlertsOutbox" PRIMARY KEY,
    "SubscriptionId" INTEGER NULL,
    "Kind" TEXT NOT NULL,
    "To" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Mime" BLOB NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "ClaimToken" TEXT NULL,
    "ClaimedUntil" INTEGER NULL,
    "SentAt" INTEGER NULL,
    "LastError" TEXT NULL,
    "PermanentFailure" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS "AlertsRealert" (
    "SubscriptionId" INTEGER NOT NULL,
    "Country" TEXT NOT NULL,
    "LastImmediateAt" INTEGER NOT NULL,
    CONSTRAINT "PK_AlertsRealert" PRIMARY KEY ("SubscriptionId", "Country")
);

CREATE TABLE IF NOT EXISTS "AlertsSubscriptions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AlertsSubscriptions" PRIMARY KEY AUTOINCREMENT,
    "Email" TEXT NOT NULL,
    "Organisation" TEXT NOT NULL,
    "Countries" TEXT NOT NULL,
    "Categories" TEXT NOT NULL,
    "MinLevel" INTEGER NOT NULL,
    "Language" TEXT NOT NULL,
    "Frequency" TEXT NOT NULL,
    "Keywords" TEXT NOT NULL,
    "Confirmed" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ConfirmedAt" INTEGER NULL,
    "UnsubscribedAt" INTEGER NULL,
    "LastDigestAt" INTEGER NULL
);

CREATE INDEX IF NOT EXISTS "IX_AlertsAdvisories_Kind_Status" ON "AlertsAdvisories" ("Kind", "Status");

CREATE INDEX IF NOT EXISTS "IX_AlertsDigestEntries_SubscriptionId_DigestedAt" ON "AlertsDigestEntries" ("SubscriptionId", "DigestedAt");

CREATE INDEX IF NOT EXISTS "IX_AlertsFeedback_ItemId" ON "AlertsFeedback" ("ItemId");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_AlertsFeedback_SubscriptionId_ItemId" ON "AlertsFeedback" ("SubscriptionId", "ItemId");

CREATE INDEX IF NOT EXISTS "IX_AlertsLog_SubscriptionId_ClusterKey_At" ON "AlertsLog" ("SubscriptionId", "ClusterKey", "At");

CREATE UNIQUE INDEX IF NOT EXISTS "IX_AlertsLog_SubscriptionId_EventKey" ON "AlertsLog" ("SubscriptionId", "EventKey");

CREATE INDEX IF NOT EXISTS "IX_AlertsOutbox_ClaimToken" ON "AlertsOutbox" ("ClaimToken");

CREATE INDEX IF NOT EXISTS "IX_AlertsOutbox_SentAt_PermanentFailure_NextAttemptAt" ON "AlertsOutbox" ("SentAt", "PermanentFailure", "NextAttemptAt");

CREATE INDEX IF NOT EXISTS "IX_AlertsSubscriptions_Email" ON "AlertsSubscriptions" ("Email");
