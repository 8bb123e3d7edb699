CREATE TABLE "contract_grant_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contract_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"grantor_id" uuid NOT NULL,
	"grantee_id" uuid,
	"invitee_name" text NOT NULL,
	"invitee_email" text NOT NULL,
	"permission" text NOT NULL,
	"ends_on" date,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"ended_by" uuid,
	CONSTRAINT "contract_grants_accepted" CHECK (("contract_grants"."status" = 'invited') = ("contract_grants"."grantee_id" is null))
);
--> statement-breakpoint
ALTER TABLE "contract_grant_invitations" ADD CONSTRAINT "contract_grant_invitations_grant_id_contract_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."contract_grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_grants" ADD CONSTRAINT "contract_grants_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_grants" ADD CONSTRAINT "contract_grants_grantor_id_users_id_fk" FOREIGN KEY ("grantor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_grants" ADD CONSTRAINT "contract_grants_grantee_id_users_id_fk" FOREIGN KEY ("grantee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_grants" ADD CONSTRAINT "contract_grants_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contract_grant_invitations_token_key" ON "contract_grant_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_grant_invitations_grant_key" ON "contract_grant_invitations" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "contract_grants_contract" ON "contract_grants" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_grants_grantee" ON "contract_grants" USING btree ("grantee_id");