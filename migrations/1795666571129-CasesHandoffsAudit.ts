import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CasesHandoffsAudit1795666571129 implements MigrationInterface {
  name = 'CasesHandoffsAudit1795666571129';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "key" text NOT NULL, "fingerprint" bytea NOT NULL, "status_code" integer, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_392b1af86f210d98d3f0c764728" PRIMARY KEY ("user_id", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys"  ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "action" text NOT NULL, "actor_id" uuid, "actor_organisation_id" uuid, "organisation_ids" uuid array NOT NULL DEFAULT '{}', "subject_type" text NOT NULL, "subject_id" uuid, "case_id" uuid, "ip" text, "details" jsonb NOT NULL DEFAULT '{}', "chain" smallint NOT NULL DEFAULT '0', "seq" bigint NOT NULL DEFAULT '0', "prev_hash" bytea, "hash" bytea, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "audit_log_chain_seq_unique" ON "audit_log"  ("chain", "seq") `);
    await queryRunner.query(`CREATE INDEX "audit_log_actor_idx" ON "audit_log"  ("actor_id", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_log_case_idx" ON "audit_log"  ("case_id", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_log_organisations_idx" ON "audit_log" USING gin ("organisation_ids")`);
    await queryRunner.query(
      `CREATE TABLE "cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "organisation_id" uuid NOT NULL, "assignee_id" uuid, "status" text NOT NULL DEFAULT 'open', "needs" text array NOT NULL DEFAULT '{}', "languages" text array NOT NULL DEFAULT '{}', "interpreter_needed" boolean NOT NULL DEFAULT false, "urgency" text NOT NULL DEFAULT 'normal', "district" text, "age_band" text, "gender" text, "residence_status" text, "first_contact_channel" text, "follow_up_on" date, "outcome" text, "closed_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "pending_handoffs" integer NOT NULL DEFAULT '0', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "cases_code_unique" ON "cases"  ("code") `);
    await queryRunner.query(
      `CREATE INDEX "cases_follow_up_idx" ON "cases"  ("follow_up_on") WHERE status <> 'closed' AND follow_up_on IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "cases_needs_idx" ON "cases" USING gin ("needs")`);
    await queryRunner.query(
      `CREATE INDEX "cases_organisation_assignee_idx" ON "cases"  ("organisation_id", "assignee_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "cases_organisation_created_idx" ON "cases"  ("organisation_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "case_events" ("id" BIGSERIAL NOT NULL, "case_id" uuid NOT NULL, "handoff_id" uuid, "kind" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "actor_organisation_id" uuid, "text" text, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "case_events_handoff_idx" ON "case_events"  ("handoff_id", "id") WHERE handoff_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "case_events_case_idx" ON "case_events"  ("case_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "case_shares" ("case_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "handoff_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2dd9df9e84bb78aa58e7a640c47" PRIMARY KEY ("case_id", "organisation_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "case_shares_organisation_idx" ON "case_shares"  ("organisation_id", "case_id") `);
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "kind" text NOT NULL, "handoff_id" uuid, "case_id" uuid, "case_code" text, "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "email_status" text NOT NULL DEFAULT 'pending', CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_email_pending_idx" ON "notifications"  ("created_at") WHERE email_status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_unread_idx" ON "notifications"  ("recipient_id", "created_at", "id") WHERE read_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "notifications_inbox_idx" ON "notifications"  ("recipient_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "handoff_id" uuid, "case_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'scheduled', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "settled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reminders_case_kind_unique" ON "reminders"  ("case_id", "kind") WHERE handoff_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reminders_handoff_kind_unique" ON "reminders"  ("handoff_id", "kind") WHERE handoff_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "reminders_due_idx" ON "reminders"  ("due_at") WHERE status = 'scheduled'`);
    await queryRunner.query(
      `CREATE TABLE "handoffs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "case_code" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "sending_organisation_id" uuid NOT NULL, "sender_id" uuid NOT NULL, "sender_case_assignee_id" uuid, "target_organisation_id" uuid NOT NULL, "target_service_id" uuid, "target_user_id" uuid, "domains" text array NOT NULL, "message" text NOT NULL, "urgency" text NOT NULL, "languages" text array NOT NULL DEFAULT '{}', "interpreter_needed" boolean NOT NULL DEFAULT false, "district" text, "age_band" text, "gender" text, "residence_status" text, "consent" jsonb NOT NULL, "response_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "target_assignee_id" uuid, "responded_at" TIMESTAMP WITH TIME ZONE, "responded_by_id" uuid, "decline_reason" text, "declined_by" text, "outcome" text, "comment" text, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3e886a66415e2177f4760aa4bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "handoffs_one_pending_per_target" ON "handoffs"  ("case_id", "target_organisation_id") WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "handoffs_case_idx" ON "handoffs"  ("case_id") `);
    await queryRunner.query(`CREATE INDEX "handoffs_outgoing_idx" ON "handoffs"  ("sending_organisation_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "handoffs_incoming_idx" ON "handoffs"  ("target_organisation_id", "created_at", "id") `);

    // Hand-written: the audit log's hash chain and append-only guard.
    await queryRunner.query(`
            CREATE FUNCTION audit_entry_digest(prev bytea, e audit_log) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
              SELECT sha256(coalesce(prev, '\\x'::bytea) || convert_to(concat_ws('|',
                e.id, e.chain, e.seq, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.action,
                coalesce(e.actor_id::text, ''), coalesce(e.actor_organisation_id::text, ''), array_to_string(e.organisation_ids, ','),
                e.subject_type, coalesce(e.subject_id::text, ''), coalesce(e.case_id::text, ''), coalesce(e.ip, ''), e.details::text), 'UTF8'))
            $$`);
    await queryRunner.query(`
            CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE previous audit_log%ROWTYPE;
            BEGIN
              -- 16 chains, chosen by case (or subject, or actor), so unrelated writes do not queue on one lock.
              NEW.chain := hashtext(coalesce(NEW.case_id, NEW.subject_id, NEW.actor_id)::text) & 15;
              NEW.chain := coalesce(NEW.chain, 0);
              PERFORM pg_advisory_xact_lock(727001, NEW.chain);
              SELECT * INTO previous FROM audit_log WHERE chain = NEW.chain ORDER BY seq DESC LIMIT 1;
              NEW.seq := coalesce(previous.seq, 0) + 1;
              NEW.prev_hash := coalesce(previous.hash, '\\x'::bytea);
              NEW.hash := audit_entry_digest(NEW.prev_hash, NEW);
              RETURN NEW;
            END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`);
    await queryRunner.query(`
            CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_chain ON audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_refuse_change()`);
    await queryRunner.query(`DROP FUNCTION audit_log_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_entry_digest(bytea, audit_log)`);
    await queryRunner.query(`DROP INDEX "public"."handoffs_incoming_idx"`);
    await queryRunner.query(`DROP INDEX "public"."handoffs_outgoing_idx"`);
    await queryRunner.query(`DROP INDEX "public"."handoffs_case_idx"`);
    await queryRunner.query(`DROP INDEX "public"."handoffs_one_pending_per_target"`);
    await queryRunner.query(`DROP TABLE "handoffs"`);
    await queryRunner.query(`DROP INDEX "public"."reminders_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."reminders_handoff_kind_unique"`);
    await queryRunner.query(`DROP INDEX "public"."reminders_case_kind_unique"`);
    await queryRunner.query(`DROP TABLE "reminders"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_inbox_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_unread_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_email_pending_idx"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."case_shares_organisation_idx"`);
    await queryRunner.query(`DROP TABLE "case_shares"`);
    await queryRunner.query(`DROP INDEX "public"."case_events_case_idx"`);
    await queryRunner.query(`DROP INDEX "public"."case_events_handoff_idx"`);
    await queryRunner.query(`DROP TABLE "case_events"`);
    await queryRunner.query(`DROP INDEX "public"."cases_organisation_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cases_organisation_assignee_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cases_needs_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cases_follow_up_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cases_code_unique"`);
    await queryRunner.query(`DROP TABLE "cases"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_organisations_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_case_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_actor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_chain_seq_unique"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."idempotency_keys_created_idx"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
