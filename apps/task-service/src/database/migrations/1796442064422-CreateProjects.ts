import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Projects with their members and labels, tasks with assignees, labels and subtasks, comments, and the activity
 * history; everything of a project goes with it (ON DELETE CASCADE). Generated from the entities, then the
 * case-insensitive unique label name added; frozen.
 */
export class CreateProjects1796442064422 implements MigrationInterface {
  name = 'CreateProjects1796442064422';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "project" ("id" uuid NOT NULL, "key" text NOT NULL, "name" text NOT NULL, "description" text, "task_counter" integer NOT NULL DEFAULT '0', "created_by" uuid NOT NULL, "archived_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4d68b1358bb5b766d3e78f32f57" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "project_key_idx" ON "project" ("key") `);
    await queryRunner.query(`CREATE TABLE "activity" ("id" uuid NOT NULL, "project_id" uuid NOT NULL, "task_id" uuid, "actor_id" uuid NOT NULL, "actor_name" text, "action" text NOT NULL, "changes" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "activity_task_idx" ON "activity" ("task_id", "id") `);
    await queryRunner.query(`CREATE INDEX "activity_project_idx" ON "activity" ("project_id", "id") `);
    await queryRunner.query(`CREATE TABLE "task" ("id" uuid NOT NULL, "project_id" uuid NOT NULL, "number" integer NOT NULL, "title" text NOT NULL, "description" text, "status" text NOT NULL DEFAULT 'todo', "priority" text NOT NULL DEFAULT 'none', "start_at" TIMESTAMP WITH TIME ZONE, "due_at" TIMESTAMP WITH TIME ZONE, "parent_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "task_project_number_key" UNIQUE ("project_id", "number"), CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "task_parent_idx" ON "task" ("parent_id") `);
    await queryRunner.query(`CREATE TABLE "comment" ("id" uuid NOT NULL, "task_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "mentions" uuid array NOT NULL DEFAULT '{}', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0b0e4bbc8415ec426f87f3a88e2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "comment_task_idx" ON "comment" ("task_id", "id") `);
    await queryRunner.query(`CREATE TABLE "label" ("id" uuid NOT NULL, "project_id" uuid NOT NULL, "name" text NOT NULL, "color" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5692ac5348861d3776eb5843672" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "label_project_idx" ON "label" ("project_id") `);
    await queryRunner.query(`CREATE TABLE "project_member" ("project_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "added_by" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0d739aa2794632a5a09276afb7a" PRIMARY KEY ("project_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "project_member_user_idx" ON "project_member" ("user_id", "project_id") `);
    await queryRunner.query(`CREATE TABLE "task_assignee" ("task_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_70f70b519ef8e0de05dac469918" PRIMARY KEY ("task_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "task_assignee_user_idx" ON "task_assignee" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "task_label" ("task_id" uuid NOT NULL, "label_id" uuid NOT NULL, CONSTRAINT "PK_afe86dcee6806fe2f04600b217d" PRIMARY KEY ("task_id", "label_id"))`);
    await queryRunner.query(`CREATE INDEX "task_label_label_idx" ON "task_label" ("label_id") `);
    await queryRunner.query(`ALTER TABLE "activity" ADD CONSTRAINT "FK_1c997489daaec2d503cab2e27f5" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "task" ADD CONSTRAINT "FK_1f53e7ffe94530f9e0221224d29" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "task" ADD CONSTRAINT "FK_5b12d07794e1d6428696b35fd7e" FOREIGN KEY ("parent_id") REFERENCES "task"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "comment" ADD CONSTRAINT "FK_91256732111f039be6b212d96cd" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "label" ADD CONSTRAINT "FK_e6d7077d5141ae5855c7c24f44c" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "project_member" ADD CONSTRAINT "FK_aaef76230abfcdf30adb15d0be8" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "task_assignee" ADD CONSTRAINT "FK_0378b930c90a51bc04a5354446f" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "task_label" ADD CONSTRAINT "FK_2a60e53a868607c836a13abf517" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "task_label" ADD CONSTRAINT "FK_fab21288d67125afc1c0aafb470" FOREIGN KEY ("label_id") REFERENCES "label"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE UNIQUE INDEX "label_project_name_idx" ON "label" ("project_id", lower("name"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."label_project_name_idx"`);
    await queryRunner.query(`ALTER TABLE "task_label" DROP CONSTRAINT "FK_fab21288d67125afc1c0aafb470"`);
    await queryRunner.query(`ALTER TABLE "task_label" DROP CONSTRAINT "FK_2a60e53a868607c836a13abf517"`);
    await queryRunner.query(`ALTER TABLE "task_assignee" DROP CONSTRAINT "FK_0378b930c90a51bc04a5354446f"`);
    await queryRunner.query(`ALTER TABLE "project_member" DROP CONSTRAINT "FK_aaef76230abfcdf30adb15d0be8"`);
    await queryRunner.query(`ALTER TABLE "label" DROP CONSTRAINT "FK_e6d7077d5141ae5855c7c24f44c"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_91256732111f039be6b212d96cd"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_5b12d07794e1d6428696b35fd7e"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_1f53e7ffe94530f9e0221224d29"`);
    await queryRunner.query(`ALTER TABLE "activity" DROP CONSTRAINT "FK_1c997489daaec2d503cab2e27f5"`);
    await queryRunner.query(`DROP INDEX "public"."task_label_label_idx"`);
    await queryRunner.query(`DROP TABLE "task_label"`);
    await queryRunner.query(`DROP INDEX "public"."task_assignee_user_idx"`);
    await queryRunner.query(`DROP TABLE "task_assignee"`);
    await queryRunner.query(`DROP INDEX "public"."project_member_user_idx"`);
    await queryRunner.query(`DROP TABLE "project_member"`);
    await queryRunner.query(`DROP INDEX "public"."label_project_idx"`);
    await queryRunner.query(`DROP TABLE "label"`);
    await queryRunner.query(`DROP INDEX "public"."comment_task_idx"`);
    await queryRunner.query(`DROP TABLE "comment"`);
    await queryRunner.query(`DROP INDEX "public"."task_parent_idx"`);
    await queryRunner.query(`DROP TABLE "task"`);
    await queryRunner.query(`DROP INDEX "public"."activity_project_idx"`);
    await queryRunner.query(`DROP INDEX "public"."activity_task_idx"`);
    await queryRunner.query(`DROP TABLE "activity"`);
    await queryRunner.query(`DROP INDEX "public"."project_key_idx"`);
    await queryRunner.query(`DROP TABLE "project"`);
  }
}
