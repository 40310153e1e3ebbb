import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_ROLES, ProjectRole } from '@taskhub/contracts';
import { IsIn } from 'class-validator';

/** PATCH /projects/:id/members/:userId: the member's new role. */
export class UpdateMemberRequestDto {
  @ApiProperty({ enum: PROJECT_ROLES, example: 'viewer' })
  @IsIn(PROJECT_ROLES)
  readonly role!: ProjectRole;
}
