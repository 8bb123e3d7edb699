CREATE TABLE "contract_positions" (
	"contract_id" uuid PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"principal_cents" bigint NOT NULL,
	"accrued_interest_cents" bigint NOT NULL,
	"fees_cents" bigint NOT NULL,
	"unapplied_cents" bigint NOT NULL,
	"lease_receivable_cents" bigint NOT NULL,
	"per_diem_cents" bigint NOT NULL,
	"amount_due_cents" bigint NOT NULL,
	"past_due_cents" bigint NOT NULL,
	"days_past_due" integer NOT NULL,
	"bucket" text NOT NULL,
	"next_due_date" date,
	"next_due_amount_cents" bigint NOT NULL,
	"payoff_cents" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_positions" ADD CONSTRAINT "contract_positions_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_positions_past_due" ON "contract_positions" USING btree ("days_past_due","past_due_cents");--> statement-breakpoint
CREATE INDEX "contract_positions_next_due" ON "contract_positions" USING btree ("next_due_date");--> statement-breakpoint
CREATE INDEX "contract_positions_amount_due" ON "contract_positions" USING btree ("amount_due_cents");