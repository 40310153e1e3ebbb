import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** In-app notices that are not about a project's task: `webhook.disabled` (its webhook's id and URL, maybe no project). */
export class WebhookDisabledNotice1797050000000 implements MigrationInterface {
  name = 'WebhookDisabledNotice1797050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification" ADD "webhook_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "webhook_url" text`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "project_id" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notification" WHERE "project_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "project_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "webhook_url"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "webhook_id"`);
  }
}
