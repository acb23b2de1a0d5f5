-- RiskWatch schema version 5 on SQLite: analysts' label corrections (Scoring), one row per item, the training data of `train`.

CREATE TABLE IF NOT EXISTS "label_corrections" (
    "ItemId" TEXT NOT NULL CONSTRAINT "PK_label_corrections" PRIMARY KEY,
    "Source" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "Language" TEXT NOT NULL,
    "Countries" TEXT NOT NULL,
    "Category" TEXT NULL,
    "Severity" INTEGER NULL,
    "Note" TEXT NULL,
    "PredictedCategory" TEXT NOT NULL,
    "PredictedCategoryConfidence" REAL NOT NULL,
    "PredictedSeverity" INTEGER NOT NULL,
    "PredictedSeverityConfidence" REAL NOT NULL,
    "ModelVersion" TEXT NOT NULL,
    "Analyst" TEXT NOT NULL,
    "CorrectedUtc" TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS "IX_label_corrections_CorrectedUtc" ON "label_corrections" ("CorrectedUtc");
