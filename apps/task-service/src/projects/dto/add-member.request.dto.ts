import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_ROLES, ProjectRole } from '@taskhub/contracts';
import { IsIn, IsUUID } from 'class-validator';

/** POST /projects/:id/members: someone TaskHub knows, with a role. */
export class AddMemberRequestDto {
  @ApiProperty({ format: 'uuid', description: 'A user id (400 if the task service has not heard of this user)', example: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' })
  @IsUUID('all')
  readonly userId!: string;

  @ApiProperty({ enum: PROJECT_ROLES, example: 'editor' })
  @IsIn(PROJECT_ROLES)
  readonly role!: ProjectRole;
}
