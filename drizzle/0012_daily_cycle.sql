CREATE TABLE "cycle_runs" (
	"business_date" date PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"chunk_count" integer NOT NULL,
	"contract_count" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "cycle_steps" (
	"business_date" date NOT NULL,
	"step" text NOT NULL,
	"chunk" integer NOT NULL,
	"first_contract_id" uuid,
	"last_contract_id" uuid,
	"status" text NOT NULL,
	"counts" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "cycle_steps_business_date_step_chunk_pk" PRIMARY KEY("business_date","step","chunk")
);
--> statement-breakpoint
CREATE TABLE "delinquency_history" (
	"contract_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"days_past_due" integer NOT NULL,
	"past_due_cents" bigint NOT NULL,
	"bucket" text NOT NULL,
	CONSTRAINT "delinquency_history_contract_id_business_date_pk" PRIMARY KEY("contract_id","business_date")
);
--> statement-breakpoint
CREATE TABLE "payment_reminders" (
	"contract_id" uuid NOT NULL,
	"due_date" date NOT NULL,
	"user_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_reminders_contract_id_due_date_user_id_pk" PRIMARY KEY("contract_id","due_date","user_id")
);
--> statement-breakpoint
ALTER TABLE "payment_methods" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD COLUMN "guest_email" text;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD COLUMN "guest_name" text;--> statement-breakpoint
ALTER TABLE "cycle_steps" ADD CONSTRAINT "cycle_steps_business_date_cycle_runs_business_date_fk" FOREIGN KEY ("business_date") REFERENCES "public"."cycle_runs"("business_date") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delinquency_history" ADD CONSTRAINT "delinquency_history_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_reminders" ADD CONSTRAINT "payment_reminders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_reminders" ADD CONSTRAINT "payment_reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delinquency_history_date" ON "delinquency_history" USING btree ("business_date","bucket");--> statement-breakpoint
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_guest_email" CHECK (("payment_orders"."source" = 'guest') = ("payment_orders"."guest_email" is not null));