CREATE TABLE "redeemed_challenges" (
	"signature" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sign_in_events" ADD COLUMN "attempted_login_id" text;--> statement-breakpoint
CREATE INDEX "sign_in_events_attempted" ON "sign_in_events" USING btree ("attempted_login_id","occurred_at");