-- RiskWatch schema version 5 on PostgreSQL: analysts' label corrections (Scoring), one row per item, the training data of `train`.

CREATE TABLE IF NOT EXISTS label_corrections (
    "ItemId" character varying(200) NOT NULL,
    "Source" character varying(100) NOT NULL,
    "Title" text NOT NULL,
    "Text" text NOT NULL,
    "Language" character varying(16) NOT NULL,
    "Countries" character varying(200) NOT NULL,
    "Category" character varying(20),
    "Severity" integer,
    "Note" character varying(2000),
    "PredictedCategory" character varying(20) NOT NULL,
    "PredictedCategoryConfidence" double precision NOT NULL,
    "PredictedSeverity" integer NOT NULL,
    "PredictedSeverityConfidence" double precision NOT NULL,
    "ModelVersion" character varying(100) NOT NULL,
    "Analyst" character varying(320) NOT NULL,
    "CorrectedUtc" timestamp with time zone NOT NULL,
    CONSTRAINT "PK_label_corrections" PRIMARY KEY ("ItemId")
);

CREATE INDEX IF NOT EXISTS "IX_label_corrections_CorrectedUtc" ON label_corrections ("CorrectedUtc");
