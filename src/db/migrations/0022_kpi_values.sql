CREATE TABLE "kpi_refresh_state" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"position" bigint NOT NULL,
	"previous_position" bigint NOT NULL,
	"day" text NOT NULL,
	"refreshed_at" timestamp (3) with time zone NOT NULL,
	"rebuilt_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "kpi_values" (
	"org_id" uuid NOT NULL,
	"kpi" text NOT NULL,
	"day" date NOT NULL,
	"dimension" text DEFAULT '' NOT NULL,
	"num" double precision NOT NULL,
	"den" double precision,
	"samples" double precision[],
	"computed_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "kpi_values_org_id_kpi_day_dimension_pk" PRIMARY KEY("org_id","kpi","day","dimension")
);
